import { maskSecrets } from './private/secrets';

/**
 * Errors raised for invalid mesh definitions. Every message names the construct path, the
 * field, the value received and how to fix it, so that a user never has to read a stack trace.
 */
export interface MeshErrorDetails {
  /** Construct path, e.g. `sales/orders`. */
  readonly path: string;
  /** The prop or field at fault, e.g. `partitions` or `config["retention.ms"]`. */
  readonly field: string;
  /** The value received (rendered with {@link formatValue}). */
  readonly value?: unknown;
  /** What is wrong, phrased to follow the field name: `must be an integer from 1 to 10000`. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix?: string;
}

export class MeshValidationError extends Error {
  public readonly details: MeshErrorDetails[];

  constructor(details: MeshErrorDetails[]) {
    super(details.map(formatDetails).join('\n'));
    this.name = 'MeshValidationError';
    this.details = details;
    // The message carries everything a user needs; a stack into our own internals does not help.
    this.stack = `${this.name}: ${this.message}`;
  }
}

export function formatDetails(d: MeshErrorDetails): string {
  const got = 'value' in d ? ` (got ${formatValue(d.value)})` : '';
  const fix = d.fix ? `. Fix: ${d.fix}` : '';
  return `${d.path}: ${d.field} ${d.problem}${got}${fix}`;
}

/**
 * Runs every check, and throws one {@link MeshValidationError} with the problems of all that
 * failed (any other error is thrown as it is): a user sees every problem of one synth at once.
 */
export function checkAll(checks: Iterable<() => void>): void {
  const details: MeshErrorDetails[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (e) {
      if (e instanceof MeshValidationError) details.push(...e.details);
      else throw e;
    }
  }
  if (details.length) throw new MeshValidationError(details);
}

/** Throws a single-detail {@link MeshValidationError}. */
export function fail(details: MeshErrorDetails): never {
  throw new MeshValidationError([details]);
}

/** A value as messages show it: credentials embedded in it masked, long values shortened. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') {
    const masked = maskSecrets(value);
    return JSON.stringify(masked.length > 120 ? `${masked.slice(0, 117)}...` : masked);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  // JSON has none of these: as written in code, not `[object BigInt]`.
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return value.name ? `a function (${value.name})` : 'a function';
  try {
    const json = maskSecrets(JSON.stringify(value));
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The closest candidate by edit distance, for "did you mean" hints (undefined if none is close). */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
