import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { Domain, GovernancePolicy, GovernancePolicyProps, ServiceAccount } from '../../lib';
import { testMesh } from '../helpers';

/**
 * A mesh with a platform stack holding the policy and the analytics service account, a sales
 * domain and a marketing domain, each in its own stack.
 */
export function meshWithPolicy(policy: GovernancePolicyProps = {}, meshProps: Parameters<typeof testMesh>[0] = {}) {
  const { app, mesh } = testMesh(meshProps);
  const platform = new TerraformStack(app, 'platform');
  new ServiceAccount(platform, 'analytics', { description: 'The analytics warehouse loader' });
  const governance = new GovernancePolicy(platform, 'governance', policy);
  const stack = new TerraformStack(app, 'sales');
  const sales = new Domain(stack, 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
  const marketingStack = new TerraformStack(app, 'marketing');
  const marketing = new Domain(marketingStack, 'marketing', { owner: 'marketing-team@example.com', principal: 'User:marketing' });
  return { app, mesh, platform, governance, stack, sales, marketingStack, marketing };
}

export interface Note {
  readonly level: 'error' | 'warning' | 'info';
  readonly path: string;
  readonly message: string;
}

const LEVELS: Record<string, Note['level']> = { '@cdktf/error': 'error', '@cdktf/warn': 'warning', '@cdktf/info': 'info' };

/** Runs the stack's aspects (as synth does) and returns its annotations. */
export function notesOf(stack: TerraformStack): Note[] {
  Testing.synth(stack);
  return collect(stack);
}

export function collect(scope: IConstruct): Note[] {
  const out: Note[] = [];
  for (const node of scope.node.findAll()) {
    for (const m of node.node.metadata) {
      const level = LEVELS[m.type];
      if (level) out.push({ level, path: node.node.path, message: String(m.data) });
    }
  }
  return out;
}

/** Synthesizes the whole app into a fresh directory, as `cdktf synth` does; returns the directory. */
export function synthApp(app: App): string {
  app.synth();
  return app.outdir;
}

/** A Testing app whose outdir is a fresh temporary directory. */
export function freshOutdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-governance-'));
}

/** The message of a full synth of `stack` that fails (the error cdktf throws for error annotations). */
export function synthFailure(stack: TerraformStack): string {
  try {
    Testing.fullSynth(stack);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synth to fail, but it succeeded');
}
