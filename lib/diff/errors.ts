import * as fs from 'fs';

/**
 * An input the diff tools cannot use (a missing directory, a file that is not a plan): the
 * message says what is wrong with which file, `fix` what to do about it. The command line
 * prints both and exits with code 2, never a stack trace.
 */
export class DiffInputError extends Error {
  public readonly fix: string;

  constructor(problem: string, fix: string) {
    super(problem);
    this.name = 'DiffInputError';
    this.fix = fix;
    this.stack = `${this.name}: ${problem}`;
  }
}

/** Reads a file, turning every failure into a {@link DiffInputError} that names it. */
export function readInputFile(file: string, what: string, fix: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES'
            ? 'cannot be read (permission denied)'
            : `cannot be read (${(e as Error).message})`;
    throw new DiffInputError(`${what} ${file} ${why}`, fix);
  }
}

/** Parses JSON text read from `file`; a syntax error becomes a {@link DiffInputError}. */
export function parseInputJson(text: string, file: string, what: string, fix: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DiffInputError(`${what} ${file} is not valid JSON (${(e as Error).message})`, fix);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
