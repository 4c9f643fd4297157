/**
 * JSON Schema: validation with ajv (draft-07 and 2020-12, also 2019-09; draft-04/06 compile
 * without meta-schema validation), then a small typed model of the schema in the spirit of the
 * registry's own loader: one node per schema, typed parts (`type`), `enum`, `const`,
 * `allOf`/`anyOf`/`oneOf` and `not`; a schema with several of these becomes a synthetic `allOf`.
 * `$ref`s become reference nodes pointing at their targets (local pointers and references by name
 * or `$id`); a referenced document is parsed and validated when a `$ref` first reaches it.
 */
import type Ajv from 'ajv';
import type { AnySchema } from 'ajv';
import { ajv as ajvLibrary } from '../private/schema-libraries';
import { locatePointer, parseJsonText, stableStringify } from './text';
import { ownEntry } from '../model/records';

export type CombinedCriterion = 'allOf' | 'anyOf' | 'oneOf';

interface NodeBase {
  /** Unique per parse: pairs of nodes under comparison are tracked by it (recursive schemas). */
  readonly uid: number;
  /** Stable text of the schema object, to tell equal subschemas apart from different ones. */
  key: string;
  hasDefault: boolean;
}

export interface JEmpty extends NodeBase {
  k: 'empty';
}
export interface JFalse extends NodeBase {
  k: 'false';
}
export interface JBoolean extends NodeBase {
  k: 'boolean';
}
export interface JNull extends NodeBase {
  k: 'null';
}
export interface JString extends NodeBase {
  k: 'string';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}
export interface JNumber extends NodeBase {
  k: 'number';
  integer: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}
export interface JObject extends NodeBase {
  k: 'object';
  properties: Map<string, JNode>;
  required: Set<string>;
  /** true: any extra property; false: none; a node: extra properties must match it. */
  additional: boolean | JNode;
  patternProperties: Array<[RegExp, JNode]>;
  minProperties?: number;
  maxProperties?: number;
  /** `unevaluatedProperties`, when present (true is an empty node, false a false node). */
  unevaluated?: JNode;
  /** `dependencies` / `dependentRequired` with a list: property -> properties it requires. */
  dependentRequired: Map<string, string[]>;
  /** `dependencies` / `dependentSchemas` with a schema: property -> schema the object must match. */
  dependentSchemas: Map<string, JNode>;
}
export interface JArray extends NodeBase {
  k: 'array';
  /** The schema every item must match (`items` as an object). */
  allItems?: JNode;
  /** Tuple schemas (`items` as an array, or `prefixItems`). */
  itemList: JNode[];
  /** Items beyond the tuple: true (any), false (none) or a schema. */
  additionalItems: boolean | JNode;
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
  minContains?: number;
  maxContains?: number;
  /** `unevaluatedItems`, when present. */
  unevaluated?: JNode;
}
export interface JEnum extends NodeBase {
  k: 'enum';
  values: unknown[];
}
export interface JConst extends NodeBase {
  k: 'const';
  value: unknown;
}
export interface JCombined extends NodeBase {
  k: 'combined';
  criterion: CombinedCriterion;
  subs: JNode[];
  /** Made up to join the parts of one schema object (e.g. `type` with `enum`). */
  synthetic: boolean;
}
export interface JNot extends NodeBase {
  k: 'not';
  sub: JNode;
}
/**
 * A `$ref` node. The registry compares what it points at, except where its object diff asks
 * whether a property's schema is empty or has a default: there the `$ref` node itself is
 * neither (its own siblings aside).
 */
export interface JRef extends NodeBase {
  k: 'ref';
  target: JNode;
}

export type JNode = JEmpty | JFalse | JBoolean | JNull | JString | JNumber | JObject | JArray | JEnum | JConst | JCombined | JNot | JRef;

/** What a node stands for, through `$ref`s. */
export function deref(n: JNode): JNode {
  let cur = n;
  while (cur.k === 'ref') cur = cur.target;
  return cur;
}

export interface ParsedJsonSchema {
  readonly root: JNode;
  readonly raw: unknown;
}

type Raw = Record<string, unknown>;

const OBJECT_KEYWORDS = [
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'minProperties',
  'maxProperties',
  'dependencies',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
];
const ARRAY_KEYWORDS = [
  'items',
  'prefixItems',
  'additionalItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'contains',
  'minContains',
  'maxContains',
  'unevaluatedItems',
];
const STRING_KEYWORDS = ['minLength', 'maxLength', 'pattern'];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function dialectOf(raw: unknown): 'draft-07' | '2019-09' | '2020-12' | 'legacy' {
  const uri = isObject(raw) && typeof raw.$schema === 'string' ? raw.$schema : '';
  if (uri.includes('2020-12')) return '2020-12';
  if (uri.includes('2019-09')) return '2019-09';
  if (/draft-0[46]/.test(uri)) return 'legacy';
  return 'draft-07';
}

const validators = new Map<string, Ajv>();

/** One ajv per dialect, used only to validate schemas against their meta-schema. */
function validatorFor(dialect: ReturnType<typeof dialectOf>): Ajv {
  let ajv = validators.get(dialect);
  if (!ajv) {
    const opts = { strict: false, allErrors: false, logger: false as const };
    const Validator = dialect === '2020-12' ? ajvLibrary.draft2020() : dialect === '2019-09' ? ajvLibrary.draft2019() : ajvLibrary.draft7();
    ajv = new Validator(opts);
    ajvLibrary.addFormats()(ajv);
    validators.set(dialect, ajv);
  }
  return ajv;
}

/**
 * Validates a schema against its dialect's meta-schema with ajv; throws with ajv's message and,
 * where the offending keyword can be found in `text`, its line and column. Draft-04/06 schemas
 * are not meta-validated (ajv ships no draft-04 meta-schema). `$ref`s are checked when the model
 * is built.
 */
function validateWithAjv(raw: unknown, text: string, what: string): void {
  const dialect = dialectOf(raw);
  if (dialect === 'legacy' || typeof raw === 'boolean') return;
  const ajv = validatorFor(dialect);
  const schema = isObject(raw) && raw.$schema !== undefined ? { ...raw, $schema: undefined } : raw;
  if (ajv.validateSchema(schema as AnySchema) === true) return;
  const message = ajv.errorsText(ajv.errors);
  const at = /\bdata(\/\S*?)(?=\s|,|$)/.exec(message);
  const where = at ? locatePointer(text, at[1]) : undefined;
  throw new Error(`invalid ${what}${where ? ` at line ${where.line} column ${where.column}` : ''}: ${message}`);
}

/** Resolves a JSON pointer (`/definitions/Address`) inside a document. */
function pointer(doc: unknown, ptr: string): unknown {
  if (ptr === '' || ptr === '/') return doc;
  let cur: unknown = doc;
  for (const rawPart of ptr.replace(/^\//, '').split('/')) {
    const part = decodeURIComponent(rawPart).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(part)];
    else if (isObject(cur)) cur = ownEntry(cur, part);
    else return undefined;
  }
  return cur;
}

function basename(s: string): string {
  return s.replace(/#.*$/, '').replace(/^.*\//, '');
}

class ModelBuilder {
  private readonly memo = new Map<object, JNode>();
  private readonly docs = new Map<string, unknown>();
  private uid = 0;

  constructor(private readonly refs: Readonly<Record<string, string>>) {}

  /** A referenced document, parsed and meta-validated on first use. */
  private load(name: string): unknown {
    if (!this.docs.has(name)) {
      const refText = this.refs[name];
      let refRaw: unknown;
      try {
        refRaw = parseJsonText(refText);
      } catch (e) {
        throw new Error(`reference ${name}: ${(e as Error).message}`);
      }
      validateWithAjv(refRaw, refText, `JSON Schema reference ${name}`);
      this.docs.set(name, refRaw);
    }
    return this.docs.get(name);
  }

  private findDocument(name: string): unknown {
    const names = Object.keys(this.refs).sort();
    if (names.includes(name)) return this.load(name);
    for (const refName of names) {
      if (basename(refName) === basename(name)) return this.load(refName);
    }
    for (const refName of names) {
      let id: unknown;
      try {
        const doc = parseJsonText(this.refs[refName]);
        id = isObject(doc) ? doc.$id : undefined;
      } catch {
        continue;
      }
      if (typeof id === 'string' && (id === name || basename(id) === basename(name))) return this.load(refName);
    }
    return undefined;
  }

  private resolveRef(ref: string, doc: unknown): { target: unknown; doc: unknown } {
    const hash = ref.indexOf('#');
    const location = hash < 0 ? ref : ref.slice(0, hash);
    const fragment = hash < 0 ? '' : ref.slice(hash + 1);
    const targetDoc = location === '' ? doc : this.findDocument(location);
    if (targetDoc === undefined) throw new Error(`unresolved $ref "${ref}"`);
    if (fragment !== '' && !fragment.startsWith('/')) throw new Error(`unsupported $ref "${ref}" (anchors are not supported)`);
    const target = pointer(targetDoc, fragment);
    if (target === undefined) throw new Error(`unresolved $ref "${ref}"`);
    return { target, doc: targetDoc };
  }

  private base<K extends JNode['k']>(k: K, raw: unknown): NodeBase & { k: K } {
    return { k, uid: ++this.uid, key: '', hasDefault: isObject(raw) && 'default' in raw };
  }

  build(raw: unknown, doc: unknown, seenRefs: ReadonlySet<unknown> = new Set()): JNode {
    if (raw === true) return { ...this.base('empty', raw), key: 'true' };
    if (raw === false) return { ...this.base('false', raw), key: 'false' };
    if (!isObject(raw)) throw new Error(`a schema must be an object or a boolean, got ${JSON.stringify(raw)}`);
    const known = this.memo.get(raw);
    if (known) {
      if (known.k === 'ref' && !known.target) throw new Error(`circular $ref "${String(raw.$ref)}"`);
      return known;
    }
    if (typeof raw.$ref === 'string') {
      const { target, doc: targetDoc } = this.resolveRef(raw.$ref, doc);
      if (target === raw || seenRefs.has(target)) throw new Error(`circular $ref "${raw.$ref}"`);
      const node: JRef = { ...this.base('ref', raw), key: stableStringify(raw), target: undefined as unknown as JNode };
      this.memo.set(raw, node);
      node.target = this.build(target, targetDoc, new Set([...seenRefs, target]));
      return node;
    }
    const parts: JNode[] = [];
    // Register a placeholder first so recursive $refs back to this object find it.
    const shell = { ...this.base('combined', raw), criterion: 'allOf', subs: parts, synthetic: true } as JCombined;
    this.memo.set(raw, shell);

    const types = this.typesOf(raw);
    if (types.length === 1) {
      parts.push(this.typed(types[0], raw, doc));
    } else if (types.length > 1) {
      const subs = types.map((t) => this.typed(t, raw, doc));
      parts.push({ ...this.base('combined', undefined), criterion: 'anyOf', subs, synthetic: false, key: stableStringify({ anyOf: types }) });
    }
    if (Array.isArray(raw.enum)) parts.push({ ...this.base('enum', undefined), values: raw.enum, key: stableStringify({ enum: raw.enum }) });
    if ('const' in raw) parts.push({ ...this.base('const', undefined), value: raw.const, key: stableStringify({ const: raw.const }) });
    for (const criterion of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = raw[criterion];
      if (Array.isArray(list)) {
        const subs = list.map((s) => this.build(s, doc));
        parts.push({ ...this.base('combined', undefined), criterion, subs, synthetic: false, key: stableStringify({ [criterion]: list }) });
      }
    }
    if ('not' in raw) {
      parts.push({ ...this.base('not', undefined), sub: this.build(raw.not, doc), key: stableStringify({ not: raw.not }) });
    }

    let node: JNode;
    if (parts.length === 0) {
      node = this.base('empty', raw);
    } else if (parts.length === 1) {
      node = parts[0];
      node.hasDefault = 'default' in raw;
    } else {
      node = shell;
    }
    node.key = stableStringify(raw);
    if (node !== shell) {
      // Recursive references may already point at the shell: make it stand for the node.
      Object.assign(shell, node);
    }
    this.memo.set(raw, node);
    return node;
  }

  private typesOf(raw: Raw): string[] {
    if (typeof raw.type === 'string') return [raw.type];
    if (Array.isArray(raw.type)) return [...new Set(raw.type.filter((t): t is string => typeof t === 'string'))];
    const inferred: string[] = [];
    if (OBJECT_KEYWORDS.some((k) => k in raw)) inferred.push('object');
    if (ARRAY_KEYWORDS.some((k) => k in raw)) inferred.push('array');
    if (STRING_KEYWORDS.some((k) => k in raw)) inferred.push('string');
    if (NUMBER_KEYWORDS.some((k) => k in raw)) inferred.push('number');
    return inferred;
  }

  private typed(type: string, raw: Raw, doc: unknown): JNode {
    const key = stableStringify({ ...raw, type });
    switch (type) {
      case 'object': {
        const properties = new Map<string, JNode>();
        if (isObject(raw.properties)) {
          for (const [name, sub] of Object.entries(raw.properties)) properties.set(name, this.build(sub, doc));
        }
        const patternProperties: Array<[RegExp, JNode]> = [];
        if (isObject(raw.patternProperties)) {
          for (const [pattern, sub] of Object.entries(raw.patternProperties)) {
            patternProperties.push([new RegExp(pattern, 'u'), this.build(sub, doc)]);
          }
        }
        const dependentRequired = new Map<string, string[]>();
        const dependentSchemas = new Map<string, JNode>();
        for (const source of [raw.dependencies, raw.dependentRequired, raw.dependentSchemas]) {
          if (!isObject(source)) continue;
          for (const [name, dep] of Object.entries(source)) {
            if (Array.isArray(dep))
              dependentRequired.set(
                name,
                dep.filter((d): d is string => typeof d === 'string'),
              );
            else dependentSchemas.set(name, this.build(dep, doc));
          }
        }
        const ap = raw.additionalProperties;
        return {
          ...this.base('object', raw),
          key,
          properties,
          required: new Set(Array.isArray(raw.required) ? raw.required.filter((r): r is string => typeof r === 'string') : []),
          additional: ap === undefined || ap === true ? true : ap === false ? false : this.build(ap, doc),
          patternProperties,
          minProperties: num(raw.minProperties),
          maxProperties: num(raw.maxProperties),
          dependentRequired,
          dependentSchemas,
          unevaluated: raw.unevaluatedProperties === undefined ? undefined : this.build(raw.unevaluatedProperties, doc),
        };
      }
      case 'array': {
        let allItems: JNode | undefined;
        let itemList: JNode[] = [];
        let extra: unknown = raw.additionalItems;
        if (Array.isArray(raw.prefixItems)) {
          itemList = raw.prefixItems.map((s) => this.build(s, doc));
          extra = raw.items;
        } else if (Array.isArray(raw.items)) {
          itemList = raw.items.map((s) => this.build(s, doc));
        } else if (raw.items !== undefined) {
          allItems = this.build(raw.items, doc);
        }
        return {
          ...this.base('array', raw),
          key,
          allItems,
          itemList,
          additionalItems: extra === undefined || extra === true ? true : extra === false ? false : this.build(extra, doc),
          minItems: num(raw.minItems),
          maxItems: num(raw.maxItems),
          uniqueItems: raw.uniqueItems === true,
          minContains: num(raw.minContains),
          maxContains: num(raw.maxContains),
          unevaluated: raw.unevaluatedItems === undefined ? undefined : this.build(raw.unevaluatedItems, doc),
        };
      }
      case 'string':
        return {
          ...this.base('string', raw),
          key,
          minLength: num(raw.minLength),
          maxLength: num(raw.maxLength),
          pattern: typeof raw.pattern === 'string' ? raw.pattern : undefined,
        };
      case 'number':
      case 'integer':
        return {
          ...this.base('number', raw),
          key,
          integer: type === 'integer',
          minimum: num(raw.minimum),
          maximum: num(raw.maximum),
          exclusiveMinimum: num(raw.exclusiveMinimum),
          exclusiveMaximum: num(raw.exclusiveMaximum),
          multipleOf: num(raw.multipleOf),
        };
      case 'boolean':
        return { ...this.base('boolean', raw), key };
      case 'null':
        return { ...this.base('null', raw), key };
      default:
        throw new Error(`unknown type "${type}"`);
    }
  }
}

export function parseJsonSchema(text: string, references: Readonly<Record<string, string>>): ParsedJsonSchema {
  const raw = parseJsonText(text);
  validateWithAjv(raw, text, 'JSON Schema');
  const root = new ModelBuilder(references).build(raw, raw);
  return { root, raw };
}

export function canonicalJsonSchema(parsed: ParsedJsonSchema): string {
  return stableStringify(parsed.raw);
}
