import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTofu, sh } from './cluster';

/** Deploys test/e2e/fixtures/small-mesh.ts step by step: synth, then tofu init/apply in its stack. */
export class SmallMesh {
  public readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-e2e-'));
  public readonly outdir = path.join(this.dir, 'out');
  public readonly state = path.join(this.dir, 'terraform.tfstate');

  constructor(public readonly domain: string) {}

  public synth(env: Record<string, string>) {
    return sh('npx', ['ts-node', '--transpile-only', 'test/e2e/fixtures/small-mesh.ts'], {
      E2E_OUTDIR: this.outdir,
      E2E_STATE: this.state,
      E2E_DOMAIN: this.domain,
      ...env,
    });
  }

  /** `tofu <args>` in the synthesized stack, run again after a transient error (see {@link runTofu}). */
  public tofu(...args: string[]) {
    return runTofu([...args, '-input=false', '-no-color'], {}, { cwd: path.join(this.outdir, 'stacks', this.domain) });
  }

  /** Synthesizes `env` and applies it; returns the apply's status and output. */
  public deploy(env: Record<string, string>) {
    const s = this.synth(env);
    if (s.status !== 0) return s;
    const init = this.tofu('init');
    if (init.status !== 0) return init;
    return this.tofu('apply', '-auto-approve');
  }
}
