import * as fs from 'fs';
import * as path from 'path';
import { parseSchema, ResolvedReference, SchemaFormat } from '../compat';
import { isPlainValidAvroRecord } from '../compat/avro-plain';
import { nestingProblem } from '../compat/text';
import { nameKeyed } from './records';
import { avroErrorLocation } from '../private/avro-location';
import { z } from 'zod';
import { fail } from '../errors';
import { intRange, isPlainObject, nonEmpty, validateProps, withFix } from '../private/validation';

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
   * The referenced schema itself (the text registered as `subject` version `version`): the
   * referring schema is parsed with it, so that a misspelt type name fails when the product is
   * created rather than at registration. Without it, synth takes that version's text from the
   * mesh lock of the stack that publishes the subject, and parses the referring schema with it;
   * a version found in neither fails synth naming the reference and the fix.
   * @default the text the mesh lock records for `subject` version `version`
   */
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

/** The options and references of a schema given none: one shared value each, not one per schema of a large mesh. */
const NO_OPTIONS: SchemaOptions = Object.freeze({});
const NO_REFERENCES: readonly SchemaReference[] = Object.freeze([]);

/**
 * A schema for a topic's keys or values. Create one with {@link Schema.avro},
 * {@link Schema.jsonSchema} or {@link Schema.protobuf}, inline or {@link fromFile}.
 */
export class Schema {
  /** An Avro schema (`.avsc` text, a parsed object, or a file). */
  public static avro(source: SchemaSource, options: SchemaOptions = NO_OPTIONS): Schema {
    return new Schema('AVRO', source, options);
  }

  /** A JSON Schema (draft-07 or 2020-12; text, a parsed object, or a file). */
  public static jsonSchema(source: SchemaSource, options: SchemaOptions = NO_OPTIONS): Schema {
    return new Schema('JSON', source, options);
  }

  /** A Protobuf schema (`.proto` text, or a file). */
  public static protobuf(source: string | SchemaFile, options: SchemaOptions = NO_OPTIONS): Schema {
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
    this.references = Array.isArray(o.references) ? o.references : NO_REFERENCES;
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
        path: constructPath,
        field,
        value: source,
        problem: 'must be the schema as text, a parsed object or fromFile(...)',
        fix: "pass the schema text, an object such as { type: 'record', ... }, or fromFile('schemas/<domain>/<entity>.avsc')",
      });
    }
    return this.loaded;
  }

  /** Parses the schema; throws an error naming the construct, field and the parser's complaint. */
  public validate(constructPath: string, field: string): void {
    this.check(constructPath, field);
  }

  /** Checks the options and parses the schema with its references (themselves checked first). */
  private check(constructPath: string, field: string): void {
    validateProps(optionsSchema, this.options, constructPath, `${field}.options`);
    const text = this.text(constructPath, field);
    const texts = nameKeyed<string>();
    this.references.forEach((ref, i) => {
      if (!ref.schema) return;
      const refField = `${field}.options.references[${i}].schema`;
      ref.schema.check(constructPath, refField);
      texts[ref.name] = ref.schema.text(constructPath, refField);
    });
    // A reference without its text is resolved from the mesh lock at synth, and parsed there.
    if (this.references.some((ref) => !ref.schema)) return;
    const problem = referencedSchemaProblem(this.type, text, texts);
    if (problem) {
      const at =
        this.type === 'AVRO' && !nestingProblem(this.type, text)
          ? avroErrorLocation(text, Object.fromEntries(this.references.flatMap((r) => (r.schema ? [[r.name, r.schema.text()]] : []))))
          : undefined;
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
export type PublishedVersionLookup = (
  subject: string,
  version: number,
) => { readonly schema: string; readonly references?: readonly ResolvedReference[] } | undefined;

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
        fail({
          path: constructPath,
          field: where,
          value: ref.name,
          problem: 'refers back to a schema that refers to it (a reference cycle)',
          fix: 'break the cycle: a referenced schema cannot reference its referrer',
        });
      }
      const nested = resolveReferences(ref.schema, constructPath, `${where}.schema`, published, [...enclosing, schema]);
      return {
        name: ref.name,
        subject: ref.subject,
        version: ref.version,
        schema: ref.schema.text(constructPath, `${where}.schema`),
        ...(nested.length ? { references: nested } : {}),
      };
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
    return {
      name: ref.name,
      subject: ref.subject,
      version: ref.version,
      schema: found.schema,
      ...(found.references?.length ? { references: found.references } : {}),
    };
  });
}

function schemaFactory(type: SchemaType): string {
  return type === 'AVRO' ? 'avro' : type === 'JSON' ? 'jsonSchema' : 'protobuf';
}

function isFile(source: SchemaSource): source is SchemaFile {
  return typeof source === 'object' && source !== null && 'file' in source && Object.keys(source).length === 1;
}

/**
 * Why `text` is not a valid schema of `type`, or undefined when it parses. The referring schema
 * is parsed with its references' texts; a reference without its schema cannot be checked here.
 */
export function schemaProblem(type: SchemaType, text: string, references: readonly SchemaReference[] = []): string | undefined {
  const texts = nameKeyed<string>();
  for (const ref of references) {
    if (!(ref?.schema instanceof Schema)) return `the reference ${JSON.stringify(ref?.name)} has no schema, so the schema cannot be checked`;
    texts[ref.name] = ref.schema.text();
  }
  return referencedSchemaProblem(type, text, texts);
}

function referencedSchemaProblem(type: SchemaType, text: string, references: Record<string, string>): string | undefined {
  if (type === 'AVRO' && Object.keys(references).length === 0 && isPlainValidAvroRecord(parsedOrUndefined(text))) return undefined;
  const parsed = parseSchema(type, text, references);
  return parsed.ok ? undefined : parsed.error.split('\n')[0];
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readSchemaFile(file: unknown, constructPath: string, field: string): string {
  if (typeof file !== 'string' || file.trim() === '') {
    fail({
      path: constructPath,
      field,
      value: file,
      problem: 'must name a schema file',
      fix: "fromFile('schemas/<domain>/<entity>.avsc'), a path relative to the project root",
    });
  }
  const full = path.resolve(file);
  const where = `(relative to ${process.cwd()})`;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch {
    return fail({
      path: constructPath,
      field,
      value: file,
      problem: 'names a schema file that does not exist',
      fix: `create ${file} or correct the path ${where}`,
    });
  }
  if (!stat.isFile()) {
    fail({
      path: constructPath,
      field,
      value: file,
      problem: 'names a directory, not a schema file',
      fix: `name the schema file inside it, e.g. fromFile('${file.replace(/\/$/, '')}/<entity>.avsc')`,
    });
  }
  try {
    return fs.readFileSync(full, 'utf8');
  } catch (e) {
    return fail({
      path: constructPath,
      field,
      value: file,
      problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      fix: `make ${file} readable by the user running synth`,
    });
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
          z.custom<Schema>((v) => v instanceof Schema, {
            error: 'must be the referenced Schema (Schema.avro(...), Schema.jsonSchema(...) or Schema.protobuf(...))',
          }),
          "add schema: Schema.avro(fromFile('schemas/<domain>/<type>.avsc')) (the text registered as that subject version), or leave it out to take it from the mesh lock",
        ).optional(),
      }),
      { error: 'must be a list of references' },
    )
    .optional(),
  registration: z.enum(['terraform', 'external'], { error: "must be 'terraform' or 'external'" }).optional(),
});
