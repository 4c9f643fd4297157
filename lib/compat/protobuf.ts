/**
 * Protobuf: parsing with protobufjs into a small model of the file (package, messages, fields by
 * number, oneofs, enums) plus an index of every type the file can see, its imports included.
 */
import type * as protobuf from 'protobufjs';
import { protobufjs } from '../private/schema-libraries';
import { restoreInheritedNames, safeProtoText } from '../private/inherited-names';
import { ownEntry } from '../model/records';

export type ProtoLabel = 'optional' | 'required' | 'repeated' | null;

export interface ProtoField {
  readonly name: string;
  readonly number: number;
  /** The type as written (`int64`, `Money`, `.common.Money`); the value type for maps. */
  readonly type: string;
  /** The label as written: null for a proto3 field without one and for oneof members. */
  readonly label: ProtoLabel;
  /** Key type for `map<K, V>` fields. */
  readonly mapKey?: string;
  /** The oneof the field belongs to (synthetic proto3 `optional` oneofs excluded). */
  readonly oneof: string | null;
}

export interface ProtoMessage {
  readonly kind: 'message';
  readonly name: string;
  readonly fields: readonly ProtoField[];
  /** Oneof names, in declaration order. */
  readonly oneofs: readonly string[];
  readonly nested: readonly ProtoDecl[];
}

export interface ProtoEnum {
  readonly kind: 'enum';
  readonly name: string;
  readonly values: ReadonlyMap<number, string>;
}

export type ProtoDecl = ProtoMessage | ProtoEnum;

export interface ProtoTypeInfo {
  readonly decl: ProtoDecl;
  /** The package of the file that declares the type. */
  readonly packageName: string;
  /** '' for the schema itself, else the reference (import) it comes from. */
  readonly ref: string;
  /**
   * Identity of the referenced file: its text and those of the files it imports, recursively.
   * Two references compare equal when name and identity are equal.
   */
  readonly refText: string;
}

export interface ParsedProto {
  readonly packageName: string;
  readonly syntax: 'proto2' | 'proto3' | 'editions';
  /** Top-level declarations of the schema file, in order. */
  readonly types: readonly ProtoDecl[];
  /** Every visible type by fully-qualified name (without the leading dot). */
  readonly index: ReadonlyMap<string, ProtoTypeInfo>;
}

export const SCALAR_TYPES: ReadonlySet<string> = new Set([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

function detectSyntax(text: string): ParsedProto['syntax'] {
  const stripped = text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
  if (/^\s*edition\s*=/m.test(stripped)) return 'editions';
  const m = /^\s*syntax\s*=\s*["'](proto[23])["']/m.exec(stripped);
  return m && m[1] === 'proto3' ? 'proto3' : m ? 'proto2' : 'proto2';
}

function isSyntheticOneof(o: protobuf.OneOf): boolean {
  return o.fieldsArray.length === 1 && Boolean(o.fieldsArray[0].options?.proto3_optional);
}

function labelOf(f: protobuf.Field, syntax: ParsedProto['syntax'], inOneof: boolean): ProtoLabel {
  // The rule as written: protobufjs only derives `required` once a root is resolved.
  const rule = (f as unknown as { rule?: string }).rule;
  if (f.repeated || rule === 'repeated') return 'repeated';
  if (rule === 'required') return 'required';
  if (inOneof) return null;
  if (f.options?.proto3_optional) return 'optional';
  return syntax === 'proto2' ? 'optional' : null;
}

function toDecl(obj: protobuf.ReflectionObject, syntax: ParsedProto['syntax']): ProtoDecl | null {
  if (obj instanceof protobufjs().Enum) {
    const values = new Map<number, string>();
    for (const [name, num] of Object.entries(obj.values)) {
      if (!values.has(num)) values.set(num, restoreInheritedNames(name));
    }
    return { kind: 'enum', name: restoreInheritedNames(obj.name), values };
  }
  if (obj instanceof protobufjs().Type) {
    const realOneofs = obj.oneofsArray.filter((o) => !isSyntheticOneof(o)).map((o) => o.name);
    const oneofNames = new Set(realOneofs);
    const fields: ProtoField[] = obj.fieldsArray.map((f) => {
      const oneof = f.partOf && oneofNames.has(f.partOf.name) ? restoreInheritedNames(f.partOf.name) : null;
      const mapKey = f instanceof protobufjs().MapField ? f.keyType : undefined;
      const [name, type] = [f.name, f.type].map(restoreInheritedNames);
      return { name, number: f.id, type, label: labelOf(f, syntax, oneof !== null), mapKey, oneof };
    });
    const nested = obj.nestedArray.map((n) => toDecl(n, syntax)).filter((d): d is ProtoDecl => d !== null);
    return { kind: 'message', name: restoreInheritedNames(obj.name), fields, oneofs: realOneofs.map(restoreInheritedNames), nested };
  }
  return null;
}

function packageNamespace(root: protobuf.Root, pkg: string | undefined): protobuf.NamespaceBase {
  if (!pkg) return root;
  const ns = root.lookup(pkg);
  return ns instanceof protobufjs().Namespace ? ns : root;
}

function indexDecls(
  index: Map<string, ProtoTypeInfo>,
  decls: readonly ProtoDecl[],
  prefix: string,
  packageName: string,
  ref: string,
  refText: string,
): void {
  for (const decl of decls) {
    const fullName = prefix ? `${prefix}.${decl.name}` : decl.name;
    index.set(fullName, { decl, packageName, ref, refText });
    if (decl.kind === 'message') indexDecls(index, decl.nested, fullName, packageName, ref, refText);
  }
}

interface ParsedFile {
  readonly packageName: string;
  readonly syntax: ParsedProto['syntax'];
  readonly decls: ProtoDecl[];
  readonly imports: string[];
}

function parseFile(text: string): ParsedFile {
  let result: protobuf.IParserResult;
  try {
    // Names such as `__proto__` get a prefix protobufjs can hold, taken out again in toDecl.
    result = protobufjs().parse(safeProtoText(text), { keepCase: true, alternateCommentMode: true });
  } catch (e) {
    throw new Error(`invalid protobuf: ${restoreInheritedNames((e as Error).message)}`);
  }
  const syntax = detectSyntax(text);
  const ns = packageNamespace(result.root, result.package);
  const decls = ns.nestedArray.map((n) => toDecl(n, syntax)).filter((d): d is ProtoDecl => d !== null);
  return {
    packageName: restoreInheritedNames(result.package ?? ''),
    syntax,
    decls,
    imports: [...(result.imports ?? []), ...(result.weakImports ?? [])],
  };
}

/** A google/protobuf well-known type file, from the copies protobufjs ships. */
function wellKnownFile(name: string): ParsedFile | null {
  // protobufjs looks the name up in a plain object: `constructor` would find Object's.
  if (!name.startsWith('google/protobuf/')) return null;
  const json = protobufjs().common.get(name);
  if (!json) return null;
  const root = protobufjs().Root.fromJSON(json);
  const decls = packageNamespace(root, 'google.protobuf')
    .nestedArray.map((n) => toDecl(n, 'proto3'))
    .filter((d): d is ProtoDecl => d !== null);
  return { packageName: 'google.protobuf', syntax: 'proto3', decls, imports: [] };
}

/** Resolves `name` as written inside `scope` (a fully-qualified message or package name). */
export function resolveTypeName(index: ReadonlyMap<string, ProtoTypeInfo>, name: string, scope: string): string | null {
  if (name.startsWith('.')) {
    return index.has(name.slice(1)) ? name.slice(1) : null;
  }
  const parts = scope ? scope.split('.') : [];
  while (parts.length > 0) {
    const candidate = `${parts.join('.')}.${name}`;
    if (index.has(candidate)) return candidate;
    parts.pop();
  }
  return index.has(name) ? name : null;
}

function checkTypesResolve(index: ReadonlyMap<string, ProtoTypeInfo>, decls: readonly ProtoDecl[], scope: string): void {
  for (const decl of decls) {
    if (decl.kind !== 'message') continue;
    const inner = scope ? `${scope}.${decl.name}` : decl.name;
    for (const f of decl.fields) {
      if (!SCALAR_TYPES.has(f.type) && resolveTypeName(index, f.type, inner) === null) {
        throw new Error(`field \`${decl.name}.${f.name}\` has unknown type \`${f.type}\` (missing import or reference?)`);
      }
    }
    checkTypesResolve(index, decl.nested, inner);
  }
}

export function parseProto(text: string, references: Readonly<Record<string, string>>): ParsedProto {
  const main = parseFile(text);
  const index = new Map<string, ProtoTypeInfo>();
  const files = new Map<string, { file: ParsedFile; text: string }>();
  const queue = [...main.imports];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (files.has(name)) continue;
    const refText = ownEntry(references, name);
    let file: ParsedFile | null;
    if (refText !== undefined) {
      try {
        file = parseFile(refText);
      } catch (e) {
        throw new Error(`reference ${name}: ${(e as Error).message}`);
      }
    } else {
      file = wellKnownFile(name);
    }
    if (!file) {
      throw new Error(`import "${name}" is neither a reference nor a well-known type`);
    }
    files.set(name, { file, text: refText ?? '' });
    queue.push(...file.imports);
  }
  // A file is the same only with the same text and the same files imported, all the way down:
  // a referenced file whose own reference moved to another version is another file.
  const identities = new Map<string, string>();
  const identity = (name: string, visiting: ReadonlySet<string> = new Set()): string => {
    const known = identities.get(name);
    if (known !== undefined) return known;
    const entry = files.get(name);
    if (!entry || visiting.has(name)) return '';
    const inner = new Set([...visiting, name]);
    const id = [entry.text, ...entry.file.imports.map((i) => `${i}\u0001${identity(i, inner)}`)].join('\u0000');
    identities.set(name, id);
    return id;
  };
  for (const [name, { file }] of files) {
    indexDecls(index, file.decls, file.packageName, file.packageName, name, identity(name));
  }
  indexDecls(index, main.decls, main.packageName, main.packageName, '', '');
  checkTypesResolve(index, main.decls, main.packageName);
  return { packageName: main.packageName, syntax: main.syntax, types: main.decls, index };
}

function renderDecl(decl: ProtoDecl): string {
  if (decl.kind === 'enum') {
    const values = [...decl.values.entries()].sort((a, b) => a[0] - b[0]).map(([n, v]) => `${v}=${n}`);
    return `enum ${decl.name}{${values.join(';')}}`;
  }
  const fields = [...decl.fields]
    .sort((a, b) => a.number - b.number)
    .map((f) =>
      `${f.label ?? ''} ${f.mapKey ? `map<${f.mapKey},${f.type}>` : f.type} ${f.name}=${f.number}${f.oneof ? ` oneof ${f.oneof}` : ''}`.trim(),
    );
  return `message ${decl.name}{${fields.join(';')}${decl.nested.map(renderDecl).join('')}}`;
}

/** A compact normalized rendering: syntax, package and declarations, fields sorted by number. */
export function canonicalProto(parsed: ParsedProto): string {
  return `syntax ${parsed.syntax};package ${parsed.packageName};${parsed.types.map(renderDecl).join('')}`;
}
