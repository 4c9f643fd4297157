import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repo = path.resolve(__dirname, '..');

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else out[path.relative(dir, f)] = fs.readFileSync(f, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('the generated provider bindings', () => {
  it('are exactly what npm run gen makes of the committed provider schemas', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-gen-'));
    const r = spawnSync('npx', ['ts-node', '--transpile-only', 'tools/gen/generate.ts', '--out', out], { cwd: repo, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const generated = files(out);
    const committed = files(path.join(repo, 'lib', 'gen'));
    expect(Object.keys(generated).sort()).toEqual(Object.keys(committed).sort());
    for (const file of Object.keys(committed)) expect(`${file}\n${generated[file]}`).toBe(`${file}\n${committed[file]}`);
  }, 120000);

  it('cover the resources the mesh writes, with the attributes it sets', () => {
    const kafka = JSON.parse(fs.readFileSync(path.join(repo, 'tools/gen/schemas/mongey-kafka.json'), 'utf8'));
    const resources = Object.values<any>(kafka.provider_schemas)[0].resource_schemas;
    expect(Object.keys(resources).sort()).toEqual(['kafka_acl', 'kafka_quota', 'kafka_topic', 'kafka_user_scram_credential']);
    expect(Object.keys(resources.kafka_user_scram_credential.block.attributes)).toEqual(
      expect.arrayContaining(['password_wo', 'password_wo_version']),
    );
  });
});
