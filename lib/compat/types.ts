/**
 * Public and internal types of the offline schema compatibility checker.
 */

/** Schema formats a Confluent-compatible schema registry accepts. */
export type SchemaFormat = 'AVRO' | 'JSON' | 'PROTOBUF';

/** Compatibility levels, named as in the schema registry's `/config` API. */
export type CompatibilityLevel =
  | 'NONE'
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE';

/**
 * The direction a check runs in.
 * BACKWARD: a reader on the new schema reads data written with an old one.
 * FORWARD: a reader on an old schema reads data written with the new one.
 */
export type CompatibilityDirection = 'BACKWARD' | 'FORWARD';

/** One reason why a candidate schema is incompatible with one published version. */
export interface CompatibilityIssue {
  /** Where the problem is: a dotted field path such as `total` or `address.zip`; `''` for the root. */
  readonly path: string;
  /** Short rule id, e.g. `FIELD_ADDED_WITHOUT_DEFAULT` or Confluent's `FIELD_SCALAR_KIND_CHANGED`. */
  readonly rule: string;
  /** The direction in which the rule is broken. */
  readonly direction: CompatibilityDirection;
  /** 1-based index into `history` of the version the candidate was checked against. */
  readonly againstVersion: number;
  /** A sentence naming the field, the rule, the subject (when given) and the version. */
  readonly message: string;
}

/** The verdict of {@link checkCompatibility}. */
export interface CompatibilityResult {
  readonly compatible: boolean;
  readonly level: CompatibilityLevel;
  readonly issues: CompatibilityIssue[];
}

/** Input of {@link checkCompatibility}. */
export interface CompatibilityInput {
  readonly format: SchemaFormat;
  readonly level: CompatibilityLevel;
  /** The schema text about to be registered. */
  readonly candidate: string;
  /** Published versions, oldest first (version 1 is `history[0]`). */
  readonly history: readonly string[];
  /** Subject name, used in messages only (e.g. `sales.orders-value`). */
  readonly subject?: string;
  /**
   * Referenced schemas by reference name: protobuf imports (`money.proto`), Avro named types
   * (`sales.Address`) and JSON Schema `$ref` targets (`address.json`). The same references apply
   * to the candidate and to every version in `history`.
   */
  readonly references?: Readonly<Record<string, string>>;
}

/** Result of {@link parseSchema}. */
export type ParseResult = { ok: true; canonical: string } | { ok: false; error: string };

/**
 * Thrown by {@link checkCompatibility} when the candidate or a version in history does not parse.
 */
export class SchemaParseError extends Error {
  constructor(
    /** Which schema failed: `'candidate'` or the 1-based version number in history. */
    public readonly version: 'candidate' | number,
    public readonly format: SchemaFormat,
    /** The parser's own error, with line and column where known. */
    public readonly detail: string,
  ) {
    super(
      `${format} schema ${version === 'candidate' ? 'candidate' : `version ${version}`} does not parse: ${detail}`,
    );
    this.name = 'SchemaParseError';
  }
}

/**
 * A format-level finding before it is tied to a version and a subject: `what` is the start of
 * the sentence ("field `total` was added without a default").
 */
export interface Finding {
  readonly path: string;
  readonly rule: string;
  readonly what: string;
}

/** What each format module provides to the level driver. */
export interface FormatChecker<P> {
  /** Parses schema text; throws an Error whose message is the parse error. */
  parse(text: string, references: Readonly<Record<string, string>>): P;
  /** A normalized text form of a parsed schema (stable across formatting changes). */
  canonical(parsed: P): string;
  /**
   * Findings that break `direction` when `candidate` follows `previous`; empty when compatible.
   */
  compare(previous: P, candidate: P, direction: CompatibilityDirection): Finding[];
}
