/**
 * A product's schema as a tree of fields, whatever its format (Avro, JSON Schema, Protobuf):
 * what the data contracts, the HTML pages and the search index show. Reading never throws: a
 * schema that does not parse (synth has already rejected those) gives no fields and an error.
 */
import type * as protobuf from 'protobufjs';
import { protobufjs } from '../private/schema-libraries';
import { restoreInheritedNames, safeProtoText } from '../private/inherited-names';
import { lookupTable, ownEntry } from '../model/records';
import type { SchemaModel } from '../model/model';

/** The logical types of the Open Data Contract Standard, which every format maps onto. */
export type LogicalType = 'string' | 'date' | 'number' | 'integer' | 'object' | 'array' | 'boolean';

export interface FieldInfo {
  readonly name: string;
  /** The type as the schema writes it: `long (timestamp-millis)`, `array<OrderLine>`, `int64`. */
  readonly physicalType: string;
  /** Absent when the value has no single logical type (a union of unlike types, `oneOf`). */
  readonly logicalType?: LogicalType;
  /** Whether every record has a value (not nullable, not optional). */
  readonly required: boolean;
  readonly description?: string;
  /** Allowed values (Avro and Protobuf enums, JSON Schema `enum`). */
  readonly enumValues?: string[];
  /** Finer type: `i32`/`i64`/`u32`/`u64` for integers, `f32`/`f64` for numbers, string formats. */
  readonly format?: string;
  /**
   * What the value is, for people, when the logical type says less (ODCS has no timestamp, so a
   * timestamp's logical type is `date`): `timestamp (ms, UTC)`, `date`, `decimal(10, 2)`, `uuid`.
   */
  readonly semanticType?: string;
  /** Sub-fields of an object. */
  readonly fields?: FieldInfo[];
  /** The element of an array (its name is `items`). */
  readonly items?: FieldInfo;
}

export interface SchemaInfo {
  /** The record, message or title name, when the schema has one. */
  readonly name?: string;
  readonly namespace?: string;
  readonly description?: string;
  readonly fields: FieldInfo[];
  /** Why no fields could be read. */
  readonly error?: string;
}

/** Schemas read so far, by type and text: every writer asks for the same few schemas. */
const cache = new Map<string, SchemaInfo>();
const CACHE_LIMIT = 500;

/**
 * Schemas read so far, by the model's schema object: the writers ask for every product's schemas
 * one after the other (DataHub, search, contracts, pages), which the bounded cache above forgets
 * in a large mesh. Held as long as the model is, and checked against the text it was read from.
 */
const read = new WeakMap<SchemaModel, { readonly type: string; readonly subject: string; readonly schema: string; readonly info: SchemaInfo }>();

/** Reads the fields of a product's key or value schema. */
export function describeSchema(schema: SchemaModel): SchemaInfo {
  const known = read.get(schema);
  if (known && known.type === schema.type && known.subject === schema.subject && known.schema === schema.schema) return known.info;
  const key = `${schema.type}\u0000${schema.subject}\u0000${schema.schema}`;
  let info = cache.get(key);
  if (!info) {
    info = readSchema(schema);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, info);
  }
  read.set(schema, { type: schema.type, subject: schema.subject, schema: schema.schema, info });
  return info;
}

function readSchema(schema: SchemaModel): SchemaInfo {
  try {
    switch (schema.type) {
      case 'AVRO':
        return describeAvro(JSON.parse(schema.schema));
      case 'JSON':
        return describeJsonSchema(JSON.parse(schema.schema));
      case 'PROTOBUF':
        return describeProtobuf(schema.schema);
      default:
        return { fields: [], error: `unknown schema type ${JSON.stringify(schema.type)}` };
    }
  } catch (e) {
    return { fields: [], error: `${schema.subject}: ${(e as Error).message}` };
  }
}

/** Every field path in the tree (`items.sku`), for search. */
export function fieldPaths(fields: readonly FieldInfo[], prefix = ''): string[] {
  const out: string[] = [];
  for (const f of fields) {
    const p = prefix ? `${prefix}.${f.name}` : f.name;
    out.push(p);
    if (f.fields) out.push(...fieldPaths(f.fields, p));
    if (f.items?.fields) out.push(...fieldPaths(f.items.fields, p));
  }
  return out;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

// ---------------------------------------------------------------- Avro

interface AvroType {
  physicalType: string;
  logicalType?: LogicalType;
  semanticType?: string;
  nullable: boolean;
  format?: string;
  enumValues?: string[];
  fields?: FieldInfo[];
  items?: FieldInfo;
  description?: string;
}

/** Named types (records, enums, fixed) seen so far, by full and short name. */
type AvroNames = Map<string, Json>;

function avroFullName(def: Json, namespace: string | undefined): string {
  const name = String(def.name);
  if (name.includes('.')) return name;
  const ns = str(def.namespace) ?? namespace;
  return ns ? `${ns}.${name}` : name;
}

function describeAvro(root: unknown): SchemaInfo {
  const names: AvroNames = new Map();
  if (isObject(root) && root.type === 'record') {
    const t = avroType(root, undefined, names, []);
    return {
      name: String(root.name),
      ...(str(root.namespace) ? { namespace: String(root.namespace) } : {}),
      ...(str(root.doc) ? { description: String(root.doc) } : {}),
      fields: t.fields ?? [],
    };
  }
  const t = avroType(root, undefined, names, []);
  return { fields: [toField('value', t)] };
}

function toField(name: string, t: AvroType, required = !t.nullable): FieldInfo {
  return {
    name,
    physicalType: t.physicalType,
    ...(t.logicalType ? { logicalType: t.logicalType } : {}),
    required,
    ...(t.description ? { description: t.description } : {}),
    ...(t.enumValues ? { enumValues: t.enumValues } : {}),
    ...(t.format ? { format: t.format } : {}),
    ...(t.semanticType ? { semanticType: t.semanticType } : {}),
    ...(t.fields ? { fields: t.fields } : {}),
    ...(t.items ? { items: t.items } : {}),
  };
}

type Mapped = { readonly logicalType: LogicalType; readonly format?: string; readonly semanticType?: string };

/** The logical type and finer format of each kind of value, shared by the formats. */
const T = {
  bool: { logicalType: 'boolean' },
  i32: { logicalType: 'integer', format: 'i32' },
  i64: { logicalType: 'integer', format: 'i64' },
  u32: { logicalType: 'integer', format: 'u32' },
  u64: { logicalType: 'integer', format: 'u64' },
  f32: { logicalType: 'number', format: 'f32' },
  f64: { logicalType: 'number', format: 'f64' },
  bytes: { logicalType: 'string', format: 'binary' },
  string: { logicalType: 'string' },
} as const satisfies Record<string, Mapped>;

const AVRO_PRIMITIVES: Readonly<Record<string, Mapped>> = lookupTable({
  boolean: T.bool,
  int: T.i32,
  long: T.i64,
  float: T.f32,
  double: T.f64,
  bytes: T.bytes,
  string: T.string,
});

const AVRO_LOGICAL: Readonly<Record<string, Mapped>> = lookupTable({
  date: { logicalType: 'date', semanticType: 'date' },
  'timestamp-millis': { logicalType: 'date', semanticType: 'timestamp (ms, UTC)' },
  'timestamp-micros': { logicalType: 'date', semanticType: 'timestamp (µs, UTC)' },
  'timestamp-nanos': { logicalType: 'date', semanticType: 'timestamp (ns, UTC)' },
  'local-timestamp-millis': { logicalType: 'date', semanticType: 'local timestamp (ms)' },
  'local-timestamp-micros': { logicalType: 'date', semanticType: 'local timestamp (µs)' },
  'local-timestamp-nanos': { logicalType: 'date', semanticType: 'local timestamp (ns)' },
  'time-millis': { ...T.i32, semanticType: 'time of day (ms)' },
  'time-micros': { ...T.i64, semanticType: 'time of day (µs)' },
  decimal: { logicalType: 'number', semanticType: 'decimal' },
  'big-decimal': { logicalType: 'number', semanticType: 'decimal' },
  uuid: { logicalType: 'string', format: 'uuid', semanticType: 'uuid' },
  duration: { logicalType: 'string', format: 'binary', semanticType: 'duration (months, days, ms)' },
});

/** An Avro logical type's mapping; a decimal's says its precision and scale. */
function avroLogical(schema: Json): Mapped | undefined {
  const logical = str(schema.logicalType);
  const mapped = logical ? AVRO_LOGICAL[logical] : undefined;
  if (mapped && logical === 'decimal' && typeof schema.precision === 'number') {
    return { ...mapped, semanticType: `decimal(${schema.precision}, ${typeof schema.scale === 'number' ? schema.scale : 0})` };
  }
  return mapped;
}

function avroType(schema: unknown, namespace: string | undefined, names: AvroNames, expanding: string[]): AvroType {
  if (typeof schema === 'string') {
    if (schema === 'null') return { physicalType: 'null', nullable: true };
    const primitive = AVRO_PRIMITIVES[schema];
    if (primitive) return { physicalType: schema, nullable: false, ...primitive };
    const full = schema.includes('.') || !namespace ? schema : `${namespace}.${schema}`;
    const def = names.get(full) ?? names.get(schema);
    if (!def) return { physicalType: schema, nullable: false };
    if (expanding.includes(full)) return { physicalType: String(def.name), logicalType: 'object', nullable: false };
    return avroNamed(def, namespace, names, expanding, false);
  }
  if (Array.isArray(schema)) {
    const branches = schema.map((b) => avroType(b, namespace, names, expanding));
    const nonNull = branches.filter((b) => b.physicalType !== 'null');
    const nullable = nonNull.length < branches.length;
    if (nonNull.length === 1) return { ...nonNull[0], nullable, physicalType: nonNull[0].physicalType };
    const logical = new Set(nonNull.map((b) => b.logicalType));
    return {
      physicalType: `union<${branches.map((b) => b.physicalType).join(', ')}>`,
      ...(logical.size === 1 && nonNull[0].logicalType && nonNull[0].logicalType !== 'object' ? { logicalType: nonNull[0].logicalType } : {}),
      nullable,
    };
  }
  if (!isObject(schema)) return { physicalType: String(schema), nullable: false };
  const type = schema.type;
  const logical = str(schema.logicalType);
  if (typeof type === 'string' && AVRO_PRIMITIVES[type]) {
    const mapped = avroLogical(schema) || AVRO_PRIMITIVES[type];
    return { physicalType: logical ? `${type} (${logical})` : type, nullable: false, ...mapped };
  }
  switch (type) {
    case 'record':
    case 'error':
    case 'enum':
    case 'fixed':
      return avroNamed(schema, namespace, names, expanding, true);
    case 'array': {
      const items = avroType(schema.items, namespace, names, expanding);
      return { physicalType: `array<${items.physicalType}>`, logicalType: 'array', nullable: false, items: toField('items', items) };
    }
    case 'map': {
      const values = avroType(schema.values, namespace, names, expanding);
      return { physicalType: `map<string, ${values.physicalType}>`, logicalType: 'object', nullable: false };
    }
    default:
      // `{ "type": "string" }` and `{ "type": <nested> }` wrappers.
      return avroType(type, namespace, names, expanding);
  }
}

function avroNamed(def: Json, namespace: string | undefined, names: AvroNames, expanding: string[], declare: boolean): AvroType {
  const full = avroFullName(def, namespace);
  if (declare) {
    names.set(full, def);
    names.set(String(def.name), def);
  }
  const ns = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : undefined;
  const description = str(def.doc);
  const base = { nullable: false, ...(description ? { description } : {}) };
  if (def.type === 'enum') {
    const symbols = Array.isArray(def.symbols) ? def.symbols.map(String) : [];
    return { ...base, physicalType: `enum ${String(def.name)}`, logicalType: 'string', enumValues: symbols };
  }
  if (def.type === 'fixed') {
    const mapped = avroLogical(def);
    return { ...base, physicalType: `fixed ${String(def.name)}(${String(def.size)})`, ...(mapped || { logicalType: 'string', format: 'binary' }) };
  }
  const inner = [...expanding, full];
  const fields = (Array.isArray(def.fields) ? def.fields : []).filter(isObject).map((f) => {
    const t = avroType(f.type, ns, names, inner);
    const doc = str(f.doc);
    return toField(String(f.name), doc ? { ...t, description: doc } : t);
  });
  return { ...base, physicalType: String(def.name), logicalType: 'object', fields };
}

// ---------------------------------------------------------------- JSON Schema

function describeJsonSchema(root: unknown): SchemaInfo {
  if (!isObject(root)) return { fields: [], ...(root === false ? { error: 'the schema accepts nothing' } : {}) };
  const ctx = { root, expanding: [] as string[] };
  const resolved = jsonResolve(root, ctx);
  const title = str(resolved.title) ?? str(root.title);
  const description = str(resolved.description) ?? str(root.description);
  return {
    ...(title ? { name: title } : {}),
    ...(description ? { description } : {}),
    fields: jsonProperties(resolved, ctx),
  };
}

interface JsonCtx {
  readonly root: Json;
  readonly expanding: string[];
}

/** Follows a local `$ref` (`#/definitions/X`, `#/$defs/X`); other references stay as written. */
function jsonResolve(schema: Json, ctx: JsonCtx): Json {
  let cur = schema;
  for (let hops = 0; hops < 32 && typeof cur.$ref === 'string' && cur.$ref.startsWith('#'); hops++) {
    const target = jsonPointer(ctx.root, cur.$ref.slice(1));
    if (!isObject(target)) break;
    const { $ref: _ignored, ...rest } = cur;
    cur = { ...target, ...rest };
  }
  return cur;
}

function jsonPointer(root: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return root;
  let cur: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(cur) && !Array.isArray(cur)) return undefined;
    cur = ownEntry(cur as Record<string, unknown>, key);
  }
  return cur;
}

function jsonProperties(schema: Json, ctx: JsonCtx): FieldInfo[] {
  const out = new Map<string, FieldInfo>();
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const props = isObject(schema.properties) ? schema.properties : {};
  for (const [name, sub] of Object.entries(props)) {
    out.set(name, jsonField(name, sub, required.has(name), ctx));
  }
  // allOf parts add their properties (a common way to compose records).
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
    if (!isObject(part)) continue;
    for (const f of jsonProperties(jsonResolve(part, ctx), ctx)) {
      if (!out.has(f.name)) out.set(f.name, f);
    }
  }
  return [...out.values()];
}

/** What JSON Schema string formats mean, for people. */
const JSON_FORMATS: Readonly<Record<string, string>> = lookupTable({
  'date-time': 'timestamp (RFC 3339)',
  date: 'date',
  time: 'time of day',
  uuid: 'uuid',
  duration: 'duration (ISO 8601)',
  email: 'e-mail address',
  uri: 'URI',
});

const JSON_TYPES: Readonly<Record<string, LogicalType>> = lookupTable({
  string: 'string',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  object: 'object',
  array: 'array',
});

function jsonField(name: string, raw: unknown, required: boolean, ctx: JsonCtx): FieldInfo {
  if (!isObject(raw)) return { name, physicalType: raw === false ? 'never' : 'any', required };
  const ref = typeof raw.$ref === 'string' ? raw.$ref : undefined;
  if (ref && ctx.expanding.includes(ref)) {
    return { name, physicalType: ref.slice(ref.lastIndexOf('/') + 1), logicalType: 'object', required };
  }
  const schema = jsonResolve(raw, ctx);
  const inner: JsonCtx = ref ? { root: ctx.root, expanding: [...ctx.expanding, ref] } : ctx;
  const types = (Array.isArray(schema.type) ? schema.type : schema.type !== undefined ? [schema.type] : []).map(String);
  const nonNull = types.filter((t) => t !== 'null');
  const nullable = types.includes('null');
  const description = str(schema.description) ?? str(schema.title);
  const format = str(schema.format);
  const enumValues = Array.isArray(schema.enum) ? schema.enum.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : undefined;
  let physicalType: string;
  let logicalType: LogicalType | undefined;
  let semanticType: string | undefined;
  if (nonNull.length === 1) {
    physicalType = nonNull[0] + (format ? ` (${format})` : '');
    logicalType = JSON_TYPES[nonNull[0]];
    if (logicalType === 'string' && format && /^(date|date-time)$/.test(format)) logicalType = 'date';
    if ((logicalType === 'string' || logicalType === 'date') && format) semanticType = JSON_FORMATS[format];
  } else if (nonNull.length > 1) {
    physicalType = nonNull.join(' | ');
  } else if (ref && !ref.startsWith('#')) {
    physicalType = ref;
  } else if (schema.oneOf || schema.anyOf) {
    physicalType = schema.oneOf ? 'oneOf' : 'anyOf';
  } else if (schema.properties) {
    physicalType = 'object';
    logicalType = 'object';
  } else if (enumValues) {
    physicalType = 'enum';
    if (enumValues.every((v) => typeof v === 'string')) logicalType = 'string';
  } else {
    physicalType = 'any';
  }
  if (ref && ref.startsWith('#') && logicalType === 'object') physicalType = ref.slice(ref.lastIndexOf('/') + 1);
  const fields = logicalType === 'object' ? jsonProperties(schema, inner) : undefined;
  const items =
    logicalType === 'array' && schema.items !== undefined && !Array.isArray(schema.items) ? jsonField('items', schema.items, true, inner) : undefined;
  if (items) physicalType = `array<${items.physicalType}>`;
  return {
    name,
    physicalType,
    ...(logicalType ? { logicalType } : {}),
    required: required && !nullable,
    ...(description ? { description } : {}),
    ...(enumValues ? { enumValues } : {}),
    ...(format && logicalType !== 'date' ? { format } : {}),
    ...(semanticType ? { semanticType } : {}),
    ...(fields && fields.length > 0 ? { fields } : {}),
    ...(items ? { items } : {}),
  };
}

// ---------------------------------------------------------------- Protobuf

const PROTO_SCALARS: Readonly<Record<string, Mapped>> = lookupTable({
  double: T.f64,
  float: T.f32,
  bool: T.bool,
  string: T.string,
  bytes: T.bytes,
  int32: T.i32,
  sint32: T.i32,
  sfixed32: T.i32,
  uint32: T.u32,
  fixed32: T.u32,
  int64: T.i64,
  sint64: T.i64,
  sfixed64: T.i64,
  uint64: T.u64,
  fixed64: T.u64,
});

const PROTO_WELL_KNOWN: Readonly<Record<string, LogicalType>> = lookupTable({
  'google.protobuf.Timestamp': 'date',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BoolValue': 'boolean',
  'google.protobuf.Int32Value': 'integer',
  'google.protobuf.Int64Value': 'integer',
  'google.protobuf.UInt32Value': 'integer',
  'google.protobuf.UInt64Value': 'integer',
  'google.protobuf.DoubleValue': 'number',
  'google.protobuf.FloatValue': 'number',
  'google.protobuf.Duration': 'string',
});

const PROTO_SEMANTIC: Readonly<Record<string, string>> = lookupTable({
  'google.protobuf.Timestamp': 'timestamp (ns, UTC)',
  'google.protobuf.Duration': 'duration',
});

/**
 * Names such as `__proto__` are given a prefix protobufjs can hold (see inherited-names), taken
 * out of the description again: names are values in it, never keys.
 */
function describeProtobuf(text: string): SchemaInfo {
  const safe = safeProtoText(text);
  const info = describeSafeProtobuf(safe);
  return safe === text ? info : (JSON.parse(restoreInheritedNames(JSON.stringify(info))) as SchemaInfo);
}

function describeSafeProtobuf(text: string): SchemaInfo {
  const parsed = protobufjs().parse(text, { keepCase: true, alternateCommentMode: true });
  const root = parsed.root;
  const pkg = parsed.package ?? '';
  const ns = pkg ? root.lookup(pkg) : root;
  const first = ns instanceof protobufjs().Namespace ? ns.nestedArray.find((n): n is protobuf.Type => n instanceof protobufjs().Type) : undefined;
  if (!first) return { fields: [], error: 'the schema declares no message' };
  const proto2 = !/^\s*syntax\s*=\s*["']proto3["']/m.test(text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ''));
  const description = str(first.comment ?? undefined);
  return {
    name: first.name,
    ...(pkg ? { namespace: pkg } : {}),
    ...(description ? { description } : {}),
    fields: protoFields(first, proto2, [first.fullName]),
  };
}

function protoLookup(from: protobuf.Type, name: string): protobuf.ReflectionObject | null {
  try {
    return from.parent ? (from.lookup(name) ?? from.parent.lookup(name)) : from.lookup(name);
  } catch {
    return null;
  }
}

function protoFields(type: protobuf.Type, proto2: boolean, expanding: string[]): FieldInfo[] {
  return type.fieldsArray.map((f) => {
    const rule = (f as unknown as { rule?: string }).rule;
    const description = str(f.comment ?? undefined);
    const valueType = protoValueType(type, f.type, proto2, expanding);
    const common = { ...(description ? { description } : {}) };
    if (f instanceof protobufjs().MapField) {
      return { name: f.name, physicalType: `map<${f.keyType}, ${f.type}>`, logicalType: 'object' as const, required: false, ...common };
    }
    if (f.repeated || rule === 'repeated') {
      return {
        name: f.name,
        physicalType: `repeated ${f.type}`,
        logicalType: 'array' as const,
        required: false,
        ...common,
        items: { name: 'items', required: true, ...valueType },
      };
    }
    return { name: f.name, required: proto2 && rule === 'required', ...common, ...valueType };
  });
}

function protoValueType(scope: protobuf.Type, typeName: string, proto2: boolean, expanding: string[]): Omit<FieldInfo, 'name' | 'required'> {
  const scalar = PROTO_SCALARS[typeName];
  if (scalar) return { physicalType: typeName, ...scalar };
  const wellKnown = PROTO_WELL_KNOWN[typeName.replace(/^\./, '')];
  if (wellKnown) {
    const semanticType = PROTO_SEMANTIC[typeName.replace(/^\./, '')];
    return { physicalType: typeName, logicalType: wellKnown, ...(semanticType ? { semanticType } : {}) };
  }
  const found = protoLookup(scope, typeName);
  if (found instanceof protobufjs().Enum) {
    return { physicalType: `enum ${found.name}`, logicalType: 'string', enumValues: Object.keys(found.values) };
  }
  if (found instanceof protobufjs().Type) {
    if (expanding.includes(found.fullName)) return { physicalType: found.name, logicalType: 'object' };
    return { physicalType: found.name, logicalType: 'object', fields: protoFields(found, proto2, [...expanding, found.fullName]) };
  }
  return { physicalType: typeName, logicalType: 'object' };
}
