/**
 * The bad-input corpus: invalid mesh definitions, each expected to fail with a clear message
 * that names the construct path, the field (or the governance rule) and the fix, and never
 * with a bare stack trace.
 */
import { MeshValidationError } from '../../lib';

export interface BadInput {
  /** What is wrong, as the test name: `fails when ...`. */
  readonly name: string;
  /** Builds the definition (and synthesizes it, for failures found at synth); must throw. */
  readonly build: () => unknown;
  /** The construct path the message must name. */
  readonly path: string;
  /** The field the message must name (a prop, `config["..."]`), or the rule id for a governance finding. */
  readonly field: string;
  /** Text the fix must contain. */
  readonly fix: string | RegExp;
}

/** The error `fn` throws, or a test failure if it throws nothing. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the definition to be refused, but it was accepted');
}

const STACK_FRAME = /\n\s+at /;
const GENERIC_WORDING = /Invalid input|expected (array|object|string|number|boolean|record)\b|to a (array|int|record|boolean)\b/;
const ANNOTATIONS = /^Encountered Annotations with level "ERROR":\n/;

/**
 * Asserts the failure is clean: a MeshValidationError naming path, field and fix (whose stack
 * is just its message), or, for governance findings, cdktf's failed synth whose lines name the
 * construct path, the rule, and the fix.
 */
export function expectCleanFailure(c: BadInput): void {
  const error = thrown(c.build);
  expect(error.message).not.toMatch(STACK_FRAME);
  // The validator's own wording, never the schema library's ("Invalid input: expected array, ...").
  expect(error.message).not.toMatch(GENERIC_WORDING);
  if (error instanceof MeshValidationError) {
    expect(error.stack).not.toMatch(STACK_FRAME);
    const detail = error.details.find((d) => d.path === c.path && d.field === c.field);
    if (!detail) throw new Error(`no detail for ${c.path} ${c.field} in:\n${error.message}`);
    expect(detail.fix ?? '').toMatch(typeof c.fix === 'string' ? escape(c.fix) : c.fix);
    expect(error.message).toContain(`${c.path}: ${c.field} `);
    expect(error.message).toMatch(/\. Fix: /);
    return;
  }
  expect(error.message).toMatch(ANNOTATIONS);
  const line = error.message.split('\n').find((l) => l.startsWith(`[${c.path}] ${c.field}: ${c.path}: `));
  if (!line) throw new Error(`no finding of ${c.field} at ${c.path} in:\n${error.message}`);
  expect(line.slice(line.indexOf('. Fix: ') + 7)).toMatch(typeof c.fix === 'string' ? escape(c.fix) : c.fix);
}

function escape(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** Runs every case of a corpus file as its own test. */
export function corpus(title: string, cases: BadInput[]): void {
  describe(title, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => expectCleanFailure(c));
  });
}
