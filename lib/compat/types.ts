/**
 * Public and internal types of the offline schema compatibility checker.
 */

/** Schema formats a Confluent-compatible schema registry accepts. */
export type SchemaFormat = 'AVRO' | 'JSON' | 'PROTOBUF';

/** Compatibility levels, named as in the schema registry's `/config` API. */
export type CompatibilityLevel = 'NONE' | 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE';

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

/**
 * A reference as the registry resolves it for one schema version: the name the referring schema
 * uses, the subject and version it points at, that version's text and, recursively, the
 * references that version was registered with.
 */
export interface ResolvedReference {
  /** The name used in the referring schema: Protobuf import path, Avro full name, JSON `$ref` URL. */
  readonly name: string;
  /** The subject holding the referenced schema (for messages and the lock). */
  readonly subject: string;
  /** The version of that subject. */
  readonly version: number;
  /** The text of that subject version. */
  readonly schema: string;
  /** The references that version was registered with. @default none */
  readonly references?: readonly ResolvedReference[];
}

/** A schema text with the references it is (or was) registered with. */
export interface SchemaVersion {
  readonly schema: string;
  /**
   * Its own references. When absent, the input's shared `references` map applies; `[]` means
   * none.
   */
  readonly references?: readonly ResolvedReference[];
}

/** Input of {@link checkCompatibility}. */
export interface CompatibilityInput {
  readonly format: SchemaFormat;
  readonly level: CompatibilityLevel;
  /** The schema about to be registered: its text, or its text with its own references. */
  readonly candidate: string | SchemaVersion;
  /**
   * Published versions, oldest first (version 1 is `history[0]`), each as registered: a text, or
   * a text with the references that version was registered with.
   */
  readonly history: readonly (string | SchemaVersion)[];
  /** Subject name, used in messages only (e.g. `sales.orders-value`). */
  readonly subject?: string;
  /**
   * The shared form: referenced schemas by reference name (protobuf imports `money.proto`, Avro
   * named types `sales.Address`, JSON Schema `$ref` targets `address.json`), for every schema
   * given as plain text or without `references` of its own. Each schema loads only the
   * references it uses.
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
    super(`${format} schema ${version === 'candidate' ? 'candidate' : `version ${version}`} does not parse: ${detail}`);
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
  /**
   * Parses schema text; throws an Error whose message is the parse error. `references` maps
   * reference names to texts, dependencies first; with `declared`, they are the references the
   * schema was registered with (loaded as the registry loads them), else a shared map from which
   * only what the schema uses is loaded.
   */
  parse(text: string, references: Readonly<Record<string, string>>, declared: boolean): P;
  /** A normalized text form of a parsed schema (stable across formatting changes). */
  canonical(parsed: P): string;
  /**
   * Findings that break `direction` when `candidate` follows `previous`; empty when compatible.
   */
  compare(previous: P, candidate: P, direction: CompatibilityDirection): Finding[];
}
