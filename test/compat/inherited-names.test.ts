import { checkCompatibility, CompatibilityLevel, parseSchema, SchemaFormat } from '../../lib/compat';
import { describeSchema, fieldPaths } from '../../lib/catalog/fields';
import { Schema, schemaProblem } from '../../lib/model/schema';
import { SchemaModel } from '../../lib/model/model';

/**
 * Names every JavaScript object answers to are legal Avro and Protobuf names. Each schema pair
 * is written with a placeholder name; with an inherited name in its place, the checker must say
 * what it says with an ordinary name, word for word (the name substituted).
 */
const INHERITED = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];
const PLAIN = 'plainName';

const J = JSON.stringify;
/** An Avro record `R` with these fields. */
const R = (...fields: object[]) => J({ type: 'record', name: 'R', fields });
type Pair = { format: SchemaFormat; old: (n: string) => string; next: (n: string) => string };

const PAIRS: Record<string, Pair> = {
  'Avro record name': {
    format: 'AVRO',
    old: (n) => J({ type: 'record', name: n, fields: [{ name: 'a', type: 'string' }] }),
    next: (n) =>
      J({
        type: 'record',
        name: n,
        fields: [
          { name: 'a', type: 'string' },
          { name: 'b', type: 'int' },
        ],
      }),
  },
  'Avro field removed': {
    format: 'AVRO',
    old: (n) => R({ name: 'a', type: 'string' }, { name: n, type: 'int' }),
    next: () => R({ name: 'a', type: 'string' }),
  },
  'Avro field added without a default': {
    format: 'AVRO',
    old: () => R({ name: 'a', type: 'string' }),
    next: (n) => R({ name: 'a', type: 'string' }, { name: n, type: 'int' }),
  },
  'Avro enum symbol removed': {
    format: 'AVRO',
    old: (n) => R({ name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', n] } }),
    next: () => R({ name: 'e', type: { type: 'enum', name: 'E', symbols: ['A'] } }),
  },
  'Avro enum and namespace named so, field type changed': {
    format: 'AVRO',
    old: (n) => J({ type: 'record', name: 'R', namespace: `x.${n}`, fields: [{ name: 'e', type: { type: 'enum', name: n, symbols: ['A', 'B'] } }] }),
    next: (n) => J({ type: 'record', name: 'R', namespace: `x.${n}`, fields: [{ name: 'e', type: 'string' }] }),
  },
  'Avro defaults holding the name (enum symbol, record key)': {
    format: 'AVRO',
    old: () => R({ name: 'a', type: 'string' }),
    next: (n) =>
      R(
        { name: 'a', type: 'string' },
        { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', n], default: n }, default: n },
        { name: 'r', type: { type: 'record', name: 'Inner', fields: [{ name: n, type: 'E' }] }, default: JSON.parse(`{"${n}": "${n}"}`) },
        { name: 'x', type: 'int' },
      ),
  },
  'JSON Schema property and $defs entry named so': {
    format: 'JSON',
    old: (n) => J({ type: 'object', $defs: { [n]: { type: 'string' } }, properties: { [n]: { $ref: `#/$defs/${n}` } } }),
    next: (n) => J({ type: 'object', $defs: { [n]: { type: 'integer' } }, properties: { [n]: { $ref: `#/$defs/${n}` } } }),
  },
  'Protobuf field type changed': {
    format: 'PROTOBUF',
    old: (n) => `syntax = "proto3"; message M { string ${n} = 1; }`,
    next: (n) => `syntax = "proto3"; message M { int64 ${n} = 1; }`,
  },
  'Protobuf message named so': {
    format: 'PROTOBUF',
    old: (n) => `syntax = "proto3"; message ${n} { string a = 1; } message Outer { ${n} inner = 1; }`,
    next: (n) => `syntax = "proto3"; message ${n} { int64 a = 1; } message Outer { ${n} inner = 1; }`,
  },
  'Protobuf enum value removed, the field of the enum made a string': {
    format: 'PROTOBUF',
    old: (n) => `syntax = "proto2"; message M { optional E e = 1; } enum E { Z = 0; ${n} = 1; }`,
    next: () => `syntax = "proto2"; message M { optional string e = 1; } enum E { Z = 0; }`,
  },
  'Protobuf package part named so': {
    format: 'PROTOBUF',
    old: (n) => `syntax = "proto3"; package a.${n}; message M { string a = 1; } // ${n} in a comment`,
    next: (n) => `syntax = "proto3"; package a.${n}; message M { int64 a = 1; string s = 2 [json_name = "${n}"]; }`,
  },
};

function verdict(pair: Pair, name: string, level: CompatibilityLevel): string[] {
  const result = checkCompatibility({ format: pair.format, level, candidate: pair.next(name), history: [pair.old(name)] });
  return [`compatible: ${result.compatible}`, ...result.issues.map((i) => `${i.direction} ${i.rule} @${i.path}: ${i.message}`)];
}

describe('names every JavaScript object has (constructor, __proto__, toString, ...)', () => {
  it.each(Object.entries(PAIRS))('%s: the same findings as for any other name', (_label, pair) => {
    for (const level of ['BACKWARD', 'FORWARD'] as const) {
      const expected = verdict(pair, PLAIN, level);
      for (const name of INHERITED) {
        expect({ name, level, found: verdict(pair, name, level) }).toEqual({
          name,
          level,
          found: expected.map((line) => line.split(PLAIN).join(name)),
        });
      }
    }
    // The pairs are not all compatible: each says something that a lost name would change.
    expect(['BACKWARD', 'FORWARD'].flatMap((level) => verdict(pair, PLAIN, level as CompatibilityLevel)).some((l) => l !== 'compatible: true')).toBe(
      true,
    );
  });

  it('keeps the names in the canonical text and out of the prefix the parsers are given', () => {
    for (const name of INHERITED) {
      for (const pair of Object.values(PAIRS)) {
        const parsed = parseSchema(pair.format, pair.next(name));
        expect(parsed.ok).toBe(true);
        const plain = parseSchema(pair.format, pair.next(PLAIN));
        if (parsed.ok && plain.ok) expect(parsed.canonical).toBe(plain.canonical.split(PLAIN).join(name));
      }
    }
  });

  it('reports an undefined Avro type named constructor as undefined, and finds it among references', () => {
    const main = J({ type: 'record', name: 'M', fields: [{ name: 'c', type: 'x.constructor' }] });
    expect(parseSchema('AVRO', main, {})).toEqual({ ok: false, error: expect.stringContaining('undefined type name: x.constructor') });
    const ref = J({ type: 'record', name: 'constructor', namespace: 'x', fields: [{ name: 'toString', type: 'string' }] });
    expect(parseSchema('AVRO', main, { 'x.constructor': ref })).toEqual({ ok: true, canonical: expect.stringContaining('"name":"toString"') });
    expect(schemaProblem('AVRO', J({ type: 'record', name: 'M', fields: [{ name: 'c', type: 'toString' }] }))).toMatch(
      /undefined type name: toString/,
    );
  });

  it('reports a JSON Schema $ref to a missing definition named constructor as unresolved', () => {
    for (const name of INHERITED) {
      const schema = J({ type: 'object', $defs: { a: { type: 'string' } }, properties: { x: { $ref: `#/$defs/${name}` } } });
      expect(parseSchema('JSON', schema)).toEqual({ ok: false, error: `unresolved $ref "#/$defs/${name}"` });
    }
  });

  it('takes a Protobuf import named after an inherited name as a missing reference, not as a function', () => {
    const parsed = parseSchema('PROTOBUF', 'syntax = "proto3"; import "constructor"; message M { string a = 1; }', {});
    expect(parsed).toEqual({ ok: false, error: expect.stringContaining('import "constructor" is neither a reference nor a well-known type') });
  });

  it('accepts such names in a product schema and lists them in the catalog', () => {
    const avro = R(
      { name: 'constructor', type: { type: 'enum', name: 'valueOf', symbols: ['constructor', 'toString'] } },
      { name: '__proto__', type: { type: 'record', name: 'toString', fields: [{ name: 'hasOwnProperty', type: 'string' }] } },
      { name: 'again', type: 'toString' },
    );
    expect(schemaProblem('AVRO', avro)).toBeUndefined();
    expect(() => Schema.avro(avro)).not.toThrow();
    const model = (type: SchemaModel['type'], schema: string): SchemaModel => ({
      subject: 't-value',
      type,
      schema,
      origin: 'inline',
      references: [],
    });
    const avroInfo = describeSchema(model('AVRO', avro));
    expect(fieldPaths(avroInfo.fields)).toEqual(['constructor', '__proto__', '__proto__.hasOwnProperty', 'again', 'again.hasOwnProperty']);
    expect(avroInfo.fields.map((f) => f.physicalType)).toEqual(['enum valueOf', 'toString', 'toString']);
    const proto = 'syntax = "proto3"; message M { string __proto__ = 1; constructor toString = 2; } message constructor { int32 valueOf = 1; }';
    expect(schemaProblem('PROTOBUF', proto)).toBeUndefined();
    const protoInfo = describeSchema(model('PROTOBUF', proto));
    expect(protoInfo.error).toBeUndefined();
    expect(fieldPaths(protoInfo.fields)).toEqual(['__proto__', 'toString', 'toString.valueOf']);
  });
});
