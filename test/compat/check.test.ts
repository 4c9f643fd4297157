import { checkCompatibility, SchemaParseError } from '../../lib/compat';
import { planFor, versionsToCheck } from '../../lib/compat/levels';

const order = (...fields: object[]) =>
  JSON.stringify({ type: 'record', name: 'Order', namespace: 'sales', fields: [{ name: 'id', type: 'string' }, ...fields] });
const v1 = order({ name: 'total', type: 'double' });
const withoutTotal = order();
const withCurrency = order({ name: 'total', type: 'double' }, { name: 'currency', type: 'string' });

describe('checkCompatibility', () => {
  it('is always compatible under NONE and with an empty history', () => {
    expect(checkCompatibility({ format: 'AVRO', level: 'NONE', candidate: '"int"', history: [v1] })).toEqual({
      compatible: true,
      level: 'NONE',
      issues: [],
    });
    expect(checkCompatibility({ format: 'AVRO', level: 'FULL_TRANSITIVE', candidate: withCurrency, history: [] }).compatible).toBe(true);
  });

  it('writes messages that name the field, the rule, the subject and the version', () => {
    const result = checkCompatibility({
      format: 'AVRO',
      level: 'FORWARD',
      candidate: withoutTotal,
      history: [order(), v1],
      subject: 'sales.orders-value',
    });
    expect(result.compatible).toBe(false);
    expect(result.issues).toEqual([
      {
        path: 'total',
        rule: 'FIELD_REMOVED_WITHOUT_DEFAULT',
        direction: 'FORWARD',
        againstVersion: 2,
        message:
          'field `total` was removed (or renamed) and old readers have no default for it: breaks FORWARD for sales.orders-value (against version 2, rule FIELD_REMOVED_WITHOUT_DEFAULT)',
      },
    ]);
  });

  it('leaves the subject out of the message when none is given', () => {
    const [issue] = checkCompatibility({ format: 'AVRO', level: 'BACKWARD', candidate: withCurrency, history: [v1] }).issues;
    expect(issue.message).toBe('field `currency` was added without a default: breaks BACKWARD (against version 1, rule FIELD_ADDED_WITHOUT_DEFAULT)');
  });

  it('checks only the latest version unless the level is transitive', () => {
    const history = [withoutTotal, withCurrency];
    const latest = checkCompatibility({ format: 'AVRO', level: 'BACKWARD', candidate: withCurrency, history });
    const all = checkCompatibility({ format: 'AVRO', level: 'BACKWARD_TRANSITIVE', candidate: withCurrency, history });
    expect(latest.compatible).toBe(true);
    expect(all.issues.map((i) => [i.againstVersion, i.path]).sort()).toEqual([
      [1, 'currency'],
      [1, 'total'],
    ]);
  });

  it('reports both directions under FULL', () => {
    const proto = (t: string) => `syntax = "proto3";\nmessage Order {\n  ${t} total = 1;\n}\n`;
    const result = checkCompatibility({ format: 'PROTOBUF', level: 'FULL', candidate: proto('sint64'), history: [proto('int64')] });
    expect(result.issues.map((i) => i.direction)).toEqual(['BACKWARD', 'FORWARD']);
    expect(result.issues.every((i) => i.rule === 'FIELD_SCALAR_KIND_CHANGED' && i.path === 'Order.total')).toBe(true);
  });

  it('throws SchemaParseError naming the schema that does not parse', () => {
    const call = (candidate: string, history: string[]) => () => checkCompatibility({ format: 'AVRO', level: 'BACKWARD', candidate, history });
    expect(call('{', [v1])).toThrow(SchemaParseError);
    expect(call('{', [v1])).toThrow(/candidate does not parse: invalid JSON at line 1 column 2/);
    expect(call(v1, ['{"type": "nope"}'])).toThrow(/version 1 does not parse/);
  });

  it('rejects an unknown level or format', () => {
    expect(() => checkCompatibility({ format: 'AVRO', level: 'SIDEWAYS' as never, candidate: v1, history: [v1] })).toThrow(
      /unknown compatibility level/,
    );
    expect(() => checkCompatibility({ format: 'XML' as never, level: 'BACKWARD', candidate: v1, history: [v1] })).toThrow(/unknown schema format/);
  });

  it('explains an Avro incompatibility inside a union branch', () => {
    const address = (fields: object[]) => ({ type: 'record', name: 'Address', fields });
    const before = order({ name: 'shipping', type: ['null', address([{ name: 'zip', type: 'string' }])], default: null });
    const after = order({
      name: 'shipping',
      type: [
        'null',
        address([
          { name: 'zip', type: 'string' },
          { name: 'country', type: 'string' },
        ]),
      ],
      default: null,
    });
    const result = checkCompatibility({ format: 'AVRO', level: 'BACKWARD', candidate: after, history: [before] });
    expect(result.issues.map((i) => [i.rule, i.path])).toEqual([['FIELD_ADDED_WITHOUT_DEFAULT', 'shipping.country']]);
  });

  it('names the top-level type when the Avro schema itself changed kind', () => {
    const result = checkCompatibility({ format: 'AVRO', level: 'BACKWARD', candidate: '"string"', history: [v1] });
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0].rule).toBe('TYPE_CHANGED');
    expect(result.issues[0].message).toContain('record sales.Order');
  });

  it('falls back to a generic Avro message when the walk cannot explain the verdict', () => {
    // The reader field `a` also aliases `b`: it matches two writer fields, which resolution rejects.
    const writer = JSON.stringify({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int' },
      ],
    });
    const reader = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int', aliases: ['b'] }] });
    const result = checkCompatibility({ format: 'AVRO', level: 'BACKWARD', candidate: reader, history: [writer] });
    expect(result.issues.map((i) => [i.rule, i.path])).toEqual([['AVRO_RESOLUTION_FAILED', '']]);
    expect(result.issues[0].message).toContain('top-level type `R`');
    expect(result.issues[0].message).toContain('ambiguous');
  });

  it('handles recursive JSON schemas', () => {
    const tree = (valueType: string) =>
      JSON.stringify({
        type: 'object',
        properties: { value: { type: valueType }, children: { type: 'array', items: { $ref: '#' } } },
      });
    expect(checkCompatibility({ format: 'JSON', level: 'BACKWARD', candidate: tree('number'), history: [tree('integer')] }).compatible).toBe(true);
    const broken = checkCompatibility({ format: 'JSON', level: 'BACKWARD', candidate: tree('string'), history: [tree('integer')] });
    expect(broken.issues.map((i) => [i.rule, i.path])).toEqual([['TYPE_CHANGED', 'value']]);
  });
});

describe('levels', () => {
  it('checks the newest version first when transitive', () => {
    expect(versionsToCheck(planFor('FULL_TRANSITIVE'), 3)).toEqual([3, 2, 1]);
    expect(versionsToCheck(planFor('FORWARD'), 3)).toEqual([3]);
    expect(versionsToCheck(planFor('NONE'), 3)).toEqual([]);
    expect(planFor('FULL').directions).toEqual(['BACKWARD', 'FORWARD']);
  });
});
