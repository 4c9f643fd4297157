/**
 * Names that every JavaScript object answers to. `constructor`, `toString`, `valueOf`,
 * `hasOwnProperty`, `__proto__` and the rest of `Object.prototype`'s members are legal Avro and
 * Protobuf names (field names, enum symbols and values, type names, namespace and package parts),
 * and the schema registry takes them. avsc and protobufjs keep fields, symbols, enum values and
 * named types in plain objects, where such a name meets what the object inherits: an Avro enum
 * with a symbol `constructor` is refused as a duplicate, a record named `toString` as a duplicate
 * type, a field named `constructor` is found in a record that lacks it, a type reference named
 * `constructor` resolves to a function; a Protobuf field or message named `__proto__` is dropped
 * without a word (a change to it then passes the compatibility check), an enum value
 * `constructor` is refused as a duplicate.
 *
 * So before either library sees a schema that uses one, each such name is given a prefix, the
 * same everywhere the name appears (for Avro: the schema, its references and the defaults that
 * hold names, enum symbols and record field keys; for Protobuf: every identifier of the file), and
 * {@link restoreInheritedNames} takes the prefix out of whatever the library or the checker says.
 */

/** The names a plain object inherits (`__proto__` included). */
const INHERITED: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The prefix a name in {@link INHERITED} is given; an Avro and Protobuf name itself, so the result is one. */
const MARK = '__kafka_mesh_js__';

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const NAMED = new Set(['record', 'error', 'enum', 'fixed']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `name` is one of the names a plain object inherits (`constructor`, `__proto__`, ...). */
export function isInheritedName(name: string): boolean {
  return INHERITED.has(name);
}

/** Whether a text may use a name in {@link INHERITED} (a cheap test: most schemas use none). */
export function mayUseInheritedNames(texts: Iterable<string>): boolean {
  for (const text of texts) for (const name of INHERITED) if (text.includes(name)) return true;
  return false;
}

/** `text` with the prefix taken out of every name that was given one. */
export function restoreInheritedNames(text: string): string {
  return text.includes(MARK) ? text.split(MARK).join('') : text;
}

/**
 * A Protobuf file's text with each identifier in {@link INHERITED} given the prefix; comments and
 * string literals are left as they are (a number such as `0x1F` is read whole, not as a name).
 */
export function safeProtoText(text: string): string {
  if (!mayUseInheritedNames([text])) return text;
  return text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[0-9][\w.]*|[A-Za-z_]\w*/g, (token) =>
    INHERITED.has(token) ? `${MARK}${token}` : token,
  );
}

function safeName(name: string): string {
  return INHERITED.has(name) ? `${MARK}${name}` : name;
}

/** A dotted name (full name, namespace) with each part made safe. */
function safeFullName(name: unknown): unknown {
  return typeof name === 'string' ? name.split('.').map(safeName).join('.') : name;
}

/** A copy of an object, its own keys as they are (`__proto__` too), some replaced. */
function copyWith(source: Json, changes: Json): Json {
  const out: Json = {};
  for (const key of Object.keys(source)) define(out, key, Object.hasOwn(changes, key) ? changes[key] : source[key]);
  return out;
}

function define(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Makes schemas safe for avsc, one after the other (references first: a default that holds a
 * name needs the named type it is of, which may come from a reference).
 */
export class AvroNameGuard {
  /** Named types by full name, as written (with the namespace they define their fields in). */
  private readonly types = new Map<string, { node: Json; namespace: string }>();

  /** The schema, safe for avsc: the same value when it uses no inherited name. */
  public schema(schema: unknown): unknown {
    return this.type(schema, '');
  }

  private type(node: unknown, namespace: string): unknown {
    if (typeof node === 'string') return PRIMITIVES.has(node) ? node : safeFullName(node);
    if (Array.isArray(node)) return node.map((branch) => this.type(branch, namespace));
    if (!isObject(node)) return node;
    const kind = node.type;
    const changes: Json = {};
    if (typeof kind === 'string' && NAMED.has(kind) && typeof node.name === 'string') {
      const inner = node.name.includes('.')
        ? node.name.slice(0, node.name.lastIndexOf('.'))
        : typeof node.namespace === 'string'
          ? node.namespace
          : namespace;
      const fullName = node.name.includes('.') || !inner ? node.name : `${inner}.${node.name}`;
      this.types.set(fullName, { node, namespace: inner });
      changes.name = safeFullName(node.name);
      if (typeof node.namespace === 'string') changes.namespace = safeFullName(node.namespace);
      if (Array.isArray(node.aliases)) changes.aliases = node.aliases.map(safeFullName);
      if (Array.isArray(node.fields)) changes.fields = node.fields.map((field) => this.field(field, inner));
      if (Array.isArray(node.symbols)) changes.symbols = node.symbols.map((s) => (typeof s === 'string' ? safeName(s) : s));
      if (kind === 'enum' && typeof node.default === 'string') changes.default = safeName(node.default);
    } else if (typeof kind === 'string' || Array.isArray(kind) || isObject(kind)) {
      // A primitive, array or map, or a reference written as {"type": "Name"}.
      changes.type = typeof kind === 'string' && (NAMED.has(kind) || kind === 'array' || kind === 'map') ? kind : this.type(kind, namespace);
    }
    if (kind === 'array' && node.items !== undefined) changes.items = this.type(node.items, namespace);
    if (kind === 'map' && node.values !== undefined) changes.values = this.type(node.values, namespace);
    return copyWith(node, changes);
  }

  private field(field: unknown, namespace: string): unknown {
    if (!isObject(field)) return field;
    const changes: Json = { type: this.type(field.type, namespace) };
    if (typeof field.name === 'string') changes.name = safeName(field.name);
    if (Array.isArray(field.aliases)) changes.aliases = field.aliases.map((a) => (typeof a === 'string' ? safeName(a) : a));
    if (Object.hasOwn(field, 'default')) changes.default = this.value(field.type, field.default, namespace);
    return copyWith(field, changes);
  }

  /** A default (or a part of one) of type `type`, its enum symbols and record field keys made safe. */
  private value(type: unknown, value: unknown, namespace: string, depth = 0): unknown {
    if (depth > 64) return value; // a default nested this deep is left to avsc to judge
    if (typeof type === 'string') {
      if (PRIMITIVES.has(type)) return value;
      const fullName = type.includes('.') || !namespace ? type : `${namespace}.${type}`;
      const named = this.types.get(fullName) ?? this.types.get(type);
      return named ? this.value(named.node, value, named.namespace, depth + 1) : value;
    }
    // A union's default is of its first branch.
    if (Array.isArray(type)) return type.length > 0 ? this.value(type[0], value, namespace, depth + 1) : value;
    if (!isObject(type)) return value;
    const kind = type.type;
    const inner =
      typeof type.name === 'string' && type.name.includes('.')
        ? type.name.slice(0, type.name.lastIndexOf('.'))
        : typeof type.namespace === 'string'
          ? type.namespace
          : namespace;
    if (kind === 'enum') return typeof value === 'string' ? safeName(value) : value;
    if ((kind === 'record' || kind === 'error') && isObject(value) && Array.isArray(type.fields)) {
      const out: Json = {};
      for (const key of Object.keys(value)) {
        const field = type.fields.find((f) => isObject(f) && f.name === key) as Json | undefined;
        define(out, field ? safeName(key) : key, field ? this.value(field.type, value[key], inner, depth + 1) : value[key]);
      }
      return out;
    }
    if (kind === 'array' && Array.isArray(value)) return value.map((item) => this.value(type.items, item, namespace, depth + 1));
    if (kind === 'map' && isObject(value)) {
      const out: Json = {};
      for (const key of Object.keys(value)) define(out, key, this.value(type.values, value[key], namespace, depth + 1));
      return out;
    }
    if (typeof kind === 'string' && !NAMED.has(kind) && kind !== 'array' && kind !== 'map') return this.value(kind, value, namespace, depth + 1);
    if (Array.isArray(kind) || isObject(kind)) return this.value(kind, value, namespace, depth + 1);
    return value;
  }
}
