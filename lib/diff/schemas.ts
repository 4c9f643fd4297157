import { createHash } from 'crypto';
import { checkCompatibility, CompatibilityLevel, CompatibilityResult, parseSchema, ResolvedReference } from '../compat';
import { planFor } from '../compat/levels';
import type { FlagDraft } from './flags';
import type { SchemaValue } from './snapshot';
import type { CompatibilityVerdict, SchemaDiff } from './types';
import { joinWords } from './words';

/**
 * Whether `to` checks at least what `from` checks: every direction of `from`, against every
 * version when `from` is transitive. NONE checks nothing, so every level is at least NONE;
 * BACKWARD and FORWARD check different things, so neither is at least the other.
 */
export function levelAtLeast(to: CompatibilityLevel, from: CompatibilityLevel): boolean {
  const a = planFor(from);
  const b = planFor(to);
  if (a.directions.length === 0) return true;
  return a.directions.every((d) => b.directions.includes(d)) && (!a.transitive || b.transitive);
}

/** What a move from `from` to `to` stops the registry from checking, in words. */
export function relaxedWords(from: CompatibilityLevel, to: CompatibilityLevel): string {
  const a = planFor(from);
  const b = planFor(to);
  if (b.directions.length === 0) return 'the registry accepts any schema from now on';
  const dropped: string[] = [];
  if (a.directions.includes('BACKWARD') && !b.directions.includes('BACKWARD'))
    dropped.push('that consumers on a new schema can read the records already written (BACKWARD)');
  if (a.directions.includes('FORWARD') && !b.directions.includes('FORWARD'))
    dropped.push('that consumers still on an older schema can read new records (FORWARD)');
  if (a.transitive && !b.transitive) dropped.push('against every earlier version (only the latest from now on)');
  return `the registry no longer checks ${joinWords(dropped)}`;
}

/** A short, format-independent id of a schema: equal for the same schema however formatted. */
export function fingerprint(value: SchemaValue, references: Record<string, string>): string {
  const parsed = parseSchema(value.type, value.schema, references);
  const text = parsed.ok ? parsed.canonical : value.schema;
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

function verdictOf(result: CompatibilityResult): CompatibilityVerdict {
  return { checked: true, compatible: result.compatible, level: result.level, issues: result.issues.map((i) => i.message) };
}

/** A schema's references with the texts found for them (a missing one is left out: the parse says so). */
function withReferences(value: SchemaValue, texts: Record<string, string>): { schema: string; references: ResolvedReference[] } {
  const references = value.references
    .filter((r) => texts[r.name] !== undefined)
    .map((r) => ({ name: r.name, subject: r.subject, version: r.version, schema: texts[r.name] }));
  return { schema: value.schema, references };
}

/**
 * The head schema checked against the base schema as the registry would, under `level`: each
 * with its own references (`baseReferences` for the base; the head's by default).
 */
export function checkAgainst(
  subject: string,
  base: SchemaValue,
  head: SchemaValue,
  level: CompatibilityLevel,
  references: Record<string, string>,
  baseReferences: Record<string, string> = references,
): CompatibilityVerdict {
  if (base.type !== head.type) {
    if (planFor(level).directions.length === 0) return { checked: true, compatible: true, level, issues: [] };
    return {
      checked: true,
      compatible: false,
      level,
      issues: [`the schema type changes from ${base.type} to ${head.type}: no ${base.type} reader can read ${head.type} records (${subject})`],
    };
  }
  try {
    const candidate = head.references.length ? withReferences(head, references) : head.schema;
    const previous = base.references.length ? withReferences(base, baseReferences) : base.schema;
    return verdictOf(checkCompatibility({ format: head.type, level, candidate, history: [previous], subject, references }));
  } catch (e) {
    return { checked: false, level, issues: [], error: (e as Error).message.split('\n')[0] };
  }
}

/** The references that change (a referenced subject version moving), in words. */
function referenceChanges(base: SchemaValue, head: SchemaValue): string[] {
  const show = (r: SchemaValue['references'][number] | undefined) => (r ? `${r.subject} version ${r.version}` : 'none');
  const names = [...new Set([...base.references.map((r) => r.name), ...head.references.map((r) => r.name)])].sort();
  return names.flatMap((name) => {
    const b = base.references.find((r) => r.name === name);
    const h = head.references.find((r) => r.name === name);
    return show(b) === show(h) ? [] : [`${name}: ${show(b)} -> ${show(h)}`];
  });
}

/** Which readers a failed check hurts, from the directions its issues break. */
function breakWords(verdict: CompatibilityVerdict): string {
  const text = verdict.issues.join('\n');
  const hurt: string[] = [];
  if (/breaks BACKWARD/.test(text) || /schema type changes/.test(text))
    hurt.push('consumers that move to the new schema cannot read the records already on the topic');
  if (/breaks FORWARD/.test(text) || /schema type changes/.test(text))
    hurt.push('consumers still on the old schema cannot read records written with the new one');
  return hurt.length ? joinWords(hurt) : 'consumers may fail to read records';
}

export interface SchemaFindings {
  readonly diff: SchemaDiff;
  readonly flags: FlagDraft[];
}

/**
 * Compares one subject. `references` resolves the head schema's references (reference name ->
 * schema text) from the head's own subjects.
 */
export function compareSchemas(
  subject: string,
  topic: string,
  base: SchemaValue | undefined,
  head: SchemaValue | undefined,
  references: Record<string, string>,
  topicLeaves: boolean,
  baseReferences: Record<string, string> = references,
): SchemaFindings | undefined {
  const flags: FlagDraft[] = [];
  const notes: string[] = [];
  if (!base && !head) return undefined;
  const common = {
    subject,
    type: { from: base?.type, to: head?.type },
    level: { from: base?.level, to: head?.level },
    fingerprint: { from: base ? fingerprint(base, baseReferences) : undefined, to: head ? fingerprint(head, references) : undefined },
  };
  if (!base || !head) {
    if (!head && !topicLeaves) {
      flags.push({
        kind: 'schema-removed',
        object: subject,
        topic,
        message: `Subject ${subject} is deleted from the schema registry while ${topic} stays: producers can no longer register or look up its schema, and consumers that fetch it by subject fail.`,
      });
    }
    return { diff: { ...common, status: head ? 'added' : 'removed', textDiff: [], notes }, flags };
  }
  const sameText = base.schema === head.schema && base.type === head.type && JSON.stringify(base.references) === JSON.stringify(head.references);
  const sameLevel = base.level === head.level;
  if (sameText && sameLevel) return undefined;

  if (!sameLevel && !levelAtLeast(head.level, base.level)) {
    flags.push({
      kind: 'compatibility-relaxed',
      object: subject,
      topic,
      message: `${subject}: compatibility ${base.level} -> ${head.level}: ${relaxedWords(base.level, head.level)}, so a later schema change can break consumers without the registry stopping it.`,
    });
  } else if (!sameLevel) {
    notes.push(`Compatibility ${base.level} -> ${head.level} is stricter: the registry checks more from now on.`);
  }
  if (sameText) return { diff: { ...common, status: 'settings', textDiff: [], notes }, flags };

  const moved = referenceChanges(base, head);
  if (moved.length) notes.push(`References move: ${moved.join('; ')}.`);
  const reformatted = common.fingerprint.from === common.fingerprint.to && base.type === head.type && moved.length === 0;
  if (reformatted) {
    notes.push('Only the formatting changes: the canonical schema is the same.');
    return { diff: { ...common, status: 'reformatted', textDiff: [], notes }, flags };
  }
  const verdict = checkAgainst(subject, base, head, head.level, references, baseReferences);
  if (verdict.checked && verdict.compatible === false) {
    flags.push({
      kind: 'schema-incompatible',
      object: subject,
      topic,
      message: `${subject}: the new schema is not ${head.level}-compatible with the one it replaces (${verdict.issues.length} issue${verdict.issues.length === 1 ? '' : 's'}; first: ${verdict.issues[0]}). The registry refuses it, so the apply fails; forced through, ${breakWords(verdict)}.`,
    });
  }
  if (!verdict.checked) notes.push(`The compatibility check could not run: ${verdict.error}.`);
  if (verdict.checked && planFor(head.level).directions.length === 0) {
    const informative = checkAgainst(subject, base, head, 'BACKWARD', references, baseReferences);
    if (informative.checked && informative.compatible === false) {
      notes.push(`At level NONE the registry accepts any schema, but checked as BACKWARD this change breaks: ${informative.issues[0]}`);
    }
  }
  return { diff: { ...common, status: 'changed', verdict, textDiff: textDiff(pretty(base), pretty(head)), notes }, flags };
}

/** The schema as lines to compare: JSON schemas pretty-printed so that a change is one line. */
function pretty(value: SchemaValue): string[] {
  if (value.type !== 'PROTOBUF') {
    try {
      return JSON.stringify(JSON.parse(value.schema), null, 2).split('\n');
    } catch {
      // not JSON: compare the text as written
    }
  }
  return value.schema.replace(/\s+$/, '').split('\n');
}

const CONTEXT = 2;
const MAX_LINES = 80;

/**
 * A line diff (longest common subsequence) of two texts, as `-`/`+`/` ` prefixed lines with
 * {@link CONTEXT} lines around each change and `...` between distant hunks.
 */
export function textDiff(a: string[], b: string[]): string[] {
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) return ['(the schemas are too large to compare line by line)'];
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops: { kind: ' ' | '-' | '+'; line: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] });
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      ops.push({ kind: '+', line: b[j++] });
    } else {
      ops.push({ kind: '-', line: a[i++] });
    }
  }
  const keep = ops.map(() => false);
  ops.forEach((op, k) => {
    if (op.kind === ' ') return;
    for (let c = Math.max(0, k - CONTEXT); c <= Math.min(ops.length - 1, k + CONTEXT); c++) keep[c] = true;
  });
  const out: string[] = [];
  let skipped = false;
  ops.forEach((op, k) => {
    if (!keep[k]) {
      skipped = true;
      return;
    }
    if (skipped && out.length) out.push('...');
    skipped = false;
    out.push(`${op.kind} ${op.line}`);
  });
  return out.length > MAX_LINES ? [...out.slice(0, MAX_LINES), `... (${out.length - MAX_LINES} more lines)`] : out;
}
