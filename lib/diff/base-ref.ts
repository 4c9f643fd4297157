import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DiffInputError, isRecord } from './errors';

export interface SynthAtRefOptions {
  /** A commit, branch or tag, e.g. `origin/main`. */
  readonly ref: string;
  /** The project directory (holding cdktf.json) in the current checkout. @default process.cwd() */
  readonly projectDir?: string;
  /** The command that synthesizes the app. @default the `app` of the ref's own cdktf.json */
  readonly command?: string;
  /** Changes the checkout before it is synthesized (scripts and tests apply change sets here). */
  readonly prepare?: (projectDir: string) => void;
  /** Progress messages (to stderr on the command line). */
  readonly log?: (message: string) => void;
  /** Which side of the diff this is, for messages. @default 'base' */
  readonly role?: 'base' | 'head';
}

/** The synth command failed: `output` is everything it printed (a mesh refusal is read from it). */
export class SynthFailedError extends DiffInputError {
  constructor(
    problem: string,
    fix: string,
    public readonly output: string,
    public readonly commit: string,
  ) {
    super(problem, fix);
  }
}

/** A synth output in a temporary directory; `dispose` deletes it. */
export interface TemporarySynth {
  readonly outDir: string;
  /** The commit that was synthesized. */
  readonly commit: string;
  dispose(): void;
}

function git(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function lastLines(s: string | undefined, n: number): string {
  return (s ?? '').trimEnd().split('\n').slice(-n).join('\n');
}

/**
 * Synthesizes the project as it is at `ref`: checks the ref out in a temporary `git worktree`,
 * links the current checkout's node_modules into it, runs the synth command there with
 * `CDKTF_OUTDIR` pointing outside the worktree, and removes the worktree again, whatever
 * happens. Throws {@link DiffInputError} with the command's last output lines when synth fails.
 */
export function synthesizeRef(options: SynthAtRefOptions): TemporarySynth {
  const projectDir = path.resolve(options.projectDir ?? process.cwd());
  const log = options.log ?? (() => undefined);
  const top = git(['rev-parse', '--show-toplevel'], projectDir);
  if (top.status !== 0) {
    throw new DiffInputError(
      `--base-ref needs a git checkout, and ${projectDir} is not in one`,
      'run the command inside the repository, or synthesize the base yourself and pass --base <dir>',
    );
  }
  const root = fs.realpathSync(top.stdout.trim());
  const rel = path.relative(root, fs.realpathSync(projectDir));
  const resolved = git(['rev-parse', '--verify', '--quiet', `${options.ref}^{commit}`], projectDir);
  if (resolved.status !== 0) {
    throw new DiffInputError(
      `--base-ref ${options.ref} names no commit in this repository`,
      `check the name, or fetch it first (git fetch origin ${options.ref.replace(/^origin\//, '')}; in CI, check out with enough history, e.g. fetch-depth: 0)`,
    );
  }
  const commit = resolved.stdout.trim();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-mesh-base-'));
  const tree = path.join(tmp, 'tree');
  const outDir = path.join(tmp, 'out');
  let worktreeAdded = false;
  const removeWorktree = () => {
    if (!worktreeAdded) return;
    worktreeAdded = false;
    // Unlink the node_modules link first so that nothing can follow it into the real folder.
    const link = path.join(tree, rel, 'node_modules');
    try {
      if (fs.lstatSync(link).isSymbolicLink()) fs.unlinkSync(link);
    } catch {
      // not there
    }
    if (git(['worktree', 'remove', '--force', tree], root).status !== 0) {
      fs.rmSync(tree, { recursive: true, force: true });
      git(['worktree', 'prune'], root);
    }
  };
  const dispose = () => {
    removeWorktree();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const onSignal = () => {
    dispose();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    log(`checking out ${options.ref} (${commit.slice(0, 12)}) in a temporary worktree`);
    const added = git(['worktree', 'add', '--detach', '--quiet', tree, commit], root);
    if (added.status !== 0) {
      throw new DiffInputError(
        `git could not check out ${options.ref} in a temporary worktree: ${lastLines(added.stderr, 5)}`,
        'check that git can write to the repository and the temporary directory (git worktree prune clears stale worktrees)',
      );
    }
    worktreeAdded = true;
    const project = path.join(tree, rel);
    const modules = path.join(projectDir, 'node_modules');
    if (fs.existsSync(modules) && !fs.existsSync(path.join(project, 'node_modules')))
      fs.symlinkSync(modules, path.join(project, 'node_modules'), 'dir');
    options.prepare?.(project);
    const command = options.command ?? synthCommand(project, options.ref);
    log(`synthesizing ${options.ref}: ${command}`);
    const run = spawnSync(command, {
      cwd: project,
      shell: true,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, CDKTF_OUTDIR: outDir },
    });
    if (run.error || run.status !== 0) {
      const all = [run.stdout, run.stderr].filter((t) => t && t.trim()).join('\n');
      const role = options.role ?? 'base';
      throw new SynthFailedError(
        `synthesizing ${options.ref} failed (${command} exited with ${run.error ? run.error.message : `code ${run.status}`}):\n${lastLines(all, 15)}`,
        `make the ${role} synthesize (it is the code at ${options.ref}), or pass another --synth-command, or synthesize it yourself and pass --${role} <dir>`,
        all,
        commit,
      );
    }
    // An app that sets its own outdir ignores CDKTF_OUTDIR: take its output from the worktree.
    const fallback = path.join(project, 'cdktf.out');
    if (!fs.existsSync(outDir) && fs.existsSync(fallback)) fs.cpSync(fallback, outDir, { recursive: true });
    if (!fs.existsSync(outDir)) {
      throw new DiffInputError(
        `synthesizing ${options.ref} wrote no output (looked in CDKTF_OUTDIR and cdktf.out)`,
        'check that the synth command runs the cdktf app (its App writes the stacks when app.synth() runs)',
      );
    }
    removeWorktree();
    return { outDir, commit, dispose };
  } catch (e) {
    dispose();
    throw e;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

function synthCommand(project: string, ref: string): string {
  const file = path.join(project, 'cdktf.json');
  const fix = 'pass --synth-command "<command that synthesizes the app>"';
  if (!fs.existsSync(file)) throw new DiffInputError(`${ref} has no cdktf.json in the project directory, so the synth command is unknown`, fix);
  let app: unknown;
  try {
    const json: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    app = isRecord(json) ? json.app : undefined;
  } catch (e) {
    throw new DiffInputError(`cdktf.json at ${ref} is not valid JSON (${(e as Error).message})`, fix);
  }
  if (typeof app !== 'string' || !app.trim()) throw new DiffInputError(`cdktf.json at ${ref} has no "app" command`, fix);
  return app;
}
