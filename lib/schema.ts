import * as fs from 'fs';
import * as path from 'path';
import { parseSchema, SchemaFormat } from './compat';
import { avroErrorLocation } from './avro-location';
import { fail } from './errors';

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
  /** The version of that subject. */
  readonly version: number;
  /** The referenced schema itself, so the referring one can be checked offline. */
  readonly schema?: Schema;
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

  private constructor(type: SchemaType, source: SchemaSource, options: SchemaOptions) {
    this.type = type;
    this.source = source;
    this.references = options.references ?? [];
    this.registration = options.registration ?? 'terraform';
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
      const full = path.resolve(source.file);
      if (!fs.existsSync(full)) {
        fail({ path: constructPath, field, value: source.file, problem: 'names a schema file that does not exist', fix: `create ${source.file} or correct the path (relative to ${process.cwd()})` });
      }
      this.loaded = fs.readFileSync(full, 'utf8');
    } else if (typeof source === 'string') {
      this.loaded = source;
    } else {
      this.loaded = JSON.stringify(source);
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
    const text = this.text(constructPath, field);
    const problem = schemaProblem(this.type, text, this.references);
    if (problem) {
      const at = this.type === 'AVRO' ? avroErrorLocation(text, Object.fromEntries(this.references.flatMap((r) => (r.schema ? [[r.name, r.schema.text()]] : [])))) : undefined;
      fail({
        path: constructPath,
        field,
        value: this.origin === 'inline' ? text : this.origin,
        problem: `is not a valid ${this.type} schema: ${at ? `field ${at}: ` : ''}${problem}`,
        fix: `correct the ${this.type} schema${this.origin === 'inline' ? '' : ` in ${this.origin}`}`,
      });
    }
  }
}

function isFile(source: SchemaSource): source is SchemaFile {
  return typeof source === 'object' && source !== null && typeof (source as SchemaFile).file === 'string' && Object.keys(source).length === 1;
}

/** Why `text` is not a valid schema of `type`, or undefined when it parses. */
export function schemaProblem(type: SchemaType, text: string, references: readonly SchemaReference[] = []): string | undefined {
  const texts: Record<string, string> = {};
  for (const ref of references) {
    // A reference whose schema is not given cannot be resolved offline: check the syntax only.
    if (!ref.schema) return type === 'PROTOBUF' ? undefined : jsonSyntaxProblem(text);
    texts[ref.name] = ref.schema.text();
  }
  const parsed = parseSchema(type, text, texts);
  return parsed.ok ? undefined : parsed.error.split('\n')[0];
}

function jsonSyntaxProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
