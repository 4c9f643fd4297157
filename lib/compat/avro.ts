/**
 * Avro: the verdict comes from avsc's schema resolution (`reader.createResolver(writer)` throws
 * when the reader cannot decode the writer's data); the explanation comes from a walk of the two
 * schemas that finds the fields responsible. When the walk finds nothing to blame, a generic
 * finding names the top-level type and carries avsc's own error.
 *
 * Names are matched as Avro's Java SchemaCompatibility (which the registry uses) matches them:
 * the unqualified names of named types, or an alias (qualified with the reader's namespace) equal
 * to the writer's full name.
 */
import { AvroNameGuard, mayUseInheritedNames, restoreInheritedNames } from '../private/inherited-names';
import { nameKeyed } from '../model/records';
import { avsc } from '../private/schema-libraries';
import { parseJsonText, joinPath, BoundedCache, locateName } from './text';
import { CompatibilityDirection, Finding, FormatChecker } from './types';
import { PRIMITIVES } from './avro-plain';

/** The parts of avsc's type objects the walk reads (avsc's own typings leave them untyped). */
interface AvroNode {
  readonly typeName: string;
  readonly name?: string;
  readonly aliases?: string[];
  readonly fields?: AvroFieldNode[];
  readonly symbols?: string[];
  readonly default?: unknown;
  readonly size?: number;
  readonly itemsType?: AvroNode;
  readonly valuesType?: AvroNode;
  readonly types?: AvroNode[];
  readonly underlyingType?: AvroNode;
  createResolver(writer: AvroNode, opts: { ignoreNamespaces: boolean }): unknown;
  schema(opts?: { exportAttrs?: boolean }): unknown;
}

interface AvroFieldNode {
  readonly name: string;
  readonly type: AvroNode;
  readonly aliases: string[];
  defaultValue(): unknown;
}

export interface ParsedAvro {
  readonly type: AvroNode;
  /** Identity of this parse, for the resolution cache. */
  readonly id: number;
}

let nextId = 1;

/** Resolution verdicts by (reader id, writer id): '' when readable, else avsc's error. */
const verdicts = new BoundedCache<string>(2000);

/** Full names of the named types in an exported schema. */
function namedTypes(schema: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const x of schema) namedTypes(x, out);
  } else if (typeof schema === 'object' && schema !== null) {
    const o = schema as Record<string, unknown>;
    if (typeof o.name === 'string' && ['record', 'error', 'enum', 'fixed'].includes(o.type as string)) out.add(o.name);
    for (const [k, v] of Object.entries(o)) if (k !== 'default') namedTypes(v, out);
  }
  return out;
}

/**
 * The reader as Avro's Java SchemaCompatibility (the registry's) matches names: a named type
 * reads a writer type of the same unqualified name, or one whose full name is among its
 * (namespace-qualified) aliases. avsc either compares full names and aliases, or drops every
 * namespace, aliases' included; so the reader is given, as extra aliases, each writer full name
 * that shares its unqualified name, and resolution runs with namespaces.
 */
function javaReader(reader: AvroNode, writer: AvroNode): AvroNode {
  const writerNames = [...namedTypes(writer.schema())];
  const schema = reader.schema({ exportAttrs: true });
  // avsc leaves enum defaults out of its export: put them back.
  const enumDefaults = new Map<string, unknown>();
  const seen = new Set<AvroNode>();
  const collect = (t: AvroNode | undefined): void => {
    if (!t || seen.has(t)) return;
    seen.add(t);
    if (t.typeName === 'enum' && t.name && t.default !== undefined) enumDefaults.set(t.name, t.default);
    for (const f of t.fields ?? []) collect(f.type);
    for (const b of t.types ?? []) collect(b);
    collect(t.itemsType);
    collect(t.valuesType);
    collect(t.underlyingType);
  };
  collect(reader);
  const augment = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(augment);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (typeof o.name === 'string' && ['record', 'error', 'enum', 'fixed'].includes(o.type as string)) {
      const name = o.name;
      if (o.type === 'enum' && enumDefaults.has(name)) o.default = enumDefaults.get(name);
      const same = writerNames.filter((w) => w !== name && unqualify(w) === unqualify(name));
      if (same.length) o.aliases = [...((o.aliases as string[] | undefined) ?? []), ...same];
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'default') augment(v);
  };
  augment(schema);
  return avsc().Type.forSchema(schema as never) as unknown as AvroNode;
}

function resolveError(reader: AvroNode, writer: AvroNode): string {
  try {
    // A fresh options object each time: avsc caches record resolvers by name in it.
    javaReader(reader, writer).createResolver(writer, { ignoreNamespaces: false });
    return '';
  } catch (e) {
    return (e as Error).message || 'cannot resolve';
  }
}

function canRead(reader: AvroNode, writer: AvroNode): boolean {
  return resolveError(reader, writer) === '';
}

/** The named types a schema defines and the names it refers to, as full names. */
function avroNames(schema: unknown): { defined: Set<string>; used: Set<string> } {
  const defined = new Set<string>();
  const used = new Set<string>();
  const qualify = (name: string, ns: string) => (name.includes('.') || !ns ? name : `${ns}.${name}`);
  const walk = (node: unknown, ns: string): void => {
    if (typeof node === 'string') {
      if (!PRIMITIVES.has(node)) used.add(qualify(node, ns));
      return;
    }
    if (Array.isArray(node)) {
      for (const branch of node) walk(branch, ns);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    const type = o.type;
    if ((type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') && typeof o.name === 'string') {
      const inner = o.name.includes('.') ? o.name.slice(0, o.name.lastIndexOf('.')) : typeof o.namespace === 'string' ? o.namespace : ns;
      defined.add(qualify(o.name, inner));
      if (Array.isArray(o.fields)) {
        for (const f of o.fields) if (typeof f === 'object' && f !== null) walk((f as Record<string, unknown>).type, inner);
      }
      return;
    }
    if (type === 'array') return walk(o.items, ns);
    if (type === 'map') return walk(o.values, ns);
    walk(type, ns);
  };
  walk(schema, '');
  return { defined, used };
}

/**
 * From a shared map of references, the ones a schema uses (and what those use in turn): a
 * reference is loaded when it defines a name the schema refers to without defining it itself.
 */
function usedReferences(schema: unknown, references: Readonly<Record<string, string>>): string[] {
  const infos = Object.keys(references)
    .sort()
    .map((name) => {
      let parsed: unknown;
      try {
        parsed = parseJsonText(references[name]);
      } catch {
        return { name, defined: undefined, used: new Set<string>() };
      }
      return { name, ...avroNames(parsed) };
    });
  const own = avroNames(schema);
  const needed = new Set([...own.used].filter((n) => !own.defined.has(n)));
  const chosen = new Set<string>();
  let moved = true;
  while (moved) {
    moved = false;
    for (const info of infos) {
      if (chosen.has(info.name)) continue;
      // A reference that does not parse is kept, so that its error is reported.
      if (info.defined && ![...info.defined].some((n) => needed.has(n))) continue;
      chosen.add(info.name);
      moved = true;
      for (const n of info.used) if (!own.defined.has(n) && !info.defined?.has(n)) needed.add(n);
    }
  }
  return [...chosen];
}

/**
 * Parses an Avro schema. Declared references (the ones a version was registered with) are all
 * loaded, as the registry's parser does; from a shared map only the ones the schema uses.
 */
function parseAvro(text: string, references: Readonly<Record<string, string>>, declared = false): ParsedAvro {
  const schema = parseJsonText(text);
  // Keyed by type names, which may be any Avro name (`constructor` too).
  const registry = nameKeyed<unknown>();
  let pending = declared ? Object.keys(references) : usedReferences(schema, references).sort();
  // Names such as `constructor` are given a prefix avsc can hold (see inherited-names), references first.
  const guard = mayUseInheritedNames([text, ...pending.map((name) => references[name])]) ? new AvroNameGuard() : undefined;
  const safe = (json: unknown): unknown => (guard ? guard.schema(json) : json);
  // References may depend on one another: parse what can be parsed until nothing moves.
  while (pending.length > 0) {
    const failed: string[] = [];
    const errors: string[] = [];
    for (const name of pending) {
      try {
        avsc().Type.forSchema(safe(parseJsonText(references[name])) as never, { registry: registry as never, noAnonymousTypes: true });
      } catch (e) {
        failed.push(name);
        errors.push(`reference ${name}: ${restoreInheritedNames((e as Error).message)}`);
      }
    }
    if (failed.length === pending.length) {
      throw new Error(errors.join('; '));
    }
    pending = failed;
  }
  try {
    const type = avsc().Type.forSchema(safe(schema) as never, { registry: registry as never, noAnonymousTypes: true }) as unknown as AvroNode;
    return { type, id: nextId++ };
  } catch (e) {
    // avsc names what it rejects ("undefined type name: Foo") but gives no position: find it.
    const message = restoreInheritedNames((e as Error).message);
    const named = /:\s*"?([^\s":]+)"?\s*$/.exec(message);
    const where = named ? locateName(text, named[1]) : undefined;
    throw new Error(`invalid Avro schema${where ? ` at line ${where.line} column ${where.column}` : ''}: ${message}`);
  }
}

function unwrapLogical(t: AvroNode): AvroNode {
  return t.typeName.startsWith('logical:') && t.underlyingType ? t.underlyingType : t;
}

function isUnion(t: AvroNode): boolean {
  return t.typeName.startsWith('union:');
}

function kindOf(t: AvroNode): string {
  return t.typeName === 'error' ? 'record' : t.typeName;
}

function isNamed(t: AvroNode): boolean {
  const k = kindOf(t);
  return k === 'record' || k === 'enum' || k === 'fixed';
}

function unqualify(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? name : name.slice(dot + 1);
}

/**
 * Whether the reader reads the writer's named type, as Java's SchemaCompatibility decides: the
 * same unqualified name, or the writer's full name among the reader's aliases (which avsc has
 * qualified with the reader's namespace).
 */
function namesMatch(reader: AvroNode, writer: AvroNode): boolean {
  if (!writer.name) return true;
  return unqualify(reader.name ?? '') === unqualify(writer.name) || (reader.aliases ?? []).includes(writer.name);
}

/** The same kind of type, and for named types the same name: the branch a change was made to. */
function sameKind(a: AvroNode, b: AvroNode): boolean {
  const x = unwrapLogical(a);
  const y = unwrapLogical(b);
  if (kindOf(x) !== kindOf(y)) return false;
  return !isNamed(x) || namesMatch(x, y);
}

function show(t: AvroNode): string {
  const u = unwrapLogical(t);
  if (isUnion(u)) return `[${(u.types ?? []).map(show).join(', ')}]`;
  if (u.typeName === 'array' && u.itemsType) return `array<${show(u.itemsType)}>`;
  if (u.typeName === 'map' && u.valuesType) return `map<${show(u.valuesType)}>`;
  if (isNamed(u)) return `${kindOf(u)} ${u.name}`;
  return u.typeName;
}

class AvroWalker {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly pairIds = new Map<AvroNode, number>();

  constructor(
    private readonly direction: CompatibilityDirection,
    private readonly rootName: string,
  ) {}

  /** How to name the place: `field \`a.b\`` or, at the root, the top-level type. */
  private where(path: string): string {
    return path ? `field \`${path}\`` : `top-level type \`${this.rootName}\``;
  }

  /** The old and the new side of a reader/writer pair. */
  private oldNew(reader: AvroNode, writer: AvroNode): [AvroNode, AvroNode] {
    return this.direction === 'BACKWARD' ? [writer, reader] : [reader, writer];
  }

  private add(path: string, rule: string, what: string): void {
    this.findings.push({ path, rule, what });
  }

  private idOf(t: AvroNode): number {
    let id = this.pairIds.get(t);
    if (id === undefined) {
      id = this.pairIds.size + 1;
      this.pairIds.set(t, id);
    }
    return id;
  }

  walk(readerIn: AvroNode, writerIn: AvroNode, path: string): void {
    const reader = unwrapLogical(readerIn);
    const writer = unwrapLogical(writerIn);
    if (isUnion(writer)) {
      for (const branch of writer.types ?? []) {
        if (!canRead(reader, branch)) {
          this.branchNotReadable(reader, unwrapLogical(branch), path);
        }
      }
      return;
    }
    if (isUnion(reader)) {
      if (canRead(reader, writer)) return;
      const twin = (reader.types ?? []).find((b) => sameKind(b, writer));
      if (twin) {
        this.walk(twin, writer, path);
      } else {
        this.typeChanged(reader, writer, path);
      }
      return;
    }
    if (kindOf(reader) !== kindOf(writer)) {
      if (!canRead(reader, writer)) this.typeChanged(reader, writer, path);
      return;
    }
    switch (kindOf(reader)) {
      case 'record':
        this.walkRecord(reader, writer, path);
        return;
      case 'enum':
        this.walkEnum(reader, writer, path);
        return;
      case 'fixed':
        if (!this.checkName(reader, writer, path)) return;
        if (reader.size !== writer.size) {
          const [before, after] = this.oldNew(reader, writer);
          this.add(path, 'FIXED_SIZE_CHANGED', `size of fixed ${this.where(path)} changed from ${before.size} to ${after.size}`);
        }
        return;
      case 'array':
        if (reader.itemsType && writer.itemsType) this.walk(reader.itemsType, writer.itemsType, `${path}[]`);
        return;
      case 'map':
        if (reader.valuesType && writer.valuesType) this.walk(reader.valuesType, writer.valuesType, `${path}{}`);
        return;
      default:
        return;
    }
  }

  private typeChanged(reader: AvroNode, writer: AvroNode, path: string): void {
    const [before, after] = this.oldNew(reader, writer);
    const why = this.direction === 'BACKWARD' ? 'new readers cannot read the old type' : 'old readers cannot read the new type';
    this.add(path, 'TYPE_CHANGED', `type of ${this.where(path)} changed from ${show(before)} to ${show(after)} (${why})`);
  }

  /** A branch of a writer union that the reader cannot read. */
  private branchNotReadable(reader: AvroNode, branch: AvroNode, path: string): void {
    const candidates = isUnion(reader) ? (reader.types ?? []) : [reader];
    const twin = candidates.find((b) => sameKind(b, branch));
    if (twin) {
      this.walk(twin, branch, path);
      return;
    }
    if (this.direction === 'BACKWARD') {
      this.add(path, 'UNION_BRANCH_REMOVED', `${this.where(path)} no longer accepts \`${show(branch)}\` (union branch removed)`);
    } else {
      this.add(path, 'UNION_BRANCH_ADDED', `${this.where(path)} now accepts \`${show(branch)}\`, which old readers cannot read (union branch added)`);
    }
  }

  private checkName(reader: AvroNode, writer: AvroNode, path: string): boolean {
    if (namesMatch(reader, writer)) return true;
    const [before, after] = this.oldNew(reader, writer);
    const fix =
      this.direction === 'BACKWARD' ? `add "${before.name}" to the aliases of \`${after.name}\`` : 'old readers have no alias for the new name';
    this.add(
      path,
      'NAME_CHANGED_WITHOUT_ALIAS',
      `${kindOf(reader)} \`${before.name}\`${path ? ` at ${this.where(path)}` : ''} was renamed to \`${after.name}\` without an alias (${fix})`,
    );
    return false;
  }

  private walkRecord(reader: AvroNode, writer: AvroNode, path: string): void {
    if (!this.checkName(reader, writer, path)) return;
    const key = `${this.idOf(reader)}:${this.idOf(writer)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const writerFields = new Map<string, AvroFieldNode>();
    for (const f of writer.fields ?? []) writerFields.set(f.name, f);
    for (const field of reader.fields ?? []) {
      const fieldPath = joinPath(path, field.name);
      const match = [field.name, ...field.aliases].map((n) => writerFields.get(n)).find((f) => f !== undefined);
      if (!match) {
        if (field.defaultValue() === undefined) {
          if (this.direction === 'BACKWARD') {
            this.add(fieldPath, 'FIELD_ADDED_WITHOUT_DEFAULT', `field \`${fieldPath}\` was added without a default`);
          } else {
            this.add(
              fieldPath,
              'FIELD_REMOVED_WITHOUT_DEFAULT',
              `field \`${fieldPath}\` was removed (or renamed) and old readers have no default for it`,
            );
          }
        }
      } else if (!canRead(field.type, match.type)) {
        this.walk(field.type, match.type, fieldPath);
      }
    }
  }

  private walkEnum(reader: AvroNode, writer: AvroNode, path: string): void {
    if (!this.checkName(reader, writer, path)) return;
    const known = new Set(reader.symbols ?? []);
    const missing = (writer.symbols ?? []).filter((s) => !known.has(s));
    if (missing.length === 0 || reader.default !== undefined) return;
    const list = missing.map((s) => `\`${s}\``).join(', ');
    if (this.direction === 'BACKWARD') {
      this.add(path, 'ENUM_SYMBOL_REMOVED', `enum ${this.where(path)} lost symbol${missing.length > 1 ? 's' : ''} ${list} and has no default`);
    } else {
      this.add(
        path,
        'ENUM_SYMBOL_ADDED',
        `enum ${this.where(path)} gained symbol${missing.length > 1 ? 's' : ''} ${list}, which old readers lack (their enum has no default)`,
      );
    }
  }
}

export const avroChecker: FormatChecker<ParsedAvro> = {
  parse: parseAvro,

  canonical(parsed: ParsedAvro): string {
    return restoreInheritedNames(JSON.stringify(parsed.type.schema()));
  },

  compare(previous: ParsedAvro, candidate: ParsedAvro, direction: CompatibilityDirection): Finding[] {
    const [reader, writer] = direction === 'BACKWARD' ? [candidate, previous] : [previous, candidate];
    const key = `${reader.id}:${writer.id}`;
    let error = verdicts.get(key);
    if (error === undefined) {
      error = resolveError(reader.type, writer.type);
      verdicts.set(key, error);
    }
    if (error === '') {
      return [];
    }
    const rootName = reader.type.name ?? show(reader.type);
    const walker = new AvroWalker(direction, rootName);
    walker.walk(reader.type, writer.type, '');
    const findings: Finding[] =
      walker.findings.length > 0
        ? walker.findings
        : [{ path: '', rule: 'AVRO_RESOLUTION_FAILED', what: `top-level type \`${rootName}\` cannot be resolved (${error})` }];
    return findings.map((f) => ({ ...f, path: restoreInheritedNames(f.path), what: restoreInheritedNames(f.what) }));
  },
};
