import { z } from 'zod';
import { isInheritedName } from './inherited-names';
import { closest, fail, MeshErrorDetails, MeshValidationError } from '../errors';
import { kafkaTopicNameProblem } from '../model/naming';
import { embeddedSecrets, NO_SECRETS_HERE, SecretFix, secretDetail } from './secrets';

/**
 * zod helpers that turn validation issues into {@link MeshValidationError}s naming the
 * construct path, the field, the value and the fix.
 *
 * Each field schema carries its own problem text as the zod error message, and optionally a
 * fix hint registered with {@link withFix}.
 */

const FIX = Symbol('fix');
type WithFix = { [FIX]?: string };

/** Attaches a fix hint to a field schema; shown after the problem. */
export function withFix<T extends z.ZodType>(schema: T, fix: string): T {
  (schema as unknown as WithFix)[FIX] = fix;
  return schema;
}

const SECRET_FIXES = new WeakMap<z.ZodType, SecretFix>();

/**
 * Says where a credential found embedded in one of the props (a URL's `user:password@`, a
 * `password=` parameter) should go instead, by field. @default such props take no secrets
 */
export function withSecretFix<T extends z.ZodType>(schema: T, fix: SecretFix): T {
  SECRET_FIXES.set(schema, fix);
  return schema;
}

/**
 * Throws when any string in `value` (a prop, or every string of a props object) embeds a
 * credential, naming each field with the credential masked. Every construct's props pass here
 * through {@link validateProps}; free-text arguments (waiver and decommission reasons) call it
 * themselves.
 */
export function refuseEmbeddedSecrets(value: unknown, path: string, field = '', fix: SecretFix = NO_SECRETS_HERE): void {
  const secrets = embeddedSecrets(value);
  if (secrets.length) throw new MeshValidationError(secrets.map((s) => secretDetail(path, fieldPath(field, s.at), s, fix)));
}

/** Field names whose values are credentials: shown redacted in messages. */
const SECRET_FIELD = /(password|passwd|secret|token|credentials?)("\])?$/i;

/** An integer within [min, max] with one clear message. */
export function intRange(min: number, max: number, fix?: string) {
  const problem = `must be an integer from ${min} to ${max}`;
  const schema = z.number({ error: problem }).int({ error: problem }).min(min, { error: problem }).max(max, { error: problem });
  return fix ? withFix(schema, fix) : schema;
}

/** A non-empty string with a custom problem text. */
export function nonEmpty(problem = 'must be a non-empty string', fix?: string) {
  const schema = z.string({ error: problem }).trim().min(1, { error: problem });
  return fix ? withFix(schema, fix) : schema;
}

/** Any legal Kafka topic name (either case), such as a topic's name from before the mesh. */
export function kafkaTopicName(fix: string) {
  return withFix(
    z
      .string({ error: 'must be a string' })
      .refine((name) => kafkaTopicNameProblem(name) === undefined, { error: (i) => kafkaTopicNameProblem(String(i.input)) ?? 'is not a topic name' }),
    fix,
  );
}

/**
 * Validates `value` against a zod object schema. On failure throws one error listing every
 * problem. Every object in the schema is strict, however deep: an unknown key gets a "did you
 * mean" hint, or the list of the keys known at its level, read from the schema itself.
 */
export function validateProps<S extends z.ZodObject>(schema: S, value: unknown, path: string, fieldPrefix = ''): z.output<S> {
  const props = value === undefined ? {} : value;
  if (!isPlainObject(props)) {
    fail({
      path,
      field: fieldPrefix || '(props)',
      value: props,
      problem: 'must be an object',
      fix: `pass ${fieldPrefix || 'the props'} as an object literal: { ${Object.keys(schema.shape).slice(0, 3).join(', ')}, ... }`,
    });
  }
  // Before anything else, so that no other message ever shows the credential.
  refuseEmbeddedSecrets(props, path, fieldPrefix, SECRET_FIXES.get(schema));
  const details: MeshErrorDetails[] = [];
  for (const { at, key, known } of unknownKeys(schema, props, [])) {
    if (known === undefined) {
      // zod, like any code that copies an object key by key, would drop the entry without a word.
      details.push({
        path,
        field: fieldPath(fieldPrefix, [...at, key]),
        problem: 'is a key no JavaScript object keeps as an entry (assigning __proto__ sets the prototype), so it would be lost',
        fix: 'remove it or give it another name',
      });
      continue;
    }
    const hint = closest(key, known);
    details.push({
      path,
      field: fieldPath(fieldPrefix, [...at, key]),
      problem: 'is not a known prop',
      fix: hint ? `did you mean \`${hint}\`?` : `remove it; known props are ${known.join(', ')}`,
    });
  }
  const result = schema.safeParse(props);
  for (const issue of result.success ? [] : result.error.issues) {
    if (issue.code === 'unrecognized_keys') continue; // reported above, with the keys of their own level
    const received = pick(props, issue.path);
    const field = fieldPath(fieldPrefix, issue.path);
    details.push({
      path,
      field,
      value: typeof received === 'string' && SECRET_FIELD.test(field) ? `<redacted: ${received.length} characters>` : received,
      problem: problemOf(issue, received),
      fix: registeredFix(schema, issue.path) ?? fixFromIssue(issue, field, received),
    });
  }
  if (details.length) throw new MeshValidationError(details);
  return result.data as z.output<S>;
}

/**
 * Validates props one of whose fields defaults to a name derived from the construct (its id, its
 * domain): validates the props as written, applies the default, and validates again with the
 * default in place, so that a derived name breaking the field's rule fails exactly as if the user
 * had written it (naming the field and how to set it). A default matching `valid` (a cheap test
 * of the same rule) skips that second pass; a value the user wrote was validated already. Returns the validated props and the field's value.
 */
export function validatePropsWithDefault<S extends z.ZodObject>(
  schema: S,
  value: unknown,
  path: string,
  field: string & keyof z.output<S>,
  fallback: () => string,
  valid?: RegExp,
): { readonly props: z.output<S>; readonly value: string } {
  const props = validateProps(schema, value, path);
  const given = props[field] as string | undefined;
  if (given !== undefined) return { props, value: given };
  const defaulted = fallback();
  if (!valid?.test(defaulted)) validateProps(schema, { ...(value as object | undefined), [field]: defaulted }, path);
  return { props, value: defaulted };
}

/** Whether `value` is an object of props (not null, an array, a function or a class instance such as a Date). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The keys of `value` that `schema` does not know, at every depth, with the keys known there
 * (`constructor`, `toString` and the like too: a key is known only as the shape's own); and the
 * keys `__proto__` of its records (maps of the user's names), without `known`.
 */
function unknownKeys(schema: z.ZodType | undefined, value: unknown, at: PropertyKey[]): { at: PropertyKey[]; key: string; known?: string[] }[] {
  const s = unwrap(schema);
  if (s instanceof z.ZodPipe) return unknownKeys(s.in as z.ZodType, value, at);
  if (s instanceof z.ZodObject) {
    if (!isPlainObject(value)) return [];
    const shape = s.shape as Record<string, z.ZodType>;
    const known = Object.keys(shape);
    return Object.keys(value).flatMap((key) =>
      Object.hasOwn(shape, key) ? unknownKeys(shape[key], value[key], [...at, key]) : [{ at, key, known }],
    );
  }
  if (s instanceof z.ZodArray) return Array.isArray(value) ? value.flatMap((v, i) => unknownKeys(s.element as z.ZodType, v, [...at, i])) : [];
  if (s instanceof z.ZodRecord)
    return isPlainObject(value)
      ? Object.keys(value).flatMap((k) => (k === '__proto__' ? [{ at, key: k }] : unknownKeys(s.valueType as z.ZodType, value[k], [...at, k])))
      : [];
  return [];
}

function fieldPath(prefix: string, parts: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(part))) out += out ? `.${String(part)}` : String(part);
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || '(props)';
}

function pick(value: unknown, parts: readonly PropertyKey[]): unknown {
  let cur: unknown = value;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}

function schemaAt(schema: z.ZodType, parts: readonly PropertyKey[]): z.ZodType | undefined {
  let cur: z.ZodType | undefined = schema;
  for (const part of parts) {
    cur = unwrap(cur);
    if (cur instanceof z.ZodObject) cur = (cur.shape as Record<string, z.ZodType>)[String(part)];
    else if (cur instanceof z.ZodArray) cur = cur.element as z.ZodType;
    else if (cur instanceof z.ZodRecord) cur = cur.valueType as z.ZodType;
    else return undefined;
  }
  return cur;
}

function isWrapper(schema: z.ZodType | undefined): schema is z.ZodOptional<z.ZodType> {
  return schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let cur = schema;
  while (isWrapper(cur)) cur = cur.unwrap();
  return cur;
}

/** The fix registered on the field, or else on the nearest enclosing field (a list for its items). */
function registeredFix(schema: z.ZodType, parts: readonly PropertyKey[]): string | undefined {
  for (let n = parts.length; n >= 0; n--) {
    const fix = fixOf(schemaAt(schema, parts.slice(0, n)));
    if (fix) return fix;
    if (n === 0 || typeof parts[n - 1] !== 'number') break;
  }
  return undefined;
}

/** The kinds zod names, as a sentence names them. */
const KIND_NAMES: Record<string, string> = {
  array: 'a list',
  object: 'an object',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  record: 'an object',
};

function kindName(expected: string): string {
  return KIND_NAMES[expected] ?? `a value of type ${expected}`;
}

/** What a value is, in the words of {@link KIND_NAMES}. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return kindName(typeof value);
}

/** The issue's own message where a field registered one; zod's generic wording is replaced by a sentence. */
function problemOf(issue: z.core.$ZodIssue, received: unknown): string {
  if (issue.code !== 'invalid_type' || !issue.message.startsWith('Invalid input')) return issue.message;
  return received === undefined ? 'is required' : `must be ${kindName(issue.expected)}, not ${kindOf(received)}`;
}

/** A fix read from the kind of problem, for fields that register none. */
function fixFromIssue(issue: z.core.$ZodIssue, field: string, received: unknown): string | undefined {
  switch (issue.code) {
    case 'invalid_value':
      return `set ${field} to one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      return received === undefined ? `set ${field}: it is required` : `set ${field} to ${kindName(issue.expected)}`;
    case 'too_small':
      if (issue.origin === 'array') return `list at least ${issue.minimum} in ${field}`;
      if (issue.origin === 'string') return `set ${field} to at least ${issue.minimum} character(s)`;
      return `set ${field} to ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `list at most ${issue.maximum} in ${field}`;
      if (issue.origin === 'string') return `shorten ${field} to at most ${issue.maximum} character(s)`;
      return `set ${field} to ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern ? `make ${field} match ${issue.pattern}` : `set ${field} to a valid ${issue.format}`;
    default:
      return undefined;
  }
}

function fixOf(schema: z.ZodType | undefined): string | undefined {
  let cur = schema;
  while (cur) {
    const fix = (cur as WithFix)[FIX];
    if (fix) return fix;
    cur = isWrapper(cur) ? cur.unwrap() : undefined;
  }
  return undefined;
}

/**
 * The id of a construct about to be created under `scope`, checked the way the constructs
 * library would check it, but with an error naming the path, the field `id`, the value and the
 * fix instead of a stack trace. Call it in the `super(scope, constructId(scope, id, 'Domain'))`.
 */
export function constructId(scope: unknown, id: unknown, kind: string): string {
  const parent = scope as { node?: { path?: string; tryFindChild?: (id: string) => unknown } } | undefined;
  if (typeof parent?.node?.tryFindChild !== 'function') {
    fail({
      path: `(${kind})`,
      field: 'scope',
      value: scope,
      problem: 'must be a construct (an App, a TerraformStack, a Domain ...)',
      fix: `create it as new ${kind}(scope, 'id', props) with the construct it belongs to as scope`,
    });
  }
  const where = parent.node.path ? `${parent.node.path}/${String(id)}` : String(id) || '(app)';
  if (typeof id !== 'string' || id.trim() === '') {
    fail({
      path: where,
      field: 'id',
      value: id,
      problem: `must be a non-empty string naming the ${kind}`,
      fix: `give it an id such as new ${kind}(scope, 'orders', props)`,
    });
  }
  if (isInheritedName(id.replace(/\//g, '--'))) {
    // constructs keeps a scope's children in a plain object: it would say the id is taken.
    fail({
      path: where,
      field: 'id',
      value: id,
      problem: "cannot be a construct id: the constructs library keeps a scope's children in a plain object, which has it already",
      fix: `give it another id, e.g. '${id}-1'; a Domain keeps the name with { name: '${id}' }, a product with { entity: '${id}' }`,
    });
  }
  if (parent.node.tryFindChild(id.replace(/\//g, '--')) !== undefined) {
    fail({
      path: where,
      field: 'id',
      value: id,
      problem: `is already the id of another construct in ${parent.node.path || 'the app'}`,
      fix: `give each construct in the same scope its own id (e.g. '${id}-2'), or declare it once`,
    });
  }
  return id;
}
