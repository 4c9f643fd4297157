/**
 * All-or-nothing synth output. An app holding a KafkaMesh synthesizes into a fresh staging
 * folder next to its outdir; only when every stack, the catalog and the manifest are written, and
 * no stack carries an error annotation, is the staging folder renamed into place. A refused synth
 * leaves the previous output exactly as it was (or nothing), and two synths into one folder never
 * see each other's half-written files: each builds its own tree and the last rename wins whole.
 *
 * Writes that must wait for the whole synth to succeed (the mesh lock) go through
 * {@link afterSuccessfulSynth}: inside an app's synth they run once it succeeded; elsewhere
 * (`Testing.synth`) at once.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { BackgroundWrites, DIRECT_WRITES, FileWrites } from './background-writes';
import { withoutTokenTraces } from './token-traces';

const INSTALLED = Symbol.for('cdktf-kafka-mesh/atomic-synth');

/** The app synth running now (one at a time: synth is synchronous). */
interface RunningSynth {
  /** Writes deferred until it succeeded (see {@link afterSuccessfulSynth}). */
  readonly deferred: Array<() => void>;
  /** Its background writes, once asked for (see {@link synthFileWrites}). */
  background?: BackgroundWrites;
}

let running: RunningSynth | undefined;

/**
 * Inside an app's synth, writes by a worker thread while the synth goes on: the synth waits for
 * every file before its output is put in place, and fails, naming the file, when one could not
 * be written. Elsewhere (`Testing.synth`, a tool writing a catalog), writes here and now.
 */
export function synthFileWrites(): FileWrites {
  if (!running) return DIRECT_WRITES;
  return (running.background ??= new BackgroundWrites());
}

/** Whether an app's synth is running (so {@link afterSuccessfulSynth} defers until it succeeded). */
export function inAppSynth(): boolean {
  return running !== undefined;
}

/** Runs `write` once the running app synth has succeeded, or now outside one. */
export function afterSuccessfulSynth(write: () => void): void {
  if (running) running.deferred.push(write);
  else write();
}

interface Mutable {
  outdir: string;
  manifest: { outdir: string; stacks: Record<string, { annotations: { level: string; constructPath: string; message: string }[] }> };
}

/** App-wide checks to run before each synth of an app, in order. */
const checks = new WeakMap<App, Array<() => void>>();

/**
 * Makes `app.synth()` write its output atomically (installed once per app), running `check`
 * first on every synth: a whole-app check that no stack's synthesis would run (the mesh lock
 * of stacks that hold no mesh resources any more).
 */
export function installAtomicSynth(app: App, check?: () => void): void {
  let list = checks.get(app);
  if (!list) checks.set(app, (list = []));
  if (check) list.push(check);
  const marked = app as unknown as Record<symbol, boolean>;
  if (marked[INSTALLED]) return;
  Object.defineProperty(app, INSTALLED, { value: true });
  const synth = app.synth.bind(app);
  // The tokens cdktf creates while it synthesizes are its own: no trace of them (see token-traces).
  app.synth = () => withoutTokenTraces(() => atomically(app, synth));
}

function atomically(app: App, synth: () => void): void {
  const m = app as unknown as Mutable;
  const target = path.resolve(m.outdir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.synth-`));
  fs.mkdirSync(path.join(staging, 'stacks'));
  const outer = running;
  const current: RunningSynth = { deferred: [] };
  running = current;
  m.outdir = staging;
  m.manifest.outdir = staging;
  try {
    // The checks' lock writes wait for the whole synth too.
    for (const check of checks.get(app) ?? []) check();
    synth();
    current.background?.finish();
    refuseOnErrorAnnotations(m);
  } catch (e) {
    current.background?.abort();
    fs.rmSync(staging, { recursive: true, force: true });
    removeIfEmpty(target);
    throw e;
  } finally {
    m.outdir = target;
    m.manifest.outdir = target;
    running = outer;
  }
  keepStackFoldersForTheCli(target, staging);
  swapIntoPlace(staging, target);
  for (const write of current.deferred) write();
}

/**
 * `cdktf synth` lists `<outdir>/stacks/*` before running the app and afterwards deletes the
 * folders of stacks the app no longer has, failing if one is gone already. Under the CLI (which
 * sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS), those folders are kept, empty, for it to delete.
 */
function keepStackFoldersForTheCli(target: string, staging: string): void {
  if (process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === undefined) return;
  let previous: fs.Dirent[];
  try {
    previous = fs.readdirSync(path.join(target, 'stacks'), { withFileTypes: true });
  } catch {
    return;
  }
  for (const d of previous) {
    if (d.isDirectory()) fs.mkdirSync(path.join(staging, 'stacks', d.name), { recursive: true });
  }
}

/**
 * Under `cdktf synth` (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS), stacks with error annotations
 * are written all the same, for the CLI to report; here such a synth is refused before anything
 * replaces the previous output, with the message cdktf itself gives.
 */
function refuseOnErrorAnnotations(m: Mutable): void {
  const errors = Object.values(m.manifest.stacks).flatMap((s) => s.annotations.filter((a) => a.level === '@cdktf/error'));
  if (errors.length) {
    throw new Error(`Encountered Annotations with level "ERROR":\n${errors.map((a) => `[${a.constructPath}] ${a.message}`).join('\n')}`);
  }
}

/**
 * Puts `staging` at `target`: the previous tree is renamed aside, the new one renamed in, the old
 * one removed. When another synth renames its tree in between, this one moves that aside too and
 * retries, so the folder is always one synth's whole output.
 */
function swapIntoPlace(staging: string, target: string): void {
  for (let attempt = 0; ; attempt++) {
    const old = `${staging}.old`;
    let moved = false;
    try {
      fs.renameSync(target, old);
      moved = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    try {
      fs.renameSync(staging, target);
      if (moved) fs.rmSync(old, { recursive: true, force: true });
      return;
    } catch (e) {
      if (moved) fs.rmSync(old, { recursive: true, force: true });
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt > 100) {
        fs.rmSync(staging, { recursive: true, force: true });
        throw e;
      }
    }
  }
}

/** Removes the folder cdktf's App creates (`<outdir>/stacks`) when a failed first synth left it empty. */
function removeIfEmpty(target: string): void {
  for (const dir of [path.join(target, 'stacks'), target]) {
    try {
      fs.rmdirSync(dir);
    } catch {
      return;
    }
  }
}
