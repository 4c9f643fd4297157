/**
 * Offline schema compatibility: the verdicts a Confluent schema registry gives, at synth time,
 * with messages that name the field, the rule, the subject and the version.
 */
import { avroChecker } from './avro';
import { jsonSchemaChecker } from './json-schema-diff';
import { planFor, versionsToCheck } from './levels';
import { protobufChecker } from './protobuf-diff';
import { BoundedCache, schemaKey } from './text';
import {
  CompatibilityInput, CompatibilityIssue, CompatibilityResult, FormatChecker, ParseResult, SchemaFormat, SchemaParseError,
} from './types';

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

function parseCached(format: SchemaFormat, text: string, references: Readonly<Record<string, string>>): Parsed {
  const key = `${format}\u0000${schemaKey(text, references)}`;
  let parsed = parsedCache.get(key);
  if (!parsed) {
    try {
      parsed = { ok: true, value: checkerFor(format).parse(text, references) };
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
export function parseSchema(format: SchemaFormat, text: string, references?: Record<string, string>): ParseResult {
  const parsed = parseCached(format, text, references ?? {});
  if (!parsed.ok) {
    return { ok: false, error: parsed.error };
  }
  return { ok: true, canonical: checkerFor(format).canonical(parsed.value) };
}

/**
 * Checks `candidate` against the published `history` under `level`, as the schema registry's
 * compatibility check would. Throws {@link SchemaParseError} when a schema does not parse.
 */
export function checkCompatibility(input: CompatibilityInput): CompatibilityResult {
  const { format, level, candidate, history, subject } = input;
  const references = input.references ?? {};
  const plan = planFor(level);
  const checker = checkerFor(format);
  const versions = versionsToCheck(plan, history.length);
  if (versions.length === 0) {
    return { compatible: true, level, issues: [] };
  }
  const parse = (text: string, version: 'candidate' | number) => {
    const parsed = parseCached(format, text, references);
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
