/**
 * Deploy benchmark against the local broker and registry (a cluster of its own, in
 * .local/bench): apply time and no-op plan time for the example mesh and for a synthetic mesh
 * (default 10 domains x 100 products = 1,000 products), at `npm run deploy`'s defaults: stacks
 * applied `--parallelism` at a time, OpenTofu's `-parallelism` `--terraform-parallelism` in
 * each (or MESH_DEPLOY_PARALLELISM, MESH_TERRAFORM_PARALLELISM). The no-op plan runs the stacks'
 * plans with the same parallelism, as the deploy does. Then, for one stack of the synthetic mesh,
 * where a no-op plan's time goes: a plan of each resource block alone (`-target`). Prints figures,
 * the peak memory of the tofu and provider processes together and the load average before and
 * after each step; never passes or fails on time.
 *
 *   npm run bench:deploy [-- --domains 10 --products 100 --parallelism 2 --terraform-parallelism 30]
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { forEachEntries } from '../lib/model/for-each';
import { localCredentials, parseArgs, parseTimingLine, sensitiveVariables, stripAnsi, triesAgain, withCluster } from '../tools/deploy/deploy';

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

/** Resident memory of the tofu and provider processes this benchmark started, in bytes (Linux /proc). */
function tofuMemory(): number {
  const parent = new Map<string, string>();
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm === 'tofu' || comm.startsWith('terraform-provi')) found.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  const ours = (pid: string): boolean => {
    for (let p: string | undefined = pid; p && p !== '0'; p = parent.get(p)) if (p === String(process.pid)) return true;
    return false;
  };
  let total = 0;
  for (const pid of found.filter(ours)) {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) total += Number(rss[1]) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Runs `cmd` while sampling tofu's memory; returns seconds, the peak, the exit status and the output. */
async function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = repo,
): Promise<{ seconds: number; peak: number; status: number | null; output: string }> {
  const t0 = performance.now();
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, tofuMemory())), 250);
  const child = spawn(cmd, args, { cwd, env });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  return { seconds: (performance.now() - t0) / 1000, peak, status, output };
}

function failed(cmd: string, args: string[], r: { status: number | null; output: string }): Error {
  return new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.output.slice(-4000)}`);
}

/** A no-op plan of one stack, tried again (as the deploy does) when the provider lost its broker connection. */
async function noOpPlan(stackDir: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ retries: number }> {
  for (let attempt = 1; ; attempt++) {
    const r = await timed('tofu', args, env, stackDir);
    if (r.status === 0) return { retries: attempt - 1 };
    if (!triesAgain(attempt, r.output)) throw failed(`tofu (in ${stackDir})`, args, r);
  }
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
type Parallelism = { parallelism: number; terraformParallelism: number };

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function measure(label: string, app: string, extraEnv: Record<string, string>, p: Parallelism): Promise<string> {
  const loadBefore = load();
  const deployArgs = ['ts-node', '--transpile-only', 'tools/deploy/deploy.ts', '--parallelism', String(p.parallelism)];
  deployArgs.push('--terraform-parallelism', String(p.terraformParallelism));
  const env = { ...process.env, ...extraEnv, MESH_LOCAL_DIR: localDir, MESH_DEPLOY_APP: app };
  const deploy = await timed('npx', deployArgs, env);
  if (deploy.status !== 0) throw failed('npm run deploy', deployArgs, deploy);
  const t = parseTimingLine(deploy.output);
  if (!t) throw new Error(`npm run deploy printed no timing line:\n${deploy.output.slice(-2000)}`);
  process.stderr.write(
    `${label}: ${stripAnsi(deploy.output)
      .split('\n')
      .find((l) => l.startsWith('deploy: done in'))}\n`,
  );
  const outdir = fs.realpathSync(path.join(localDir, 'cdktf.out'));
  const stacks = fs.readdirSync(path.join(outdir, 'stacks')).sort();
  let resources = 0;
  for (const s of stacks) {
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8'));
    for (const blocks of Object.values<any>(tf.resource ?? {}))
      for (const b of Object.values<any>(blocks)) resources += Object.keys(forEachEntries(tf, b) ?? {}).length;
  }
  const e = withCluster(localDir);
  Object.assign(e, localCredentials(sensitiveVariables(outdir), localDir));
  const planArgs = ['plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock=false', `-parallelism=${p.terraformParallelism}`];
  const t0 = performance.now();
  let planPeak = 0;
  const timer = setInterval(() => (planPeak = Math.max(planPeak, tofuMemory())), 250);
  const plans = await pool(
    p.parallelism,
    stacks.map((s) => () => noOpPlan(path.join(outdir, 'stacks', s), planArgs, e)),
  );
  clearInterval(timer);
  const plan = (performance.now() - t0) / 1000;
  const retries = plans.reduce((n, r) => n + r.retries, 0);
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
  const f = (n: number, w: number) => n.toFixed(1).padStart(w);
  console.log(
    `${label.padEnd(28)} ${String(stacks.length).padStart(6)} ${String(resources).padStart(9)} ${f(t.synth, 7)} ${f(t.check, 7)} ${f(t.apply, 7)} ${String(t.attempts).padStart(8)} ${f(t.total, 8)} ${f(plan, 10)} ${String(retries).padStart(12)} ${mib(Math.max(deploy.peak, planPeak)).padStart(9)}   ${loadBefore} -> ${load()}`,
  );
  return path.join(outdir, 'stacks', stacks[0]);
}

/** A no-op plan of each resource block of one stack alone (`-target`), and of none (OpenTofu's own start). */
async function planPerBlock(stackDir: string, p: Parallelism): Promise<void> {
  const e = withCluster(localDir);
  Object.assign(e, localCredentials([], localDir));
  const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  const blocks: [string, number][] = [['(no resource: -target of an address that does not exist)', 0]];
  for (const [type, byName] of Object.entries<any>(tf.resource ?? {}))
    for (const [name, block] of Object.entries<any>(byName)) blocks.push([`${type}.${name}`, Object.keys(forEachEntries(tf, block) ?? {}).length]);
  console.log(
    `\nwhere a no-op plan of stack ${path.basename(stackDir)} goes (one block at a time, -parallelism ${p.terraformParallelism}; seconds, load ${load()}):`,
  );
  for (const [address, n] of blocks) {
    const target = n ? address : 'kafka_topic.none';
    const args = ['plan', '-input=false', '-no-color', '-lock=false', `-parallelism=${p.terraformParallelism}`, `-target=${target}`];
    const r = await timed('tofu', args, e, stackDir);
    if (r.status !== 0) throw failed('tofu', args, r);
    console.log(`  ${address.padEnd(58)} ${String(n).padStart(5)} instances ${r.seconds.toFixed(1).padStart(6)} s`);
  }
}

async function main(): Promise<void> {
  const D = arg('domains', 10);
  const P = arg('products', 100);
  const option = (name: string) => (process.argv.includes(`--${name}`) ? [`--${name}`, String(arg(name, NaN))] : []);
  const p = parseArgs([...option('parallelism'), ...option('terraform-parallelism')]);
  run('bash', [path.join(repo, 'tools', 'local', 'up.sh')], { ...process.env, MESH_LOCAL_DIR: localDir });
  try {
    console.log(
      `deploy benchmark on the local broker (seconds; stacks applied and planned ${p.parallelism} at a time, OpenTofu -parallelism ${p.terraformParallelism}; memory: tofu and providers together, peak; load average 1/5/15 min before -> after)`,
    );
    console.log(
      `${'mesh'.padEnd(28)} ${'stacks'.padStart(6)} ${'resources'.padStart(9)} ${'synth'.padStart(7)} ${'check'.padStart(7)} ${'apply'.padStart(7)} ${'attempts'.padStart(8)} ${'deploy'.padStart(8)} ${'no-op plan'.padStart(10)} ${'plan retries'.padStart(12)} ${'memory'.padStart(9)}   load`,
    );
    await measure('example mesh', 'main.ts', {}, p);
    const firstStack = await measure(
      `synthetic ${D}x${P} = ${D * P} products`,
      'bench/fixtures/synthetic-mesh.ts',
      {
        BENCH_DOMAINS: String(D),
        BENCH_PRODUCTS: String(P),
      },
      p,
    );
    await planPerBlock(firstStack, p);
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
