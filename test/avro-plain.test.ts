import { isPlainValidAvroRecord } from '../lib/compat/avro-plain';
import { parseSchema } from '../lib/compat';

/**
 * The quick check may only say "valid" where the parser the mesh uses everywhere else accepts
 * the schema: compared on schemas generated around the shape it knows (names, namespaces,
 * nested records, unions, defaults), many of them broken on purpose.
 */

/** A small seeded generator (mulberry32), so a failure names a schema that can be generated again. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'];
const NAMES = [
  'Order',
  'order_line',
  '_x',
  'A1',
  'string',
  'long',
  'record',
  'enum',
  'array',
  '1bad',
  'bad-name',
  'a.b',
  '.Lead',
  'Dup',
  'Dup',
  'é',
  '',
];
const NAMESPACES = [undefined, '', 'sales', 'sales.v1', 'sales..v1', '1sales', 'sales.', '.sales', 'string', 'a.long'];
const DEFAULTS: unknown[] = [
  null,
  true,
  false,
  0,
  1,
  -1,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  1.5,
  2 ** 53,
  2 ** 53 - 1,
  '',
  'x',
  [],
  {},
  'AAE=',
];

function generator(seed: number) {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const chance = (p: number) => rnd() < p;

  function fieldType(depth: number): unknown {
    const r = rnd();
    if (r < 0.5) return pick(PRIMITIVES);
    if (r < 0.75) {
      const n = Math.floor(rnd() * 4);
      const union: unknown[] = Array.from({ length: n }, () => pick(PRIMITIVES));
      if (chance(0.05)) union.push(['string']);
      return union;
    }
    if (r < 0.9 && depth < 3) return record(depth + 1);
    return pick(['Order', 'sales.Order', 'undefined_type', { type: 'array', items: 'string' }, { type: 'string', logicalType: 'uuid' }, 7]);
  }

  function record(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = { type: chance(0.95) ? 'record' : pick(['error', 'enum', 'Record']) };
    // Nested records often share a name with another record of the schema.
    if (chance(0.97)) out.name = depth > 0 && chance(0.5) ? pick(['Dup', 'Order']) : pick(NAMES);
    const ns = depth > 0 && chance(0.5) ? undefined : pick(NAMESPACES);
    if (ns !== undefined) out.namespace = chance(0.97) ? ns : 3;
    if (chance(0.3)) out.doc = chance(0.9) ? 'about' : 42;
    if (chance(0.03)) out.aliases = ['Old'];
    const n = Math.floor(rnd() * 4);
    const fields: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const f: Record<string, unknown> = { name: chance(0.9) ? `f${Math.floor(rnd() * 5)}` : pick(NAMES), type: fieldType(depth) };
      if (chance(0.4)) f.default = pick(DEFAULTS);
      if (chance(0.1)) f.doc = chance(0.8) ? 'about the field' : ['not', 'text'];
      if (chance(0.03)) f.order = pick(['ascending', 'sideways']);
      if (chance(0.02)) delete f.type;
      fields.push(chance(0.02) ? null : f);
    }
    out.fields = chance(0.97) ? fields : 'fields';
    return out;
  }

  return () => record(0);
}

const accepted = (schema: unknown) => parseSchema('AVRO', JSON.stringify(schema)).ok;

describe('the quick Avro check', () => {
  it('says valid only for schemas the parser accepts, on 4,000 generated schemas', () => {
    const next = generator(20261202);
    let quick = 0;
    let parsed = 0;
    const wrong: unknown[] = [];
    for (let i = 0; i < 4000; i++) {
      const schema = next();
      const ok = accepted(schema);
      if (ok) parsed++;
      if (isPlainValidAvroRecord(schema)) {
        quick++;
        if (!ok) wrong.push(schema);
      }
    }
    expect(wrong.slice(0, 3)).toEqual([]);
    // The generator reaches both sides, and the quick check answers for most of what parses.
    expect(parsed).toBeGreaterThan(400);
    expect(parsed).toBeLessThan(3600);
    expect(quick / parsed).toBeGreaterThan(0.5);
  });

  it('answers for the usual value schema: nested records, optional fields with defaults, doc', () => {
    const schema = {
      type: 'record',
      name: 'Order',
      namespace: 'sales.v1',
      doc: 'An order',
      fields: [
        { name: 'id', type: 'string', doc: 'The order id' },
        { name: 'amount', type: 'long', default: 0 },
        { name: 'note', type: ['null', 'string'], default: null },
        { name: 'customer', type: { type: 'record', name: 'Customer', fields: [{ name: 'name', type: 'string' }] } },
      ],
    };
    expect(accepted(schema)).toBe(true);
    expect(isPlainValidAvroRecord(schema)).toBe(true);
  });

  it.each([
    ['a default of the second branch of a union', { type: 'record', name: 'R', fields: [{ name: 'a', type: ['null', 'string'], default: 'x' }] }],
    ['an int default out of range', { type: 'record', name: 'R', fields: [{ name: 'a', type: 'int', default: 2 ** 31 }] }],
    ['two records of one full name', { type: 'record', name: 'R', fields: [{ name: 'a', type: { type: 'record', name: 'R', fields: [] } }] }],
    ['a record named like a primitive', { type: 'record', name: 'long', fields: [] }],
    ['a field name that is not a name', { type: 'record', name: 'R', fields: [{ name: 'a-b', type: 'string' }] }],
    ['a record without a name', { type: 'record', fields: [] }],
    ['an empty union', { type: 'record', name: 'R', fields: [{ name: 'a', type: [] }] }],
  ])('leaves %s to the parser, which refuses it', (_what, schema) => {
    expect(isPlainValidAvroRecord(schema)).toBe(false);
    expect(accepted(schema)).toBe(false);
  });
});
