/**
 * Where in an Avro schema a parse error is: `Order.items[].quantity`. avsc's messages name the
 * bad type (`undefined type name: integr`) but not the field that holds it; the schema is
 * parsed again with a type hook that records the last type it was reading.
 */
import { AvroNameGuard, mayUseInheritedNames, restoreInheritedNames } from './inherited-names';
import { avsc } from './schema-libraries';
import { nestingProblem } from '../compat/text';
import { nameKeyed } from '../model/records';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The field path of the type avsc fails on, or undefined when the schema parses (or the
 * failing type is the whole schema). `references` are the referenced schemas' texts by name.
 */
export function avroErrorLocation(text: string, references: Readonly<Record<string, string>> = {}): string | undefined {
  // Too deep to walk: the parse's message says so, with a line and column.
  if (nestingProblem('AVRO', text) || Object.values(references).some((ref) => nestingProblem('AVRO', ref))) return undefined;
  let root: unknown;
  const refs: unknown[] = [];
  try {
    root = JSON.parse(text);
  } catch {
    return undefined;
  }
  for (const ref of Object.values(references)) {
    try {
      refs.push(JSON.parse(ref));
    } catch {
      // A broken reference is reported by the parse itself.
    }
  }
  // Names such as `constructor` get a prefix avsc can hold (see inherited-names), taken out of the path.
  if (!mayUseInheritedNames([text, ...Object.values(references)])) return locate(root, refs);
  const guard = new AvroNameGuard();
  const safeRefs = refs.map((ref) => guard.schema(ref));
  const at = locate(guard.schema(root), safeRefs);
  return at === undefined ? undefined : restoreInheritedNames(at);
}

function locate(root: unknown, references: readonly unknown[]): string | undefined {
  // Every object in the schema, by the path of the field (or item, value, branch) it is the type of.
  const where = new Map<unknown, string>();
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) {
      node.forEach((b) => walk(b, at));
      return;
    }
    if (!isObject(node)) return;
    where.set(node, at);
    if (Array.isArray(node.fields)) {
      const record = typeof node.name === 'string' ? node.name : at;
      for (const f of node.fields) {
        if (!isObject(f)) continue;
        const fieldPath = `${at || record}.${String(f.name)}`;
        where.set(f, fieldPath);
        walk(f.type, fieldPath);
      }
    }
    if (node.items !== undefined) walk(node.items, `${at}[]`);
    if (node.values !== undefined) walk(node.values, `${at}{}`);
    if (isObject(node.type) || Array.isArray(node.type)) walk(node.type, at);
  };
  walk(root, '');

  const registry = nameKeyed<unknown>();
  for (const ref of references) {
    try {
      avsc().Type.forSchema(ref as never, { registry: registry as never });
    } catch {
      // A broken reference is reported by the parse itself.
    }
  }
  let lastObject: unknown;
  let last: unknown;
  try {
    avsc().Type.forSchema(root as never, {
      registry: registry as never,
      typeHook: (schema: unknown) => {
        // avsc wraps primitive names in objects of its own: only the schema's own objects count.
        if (isObject(schema) && !where.has(schema)) return undefined;
        last = schema;
        if (isObject(schema)) lastObject = schema;
        return undefined;
      },
    });
    return undefined;
  } catch {
    if (isObject(last)) return where.get(last) || undefined;
    // A type name that resolves to nothing: the field of the last record read that names it.
    const owner = lastObject;
    if (!isObject(owner)) return undefined;
    const names = (t: unknown): boolean => t === last || (Array.isArray(t) && t.includes(last));
    const ownerPath = where.get(owner) ?? '';
    if (Array.isArray(owner.fields)) {
      const f = owner.fields.find((x) => isObject(x) && names(x.type));
      if (isObject(f)) return where.get(f);
    }
    if (names(owner.items)) return `${ownerPath}[]`;
    if (names(owner.values)) return `${ownerPath}{}`;
    return ownerPath || undefined;
  }
}
