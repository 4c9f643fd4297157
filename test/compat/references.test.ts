import { checkCompatibility, flattenReferences, parseSchema, ResolvedReference, SchemaParseError } from '../../lib/compat';

const money = (...extra: object[]) =>
  JSON.stringify({
    type: 'record',
    name: 'Money',
    namespace: 'common',
    fields: [{ name: 'units', type: 'long' }, { name: 'currency', type: 'string' }, ...extra],
  });
const moneyV1 = money();
const moneyV2 = money({ name: 'nanos', type: 'int', default: 0 });
const moneyV3 = money({ name: 'nanos', type: 'int', default: 0 }, { name: 'scale', type: 'int' });
const ref = (version: number, schema: string): ResolvedReference => ({ name: 'common.Money', subject: 'common.money-value', version, schema });
const order = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'sales',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'total', type: 'common.Money' },
  ],
});

describe('references per version', () => {
  it('checks a referenced type that moved to a new version while the referring text stayed the same', () => {
    const history = [{ schema: order, references: [ref(1, moneyV1)] }];
    const compatible = checkCompatibility({
      format: 'AVRO',
      level: 'BACKWARD',
      candidate: { schema: order, references: [ref(2, moneyV2)] },
      history,
    });
    expect(compatible).toEqual({ compatible: true, level: 'BACKWARD', issues: [] });
    const broken = checkCompatibility({
      format: 'AVRO',
      level: 'BACKWARD',
      candidate: { schema: order, references: [ref(3, moneyV3)] },
      history,
      subject: 'sales.orders-value',
    });
    expect(broken.issues.map((i) => [i.rule, i.path, i.againstVersion])).toEqual([['FIELD_ADDED_WITHOUT_DEFAULT', 'total.scale', 1]]);
  });

  it('under a transitive level, compares each version with the references it was registered with', () => {
    const history = [
      { schema: order, references: [ref(1, moneyV1)] },
      { schema: order, references: [ref(2, moneyV2)] },
    ];
    const candidate = { schema: order, references: [ref(2, moneyV2)] };
    // FORWARD: version 1 (Money v1) reads v2 data (the added nanos is ignored): compatible.
    expect(checkCompatibility({ format: 'AVRO', level: 'FULL_TRANSITIVE', candidate, history }).compatible).toBe(true);
    // BACKWARD against version 1: a reader with a field without default cannot read Money v1 data.
    const strict = money({ name: 'nanos', type: 'int' });
    const result = checkCompatibility({
      format: 'AVRO',
      level: 'BACKWARD_TRANSITIVE',
      candidate: { schema: order, references: [ref(3, strict)] },
      history,
    });
    expect(result.issues.map((i) => i.againstVersion)).toEqual([1]);
  });

  it('parses a candidate that inlines a type an older version referenced (shared and per-version forms)', () => {
    const inlined = JSON.stringify({
      type: 'record',
      name: 'Order',
      namespace: 'sales',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'total', type: JSON.parse(moneyV1) },
      ],
    });
    const perVersion = checkCompatibility({
      format: 'AVRO',
      level: 'FULL',
      candidate: inlined,
      history: [{ schema: order, references: [ref(1, moneyV1)] }],
    });
    expect(perVersion.compatible).toBe(true);
    const shared = checkCompatibility({
      format: 'AVRO',
      level: 'FULL',
      candidate: inlined,
      history: [order],
      references: { 'common.Money': moneyV1 },
    });
    expect(shared.compatible).toBe(true);
  });

  it('loads from a shared map only the references a schema uses', () => {
    const broken = '{ "type": "record", "name": "Unused", "fields": [ { "name": "x", "type": "nowhere.Missing" } ] }';
    expect(parseSchema('AVRO', order, { 'common.Money': moneyV1, 'other.Unused': broken }).ok).toBe(true);
    expect(parseSchema('JSON', '{"type":"object"}', { 'bad.json': '{' }).ok).toBe(true);
    expect(parseSchema('JSON', '{"properties":{"a":{"$ref":"bad.json"}}}', { 'bad.json': '{' })).toEqual({
      ok: false,
      error: expect.stringContaining('reference bad.json'),
    });
  });

  it('resolves nested references, each with its own references, dependencies first', () => {
    const currency = JSON.stringify({ type: 'enum', name: 'Currency', namespace: 'common', symbols: ['EUR', 'USD'] });
    const moneyWithCurrency = JSON.stringify({
      type: 'record',
      name: 'Money',
      namespace: 'common',
      fields: [
        { name: 'units', type: 'long' },
        { name: 'currency', type: 'common.Currency' },
      ],
    });
    const nested: ResolvedReference = {
      ...ref(4, moneyWithCurrency),
      references: [{ name: 'common.Currency', subject: 'common.currency-value', version: 1, schema: currency }],
    };
    expect(Object.keys(flattenReferences([nested]))).toEqual(['common.Currency', 'common.Money']);
    expect(parseSchema('AVRO', order, [nested]).ok).toBe(true);
    // Without its own reference, the nested type is unknown: the registry would not accept it either.
    expect(parseSchema('AVRO', order, [ref(4, moneyWithCurrency)]).ok).toBe(false);
  });

  it('resolves protobuf imports per version, a referenced file importing another', () => {
    const currencyProto = 'syntax = "proto3";\npackage common;\nenum Currency { CURRENCY_UNSPECIFIED = 0; EUR = 1; }\n';
    const moneyProto = (field: string) =>
      `syntax = "proto3";\npackage common;\nimport "common/currency.proto";\nmessage Money { ${field} units = 1; Currency currency = 2; }\n`;
    const orderProto = 'syntax = "proto3";\npackage sales;\nimport "common/money.proto";\nmessage Order { string id = 1; common.Money total = 2; }\n';
    const moneyRef = (version: number, field: string): ResolvedReference => ({
      name: 'common/money.proto',
      subject: 'common.money-value',
      version,
      schema: moneyProto(field),
      references: [{ name: 'common/currency.proto', subject: 'common.currency-value', version: 1, schema: currencyProto }],
    });
    const history = [{ schema: orderProto, references: [moneyRef(1, 'int64')] }];
    expect(
      checkCompatibility({ format: 'PROTOBUF', level: 'BACKWARD', candidate: { schema: orderProto, references: [moneyRef(2, 'uint64')] }, history })
        .compatible,
    ).toBe(true);
    const changed = checkCompatibility({
      format: 'PROTOBUF',
      level: 'BACKWARD',
      candidate: { schema: orderProto, references: [moneyRef(2, 'sint64')] },
      history,
    });
    expect(changed.issues.map((i) => [i.rule, i.path])).toEqual([
      ['FIELD_SCALAR_KIND_CHANGED', 'Money.units'],
      ['FIELD_NAMED_TYPE_CHANGED', 'Order.total'],
    ]);
  });

  it('names the version whose references are missing', () => {
    const call = () =>
      checkCompatibility({
        format: 'AVRO',
        level: 'BACKWARD',
        candidate: { schema: order, references: [ref(1, moneyV1)] },
        history: [{ schema: order, references: [] }],
      });
    expect(call).toThrow(SchemaParseError);
    expect(call).toThrow(/version 1 does not parse/);
  });
});

describe('JSON Schema $ref in the object diff', () => {
  const defs = { definitions: { Any: {}, Defaulted: { type: 'string', default: 'x' } } };
  const schema = (properties: object, extra: object = {}) => JSON.stringify({ type: 'object', properties, ...defs, ...extra });

  it('a property added as a $ref to an empty schema is not an empty schema', () => {
    const before = schema({ id: { type: 'string' } });
    const inline = checkCompatibility({
      format: 'JSON',
      level: 'BACKWARD',
      candidate: schema({ id: { type: 'string' }, any: {} }),
      history: [before],
    });
    expect(inline.compatible).toBe(true);
    const viaRef = checkCompatibility({
      format: 'JSON',
      level: 'BACKWARD',
      candidate: schema({ id: { type: 'string' }, any: { $ref: '#/definitions/Any' } }),
      history: [before],
    });
    expect(viaRef.issues.map((i) => [i.rule, i.path])).toEqual([['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', 'any']]);
  });

  it('a required property added as a $ref to a defaulted schema has no default of its own', () => {
    const closed = { additionalProperties: false };
    const before = schema({ id: { type: 'string' } }, closed);
    const inline = checkCompatibility({
      format: 'JSON',
      level: 'BACKWARD',
      candidate: schema({ id: { type: 'string' }, d: { type: 'string', default: 'x' } }, { ...closed, required: ['d'] }),
      history: [before],
    });
    expect(inline.compatible).toBe(true);
    const viaRef = checkCompatibility({
      format: 'JSON',
      level: 'BACKWARD',
      candidate: schema({ id: { type: 'string' }, d: { $ref: '#/definitions/Defaulted' } }, { ...closed, required: ['d'] }),
      history: [before],
    });
    expect(viaRef.issues.map((i) => [i.rule, i.path])).toEqual([['REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', 'd']]);
  });

  it('a $ref is otherwise compared by its target, also against an inline copy', () => {
    const viaRef = schema({ d: { $ref: '#/definitions/Defaulted' } });
    const inline = schema({ d: { type: 'string', default: 'x' } });
    expect(checkCompatibility({ format: 'JSON', level: 'FULL', candidate: inline, history: [viaRef] }).compatible).toBe(true);
    const narrowed = schema({ d: { type: 'string', maxLength: 3 } });
    expect(checkCompatibility({ format: 'JSON', level: 'BACKWARD', candidate: narrowed, history: [viaRef] }).issues.map((i) => i.rule)).toEqual([
      'MAX_LENGTH_ADDED',
    ]);
  });

  it('still refuses a circular chain of $refs', () => {
    const loop = JSON.stringify({ $ref: '#/definitions/A', definitions: { A: { $ref: '#/definitions/B' }, B: { $ref: '#/definitions/A' } } });
    expect(parseSchema('JSON', loop)).toEqual({ ok: false, error: expect.stringContaining('circular $ref') });
  });
});

describe('Avro aliases against full names', () => {
  const record = (name: string, namespace: string, aliases?: string[]) =>
    JSON.stringify({ type: 'record', name, namespace, ...(aliases ? { aliases } : {}), fields: [{ name: 'units', type: 'long' }] });

  it('an unqualified alias takes the reader namespace and does not match a writer in another namespace', () => {
    const result = checkCompatibility({
      format: 'AVRO',
      level: 'BACKWARD',
      candidate: record('Amount', 'com.example.common', ['Money']),
      history: [record('Money', 'com.example.orders')],
    });
    expect(result.issues.map((i) => i.rule)).toEqual(['NAME_CHANGED_WITHOUT_ALIAS']);
  });

  it('matches an alias equal to the writer full name, and the same unqualified name in any namespace', () => {
    expect(
      checkCompatibility({
        format: 'AVRO',
        level: 'BACKWARD',
        candidate: record('Amount', 'com.example.common', ['com.example.orders.Money']),
        history: [record('Money', 'com.example.orders')],
      }).compatible,
    ).toBe(true);
    expect(
      checkCompatibility({
        format: 'AVRO',
        level: 'BACKWARD',
        candidate: record('Amount', 'com.example.orders', ['Money']),
        history: [record('Money', 'com.example.orders')],
      }).compatible,
    ).toBe(true);
    expect(
      checkCompatibility({
        format: 'AVRO',
        level: 'FULL',
        candidate: record('Money', 'com.example.common'),
        history: [record('Money', 'com.example.orders')],
      }).compatible,
    ).toBe(true);
  });
});
