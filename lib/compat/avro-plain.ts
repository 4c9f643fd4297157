/**
 * A quick answer to "is this Avro schema valid?" for the common shape of a data product's value
 * schema: a named record whose fields are primitives, unions of primitives or nested named
 * records, with `doc` and defaults. Checking it costs a walk of the parsed JSON; avsc's parser
 * (see avro.ts) compiles six functions per record, which at 20,000 products was a fifth of the
 * synth.
 *
 * The answer is `true` only where avsc (with the options avro.ts gives it) accepts the schema;
 * anything else, valid or not, is `false` and goes to avsc, so every error message still comes
 * from the one parser. test/avro-plain.test.ts compares the two on generated schemas.
 */
import { MAX_SCHEMA_NESTING } from './text';

/** Avro's primitive type names. */
export const PRIMITIVES: ReadonlySet<string> = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RECORD_KEYS = new Set(['type', 'name', 'namespace', 'doc', 'fields']);
const FIELD_KEYS = new Set(['name', 'type', 'doc', 'default']);
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Whether `schema` (parsed JSON) is a record of the plain shape that avsc accepts. */
export function isPlainValidAvroRecord(schema: unknown): boolean {
  return plainRecord(schema, '', new Set());
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const key of Object.keys(value)) if (!allowed.has(key)) return false;
  return true;
}

/** A record with a valid, new full name, in `namespace` unless it names its own. */
function plainRecord(schema: unknown, namespace: string, names: Set<string>): boolean {
  // Each record nested in another adds a name: a schema of more records than the checker's
  // nesting bound goes to the full parse, which reports one nested too deep (and no walk recurses).
  if (names.size >= MAX_SCHEMA_NESTING) return false;
  if (!isObject(schema) || schema.type !== 'record' || !onlyKeys(schema, RECORD_KEYS)) return false;
  const { name, fields, doc } = schema;
  if (typeof name !== 'string' || !NAME.test(name) || PRIMITIVES.has(name)) return false;
  if (doc !== undefined && typeof doc !== 'string') return false;
  let own = namespace;
  if (schema.namespace !== undefined) {
    if (typeof schema.namespace !== 'string') return false;
    if (schema.namespace !== '' && !schema.namespace.split('.').every((part) => NAME.test(part))) return false;
    own = schema.namespace;
  }
  const full = own ? `${own}.${name}` : name;
  if (names.has(full)) return false;
  names.add(full);
  if (!Array.isArray(fields)) return false;
  const fieldNames = new Set<string>();
  for (const field of fields) {
    if (!isObject(field) || !onlyKeys(field, FIELD_KEYS)) return false;
    if (typeof field.name !== 'string' || !NAME.test(field.name) || fieldNames.has(field.name)) return false;
    fieldNames.add(field.name);
    if (field.doc !== undefined && typeof field.doc !== 'string') return false;
    if (!plainFieldType(field.type, own, names)) return false;
    if (field.default !== undefined && !defaultFits(field.type, field.default)) return false;
  }
  return true;
}

function plainFieldType(type: unknown, namespace: string, names: Set<string>): boolean {
  if (typeof type === 'string') return PRIMITIVES.has(type);
  if (Array.isArray(type)) {
    // One or more distinct primitives.
    return type.length >= 1 && type.every((t) => typeof t === 'string' && PRIMITIVES.has(t)) && new Set(type).size === type.length;
  }
  return plainRecord(type, namespace, names);
}

/** A default the field's type takes (a union's: its first branch's), as avsc checks it. */
function defaultFits(type: unknown, value: unknown): boolean {
  const branch = Array.isArray(type) ? type[0] : type;
  switch (branch) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX;
    case 'long':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'float':
    case 'double':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    default:
      // bytes and records: left to avsc.
      return false;
  }
}
