/**
 * `npm run synth`: type-checks the app and synthesizes it into cdktf.out (as `cdktf synth` does),
 * and prints its warnings and notes, with nothing else around an error: no progress spinner and
 * no stack trace.
 *
 *   npm run synth                      # tsc --noEmit beside the app; the output only if both pass
 *   npm run synth -- --no-typecheck    # the app alone, transpiled without type checks, as `cdktf synth` runs it
 *   npm run synth -- --output <dir>    # another output folder (default cdktf.out)
 *
 * The type check and the app run at the same time (two processes), the app writing into a
 * staging folder that replaces the output folder only when both passed: a type error leaves the
 * previous output as it was, and a mesh lock this run created is taken back. The check covers
 * the app's program (tsconfig.app.json where the project has one, else tsconfig.json).
 *
 * Exit status: 0 synthesized; 1 the app failed (the mesh is not valid, a governance rule failed)
 * or type errors; 2 wrong usage.
 */
import { spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { processAlive } from '../process-alive';

interface Annotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
}

function usage(problem: string): never {
  process.stderr.write(`synth: ${problem}\nusage: npm run synth [-- --no-typecheck] [-- --output <dir>]\n`);
  process.exit(2);
}

/** Runs `command`, resolving with its exit status (and its output, when captured). */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; shell?: boolean; capture?: boolean }) {
  return new Promise<{ status: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, shell: options.shell, stdio: options.capture ? 'pipe' : 'inherit' });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', (e) => {
      output += `${e.message}\n`;
      resolve({ status: 127, output });
    });
    child.on('close', (status) => resolve({ status, output }));
  });
}

/**
 * The type check of the app's program. With a tsconfig.app.json (this repository's: the app, its
 * stacks and the library, every file a root so that a change to any of them is seen), in build
 * mode: an unchanged program is known up to date from its build info in a fraction of a second.
 * The build info goes when the dependencies changed (package-lock.json newer than it). Without
 * one, tsconfig.json, incremental: re-checks only what a change can affect.
 */
function typeCheck(project: string) {
  const tsc = require.resolve('typescript/bin/tsc');
  const appConfig = path.join(project, 'tsconfig.app.json');
  if (fs.existsSync(appConfig)) {
    const options = (JSON.parse(fs.readFileSync(appConfig, 'utf8')) as { compilerOptions?: { tsBuildInfoFile?: string } }).compilerOptions;
    const buildInfo = options?.tsBuildInfoFile && path.resolve(project, options.tsBuildInfoFile);
    const lock = path.join(project, 'package-lock.json');
    if (buildInfo && fs.existsSync(buildInfo) && fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(buildInfo).mtimeMs)
      fs.rmSync(buildInfo);
    return run(process.execPath, [tsc, '-b', appConfig], { cwd: project, capture: true });
  }
  const buildInfo = path.join(
    os.tmpdir(),
    'kafka-mesh-synth-tsc',
    `${crypto.createHash('sha256').update(project).digest('hex').slice(0, 16)}.tsbuildinfo`,
  );
  return run(process.execPath, [tsc, '--noEmit', '--incremental', '--tsBuildInfoFile', buildInfo, '-p', 'tsconfig.json'], {
    cwd: project,
    capture: true,
  });
}

/** Staging and old output folders of synth runs that are gone (killed, or a closed pipe), and this run's own. */
function removeLeftovers(target: string): void {
  const dir = path.dirname(target);
  const mine = new RegExp(`^${path.basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(staging|old)-(\\d+)$`);
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const pid = Number(mine.exec(name)?.[2]);
    if (!pid || (pid !== process.pid && processAlive(pid))) continue;
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

/** Puts `staging` in place of `outdir` (the previous output goes only once the new one is there). */
function replaceOutput(staging: string, outdir: string): void {
  const old = `${outdir}.old-${process.pid}`;
  if (fs.existsSync(outdir)) fs.renameSync(outdir, old);
  fs.renameSync(staging, outdir);
  fs.rmSync(old, { recursive: true, force: true });
}

async function main(argv: string[]): Promise<number> {
  let typecheck = true;
  let outdir = 'cdktf.out';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-typecheck') typecheck = false;
    else if (a === '--output') outdir = argv[++i] ?? usage('--output needs a folder');
    else usage(`unknown argument ${a}`);
  }
  const project = process.cwd();
  const configFile = path.join(project, 'cdktf.json');
  if (!fs.existsSync(configFile)) usage(`no cdktf.json in ${project}`);
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { app?: string; context?: Record<string, unknown> };
  if (!config.app) usage('cdktf.json has no "app" command');
  const target = path.resolve(project, outdir);
  const staging = `${target}.staging-${process.pid}`;
  removeLeftovers(target);
  // The one thing an app writes outside its output: the mesh lock, created on a first synth.
  const lockDir = path.join(project, 'mesh.lock');
  const lockExisted = fs.existsSync(lockDir);

  process.stdout.write(
    typecheck
      ? 'synth: type-checking (tsc --noEmit, beside the app; --no-typecheck skips it)\n'
      : 'synth: not type-checking (--no-typecheck): type errors are not reported\n',
  );
  const env = { ...process.env, CDKTF_OUTDIR: staging, CDKTF_CONTEXT_JSON: JSON.stringify(config.context ?? {}) };
  const [tsc, app] = await Promise.all([
    typecheck ? typeCheck(project) : Promise.resolve({ status: 0, output: '' }),
    run(config.app, [], { cwd: project, env, shell: true }),
  ]);
  if (tsc.status !== 0 || app.status !== 0) fs.rmSync(staging, { recursive: true, force: true });
  if (tsc.status !== 0) {
    process.stdout.write(tsc.output);
    if (!lockExisted) fs.rmSync(lockDir, { recursive: true, force: true });
    process.stderr.write(
      `synth: stopped: the code has type errors (above); ${outdir} is left as it was. The app runs transpile-only, so without this check they would not be reported.\n`,
    );
    return 1;
  }
  if (app.status !== 0) return 1;
  replaceOutput(staging, target);

  const manifest = JSON.parse(fs.readFileSync(path.join(target, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { annotations?: Annotation[] }>;
  };
  for (const stack of Object.values(manifest.stacks)) {
    for (const a of stack.annotations ?? []) {
      const level = a.level.replace(/^@cdktf\//, '');
      process.stdout.write(`${level === 'warn' ? 'WARNING' : level.toUpperCase()} [${a.constructPath}]: ${a.message}\n`);
    }
  }
  process.stdout.write(`Generated Terraform code for the stacks: ${Object.keys(manifest.stacks).sort().join(', ')} (in ${outdir})\n`);
  return 0;
}

void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
