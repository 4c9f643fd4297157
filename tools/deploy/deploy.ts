/**
 * `npm run deploy`: deploys the example mesh to the local cluster (`npm run local:up`) with
 * `cdktf deploy '*'` and OpenTofu, the way a platform team deploys to a real one.
 *
 * - starts the local cluster if it is not running, and reads its `cluster.env`;
 * - caps replication at 1 (one broker) and keeps state in `.local/state`;
 * - gives every sensitive variable of the synthesized stacks (the SCRAM passwords) a random
 *   value kept in `.local/credentials.env` (mode 600), so principals can log in afterwards.
 *
 *   npm run deploy [-- <stack> ...]     (default: every stack)
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const repo = path.resolve(__dirname, '..', '..');
const localDir = process.env.MESH_LOCAL_DIR ?? path.join(repo, '.local');

/** Parses `export KEY="value"` lines. */
export function parseEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^export ([A-Za-z0-9_]+)="?(.*?)"?$/.exec(line.trim());
    if (m && !m[2].includes('$')) env[m[1]] = m[2];
  }
  return env;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string): void {
  const r = spawnSync(cmd, args, { cwd: repo, env, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`deploy: ${what} failed (exit ${r.status ?? r.signal}); see the output above\n`);
    process.exit(r.status ?? 1);
  }
}

/** Where tools/toolchain/build.sh keeps the toolchain (`CDKTF_KAFKA_MESH_CACHE`). */
export function toolchainCache(env: NodeJS.ProcessEnv = process.env): string {
  return env.CDKTF_KAFKA_MESH_CACHE ?? path.join(process.env.HOME ?? '', '.cache', 'cdktf-kafka-mesh');
}

/** `env` with the local cluster's variables, and the toolchain's binaries (tofu) first on PATH. */
export function withCluster(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...parseEnvFile(path.join(dir, 'cluster.env')), MESH_LOCAL_DIR: dir, CHECKPOINT_DISABLE: '1', ...extra };
  env.PATH = `${path.join(toolchainCache(env), 'bin')}:${process.env.PATH ?? ''}`;
  return env;
}

/** The environment the local deploy runs in (cluster, toolchain, state, capped replication). */
export function localDeployEnv(): NodeJS.ProcessEnv {
  const clusterEnv = path.join(localDir, 'cluster.env');
  if (!fs.existsSync(clusterEnv)) throw new Error(`no ${clusterEnv}: start the cluster with npm run local:up`);
  const env = withCluster(localDir);
  env.MESH_MAX_REPLICATION_FACTOR ??= '1';
  env.MESH_STATE_DIR ??= path.join(localDir, 'state');
  return env;
}

/** Sensitive variables of the synthesized stacks, e.g. `scram_password_sales`. */
export function sensitiveVariables(outdir: string): string[] {
  const names = new Set<string>();
  const stacks = path.join(outdir, 'stacks');
  for (const stack of fs.readdirSync(stacks)) {
    const tf = JSON.parse(fs.readFileSync(path.join(stacks, stack, 'cdk.tf.json'), 'utf8'));
    for (const [name, v] of Object.entries<{ sensitive?: boolean }>(tf.variable ?? {})) if (v.sensitive) names.add(name);
  }
  return [...names].sort();
}

/** Random local passwords for the given variables, kept across runs in `.local/credentials.env`. */
export function localCredentials(variables: string[]): Record<string, string> {
  const file = path.join(localDir, 'credentials.env');
  const known = fs.existsSync(file) ? parseEnvFile(file) : {};
  for (const v of variables) known[`TF_VAR_${v}`] ??= crypto.randomBytes(18).toString('base64url');
  const text = Object.entries(known).map(([k, v]) => `export ${k}="${v}"`).join('\n');
  fs.writeFileSync(file, `# Local passwords for the mesh's sensitive variables (written by npm run deploy)\n${text}\n`, { mode: 0o600 });
  return known;
}

function main(): void {
  const stacks = process.argv.slice(2);
  run('bash', [path.join(repo, 'tools', 'local', 'up.sh')], process.env, 'starting the local cluster');
  const env = localDeployEnv();
  const outdir = path.join(localDir, 'cdktf.out');
  env.CDKTF_OUTDIR = outdir;
  run('npx', ['ts-node', '--transpile-only', 'main.ts'], env, 'synth');
  Object.assign(env, localCredentials(sensitiveVariables(outdir)));
  const cdktf = path.join(repo, 'node_modules', '.bin', 'cdktf');
  run(cdktf, ['deploy', ...(stacks.length ? stacks : ["*"]), '--auto-approve', '--skip-provider-lock', '--output', outdir], env, 'cdktf deploy');
}

if (require.main === module) main();
