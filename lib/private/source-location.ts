/**
 * Where in the user's code a construct is created: the first frame of the current stack that
 * is outside this library and outside node_modules, as a path relative to the working
 * directory (the project root when synth runs) and a line. This is what the catalog links as
 * the file to edit (a product's grants are added where it is declared).
 *
 * Reliable when the code runs from TypeScript sources (ts-node, jest: their source maps give the
 * `.ts` file and line) or as JavaScript with source maps (`node --enable-source-maps`); compiled
 * JavaScript without source maps gives the `.js` file. Undefined when no frame qualifies or
 * the file is outside the working directory (no machine paths end up in the catalog).
 */
import * as path from 'path';
import { BoundedCache } from '../compat/text';

export interface SourceLocation {
  /** Relative to the working directory, with `/` separators: `stacks/sales.ts`. */
  readonly file: string;
  readonly line: number;
}

const LIBRARY_DIR = path.resolve(__dirname, '..');

/** Frames as the installed formatter wrote them, by compiled file, line and column. */
const formatted = new BoundedCache<string>(10_000);

export function callerLocation(): SourceLocation | undefined {
  const format = Error.prepareStackTrace;
  if (!format) return fromFrames((new Error().stack ?? '').split('\n').slice(1));
  // A formatter installed by user code (source-map-support, as ts-node and jest install it) maps
  // every frame of the stack through source maps, which cost more than the construct itself at
  // 20,000 products: take the frames unformatted, and format them one at a time, in order, until
  // the first one outside the library.
  let frames: NodeJS.CallSite[] = [];
  Error.prepareStackTrace = (_error, structured) => {
    frames = structured;
    return '';
  };
  try {
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder);
    void holder.stack;
  } finally {
    Error.prepareStackTrace = format;
  }
  return fromFrames(
    (function* () {
      for (const frame of frames) {
        // A frame whose compiled file is Node's, this library's or a dependency's maps to one of
        // those too: skipped before the costly formatting.
        const file = frame.getFileName();
        if (!outsideLibrary(file)) continue;
        // Products declared in a loop share a call site: each is mapped once.
        const site = `${file}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
        let line = formatted.get(site);
        if (line === undefined) formatted.set(site, (line = String(format(new Error(), [frame])).split('\n')[1] ?? ''));
        yield line;
      }
    })(),
  );
}

function outsideLibrary(file: string | null | undefined): boolean {
  if (!file || file.startsWith('node:')) return false;
  if (file.startsWith(LIBRARY_DIR + path.sep)) return false;
  return !file.split(/[\\/]/).includes('node_modules');
}

/** The first frame (a line of a stack trace) outside this library and node_modules, made relative to the working directory. */
function fromFrames(lines: Iterable<string>): SourceLocation | undefined {
  const cwd = process.cwd();
  for (const line of lines) {
    const m = /\(?((?:[A-Za-z]:)?[\\/][^():]*?):(\d+):\d+\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1];
    if (!outsideLibrary(file)) continue;
    const rel = path.relative(cwd, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return { file: rel.split(path.sep).join('/'), line: Number(m[2]) };
  }
  return undefined;
}
