import * as fs from 'fs';
import * as path from 'path';
import { parseSchema, ResolvedReference, SchemaFormat } from './compat';
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
   * Who registers the subject. `'terraform'` registers it with the mesh's schema backend (all
   * three formats with the default restapi backend; the opt-in cultureamp backend takes only
   * Avro and JSON Schema); `'external'` leaves registration to another tool (a CI job, the
   * producer's serializer), while the mesh still validates the schema, checks its compatibility
   * against the mesh lock and publishes it in the catalog.
   * @default 'terraform'
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

/** A published subject version as the mesh lock records it. */
export type PublishedVersionLookup = (subject: string, version: number) => { readonly schema: string; readonly references?: readonly ResolvedReference[] } | undefined;

/**
 * The checker's input for a schema's references: each with its subject, version and text, and
 * recursively that version's own references, as the registry resolves them. A reference without
 * its `schema` is looked up in the mesh lock (`published`); one found in neither fails naming
 * the construct path, the field, the subject version and the fix.
 */
export function resolveReferences(
  schema: Schema,
  constructPath: string,
  field: string,
  published?: PublishedVersionLookup,
  enclosing: readonly Schema[] = [],
): ResolvedReference[] {
  return schema.references.map((ref, i) => {
    const where = `${field}.references[${i}]`;
    if (ref.schema) {
      if (ref.schema === schema || enclosing.includes(ref.schema)) {
        fail({ path: constructPath, field: where, value: ref.name, problem: 'refers back to a schema that refers to it (a reference cycle)', fix: 'break the cycle: a referenced schema cannot reference its referrer' });
      }
      const nested = resolveReferences(ref.schema, constructPath, `${where}.schema`, published, [...enclosing, schema]);
      return { name: ref.name, subject: ref.subject, version: ref.version, schema: ref.schema.text(constructPath, `${where}.schema`), ...(nested.length ? { references: nested } : {}) };
    }
    const found = published?.(ref.subject, ref.version);
    if (!found) {
      fail({
        path: constructPath,
        field: where,
        value: `${ref.name} -> ${ref.subject} version ${ref.version}`,
        problem: `names a subject version that neither the reference's schema nor the mesh lock holds, so ${schema.type} compatibility cannot be checked`,
        fix: `give the referenced schema ({ name: '${ref.name}', subject: '${ref.subject}', version: ${ref.version}, schema: Schema.${schemaFactory(schema.type)}(...) }), or declare and lock the product that owns ${ref.subject} up to version ${ref.version}`,
      });
    }
    return { name: ref.name, subject: ref.subject, version: ref.version, schema: found.schema, ...(found.references?.length ? { references: found.references } : {}) };
  });
}

function schemaFactory(type: SchemaType): string {
  return type === 'AVRO' ? 'avro' : type === 'JSON' ? 'jsonSchema' : 'protobuf';
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
