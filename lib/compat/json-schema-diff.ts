/**
 * JSON Schema compatibility by Confluent's rules (its default STRICT policy): the two schemas are
 * diffed, each difference gets a rule name, and any rule outside the compatible list makes the
 * pair incompatible. BACKWARD diffs old -> new; FORWARD diffs new -> old. Rule names are those of
 * the registry; the message always tells the change as the author made it (old -> new).
 *
 * The content model decides what adding or removing a property means: an open model (no
 * `additionalProperties: false`, no `patternProperties`) accepts any extra property, so removing a
 * property is safe but adding one is not; a closed model is the other way round; a partially open
 * model (`additionalProperties: {schema}` or `patternProperties`) is safe when the schema of the
 * property agrees with the schema that covers it.
 */
import { CompatibilityDirection, Finding, FormatChecker } from './types';
import { canonicalJsonSchema, deref, JArray, JCombined, JNode, JNumber, JObject, JString, parseJsonSchema, ParsedJsonSchema } from './json-schema';
import { joinPath, stableStringify } from './text';

/** Differences the registry accepts under its default (STRICT) policy. */
export const JSON_COMPATIBLE_CHANGES: ReadonlySet<string> = new Set([
  'ID_CHANGED',
  'DESCRIPTION_CHANGED',
  'TITLE_CHANGED',
  'DEFAULT_CHANGED',
  'SCHEMA_REMOVED',
  'TYPE_EXTENDED',
  'MAX_LENGTH_INCREASED',
  'MAX_LENGTH_REMOVED',
  'MIN_LENGTH_DECREASED',
  'MIN_LENGTH_REMOVED',
  'PATTERN_REMOVED',
  'MAXIMUM_INCREASED',
  'MAXIMUM_REMOVED',
  'MINIMUM_DECREASED',
  'MINIMUM_REMOVED',
  'EXCLUSIVE_MAXIMUM_INCREASED',
  'EXCLUSIVE_MAXIMUM_REMOVED',
  'EXCLUSIVE_MINIMUM_DECREASED',
  'EXCLUSIVE_MINIMUM_REMOVED',
  'MULTIPLE_OF_REDUCED',
  'MULTIPLE_OF_REMOVED',
  'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED',
  'REQUIRED_ATTRIBUTE_REMOVED',
  'DEPENDENCY_ARRAY_NARROWED',
  'DEPENDENCY_ARRAY_REMOVED',
  'DEPENDENCY_SCHEMA_REMOVED',
  'MAX_PROPERTIES_INCREASED',
  'MAX_PROPERTIES_REMOVED',
  'MIN_PROPERTIES_DECREASED',
  'MIN_PROPERTIES_REMOVED',
  'ADDITIONAL_PROPERTIES_ADDED',
  'ADDITIONAL_PROPERTIES_EXTENDED',
  'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
  'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL',
  'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
  'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL',
  'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'MAX_ITEMS_INCREASED',
  'MAX_ITEMS_REMOVED',
  'MIN_ITEMS_DECREASED',
  'MIN_ITEMS_REMOVED',
  'UNIQUE_ITEMS_REMOVED',
  'ADDITIONAL_ITEMS_ADDED',
  'ADDITIONAL_ITEMS_EXTENDED',
  'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_TO_CLOSED_CONTENT_MODEL',
  'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL',
  'ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL',
  'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
  'UNEVALUATED_PROPERTIES_ADDED',
  'UNEVALUATED_PROPERTIES_EXTENDED',
  'UNEVALUATED_ITEMS_ADDED',
  'UNEVALUATED_ITEMS_EXTENDED',
  'MAX_CONTAINS_INCREASED',
  'MAX_CONTAINS_REMOVED',
  'MIN_CONTAINS_DECREASED',
  'MIN_CONTAINS_REMOVED',
  'ENUM_ARRAY_EXTENDED',
  'COMBINED_TYPE_EXTENDED',
  'PRODUCT_TYPE_NARROWED',
  'SUM_TYPE_EXTENDED',
  'NOT_TYPE_NARROWED',
]);

interface JDiff extends Finding {
  readonly compatible: boolean;
}

function describe(node: JNode | undefined): string {
  if (!node) return 'nothing';
  const n = deref(node);
  switch (n.k) {
    case 'empty':
      return 'any value';
    case 'false':
      return 'no value';
    case 'number':
      return n.integer ? 'integer' : 'number';
    case 'combined':
      return n.synthetic ? n.subs.map(describe).join(' & ') : `${n.criterion}[${n.subs.map(describe).join(', ')}]`;
    case 'not':
      return `not(${describe(n.sub)})`;
    case 'enum':
      return `enum ${JSON.stringify(n.values)}`;
    case 'const':
      return `const ${JSON.stringify(n.value)}`;
    default:
      return n.k;
  }
}

function fmt(v: unknown): string {
  return v === undefined ? 'none' : JSON.stringify(v);
}

/** Whether `a` is a multiple of `b`, exactly for decimal inputs such as 0.1 and 0.3. */
function isMultiple(a: number, b: number): boolean {
  if (b === 0) return false;
  const decimals = (x: number) => (String(x).split('.')[1] ?? '').length;
  const scale = 10 ** Math.max(decimals(a), decimals(b));
  return Math.round(a * scale) % Math.round(b * scale) === 0;
}

class JsonDiff {
  readonly diffs: JDiff[] = [];

  constructor(
    private readonly direction: CompatibilityDirection,
    private readonly onStack: Set<string> = new Set(),
  ) {}

  private sub(): JsonDiff {
    return new JsonDiff(this.direction, this.onStack);
  }

  get compatible(): boolean {
    return this.diffs.every((d) => d.compatible);
  }

  private oldNew<T>(o: T, u: T): [T, T] {
    return this.direction === 'BACKWARD' ? [o, u] : [u, o];
  }

  /** The author's change for a rule named as seen from original -> update. */
  private event(ruleSaysAdded: boolean): 'added' | 'removed' {
    return ruleSaysAdded === (this.direction === 'BACKWARD') ? 'added' : 'removed';
  }

  private add(rule: string, path: string, what: string): void {
    this.diffs.push({ rule, path, what, compatible: JSON_COMPATIBLE_CHANGES.has(rule) });
  }

  private take(other: JsonDiff): void {
    this.diffs.push(...other.diffs);
  }

  compare(original: JNode | undefined, update: JNode | undefined, path: string, keyword = 'schema'): void {
    if (!original && !update) return;
    if (!original || !update) {
      const rule = original ? 'SCHEMA_REMOVED' : 'SCHEMA_ADDED';
      this.add(rule, path, `${keyword} of ${at(path)} was ${this.event(!original)}`);
      return;
    }
    // As the registry does: a `$ref` is compared by what it points at.
    const o = deref(original);
    const u = deref(update);
    const pair = `${o.uid}:${u.uid}`;
    if (this.onStack.has(pair)) return;
    this.onStack.add(pair);
    try {
      this.compareTypes(o, u, path);
    } finally {
      this.onStack.delete(pair);
    }
  }

  /** Compares `o` to `u` in a sub-diff; keeps its differences and returns true when compatible. */
  private tryCompare(o: JNode, u: JNode, path: string): JsonDiff {
    const sub = this.sub();
    sub.compare(o, u, path);
    return sub;
  }

  private compareTypes(o: JNode, u: JNode, path: string): void {
    if (o.k !== 'combined' && u.k === 'combined') {
      if (u.subs.length === 1) {
        const sub = this.tryCompare(o, u.subs[0], path);
        if (sub.compatible) return this.take(sub);
      } else if (u.criterion !== 'allOf') {
        for (const branch of u.subs) {
          const sub = this.tryCompare(o, branch, path);
          if (sub.compatible) {
            this.take(sub);
            this.add('SUM_TYPE_EXTENDED', path, `${at(path)} now also accepts other ${u.criterion} branches`);
            return;
          }
        }
      }
    } else if (o.k === 'combined' && u.k !== 'combined') {
      if (o.subs.length === 1) {
        const sub = this.tryCompare(o.subs[0], u, path);
        if (sub.compatible) return this.take(sub);
      } else if (o.criterion === 'allOf') {
        for (const part of o.subs) {
          const sub = this.tryCompare(part, u, path);
          if (sub.compatible) {
            this.take(sub);
            this.add('PRODUCT_TYPE_NARROWED', path, `allOf of ${at(path)} was reduced to one of its parts`);
            return;
          }
        }
      }
    }
    if (o.k !== u.k) {
      if (o.k === 'false' || u.k === 'empty') return;
      const [before, after] = this.oldNew<JNode>(o, u);
      this.add('TYPE_CHANGED', path, `type of ${at(path)} changed from ${describe(before)} to ${describe(after)}`);
      return;
    }
    switch (o.k) {
      case 'string':
        return this.compareString(o, u as JString, path);
      case 'number':
        return this.compareNumber(o, u as JNumber, path);
      case 'enum':
        return this.compareEnum(o.values, (u as typeof o).values, path);
      case 'const':
        if (stableStringify(o.value) !== stableStringify((u as typeof o).value)) {
          const [before, after] = this.oldNew(o.value, (u as typeof o).value);
          this.add('ENUM_ARRAY_CHANGED', path, `const of ${at(path)} changed from ${fmt(before)} to ${fmt(after)}`);
        }
        return;
      case 'combined':
        return this.compareCombined(o, u as JCombined, path);
      case 'not': {
        const reversed = this.sub();
        reversed.compare((u as typeof o).sub, o.sub, path);
        if (reversed.compatible) {
          this.add('NOT_TYPE_NARROWED', path, `the \`not\` schema of ${at(path)} now excludes less`);
        } else {
          this.add('NOT_TYPE_EXTENDED', path, `the \`not\` schema of ${at(path)} now excludes more`);
        }
        return;
      }
      case 'object':
        return this.compareObject(o, u as JObject, path);
      case 'array':
        return this.compareArray(o, u as JArray, path);
      default:
        return;
    }
  }

  /** Compares an optional numeric keyword; `up` is the rule suffix for "the value increased". */
  private bound(keyword: string, rulePrefix: string, o: number | undefined, u: number | undefined, path: string): void {
    if (o === u) return;
    let rule: string;
    if (o === undefined) rule = `${rulePrefix}_ADDED`;
    else if (u === undefined) rule = `${rulePrefix}_REMOVED`;
    else rule = o < u ? `${rulePrefix}_INCREASED` : `${rulePrefix}_DECREASED`;
    const [before, after] = this.oldNew(o, u);
    this.add(rule, path, `${keyword} of ${at(path)} changed from ${fmt(before)} to ${fmt(after)}`);
  }

  private compareString(o: JString, u: JString, path: string): void {
    this.bound('maxLength', 'MAX_LENGTH', o.maxLength, u.maxLength, path);
    this.bound('minLength', 'MIN_LENGTH', o.minLength, u.minLength, path);
    if (o.pattern !== u.pattern) {
      const rule = o.pattern === undefined ? 'PATTERN_ADDED' : u.pattern === undefined ? 'PATTERN_REMOVED' : 'PATTERN_CHANGED';
      const [before, after] = this.oldNew(o.pattern, u.pattern);
      this.add(rule, path, `pattern of ${at(path)} changed from ${fmt(before)} to ${fmt(after)}`);
    }
  }

  private compareNumber(o: JNumber, u: JNumber, path: string): void {
    this.bound('maximum', 'MAXIMUM', o.maximum, u.maximum, path);
    this.bound('minimum', 'MINIMUM', o.minimum, u.minimum, path);
    this.bound('exclusiveMaximum', 'EXCLUSIVE_MAXIMUM', o.exclusiveMaximum, u.exclusiveMaximum, path);
    this.bound('exclusiveMinimum', 'EXCLUSIVE_MINIMUM', o.exclusiveMinimum, u.exclusiveMinimum, path);
    if (o.multipleOf !== u.multipleOf) {
      let rule: string;
      if (o.multipleOf === undefined) rule = 'MULTIPLE_OF_ADDED';
      else if (u.multipleOf === undefined) rule = 'MULTIPLE_OF_REMOVED';
      else if (isMultiple(u.multipleOf, o.multipleOf)) rule = 'MULTIPLE_OF_EXPANDED';
      else if (isMultiple(o.multipleOf, u.multipleOf)) rule = 'MULTIPLE_OF_REDUCED';
      else rule = 'MULTIPLE_OF_CHANGED';
      const [before, after] = this.oldNew(o.multipleOf, u.multipleOf);
      this.add(rule, path, `multipleOf of ${at(path)} changed from ${fmt(before)} to ${fmt(after)}`);
    }
    if (o.integer !== u.integer) {
      const [before, after] = this.oldNew(o, u);
      this.add(o.integer ? 'TYPE_EXTENDED' : 'TYPE_NARROWED', path, `type of ${at(path)} changed from ${describe(before)} to ${describe(after)}`);
    }
  }

  private compareEnum(o: unknown[], u: unknown[], path: string): void {
    const os = new Set(o.map(stableStringify));
    const us = new Set(u.map(stableStringify));
    if (os.size === us.size && [...os].every((v) => us.has(v))) return;
    const rule = [...os].every((v) => us.has(v))
      ? 'ENUM_ARRAY_EXTENDED'
      : [...us].every((v) => os.has(v))
        ? 'ENUM_ARRAY_NARROWED'
        : 'ENUM_ARRAY_CHANGED';
    const [before, after] = this.oldNew(os, us);
    const removed = [...before].filter((v) => !after.has(v));
    const added = [...after].filter((v) => !before.has(v));
    const parts = [removed.length ? `removed ${removed.join(', ')}` : '', added.length ? `added ${added.join(', ')}` : ''].filter(Boolean);
    this.add(rule, path, `enum of ${at(path)} changed (${parts.join('; ')})`);
  }

  private compareCombined(o: JCombined, u: JCombined, path: string): void {
    if (o.criterion !== u.criterion) {
      const single = (c: JCombined) => c.subs.length === 1;
      const extended =
        u.criterion === 'anyOf' || (single(o) && single(u)) || (single(o) && u.criterion === 'oneOf') || (single(u) && o.criterion === 'allOf');
      const [before, after] = this.oldNew(o.criterion, u.criterion);
      this.add(extended ? 'COMBINED_TYPE_EXTENDED' : 'COMBINED_TYPE_CHANGED', path, `${at(path)} changed from ${before} to ${after}`);
      if (!extended) return;
    }
    if (o.synthetic && u.synthetic && this.comparePartsByKind(o, u, path)) return;
    const dedupe = (subs: JNode[]) => [...new Map(subs.map((s) => [s.key, s])).values()];
    const os = dedupe(o.subs);
    const us = dedupe(u.subs);
    const [before, after] = this.oldNew(os.length, us.length);
    if (os.length < us.length) {
      this.add(
        u.criterion === 'allOf' ? 'PRODUCT_TYPE_EXTENDED' : 'SUM_TYPE_EXTENDED',
        path,
        `${u.criterion} of ${at(path)} went from ${before} to ${after} subschemas`,
      );
    } else if (os.length > us.length) {
      this.add(
        o.criterion === 'allOf' ? 'PRODUCT_TYPE_NARROWED' : 'SUM_TYPE_NARROWED',
        path,
        `${o.criterion} of ${at(path)} went from ${before} to ${after} subschemas`,
      );
    }
    // Pair each original subschema with a compatible update subschema (maximum bipartite matching).
    const edges: Array<Array<JsonDiff | undefined>> = os.map((a) =>
      us.map((b) => {
        const sub = this.tryCompare(a, b, path);
        return sub.compatible ? sub : undefined;
      }),
    );
    const matchOfU = new Array<number>(us.length).fill(-1);
    const augment = (i: number, seen: boolean[]): boolean => {
      for (let j = 0; j < us.length; j++) {
        if (!edges[i][j] || seen[j]) continue;
        seen[j] = true;
        if (matchOfU[j] < 0 || augment(matchOfU[j], seen)) {
          matchOfU[j] = i;
          return true;
        }
      }
      return false;
    };
    let matched = 0;
    for (let i = 0; i < os.length; i++) {
      if (augment(i, new Array<boolean>(us.length).fill(false))) matched++;
    }
    matchOfU.forEach((i, j) => {
      const sub = i >= 0 ? edges[i][j] : undefined;
      if (sub) this.take(sub);
    });
    if (matched < Math.min(os.length, us.length)) {
      this.add('COMBINED_TYPE_SUBSCHEMAS_CHANGED', path, `the ${o.criterion} subschemas of ${at(path)} no longer correspond one to one`);
    }
  }

  /**
   * Both sides join the same kinds of parts (e.g. `type: string` with an `enum`): compare part to
   * part, which gives the same verdict as matching and a precise explanation.
   */
  private comparePartsByKind(o: JCombined, u: JCombined, path: string): boolean {
    const kinds = (c: JCombined) => c.subs.map((s) => s.k);
    const ok = kinds(o);
    const uk = kinds(u);
    if (new Set(ok).size !== ok.length || ok.length !== uk.length || !ok.every((k) => uk.includes(k))) return false;
    for (const part of o.subs) {
      this.compare(
        part,
        u.subs.find((s) => s.k === part.k),
        path,
      );
    }
    return true;
  }

  private compareObject(o: JObject, u: JObject, path: string): void {
    for (const [name] of o.properties) {
      if (!u.properties.has(name)) continue;
      const was = o.required.has(name);
      const is = u.required.has(name);
      const p = joinPath(path, name);
      if (was && !is) {
        this.add('REQUIRED_ATTRIBUTE_REMOVED', p, `property ${at(p)} ${this.direction === 'BACKWARD' ? 'is no longer required' : 'became required'}`);
      } else if (!was && is) {
        const rule = u.properties.get(name)?.hasDefault ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED' : 'REQUIRED_ATTRIBUTE_ADDED';
        this.add(rule, p, `property ${at(p)} ${this.direction === 'BACKWARD' ? 'became required' : 'is no longer required'}`);
      }
    }
    const names = [...new Set([...o.properties.keys(), ...u.properties.keys()])].sort();
    for (const name of names) {
      const p = joinPath(path, name);
      const os = o.properties.get(name);
      const us = u.properties.get(name);
      if (os && us) {
        this.compare(os, us, p);
      } else if (os) {
        this.propertyMissingInUpdate(os, u, name, p);
      } else if (us) {
        this.propertyNewInUpdate(us, o, u, name, p);
      }
    }
    this.compareDependencies(o, u, path);
    this.compareAdditional('additionalProperties', 'ADDITIONAL_PROPERTIES', o.additional, u.additional, joinPath(path, '*'), path);
    this.compareUnevaluated('unevaluatedProperties', 'UNEVALUATED_PROPERTIES', o.unevaluated, u.unevaluated, path);
    this.bound('maxProperties', 'MAX_PROPERTIES', o.maxProperties, u.maxProperties, path);
    this.bound('minProperties', 'MIN_PROPERTIES', o.minProperties, u.minProperties, path);
  }

  /** Property dependencies: lists of properties (a longer list is stricter) and schemas. */
  private compareDependencies(o: JObject, u: JObject, path: string): void {
    for (const name of [...new Set([...o.dependentRequired.keys(), ...u.dependentRequired.keys()])].sort()) {
      const p = joinPath(path, name);
      const os = o.dependentRequired.get(name);
      const us = u.dependentRequired.get(name);
      const [before, after] = this.oldNew(os, us);
      const what = `properties required along with ${at(p)} changed from ${fmt(before)} to ${fmt(after)}`;
      if (!us) this.add('DEPENDENCY_ARRAY_REMOVED', p, what);
      else if (!os) this.add('DEPENDENCY_ARRAY_ADDED', p, what);
      else if (os.length !== us.length || !os.every((x) => us.includes(x))) {
        const rule = os.every((x) => us.includes(x))
          ? 'DEPENDENCY_ARRAY_EXTENDED'
          : us.every((x) => os.includes(x))
            ? 'DEPENDENCY_ARRAY_NARROWED'
            : 'DEPENDENCY_ARRAY_CHANGED';
        this.add(rule, p, what);
      }
    }
    for (const name of [...new Set([...o.dependentSchemas.keys(), ...u.dependentSchemas.keys()])].sort()) {
      const p = joinPath(path, name);
      const os = o.dependentSchemas.get(name);
      const us = u.dependentSchemas.get(name);
      if (!us) this.add('DEPENDENCY_SCHEMA_REMOVED', p, `the schema that applies when ${at(p)} is present was ${this.event(false)}`);
      else if (!os) this.add('DEPENDENCY_SCHEMA_ADDED', p, `a schema that applies when ${at(p)} is present was ${this.event(true)}`);
      else this.compare(os, us, p, 'dependency schema');
    }
  }

  private propertyMissingInUpdate(os: JNode, u: JObject, name: string, p: string): void {
    const event = this.event(false);
    if (isOpenObject(u)) {
      this.add('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', p, `property ${at(p)} was ${event} (open content model)`);
      return;
    }
    const cover = coveringSchema(u, name);
    if (cover) {
      const sub = this.tryCompare(os, cover, p);
      this.take(sub);
      const rule = sub.compatible
        ? 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
        : 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL';
      this.add(rule, p, `property ${at(p)} was ${event} and the partially open content model ${sub.compatible ? 'covers' : 'does not cover'} it`);
    } else if (os.k === 'false') {
      this.add('PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL', p, `property ${at(p)} (false) was ${event}`);
    } else {
      this.add(
        'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
        p,
        `property ${at(p)} was ${event} while the content model is closed (additionalProperties: false)`,
      );
    }
  }

  /**
   * `us.k` and `us.hasDefault` are the property's own schema's, as in the registry: a `$ref` to
   * an empty or defaulted schema is neither empty nor defaulted.
   */
  private propertyNewInUpdate(us: JNode, o: JObject, u: JObject, name: string, p: string): void {
    const event = this.event(true);
    const required = u.required.has(name);
    const kindOf = `${required ? 'required ' : 'optional '}property ${at(p)}`;
    if (isOpenObject(o)) {
      if (us.k === 'empty') {
        this.add('PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL', p, `property ${at(p)} (any value) was ${event}`);
      } else if (required) {
        const rule = us.hasDefault ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL' : 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL';
        this.add(rule, p, `${kindOf} was ${event} while the content model is open (any value could already be there)`);
      } else {
        this.add(
          'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
          p,
          `${kindOf} was ${event} while the content model is open (any value could already be there)`,
        );
      }
      return;
    }
    const cover = coveringSchema(o, name);
    if (cover) {
      const sub = this.tryCompare(cover, us, p);
      this.take(sub);
      const rule = sub.compatible
        ? 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
        : 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL';
      this.add(rule, p, `${kindOf} was ${event} and the partially open content model ${sub.compatible ? 'covers' : 'does not cover'} it`);
    }
    if (required) {
      const rule = us.hasDefault ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL' : 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL';
      this.add(rule, p, `${kindOf} was ${event}${us.hasDefault ? ' with a default' : ' without a default'} while the content model is not open`);
    } else {
      this.add('OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', p, `${kindOf} was ${event} while the content model is not open`);
    }
  }

  /** additionalProperties / additionalItems: permitted or not, and the schema extra members match. */
  private compareAdditional(keyword: string, rulePrefix: string, o: boolean | JNode, u: boolean | JNode, innerPath: string, path: string): void {
    const permits = (x: boolean | JNode) => x !== false;
    const schemaOf = (x: boolean | JNode) => (typeof x === 'boolean' ? undefined : x);
    const show = (x: boolean | JNode) => (x === true ? 'allowed' : x === false ? 'false' : describe(x));
    const [before, after] = this.oldNew(o, u);
    const what = `${keyword} of ${at(path)} changed from ${show(before)} to ${show(after)}`;
    if (permits(o) !== permits(u)) {
      this.add(permits(u) ? `${rulePrefix}_ADDED` : `${rulePrefix}_REMOVED`, path, what);
    } else if (!schemaOf(o) && schemaOf(u)) {
      this.add(`${rulePrefix}_NARROWED`, path, what);
    } else if (schemaOf(o) && !schemaOf(u)) {
      this.add(`${rulePrefix}_EXTENDED`, path, what);
    } else {
      this.compare(schemaOf(o), schemaOf(u), innerPath, keyword);
    }
  }

  /** unevaluatedProperties / unevaluatedItems: absent, true, false or a schema. */
  private compareUnevaluated(keyword: string, rulePrefix: string, o: JNode | undefined, u: JNode | undefined, path: string): void {
    if (!o && !u) return;
    const [before, after] = this.oldNew(o, u);
    const show = (x: JNode | undefined) => (x === undefined ? 'absent' : x.k === 'false' ? 'false' : x.k === 'empty' ? 'true' : describe(x));
    const what = `${keyword} of ${at(path)} changed from ${show(before)} to ${show(after)}`;
    const isFalse = (x: JNode) => deref(x).k === 'false';
    const isEmpty = (x: JNode) => deref(x).k === 'empty';
    let rule: string | undefined;
    if (!o) rule = u && isFalse(u) ? 'REMOVED' : 'NARROWED';
    else if (!u) rule = isFalse(o) ? 'ADDED' : 'EXTENDED';
    else if (isFalse(o) && !isFalse(u)) rule = 'ADDED';
    else if (!isFalse(o) && isFalse(u)) rule = 'REMOVED';
    else if (isEmpty(o) && !isEmpty(u)) rule = 'NARROWED';
    else if (!isEmpty(o) && isEmpty(u)) rule = 'EXTENDED';
    if (rule) this.add(`${rulePrefix}_${rule}`, path, what);
    else this.compare(o, u, path, keyword);
  }

  private compareArray(o: JArray, u: JArray, path: string): void {
    this.compare(o.allItems, u.allItems, `${path}[]`, 'items');
    const common = Math.min(o.itemList.length, u.itemList.length);
    for (let i = 0; i < common; i++) this.compare(o.itemList[i], u.itemList[i], `${path}[${i}]`);
    for (let i = common; i < o.itemList.length; i++) this.itemMissingInUpdate(o.itemList[i], u, `${path}[${i}]`);
    for (let i = common; i < u.itemList.length; i++) this.itemNewInUpdate(u.itemList[i], o, `${path}[${i}]`);
    this.compareAdditional('additionalItems', 'ADDITIONAL_ITEMS', o.additionalItems, u.additionalItems, `${path}[+]`, path);
    this.compareUnevaluated('unevaluatedItems', 'UNEVALUATED_ITEMS', o.unevaluated, u.unevaluated, path);
    this.bound('maxItems', 'MAX_ITEMS', o.maxItems, u.maxItems, path);
    this.bound('minItems', 'MIN_ITEMS', o.minItems, u.minItems, path);
    this.bound('maxContains', 'MAX_CONTAINS', o.maxContains, u.maxContains, path);
    this.bound('minContains', 'MIN_CONTAINS', o.minContains, u.minContains, path);
    if (o.uniqueItems !== u.uniqueItems) {
      const [before, after] = this.oldNew(o.uniqueItems, u.uniqueItems);
      this.add(o.uniqueItems ? 'UNIQUE_ITEMS_REMOVED' : 'UNIQUE_ITEMS_ADDED', path, `uniqueItems of ${at(path)} changed from ${before} to ${after}`);
    }
  }

  private itemMissingInUpdate(os: JNode, u: JArray, p: string): void {
    const event = this.event(false);
    const cover = coveringItems(u);
    if (isOpenArray(u)) {
      this.add('ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL', p, `tuple item ${at(p)} was ${event} (open content model)`);
    } else if (cover) {
      const sub = this.tryCompare(os, cover, p);
      this.take(sub);
      this.add(
        sub.compatible ? 'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL' : 'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        p,
        `tuple item ${at(p)} was ${event}`,
      );
    } else if (os.k === 'false') {
      this.add('ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL', p, `tuple item ${at(p)} (false) was ${event}`);
    } else {
      this.add('ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL', p, `tuple item ${at(p)} was ${event} while additional items are not allowed`);
    }
  }

  private itemNewInUpdate(us: JNode, o: JArray, p: string): void {
    const event = this.event(true);
    const cover = coveringItems(o);
    if (isOpenArray(o)) {
      const rule = us.k === 'empty' ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL';
      this.add(rule, p, `tuple item ${at(p)} was ${event} while additional items were allowed with any value`);
    } else if (cover) {
      const sub = this.tryCompare(cover, us, p);
      this.take(sub);
      this.add(
        sub.compatible ? 'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        p,
        `tuple item ${at(p)} was ${event}`,
      );
    } else {
      this.add('ITEM_ADDED_TO_CLOSED_CONTENT_MODEL', p, `tuple item ${at(p)} was ${event}`);
    }
  }
}

function at(path: string): string {
  return path ? `\`${path}\`` : 'the root schema';
}

/** Absent, true: does not restrict what other keywords leave unevaluated. */
function unrestricted(uneval: JNode | undefined): boolean {
  return uneval === undefined || deref(uneval).k === 'empty';
}

/** A schema that `unevaluated*` imposes on what is left, when it is neither true nor false. */
function unevaluatedSchema(uneval: JNode | undefined): JNode | undefined {
  return uneval && deref(uneval).k !== 'empty' && deref(uneval).k !== 'false' ? uneval : undefined;
}

function isOpenObject(o: JObject): boolean {
  return o.additional === true && o.patternProperties.length === 0 && unrestricted(o.unevaluated);
}

function isOpenArray(a: JArray): boolean {
  return a.additionalItems === true && unrestricted(a.unevaluated);
}

/** The schema extra tuple items must match in a partially open array, if any. */
function coveringItems(a: JArray): JNode | undefined {
  if (typeof a.additionalItems !== 'boolean') return a.additionalItems;
  return a.additionalItems === true ? unevaluatedSchema(a.unevaluated) : undefined;
}

/** The schema that covers an undeclared property in a partially open content model, if any. */
function coveringSchema(o: JObject, name: string): JNode | undefined {
  for (const [pattern, schema] of o.patternProperties) {
    if (pattern.test(name)) return schema;
  }
  if (typeof o.additional !== 'boolean') return o.additional;
  return o.additional === true ? unevaluatedSchema(o.unevaluated) : undefined;
}

export const jsonSchemaChecker: FormatChecker<ParsedJsonSchema> = {
  parse: parseJsonSchema,
  canonical: canonicalJsonSchema,
  compare(previous: ParsedJsonSchema, candidate: ParsedJsonSchema, direction: CompatibilityDirection): Finding[] {
    const [original, update] = direction === 'BACKWARD' ? [previous, candidate] : [candidate, previous];
    const diff = new JsonDiff(direction);
    diff.compare(original.root, update.root, '');
    return diff.diffs.filter((d) => !d.compatible).map(({ path, rule, what }) => ({ path, rule, what }));
  },
};
