import * as fs from 'fs';
import * as path from 'path';
import { parseSchema, SchemaFormat } from './compat';
import { z } from 'zod';
import { fail } from './errors';
import { intRange, isPlainObject, nonEmpty, validateProps, withFix } from './validation';

/** Schema formats the Confluent Schema Registry API knows: `AVRO`, `JSON`, `PROTOBUF`. */
export type SchemaType = SchemaFormat;

/** A schema's text comes from a file, read when the owning construct is validated. */
export interface SchemaFile {
  readonly file: string;
}

/**
 * Reads a schema from a file, relative to the working directory (the project root when run by
 * `cdktf synth`). The file is read when the construct using the schema is created, so a missing
 * file is reported with that construct's path.
 */
export function fromFile(file: string): SchemaFile {
  return { file };
}

/** A schema another subject's schema refers to (Avro named type, JSON `$ref`, Protobuf import). */
export interface SchemaReference {
  /** The name used in the referring schema (Avro full name, JSON `$ref` URL, Protobuf import path). */
  readonly name: string;
  /** The subject holding the referenced schema. */
  readonly subject: string;
  /** The version of that subject: a whole number from 1. */
  readonly version: number;
  /**
   * The referenced schema itself (the text registered as `subject` version `version`). Required:
   * the referring schema is parsed with it, so that a misspelt type name fails at synth rather
   * than at registration, and it is checked like any schema.
   */
  readonly schema: Schema;
}

export interface SchemaOptions {
  /** Schemas this one refers to. @default none */
  readonly references?: SchemaReference[];
  /**
   * Who registers the subject. `'terraform'` manages it with the schemaregistry provider;
   * `'external'` leaves registration to another tool (a CI job, the producer's serializer),
   * while the mesh still validates the schema, checks its compatibility against the mesh lock
   * and publishes it in the catalog. The cultureamp/schemaregistry provider (1.6) accepts only
   * JSON text, so Protobuf schemas must be `'external'`.
   * @default 'terraform' for Avro and JSON Schema, required to be 'external' for Protobuf
   */
  readonly registration?: 'terraform' | 'external';
}

type SchemaSource = string | object | SchemaFile;

/**
 * A schema for a topic's keys or values. Create one with {@link Schema.avro},
 * {@link Schema.jsonSchema} or {@link Schema.protobuf}, inline or {@link fromFile}.
 */
export class Schema {
  /** An Avro schema (`.avsc` text, a parsed object, or a file). */
  public static avro(source: SchemaSource, options: SchemaOptions = {}): Schema {
    return new Schema('AVRO', source, options);
  }

  /** A JSON Schema (draft-07 or 2020-12; text, a parsed object, or a file). */
  public static jsonSchema(source: SchemaSource, options: SchemaOptions = {}): Schema {
    return new Schema('JSON', source, options);
  }

  /** A Protobuf schema (`.proto` text, or a file). */
  public static protobuf(source: string | SchemaFile, options: SchemaOptions = {}): Schema {
    return new Schema('PROTOBUF', source, options);
  }

  public readonly type: SchemaType;
  public readonly references: readonly SchemaReference[];
  public readonly registration: 'terraform' | 'external';
  private readonly source: SchemaSource;
  private loaded?: string;

  private readonly options: unknown;

  private constructor(type: SchemaType, source: SchemaSource, options: SchemaOptions) {
    this.type = type;
    this.source = source;
    // Checked with the construct's path when the schema is used (validate).
    this.options = options;
    const o: Partial<SchemaOptions> = isPlainObject(options) ? options : {};
    this.references = Array.isArray(o.references) ? o.references : [];
    this.registration = o.registration ?? 'terraform';
  }

  /** Where the schema came from: a file path or `inline`. */
  public get origin(): string {
    return isFile(this.source) ? this.source.file : 'inline';
  }

  /**
   * The schema text as it is registered. Reads the file on first use; `path` and `field` name
   * the construct and prop in errors.
   */
  public text(constructPath = '(schema)', field = 'schema'): string {
    if (this.loaded !== undefined) return this.loaded;
    const source = this.source;
    if (isFile(source)) {
      this.loaded = readSchemaFile(source.file, constructPath, field);
    } else if (typeof source === 'string') {
      this.loaded = source;
    } else if (isPlainObject(source)) {
      this.loaded = JSON.stringify(source);
    } else {
      fail({
        path: constructPath, field, value: source,
        problem: 'must be the schema as text, a parsed object or fromFile(...)',
        fix: "pass the schema text, an object such as { type: 'record', ... }, or fromFile('schemas/<domain>/<entity>.avsc')",
      });
    }
    return this.loaded;
  }

  /** Parses the schema; throws an error naming the construct, field and the parser's complaint. */
  public validate(constructPath: string, field: string): void {
    if (this.type === 'PROTOBUF' && this.registration === 'terraform') {
      fail({
        path: constructPath,
        field,
        value: this.origin,
        problem: 'is a Protobuf schema, which the cultureamp/schemaregistry provider cannot register (its schema attribute accepts JSON text only)',
        fix: "register the subject outside Terraform and declare Schema.protobuf(source, { registration: 'external' }), or use Avro or JSON Schema",
      });
    }
    this.check(constructPath, field);
  }

  /** Checks the options and parses the schema with its references (themselves checked first). */
  private check(constructPath: string, field: string): void {
    validateProps(optionsSchema, this.options, constructPath, `${field}.options`);
    const text = this.text(constructPath, field);
    const texts: Record<string, string> = {};
    this.references.forEach((ref, i) => {
      const refField = `${field}.options.references[${i}].schema`;
      ref.schema.check(constructPath, refField);
      texts[ref.name] = ref.schema.text(constructPath, refField);
    });
    const problem = referencedSchemaProblem(this.type, text, texts);
    if (problem) {
      fail({
        path: constructPath,
        field,
        value: this.origin === 'inline' ? text : this.origin,
        problem: `is not a valid ${this.type} schema: ${problem}`,
        fix: `correct the ${this.type} schema${this.origin === 'inline' ? '' : ` in ${this.origin}`}`,
      });
    }
  }
}

function isFile(source: SchemaSource): source is SchemaFile {
  return typeof source === 'object' && source !== null && 'file' in source && Object.keys(source).length === 1;
}

/**
 * Why `text` is not a valid schema of `type`, or undefined when it parses. Every reference must
 * carry its schema: the referring schema is parsed with them.
 */
export function schemaProblem(type: SchemaType, text: string, references: readonly SchemaReference[] = []): string | undefined {
  const texts: Record<string, string> = {};
  for (const ref of references) {
    if (!(ref?.schema instanceof Schema)) return `the reference ${JSON.stringify(ref?.name)} has no schema, so the schema cannot be checked`;
    texts[ref.name] = ref.schema.text();
  }
  return referencedSchemaProblem(type, text, texts);
}

function referencedSchemaProblem(type: SchemaType, text: string, references: Record<string, string>): string | undefined {
  const parsed = parseSchema(type, text, references);
  return parsed.ok ? undefined : parsed.error.split('\n')[0];
}

function readSchemaFile(file: unknown, constructPath: string, field: string): string {
  if (typeof file !== 'string' || file.trim() === '') {
    fail({ path: constructPath, field, value: file, problem: 'must name a schema file', fix: "fromFile('schemas/<domain>/<entity>.avsc'), a path relative to the project root" });
  }
  const full = path.resolve(file);
  const where = `(relative to ${process.cwd()})`;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch {
    return fail({ path: constructPath, field, value: file, problem: 'names a schema file that does not exist', fix: `create ${file} or correct the path ${where}` });
  }
  if (!stat.isFile()) {
    fail({ path: constructPath, field, value: file, problem: 'names a directory, not a schema file', fix: `name the schema file inside it, e.g. fromFile('${file.replace(/\/$/, '')}/<entity>.avsc')` });
  }
  try {
    return fs.readFileSync(full, 'utf8');
  } catch (e) {
    return fail({ path: constructPath, field, value: file, problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: `make ${file} readable by the user running synth` });
  }
}

const optionsSchema = z.object({
  references: z
    .array(
      z.object({
        name: nonEmpty('must be the name the schema uses for the reference', 'set name to the Avro full name, JSON $ref or Protobuf import path'),
        subject: nonEmpty('must be the subject holding the referenced schema', "set subject, e.g. 'sales.money-value'"),
        version: intRange(1, 2 ** 31 - 1, 'set version to the registered version of the subject, a whole number from 1'),
        schema: withFix(
          z.custom<Schema>((v) => v instanceof Schema, { error: 'must be the referenced Schema: without it the referring schema cannot be checked' }),
          "add schema: Schema.avro(fromFile('schemas/<domain>/<type>.avsc')) (the text registered as that subject version)",
        ),
      }),
      { error: 'must be a list of references' },
    )
    .optional(),
  registration: z.enum(['terraform', 'external'], { error: "must be 'terraform' or 'external'" }).optional(),
});
