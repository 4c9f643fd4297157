/**
 * Deploy benchmark against the local broker and registry (a cluster of its own, in
 * .local/bench): apply time and no-op plan time for the example mesh and for a synthetic mesh
 * of 200 products. Prints figures; never passes or fails on time.
 *
 *   npm run bench:deploy [-- --domains 10 --products 20]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { localCredentials, sensitiveVariables, withCluster } from '../tools/deploy/deploy';

const repo = path.resolve(__dirname, '..');
const localDir = path.join(repo, '.local', 'bench');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = repo): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${(r.stdout + r.stderr).slice(-4000)}`);
  return (performance.now() - t0) / 1000;
}

/** Applies every synthesized stack in `outdir` with cdktf, then times a no-op plan of each. */
function measure(label: string, app: string, extraEnv: Record<string, string>, outdir: string): void {
  const e = withCluster(localDir, { ...extraEnv, CDKTF_OUTDIR: outdir });
  const synth = run('npx', app.split(' '), e);
  Object.assign(e, localCredentials(sensitiveVariables(outdir)));
  const cdktf = path.join(repo, 'node_modules', '.bin', 'cdktf');
  const apply = run(cdktf, ['deploy', '*', '--auto-approve', '--skip-provider-lock', '--app', app, '--output', outdir], e);
  const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
  let resources = 0;
  let plan = 0;
  for (const s of stacks) {
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8'));
    for (const blocks of Object.values<any>(tf.resource ?? {})) for (const b of Object.values<any>(blocks)) resources += Object.keys(b.for_each ?? {}).length;
    plan += run('tofu', ['plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock=false'], e, path.join(outdir, 'stacks', s));
  }
  console.log(`${label.padEnd(28)} ${String(stacks.length).padStart(6)} ${String(resources).padStart(9)} ${synth.toFixed(1).padStart(8)} ${apply.toFixed(1).padStart(8)} ${plan.toFixed(1).padStart(13)}`);
}

function main(): void {
  const D = arg('domains', 10);
  const P = arg('products', 20);
  run('bash', [path.join(repo, 'tools', 'local', 'up.sh')], { ...process.env, MESH_LOCAL_DIR: localDir });
  try {
    console.log(`deploy benchmark on the local broker (seconds; the plan is the sum over stacks, one after another)`);
    console.log(`${'mesh'.padEnd(28)} ${'stacks'.padStart(6)} ${'resources'.padStart(9)} ${'synth'.padStart(8)} ${'apply'.padStart(8)} ${'no-op plan'.padStart(13)}`);
    measure('example mesh', 'ts-node --transpile-only main.ts', { MESH_MAX_REPLICATION_FACTOR: '1', MESH_STATE_DIR: path.join(localDir, 'state-example') }, path.join(localDir, 'out-example'));
    measure(`synthetic ${D}x${P} = ${D * P} products`, 'ts-node --transpile-only bench/fixtures/synthetic-mesh.ts', { BENCH_DOMAINS: String(D), BENCH_PRODUCTS: String(P), BENCH_STATE_DIR: path.join(localDir, 'state-synthetic') }, path.join(localDir, 'out-synthetic'));
  } finally {
    spawnSync('bash', [path.join(repo, 'tools', 'local', 'down.sh'), '--purge'], { env: { ...process.env, MESH_LOCAL_DIR: localDir }, stdio: 'ignore' });
  }
}

main();
