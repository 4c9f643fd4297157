import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_LOCK_DIR, projectRoot } from '../private/project-root';

/** Where the command writes; tests pass their own. */
export interface LockCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const LOCK_USAGE = `kafka-mesh lock: update the mesh lock after a reviewed change

Usage:
  npx kafka-mesh lock      run in the project (the folder of cdktf.json, or below it)

Runs the app of cdktf.json as cdktf synth does, with MESH_LOCK=update: every check of the mesh
runs as usual, and only when the whole synth succeeds is each stack's lock file (by default
${DEFAULT_LOCK_DIR}/<stack>.json beside cdktf.json) rewritten with what the code declares now. A
change the lock refuses (data loss, an incompatible schema) still fails, naming the fix, and
leaves the lock as it was. Review the lock's diff and commit it with the change.

Exit codes: 0 the lock is up to date, 1 the app refused the change, 2 the app could not be run.
`;

/** `kafka-mesh lock`: runs the app of cdktf.json with MESH_LOCK=update. Returns the exit code. */
export function lockCommand(argv: readonly string[], io: LockCommandIo): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(LOCK_USAGE);
    return 0;
  }
  if (argv.length) {
    io.stderr(`kafka-mesh lock: unexpected argument ${JSON.stringify(argv[0])}. Fix: run it without arguments (see kafka-mesh lock --help)\n`);
    return 2;
  }
  const root = projectRoot(io.cwd);
  const file = path.join(root, 'cdktf.json');
  let config: { app?: unknown; output?: unknown; context?: unknown };
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof config;
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    io.stderr(
      missing
        ? `kafka-mesh lock: no cdktf.json in ${io.cwd} or a folder above it, so the app to run is unknown. Fix: run it in the project's folder (where cdktf synth runs)\n`
        : `kafka-mesh lock: ${file} is not valid JSON (${(e as Error).message}). Fix: correct it; cdktf synth reads it too\n`,
    );
    return 2;
  }
  if (typeof config.app !== 'string' || !config.app.trim()) {
    io.stderr(`kafka-mesh lock: ${file} has no "app" command. Fix: set "app" to the command that runs the app, e.g. "npx ts-node main.ts"\n`);
    return 2;
  }
  const env = { ...(io.env ?? process.env) };
  const outdir = path.resolve(root, typeof config.output === 'string' ? config.output : 'cdktf.out');
  const context = config.context && typeof config.context === 'object' ? config.context : {};
  io.stdout(`kafka-mesh lock: running ${config.app} with MESH_LOCK=update in ${root}\n`);
  const run = spawnSync(config.app, {
    cwd: root,
    shell: true,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: {
      ...env,
      MESH_LOCK: 'update',
      CDKTF_OUTDIR: env.CDKTF_OUTDIR ?? outdir,
      CDKTF_CONTEXT_JSON: env.CDKTF_CONTEXT_JSON ?? JSON.stringify(context),
    },
  });
  if (run.stdout) io.stdout(run.stdout);
  if (run.stderr) io.stderr(run.stderr);
  if (run.error) {
    io.stderr(`kafka-mesh lock: could not run ${config.app} (${run.error.message}). Fix: check the "app" command of ${file}\n`);
    return 2;
  }
  if (run.status !== 0) {
    io.stderr(
      `kafka-mesh lock: the app refused the change (${config.app} exited with ${run.status ?? run.signal}); the mesh lock is as it was. Fix: correct what the messages above name, then run kafka-mesh lock again\n`,
    );
    return 1;
  }
  io.stdout('kafka-mesh lock: the mesh lock now records what the app declares; review its diff and commit it with the change\n');
  return 0;
}
