/**
 * Deploy benchmark against the local broker and registry (a cluster of its own, in
 * .local/bench): apply time and no-op plan time for the example mesh and for a synthetic mesh
 * (default 10 domains x 100 products = 1,000 products), with the deploy script's stack
 * parallelism (`--parallelism`, default 4). The no-op plan runs the stacks' plans with the same
 * parallelism, as the deploy does. Prints figures and the peak memory of the tofu and provider
 * processes together; never passes or fails on time. MESH_TERRAFORM_PARALLELISM sets OpenTofu's
 * own -parallelism in the apply and the plans, as for the deploy.
 *
 *   npm run bench:deploy [-- --domains 10 --products 100 --parallelism 4]
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { forEachEntries } from '../lib/model/for-each';
import { localCredentials, parseArgs, sensitiveVariables, withCluster } from '../tools/deploy/deploy';

const repo = path.resolve(__dirname, '..');
/** OpenTofu's own -parallelism per stack, as `npm run deploy` passes it (unset: OpenTofu's default, 10). */
const tfParallelism = process.env.MESH_TERRAFORM_PARALLELISM;
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

/** Resident memory of every tofu and provider process, in bytes (Linux /proc). */
function tofuMemory(): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm !== 'tofu' && !comm.startsWith('terraform-provi')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) total += Number(rss[1]) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Runs `cmd` while sampling tofu's memory; returns seconds and the peak. */
async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = repo): Promise<{ seconds: number; peak: number; output: string }> {
  const t0 = performance.now();
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, tofuMemory())), 250);
  const child = spawn(cmd, args, { cwd, env });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  if (status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${status}):\n${output.slice(-4000)}`);
  return { seconds: (performance.now() - t0) / 1000, peak, output };
}

/** Runs `jobs` with at most `n` at once. */
async function pool<T>(n: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]();
      }
    }),
  );
  return out;
}

/** Applies every synthesized stack in `outdir` with cdktf, then times a no-op plan of every stack. */
async function measure(label: string, app: string, extraEnv: Record<string, string>, outdir: string, parallelism: number): Promise<void> {
  const e = withCluster(localDir, { ...extraEnv, CDKTF_OUTDIR: outdir });
  const synth = run('npx', app.split(' '), e);
  Object.assign(e, localCredentials(sensitiveVariables(outdir), localDir));
  const cdktf = path.join(repo, 'node_modules', '.bin', 'cdktf');
  const apply = await timed(
    cdktf,
    [
      'deploy',
      '*',
      '--auto-approve',
      '--skip-synth',
      '--skip-provider-lock',
      '--parallelism',
      String(parallelism),
      '--output',
      outdir,
      ...(tfParallelism ? ['--terraform-parallelism', tfParallelism] : []),
    ],
    e,
  );
  const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
  let resources = 0;
  for (const s of stacks) {
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8'));
    for (const blocks of Object.values<any>(tf.resource ?? {}))
      for (const b of Object.values<any>(blocks)) resources += Object.keys(forEachEntries(tf, b) ?? {}).length;
  }
  const planArgs = [
    'plan',
    '-detailed-exitcode',
    '-input=false',
    '-no-color',
    '-lock=false',
    ...(tfParallelism ? [`-parallelism=${tfParallelism}`] : []),
  ];
  const t0 = performance.now();
  let planPeak = 0;
  const timer = setInterval(() => (planPeak = Math.max(planPeak, tofuMemory())), 250);
  await pool(
    parallelism,
    stacks.map((s) => () => timed('tofu', planArgs, e, path.join(outdir, 'stacks', s))),
  );
  clearInterval(timer);
  const plan = (performance.now() - t0) / 1000;
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
  console.log(
    `${label.padEnd(28)} ${String(stacks.length).padStart(6)} ${String(resources).padStart(9)} ${synth.toFixed(1).padStart(8)} ${apply.seconds.toFixed(1).padStart(8)} ${plan.toFixed(1).padStart(13)} ${mib(Math.max(apply.peak, planPeak)).padStart(10)}`,
  );
}

async function main(): Promise<void> {
  const D = arg('domains', 10);
  const P = arg('products', 100);
  const { parallelism } = parseArgs(process.argv.includes('--parallelism') ? ['--parallelism', String(arg('parallelism', 4))] : []);
  run('bash', [path.join(repo, 'tools', 'local', 'up.sh')], { ...process.env, MESH_LOCAL_DIR: localDir });
  try {
    console.log(
      `deploy benchmark on the local broker (seconds; stacks applied and planned ${parallelism} at a time, OpenTofu -parallelism ${tfParallelism ?? 10}; memory: tofu and providers together, peak)`,
    );
    console.log(
      `${'mesh'.padEnd(28)} ${'stacks'.padStart(6)} ${'resources'.padStart(9)} ${'synth'.padStart(8)} ${'apply'.padStart(8)} ${'no-op plan'.padStart(13)} ${'memory'.padStart(10)}`,
    );
    await measure(
      'example mesh',
      'ts-node --transpile-only main.ts',
      { MESH_MAX_REPLICATION_FACTOR: '1', MESH_STATE_DIR: path.join(localDir, 'state-example') },
      path.join(localDir, 'out-example'),
      parallelism,
    );
    await measure(
      `synthetic ${D}x${P} = ${D * P} products`,
      'ts-node --transpile-only bench/fixtures/synthetic-mesh.ts',
      { BENCH_DOMAINS: String(D), BENCH_PRODUCTS: String(P), BENCH_STATE_DIR: path.join(localDir, 'state-synthetic') },
      path.join(localDir, 'out-synthetic'),
      parallelism,
    );
  } finally {
    spawnSync('bash', [path.join(repo, 'tools', 'local', 'down.sh'), '--purge'], {
      env: { ...process.env, MESH_LOCAL_DIR: localDir },
      stdio: 'ignore',
    });
    fs.rmSync(localDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
