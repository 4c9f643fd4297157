/**
 * Files written by a worker thread while the synth goes on. A large catalog is tens of thousands
 * of files, and on a slow disk creating them takes longer than making them; cdktf synthesizes
 * the stacks after the catalog is made, so the catalog's files can be written meanwhile, on the
 * other core. The synth stays synchronous: the app's synth waits for every file before its output
 * is put in place (see atomic-synth), and a file that cannot be written fails the synth, naming it.
 *
 * Memory is bounded: while more than {@link PENDING_LIMIT_CHARS} of content waits for the disk,
 * the synth waits too.
 */
import * as fs from 'fs';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';

/** Characters of content waiting for the worker, at most, before the synth waits for it. */
export const PENDING_LIMIT_CHARS = 16 << 20;

/**
 * Characters of a file in pieces written, or sent to the worker, at once: below V8's large-object
 * size, so that each piece (and the worker's copy) dies young instead of waiting in the old
 * generation for a full collection, which at mesh scale set the synth's peak memory. A system
 * call per piece is still few: some 400 for catalog.json at 20,000 products.
 */
const CHUNK = 64 << 10;

/** The control words shared with the worker. */
const PENDING = 0;
const DONE = 1;

type Op =
  | { op: 'file'; file: string; data: string }
  | { op: 'open'; file: string }
  | { op: 'append'; data: string }
  | { op: 'close'; file: string }
  | { op: 'discard' }
  | { op: 'end' };

/**
 * The worker: plain JavaScript, run from this text (`eval`), so it loads the same under ts-node,
 * jest and the compiled package. It writes each file as it comes; a file in pieces goes to a
 * temporary file renamed into place when whole. After its first failure it writes nothing more
 * and reports that failure when the writes end.
 */
const WORKER = `
const fs = require('fs');
const { workerData } = require('worker_threads');
const { port, control } = workerData;
let failure, fd, tmp;
const done = (bytes) => { Atomics.sub(control, ${PENDING}, bytes); Atomics.notify(control, ${PENDING}); };
const fail = (file, e) => { if (!failure) failure = { file, code: e.code, message: e.message }; };
const closeTmp = () => { if (fd !== undefined) { try { fs.closeSync(fd); } catch {} } fd = undefined; };
// Should the worker itself fail, it says so and stops: the synth never waits for a dead worker.
process.on('uncaughtException', (e) => {
  if (!failure) failure = { file: 'the catalog (its background writer failed)', message: String((e && e.stack) || e) };
  try { port.postMessage(failure); } catch {}
  Atomics.store(control, ${DONE}, 1);
  Atomics.notify(control, ${DONE});
  Atomics.notify(control, ${PENDING});
  process.exit(1);
});
port.on('message', (m) => {
  switch (m.op) {
    case 'file':
      if (!failure) { try { fs.writeFileSync(m.file, m.data); } catch (e) { fail(m.file, e); } }
      done(m.data.length);
      break;
    case 'open':
      tmp = m.file + '.' + process.pid + '.tmp';
      if (!failure) { try { fd = fs.openSync(tmp, 'w'); } catch (e) { fail(m.file, e); } }
      break;
    case 'append':
      if (!failure && fd !== undefined) { try { fs.writeSync(fd, m.data); } catch (e) { fail(tmp, e); } }
      done(m.data.length);
      break;
    case 'close':
      closeTmp();
      if (!failure) { try { fs.renameSync(tmp, m.file); } catch (e) { fail(m.file, e); } }
      if (failure) fs.rmSync(tmp, { force: true });
      break;
    case 'discard':
      closeTmp();
      if (tmp) fs.rmSync(tmp, { force: true });
      break;
    default:
      throw new Error('unknown operation ' + m.op);
    case 'end':
      port.postMessage(failure ?? null);
      port.close();
      Atomics.store(control, ${DONE}, 1);
      Atomics.notify(control, ${DONE});
      break;
  }
});
`;

/** Where a synth's files go: written here and now, or by a worker (see {@link BackgroundWrites}). */
export interface FileWrites {
  /** Writes `content` to `file` (its folder exists). */
  write(file: string, content: string): void;
  /** Writes `parts` one after the other to `file`, which appears whole or not at all. */
  writeParts(file: string, parts: Iterable<string>): void;
}

/** Writes files by a worker thread; {@link finish} waits for them all. One per synth. */
export class BackgroundWrites implements FileWrites {
  private readonly port: MessagePort;
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;
  private ended = false;
  /** The most content that waited for the disk at once, in characters. */
  public peakPending = 0;

  /** @param limit characters of content that may wait for the disk before the synth waits */
  constructor(private readonly limit = PENDING_LIMIT_CHARS) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // execArgv: [] so that the worker does not load what the app was started with (ts-node, a loader).
    this.worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { port: port2, control: this.control }, transferList: [port2] });
    // Never what keeps the process alive: the synth waits for the worker itself.
    this.worker.unref();
    this.port.unref();
  }

  public write(file: string, content: string): void {
    this.post({ op: 'file', file, data: content }, content.length);
  }

  public writeParts(file: string, parts: Iterable<string>): void {
    this.post({ op: 'open', file }, 0);
    try {
      for (const data of chunks(parts)) this.post({ op: 'append', data }, data.length);
    } catch (e) {
      this.post({ op: 'discard' }, 0);
      throw e;
    }
    this.post({ op: 'close', file }, 0);
  }

  /** Waits until every file is written; throws, naming the file, when one could not be. */
  public finish(): void {
    const failure = this.end();
    if (failure) {
      throw new Error(`could not write ${failure.file}: ${failure.code ? `${failure.code}, ` : ''}${failure.message}`);
    }
  }

  /** Waits for the worker to stop (the synth failed: what it wrote is discarded with the staging folder). */
  public abort(): void {
    this.end();
  }

  private end(): { file: string; code?: string; message: string } | null {
    if (this.ended) return null;
    this.ended = true;
    this.port.postMessage({ op: 'end' } satisfies Op);
    while (Atomics.load(this.control, DONE) === 0) Atomics.wait(this.control, DONE, 0, 1000);
    const reply = receiveMessageOnPort(this.port);
    this.port.close();
    return (reply?.message as { file: string; code?: string; message: string } | null | undefined) ?? null;
  }

  private post(op: Op, bytes: number): void {
    if (this.ended) throw new Error('the synth has ended its background writes');
    // Wait while too much waits for the disk already (or stop, should the worker have failed).
    for (let waiting = Atomics.load(this.control, PENDING); waiting > this.limit; waiting = Atomics.load(this.control, PENDING)) {
      if (Atomics.load(this.control, DONE) === 1) break;
      Atomics.wait(this.control, PENDING, waiting, 1000);
    }
    if (Atomics.load(this.control, DONE) === 1) {
      this.finish(); // throws the worker's failure
      throw new Error('the background writer of the catalog stopped early');
    }
    if (bytes) this.peakPending = Math.max(this.peakPending, Atomics.add(this.control, PENDING, bytes) + bytes);
    this.port.postMessage(op);
  }
}

/** Writes here and now (outside an app's synth, or for a small catalog). */
export const DIRECT_WRITES: FileWrites = {
  write: (file, content) => fs.writeFileSync(file, content),
  writeParts: (file, parts) => writeParts(file, parts),
};

/**
 * `parts` joined into pieces of about {@link CHUNK} characters: parts are small (a DataHub
 * proposal, a Backstage entity, a product of catalog.json), and a system call each would be some
 * 170,000 for the DataHub file at 20,000 products. The whole file is never held at once.
 */
function* chunks(parts: Iterable<string>): Generator<string> {
  let pending = '';
  for (const part of parts) {
    pending += part;
    if (pending.length >= CHUNK) {
      yield pending;
      pending = '';
    }
  }
  if (pending) yield pending;
}

/**
 * Writes `parts` to `file` one after the other, a piece ({@link CHUNK}) at a time, to a temporary file renamed
 * to `file` once all are written: a piece that throws leaves `file` as it was, and no
 * half-written file.
 */
export function writeParts(file: string, parts: Iterable<string>): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    try {
      for (const data of chunks(parts)) fs.writeSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
