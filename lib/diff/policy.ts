import { DiffInputError, readInputFile } from './errors';
import type { FailOn, MeshDiff, PolicyVerdict } from './types';
import { didYouMean, globMatch } from './words';

export const FAIL_ON: readonly FailOn[] = ['risk', 'data-loss', 'never'];

/**
 * The default: every unacknowledged flag fails the run. A lost consumer or an incompatible
 * schema breaks production as surely as deleted records, and acknowledging a flag is one line.
 */
export const DEFAULT_FAIL_ON: FailOn = 'risk';

/** A reviewer's acceptance of a flag: its id, or a pattern with `*`, and why. */
export interface Acknowledgement {
  readonly pattern: string;
  readonly reason?: string;
  /** Where it came from: `--ack`, or `<file>:<line>`. */
  readonly source: string;
}

export const ACK_PREFIX = 'kafka-mesh-ack:';

/**
 * Reads acknowledgements, one a line: `<flag id or pattern> [reason]`, optionally after the
 * prefix `kafka-mesh-ack:` (so lines copied from a pull request description work as they are).
 * Blank lines and lines starting with `#` are ignored.
 */
export function parseAcknowledgements(text: string, source: string): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    let line = raw.trim();
    if (!line || line.startsWith('#')) return;
    if (line.toLowerCase().startsWith(ACK_PREFIX)) line = line.slice(ACK_PREFIX.length).trim();
    const m = /^(\S+)\s*(.*)$/.exec(line);
    if (!m) return;
    const reason = m[2].replace(/^(#|-|:)\s*/, '').trim();
    out.push({ pattern: m[1], ...(reason ? { reason } : {}), source: `${source}:${i + 1}` });
  });
  return out;
}

export function readAcknowledgementFile(file: string): Acknowledgement[] {
  const text = readInputFile(
    file,
    'the acknowledgement file',
    'pass a text file with one flag id a line (`<flag id> <reason>`), e.g. written from the pull request description',
  ).toString('utf8');
  return parseAcknowledgements(text, file);
}

export function parseFailOn(value: string | undefined): FailOn {
  if (value === undefined) return DEFAULT_FAIL_ON;
  if ((FAIL_ON as readonly string[]).includes(value)) return value as FailOn;
  throw new DiffInputError(`--fail-on ${JSON.stringify(value)} is not a policy`, `use one of ${FAIL_ON.join(', ')}`);
}

/**
 * Marks the flags the acknowledgements match and decides the exit code: 1 when a flag at or
 * above the `failOn` level is not acknowledged, else 0. Flags acknowledged in the code (a
 * decommission) stay acknowledged.
 */
export function applyPolicy(diff: MeshDiff, failOn: FailOn, acks: readonly Acknowledgement[]): PolicyVerdict {
  const used = new Set<Acknowledgement>();
  for (const flag of diff.flags) {
    // A refused synth is not a risk to accept: the mesh will not deploy it until the code changes.
    if (flag.acknowledged || flag.kind === 'synth-refused') continue;
    const ack = acks.find((a) => globMatch(a.pattern, flag.id));
    if (ack) {
      used.add(ack);
      flag.acknowledged = { by: ack.source, ...(ack.reason ? { reason: ack.reason } : {}) };
    }
  }
  // A head the mesh refuses cannot deploy: its refusals fail every check that fails at all.
  const counts = (f: { category: string; kind: string }) =>
    failOn === 'risk' || f.kind === 'synth-refused' || (failOn === 'data-loss' && f.category === 'data-loss');
  const failing = failOn === 'never' ? [] : diff.flags.filter((f) => !f.acknowledged && counts(f)).map((f) => f.id);
  const verdict: PolicyVerdict = {
    failOn,
    failing,
    exitCode: failing.length ? 1 : 0,
    unusedAcks: acks
      .filter((a) => !used.has(a) && !diff.flags.some((f) => globMatch(a.pattern, f.id)))
      .map((a) => {
        const near = a.pattern.includes('*')
          ? undefined
          : didYouMean(
              a.pattern,
              diff.flags.map((f) => f.id),
            );
        return `${a.pattern} (${a.source})${near ? `; did you mean ${near}?` : ''}`;
      }),
  };
  diff.verdict = verdict;
  return verdict;
}
