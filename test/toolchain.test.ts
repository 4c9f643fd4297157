/**
 * The toolchain's reproducibility guard (tools/toolchain/check-proxy.sh): a pinned Go tool module
 * that the module proxy does not serve must fail it, by name, while an OPTIONAL one only reports.
 * Run against an empty file-system proxy, so nothing leaves the machine.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const guard = path.join(__dirname, '..', 'tools', 'toolchain', 'check-proxy.sh');
const toolchain = path.dirname(guard);

function toolModules(): { dir: string; module: string; optional: boolean }[] {
  const out: { dir: string; module: string; optional: boolean }[] = [];
  for (const dir of fs.readdirSync(toolchain)) {
    const gomod = path.join(toolchain, dir, 'go.mod');
    if (!fs.existsSync(gomod)) continue;
    const text = fs.readFileSync(gomod, 'utf8');
    for (const m of text.matchAll(/^tool\s+(\S+)/gm)) {
      const requires = [...text.matchAll(/^\s*(?:require\s+)?(\S+)\s+v\S+/gm)].map((r) => r[1]).filter((r) => m[1] === r || m[1].startsWith(`${r}/`));
      out.push({ dir, module: requires.sort((a, b) => b.length - a.length)[0], optional: fs.existsSync(path.join(toolchain, dir, 'OPTIONAL')) });
    }
  }
  return out;
}

describe('toolchain reproducibility guard', () => {
  it('pins the restapi provider as a required tool and cultureamp only as optional', () => {
    const mods = toolModules();
    expect(mods.find((m) => m.module === 'github.com/Mastercard/terraform-provider-restapi')).toMatchObject({ optional: false });
    expect(mods.find((m) => m.module === 'github.com/cultureamp/terraform-provider-schemaregistry')).toMatchObject({ optional: true });
  });

  it('fails, naming every required module and the fix, when the proxy serves none of them', () => {
    const proxy = fs.mkdtempSync(path.join(os.tmpdir(), 'empty-proxy-'));
    try {
      const r = spawnSync('bash', [guard], {
        encoding: 'utf8',
        env: { ...process.env, GOPROXY: `file://${proxy}`, GOSUMDB: 'off', GONOSUMDB: '', GOFLAGS: '' },
        timeout: 120_000,
      });
      expect(r.status).toBe(1);
      for (const m of toolModules()) {
        if (m.optional) expect(r.stdout).toContain(`optional, not served: ${m.module}@`);
        else expect(r.stderr).toContain(`ERROR: ${m.module}@`);
      }
      expect(r.stderr).toMatch(/Fix: pin a version the proxy serves in tools\/toolchain\/\S+\/go\.mod/);
    } finally {
      fs.rmSync(proxy, { recursive: true, force: true });
    }
  });
});
