/**
 * Offline schema compatibility: the verdicts a Confluent schema registry gives, at synth time,
 * with messages that name the field, the rule, the subject and the version.
 */
import { avroChecker } from './avro';
import { jsonSchemaChecker } from './json-schema-diff';
import { planFor, versionsToCheck } from './levels';
import { protobufChecker } from './protobuf-diff';
import { BoundedCache, nestingProblem, schemaKey } from './text';
import {
  CompatibilityInput,
  CompatibilityIssue,
  CompatibilityResult,
  FormatChecker,
  ParseResult,
  ResolvedReference,
  SchemaFormat,
  SchemaParseError,
  SchemaVersion,
} from './types';
import { nameKeyed } from '../model/records';

export * from './types';
export { COMPATIBILITY_LEVELS, isCompatibilityLevel } from './levels';

const CHECKERS: Readonly<Record<SchemaFormat, FormatChecker<unknown>>> = {
  AVRO: avroChecker as FormatChecker<unknown>,
  JSON: jsonSchemaChecker as FormatChecker<unknown>,
  PROTOBUF: protobufChecker as FormatChecker<unknown>,
};

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** Parsed schemas by format, text and references: a schema is parsed once per process. */
const parsedCache = new BoundedCache<Parsed>(1000);

function checkerFor(format: SchemaFormat): FormatChecker<unknown> {
  const checker = CHECKERS[format];
  if (!checker) {
    throw new Error(`unknown schema format ${JSON.stringify(format)} (expected AVRO, JSON or PROTOBUF)`);
  }
  return checker;
}

/**
 * The references a schema version was registered with, flattened as the registry resolves them:
 * reference name -> text, each reference's own references before it, the first occurrence of a
 * name winning.
 */
export function flattenReferences(references: readonly ResolvedReference[]): Record<string, string> {
  const out = nameKeyed<string>();
  const seen = new Set<string>();
  const visit = (list: readonly ResolvedReference[], from: string) => {
    for (const ref of list) {
      if (!ref || typeof ref.name !== 'string' || typeof ref.schema !== 'string') {
        throw new TypeError(`${from}: each reference needs a name and the referenced schema text (got ${JSON.stringify(ref)})`);
      }
      if (seen.has(ref.name)) continue;
      seen.add(ref.name);
      visit(ref.references ?? [], `reference ${ref.name} (${ref.subject} version ${ref.version})`);
      out[ref.name] = ref.schema;
    }
  };
  visit(references, 'references');
  return out;
}

/** A schema as the check loads it: its text, its references, and whether it declared them. */
interface Prepared {
  readonly text: string;
  readonly references: Readonly<Record<string, string>>;
  readonly declared: boolean;
}

function prepare(entry: string | SchemaVersion, shared: Readonly<Record<string, string>>): Prepared {
  if (typeof entry === 'string') return { text: entry, references: shared, declared: false };
  if (!entry || typeof entry.schema !== 'string') {
    throw new TypeError(`a schema must be a text or { schema, references? } (got ${JSON.stringify(entry)})`);
  }
  if (entry.references === undefined) return { text: entry.schema, references: shared, declared: false };
  return { text: entry.schema, references: flattenReferences(entry.references), declared: true };
}

function nestingOf(format: SchemaFormat, name: string, text: string): string | undefined {
  const problem = nestingProblem(format, text);
  return problem && `reference ${name}: ${problem}`;
}

function parseCached(format: SchemaFormat, text: string, references: Readonly<Record<string, string>>, declared: boolean): Parsed {
  const key = `${format}\u0000${declared ? 'D' : 'S'}\u0000${schemaKey(text, references)}`;
  let parsed = parsedCache.get(key);
  if (!parsed) {
    try {
      const deep =
        nestingProblem(format, text) ??
        Object.keys(references)
          .map((name) => nestingOf(format, name, references[name]))
          .find(Boolean);
      if (deep) throw new Error(deep);
      parsed = { ok: true, value: checkerFor(format).parse(text, references, declared) };
    } catch (e) {
      parsed = { ok: false, error: (e as Error).message };
    }
    parsedCache.set(key, parsed);
  }
  return parsed;
}

/**
 * Parses a schema the way the compatibility check does: `canonical` is a normalized text
 * (stable across formatting), `error` the parser's message, with line and column where the
 * underlying parser gives them.
 */
export function parseSchema(
  format: SchemaFormat,
  text: string,
  references?: Readonly<Record<string, string>> | readonly ResolvedReference[],
): ParseResult {
  const declared = Array.isArray(references);
  let map: Readonly<Record<string, string>>;
  try {
    map = declared ? flattenReferences(references as readonly ResolvedReference[]) : ((references as Record<string, string> | undefined) ?? {});
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const parsed = parseCached(format, text, map, declared);
  if (!parsed.ok) {
    return { ok: false, error: parsed.error };
  }
  return { ok: true, canonical: checkerFor(format).canonical(parsed.value) };
}

/**
 * Checks `candidate` against the published `history` under `level`, as the schema registry's
 * compatibility check would, each version with the references it was registered with. Throws
 * {@link SchemaParseError} when a schema does not parse.
 */
export function checkCompatibility(input: CompatibilityInput): CompatibilityResult {
  const { format, level, candidate, history, subject } = input;
  const shared = input.references ?? {};
  const plan = planFor(level);
  const checker = checkerFor(format);
  const versions = versionsToCheck(plan, history.length);
  if (versions.length === 0) {
    return { compatible: true, level, issues: [] };
  }
  const parse = (entry: string | SchemaVersion, version: 'candidate' | number) => {
    const { text, references, declared } = prepare(entry, shared);
    const parsed = parseCached(format, text, references, declared);
    if (!parsed.ok) throw new SchemaParseError(version, format, parsed.error);
    return parsed.value;
  };
  const next = parse(candidate, 'candidate');
  const issues: CompatibilityIssue[] = [];
  for (const version of versions) {
    const previous = parse(history[version - 1], version);
    for (const direction of plan.directions) {
      for (const finding of checker.compare(previous, next, direction)) {
        issues.push({
          path: finding.path,
          rule: finding.rule,
          direction,
          againstVersion: version,
          message: `${finding.what}: breaks ${direction}${subject ? ` for ${subject}` : ''} (against version ${version}, rule ${finding.rule})`,
        });
      }
    }
  }
  return { compatible: issues.length === 0, level, issues };
}

/** Forgets every parsed schema (for tests and long-running processes). */
export function clearCompatibilityCache(): void {
  parsedCache.clear();
}
