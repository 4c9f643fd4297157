/**
 * `npm run synth`: type-checks the project, then synthesizes the app of cdktf.json into
 * cdktf.out (as `cdktf synth` does) and prints its warnings and notes, with nothing else around
 * an error: no progress spinner and no stack trace.
 *
 *   npm run synth                      # tsc --noEmit, then the app
 *   npm run synth -- --no-typecheck    # the app alone, transpiled without type checks, as `cdktf synth` runs it
 *   npm run synth -- --output <dir>    # another output folder (default cdktf.out)
 *
 * Exit status: 0 synthesized; 1 the app failed (the mesh is not valid, a governance rule failed)
 * or type errors; 2 wrong usage.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Annotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
}

function usage(problem: string): never {
  process.stderr.write(`synth: ${problem}\nusage: npm run synth [-- --no-typecheck] [-- --output <dir>]\n`);
  process.exit(2);
}

function main(argv: string[]): number {
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

  if (typecheck) {
    process.stdout.write('synth: type-checking (tsc --noEmit; --no-typecheck skips it)\n');
    // Incremental: the compiler keeps what it checked (by file version) and re-checks only what a
    // change can affect, so a synth after a small edit does not check the whole project again.
    const buildInfo = path.join(
      os.tmpdir(),
      'kafka-mesh-synth-tsc',
      `${crypto.createHash('sha256').update(project).digest('hex').slice(0, 16)}.tsbuildinfo`,
    );
    const tscArgs = ['--noEmit', '--incremental', '--tsBuildInfoFile', buildInfo, '-p', 'tsconfig.json'];
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), ...tscArgs], {
      cwd: project,
      stdio: 'inherit',
    });
    if (tsc.status !== 0) {
      process.stderr.write(
        'synth: stopped: the code has type errors (above). The app runs transpile-only, so without this check they would not be reported.\n',
      );
      return 1;
    }
  } else {
    process.stdout.write('synth: not type-checking (--no-typecheck): type errors are not reported\n');
  }

  const env = { ...process.env, CDKTF_OUTDIR: path.resolve(project, outdir), CDKTF_CONTEXT_JSON: JSON.stringify(config.context ?? {}) };
  const app = spawnSync(config.app, { cwd: project, env, stdio: 'inherit', shell: true });
  if (app.status !== 0) return 1;

  const manifest = JSON.parse(fs.readFileSync(path.resolve(project, outdir, 'manifest.json'), 'utf8')) as {
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

process.exitCode = main(process.argv.slice(2));
