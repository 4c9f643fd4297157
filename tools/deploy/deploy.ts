/**
 * `npm run deploy`: deploys the example mesh to the local cluster (`npm run local:up`) with
 * `cdktf deploy` and OpenTofu, the way a platform team deploys to a real one.
 *
 * - starts the local cluster if it is not running, and reads its `cluster.env`;
 * - caps replication at the cluster's broker count and keeps state in `.local/state`;
 * - gives every sensitive variable of the synthesized stacks (the SCRAM passwords) a random
 *   value kept in `.local/credentials.env` (mode 600), so principals can log in afterwards;
 * - synthesizes into a fresh folder of its own (`.local/runs/<run>`; `.local/cdktf.out` points
 *   to the latest), so concurrent deploys never share a folder;
 * - runs the read-only pre-deploy check (tools/deploy/adopt.ts): objects of the mesh that exist
 *   on the cluster but not in a stack's state are adopted with `import` blocks when they match the
 *   declaration, and the deploy stops, naming them and the difference, when they do not;
 * - applies at most `--parallelism N` stacks at once (MESH_DEPLOY_PARALLELISM, default 2), each
 *   with OpenTofu's `-parallelism` of `--terraform-parallelism N` (MESH_TERRAFORM_PARALLELISM,
 *   default 30);
 * - tries an apply that lost its broker connection again, up to 3 attempts in all: the kafka
 *   provider's `kafka: broker not connected` is a request it never sent (docs/operations.md);
 * - MESH_DEPLOY_APP names another app file to deploy instead of main.ts (tests, benchmarks).
 *
 *   npm run deploy [-- [--parallelism N] [--terraform-parallelism N] <stack> ...]     (default: every stack)
 */
import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { processAlive } from '../process-alive';
import { checkStacks, recordSchemaIds } from './adopt';

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
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...parseEnvFile(path.join(dir, 'cluster.env')),
    MESH_LOCAL_DIR: dir,
    CHECKPOINT_DISABLE: '1',
    ...extra,
  };
  env.PATH = `${path.join(toolchainCache(env), 'bin')}:${process.env.PATH ?? ''}`;
  return env;
}

/** The environment the local deploy runs in (cluster, toolchain, state, capped replication). */
export function localDeployEnv(): NodeJS.ProcessEnv {
  const clusterEnv = path.join(localDir, 'cluster.env');
  if (!fs.existsSync(clusterEnv)) throw new Error(`no ${clusterEnv}: start the cluster with npm run local:up`);
  const env = withCluster(localDir);
  // As many replicas as the local cluster has brokers (up.sh --brokers N writes MESH_KAFKA_BROKERS).
  env.MESH_MAX_REPLICATION_FACTOR ??= env.MESH_KAFKA_BROKERS ?? '1';
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

/**
 * Runs `fn` holding an exclusive lock file (`<file>.lock`, created with O_EXCL), so that concurrent
 * deploys read and write `file` one after the other. A lock left by a dead process is taken over.
 */
export function withFileLock<T>(file: string, fn: () => T, timeoutMs = 60_000): T {
  const lock = `${file}.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(lock, 'utf8') || 0);
      if (owner && !processAlive(owner)) fs.rmSync(lock, { force: true });
      else if (Date.now() > deadline)
        throw new Error(
          `deploy: ${lock} is held by pid ${owner} for more than ${timeoutMs / 1000} s. Fix: wait for that deploy to finish, or delete the file if no deploy is running`,
        );
      else spawnSync('sleep', ['0.1']);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Random local passwords for the given variables, kept across runs in `.local/credentials.env`. */
export function localCredentials(variables: string[], dir = localDir): Record<string, string> {
  const file = path.join(dir, 'credentials.env');
  return withFileLock(file, () => {
    const known = fs.existsSync(file) ? parseEnvFile(file) : {};
    for (const v of variables) known[`TF_VAR_${v}`] ??= crypto.randomBytes(18).toString('base64url');
    const text = Object.entries(known)
      .map(([k, v]) => `export ${k}="${v}"`)
      .join('\n');
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `# Local passwords for the mesh's sensitive variables (written by npm run deploy)\n${text}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
    return known;
  });
}

/** A fresh synth folder for this run; `.local/cdktf.out` is pointed at it once it deployed. */
export function newRunDir(dir = localDir): string {
  const runs = path.join(dir, 'runs');
  fs.mkdirSync(runs, { recursive: true });
  // Earlier runs whose process is gone, except the one cdktf.out points to.
  const latest = fs.existsSync(path.join(dir, 'cdktf.out')) ? fs.realpathSync(path.join(dir, 'cdktf.out')) : '';
  for (const name of fs.readdirSync(runs)) {
    const pid = Number(/-(\d+)$/.exec(name)?.[1]);
    const full = path.join(runs, name);
    if (full !== latest && pid && !processAlive(pid)) fs.rmSync(full, { recursive: true, force: true });
  }
  return path.join(runs, `${new Date().toISOString().replace(/[-:.]/g, '')}-${process.pid}`);
}

/** Points `<dir>/cdktf.out` at `runDir` atomically (a symlink renamed over the old one). */
export function publishRun(runDir: string, dir = localDir): void {
  const link = path.join(dir, 'cdktf.out');
  const tmp = `${link}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.symlinkSync(path.relative(dir, runDir), tmp);
  if (fs.existsSync(link) && !fs.lstatSync(link).isSymbolicLink()) fs.rmSync(link, { recursive: true, force: true });
  fs.renameSync(tmp, link);
}

/** The stacks of a synth output (its manifest). */
export function stacksOf(outdir: string): string[] {
  return Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks).sort();
}

/**
 * Which stacks a deploy's output says failed on the state lock, named by the state file the
 * error mentions (`<stack>.tfstate`), else by the line's stack prefix.
 */
export function lockedStacks(output: string, known: readonly string[] = []): string[] {
  // eslint-disable-next-line no-control-regex
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const out = new Set<string>();
  lines.forEach((line, i) => {
    if (!/Error acquiring the state lock/.test(line)) return;
    const near = lines.slice(i, i + 20).join('\n');
    const file = /([A-Za-z0-9_-]+)\.tfstate/.exec(near)?.[1];
    const prefix = /^\s*(\S+)\s/.exec(line)?.[1];
    out.add(file ?? (prefix && known.includes(prefix) ? prefix : known.length === 1 ? known[0] : 'a stack'));
  });
  return [...out];
}

/** Stacks applied at once, and OpenTofu's `-parallelism` in each, unless set otherwise. */
export const DEFAULT_PARALLELISM = 2;
export const DEFAULT_TERRAFORM_PARALLELISM = 30;
/** Attempts of an apply whose provider lost its broker connection (the first one included). */
export const TRANSIENT_ATTEMPTS = 3;

/** Parses `[--parallelism N] [--terraform-parallelism N] [stack ...]`. */
export function parseArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): { stacks: string[]; parallelism: number; terraformParallelism: number } {
  let parallelism = Number(env.MESH_DEPLOY_PARALLELISM ?? DEFAULT_PARALLELISM);
  let terraformParallelism = Number(env.MESH_TERRAFORM_PARALLELISM ?? DEFAULT_TERRAFORM_PARALLELISM);
  const stacks: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--parallelism') parallelism = Number(argv[++i]);
    else if (argv[i] === '--terraform-parallelism') terraformParallelism = Number(argv[++i]);
    else stacks.push(argv[i]);
  }
  wholeNumber('--parallelism (or MESH_DEPLOY_PARALLELISM)', parallelism, `--parallelism ${DEFAULT_PARALLELISM}`);
  wholeNumber(
    '--terraform-parallelism (or MESH_TERRAFORM_PARALLELISM)',
    terraformParallelism,
    `--terraform-parallelism ${DEFAULT_TERRAFORM_PARALLELISM}`,
  );
  return { stacks, parallelism, terraformParallelism };
}

function wholeNumber(what: string, value: number, example: string): void {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`deploy: ${what} must be a whole number of at least 1 (got ${value}). Fix: pass e.g. ${example}`);
}

/** Runs a command with its output shown and kept. */
function runTee(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repo, env, stdio: ['inherit', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on('close', (code, signal) => resolve({ status: code ?? (signal ? 128 : 1), output }));
  });
}

async function main(): Promise<void> {
  const { stacks, parallelism, terraformParallelism } = parseArgs(process.argv.slice(2));
  run('bash', [path.join(repo, 'tools', 'local', 'up.sh')], process.env, 'starting the local cluster');
  const env = localDeployEnv();
  const outdir = newRunDir();
  env.CDKTF_OUTDIR = outdir;
  const seconds = { synth: 0, check: 0, apply: 0, record: 0 };
  const since = (t0: number) => (performance.now() - t0) / 1000;
  let t0 = performance.now();
  run('npx', ['ts-node', '--transpile-only', env.MESH_DEPLOY_APP ?? 'main.ts'], env, 'synth');
  seconds.synth = since(t0);
  Object.assign(env, localCredentials(sensitiveVariables(outdir)));
  const selected = stacks.length ? stacks : stacksOf(outdir);
  const unknown = selected.filter((s) => !stacksOf(outdir).includes(s));
  if (unknown.length) fail(`deploy: no stack ${unknown.join(', ')} in the app (stacks: ${stacksOf(outdir).join(', ')}). Fix: name one of them`);

  // A provider that loses its broker connection (it does not retry) fails the apply; the next one
  // adopts what the failed one created. So a failure of that kind is tried again.
  let attempt = 1;
  for (; ; attempt++) {
    const r = await applyOnce(outdir, selected, stacks, { parallelism, terraformParallelism }, env, seconds);
    publishRun(outdir);
    if (r.status === 0) break;
    const locked = lockedStacks(r.output, selected);
    if (locked.length) {
      fail(
        `deploy: the state of ${locked.join(', ')} is locked by another deploy of the same stack (OpenTofu's state lock); nothing was applied to it. Fix: wait for the other deploy to finish and run npm run deploy again`,
      );
    }
    const errors = errorLines(r.output);
    if (triesAgain(attempt, r.output)) {
      process.stderr.write(
        `\ndeploy: the apply lost its connection to the cluster (${errors[0] ?? 'see above'}); applying again (attempt ${attempt + 1} of ${TRANSIENT_ATTEMPTS}), adopting what it created\n`,
      );
      continue;
    }
    fail(
      `deploy: cdktf deploy failed (exit ${r.status})${errors.length ? `:\n  ${errors.join('\n  ')}` : '; see the output above'}\nRunning npm run deploy again adopts what the failed apply created (docs/operations.md)`,
    );
  }
  t0 = performance.now();
  for (const stack of selected) await recordSchemaIds(outdir, stack);
  seconds.record = since(t0);
  process.stderr.write(`\n${timingLine(seconds, attempt, parallelism, terraformParallelism)}\n`);
}

/** The deploy's last line: where its time went (`npm run bench:deploy` reads it). */
export function timingLine(
  s: { synth: number; check: number; apply: number; record: number },
  attempts: number,
  parallelism: number,
  terraformParallelism: number,
): string {
  const f = (n: number) => n.toFixed(1);
  return `deploy: done in ${f(s.synth + s.check + s.apply + s.record)} s: synth ${f(s.synth)} s, pre-apply check ${f(s.check)} s, apply ${f(s.apply)} s (${attempts} attempt${attempts === 1 ? '' : 's'}, ${parallelism} stack(s) at once, OpenTofu -parallelism ${terraformParallelism}), schema ids recorded ${f(s.record)} s`;
}

/** Reads {@link timingLine} back: seconds of each phase and the attempts. */
export function parseTimingLine(
  output: string,
): { total: number; synth: number; check: number; apply: number; record: number; attempts: number } | undefined {
  const m =
    /deploy: done in ([\d.]+) s: synth ([\d.]+) s, pre-apply check ([\d.]+) s, apply ([\d.]+) s \((\d+) attempts?,.*schema ids recorded ([\d.]+) s/.exec(
      stripAnsi(output),
    );
  if (!m) return undefined;
  return { total: +m[1], synth: +m[2], check: +m[3], apply: +m[4], attempts: +m[5], record: +m[6] };
}

/** The read-only adoption check, then `cdktf deploy` of the selected stacks. */
async function applyOnce(
  outdir: string,
  selected: string[],
  stacks: string[],
  { parallelism, terraformParallelism }: { parallelism: number; terraformParallelism: number },
  env: NodeJS.ProcessEnv,
  seconds: { check: number; apply: number },
) {
  let t0 = performance.now();
  const checks = await checkStacks(outdir, selected, env, path.join(repo, 'mesh.lock'));
  seconds.check += (performance.now() - t0) / 1000;
  for (const c of checks) {
    for (const w of c.warnings) process.stderr.write(`\n${w}\n`);
    for (const i of c.imports)
      process.stderr.write(`deploy: stack ${c.stack}: adopting ${i.to} (exists on the cluster as declared, missing from the state)\n`);
  }
  const refusals = checks.flatMap((c) => c.refusals);
  if (refusals.length) fail(`deploy: refused before applying anything:\n- ${refusals.join('\n- ')}`);
  const cdktf = path.join(repo, 'node_modules', '.bin', 'cdktf');
  const args = [
    'deploy',
    ...(stacks.length ? stacks : ['*']),
    '--auto-approve',
    '--skip-synth',
    '--skip-provider-lock',
    '--output',
    outdir,
    '--parallelism',
    String(parallelism),
    '--terraform-parallelism',
    String(terraformParallelism),
  ];
  t0 = performance.now();
  const r = await runTee(cdktf, args, env);
  seconds.apply += (performance.now() - t0) / 1000;
  return r;
}

/** Whether a failed attempt (1 for the first) is tried again: a transient error, fewer than {@link TRANSIENT_ATTEMPTS} attempts made. */
export function triesAgain(attempt: number, output: string): boolean {
  return attempt < TRANSIENT_ATTEMPTS && isTransient(output);
}

/** Errors that a second apply gets past: the provider lost its connection to a broker. */
export function isTransient(output: string): boolean {
  return /kafka: broker not connected|client has run out of available brokers|connection refused|connection reset by peer|i\/o timeout/i.test(
    stripAnsi(output),
  );
}

/** The `Error:` lines of an apply's output, once each, without colours. */
export function errorLines(output: string): string[] {
  const lines = stripAnsi(output)
    .split('\n')
    .map((l) => l.replace(/^[\s│╷╵]*(\S+\s+)?(?=Error:)/, '').trim())
    .filter((l) => l.startsWith('Error:'));
  return [...new Set(lines)].slice(0, 10);
}

/** Terminal colour codes (ESC [ ... m) in cdktf's output. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
export const stripAnsi = (text: string): string => text.replace(ANSI_COLOUR, '');

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

if (require.main === module) {
  main().catch((e) => fail(e instanceof Error ? e.message : String(e)));
}
