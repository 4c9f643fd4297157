/**
 * What the catalog says about a field and a setting, in words a consumer reads: each format's
 * field documentation, logical types (timestamps are timestamps), durations and sizes.
 */
import { describeSchema, FieldInfo } from '../../lib/catalog';
import { configValue, duration, size } from '../../lib/catalog/units';
import { synthExample } from './helpers';

const avro = (fields: unknown[]) =>
  describeSchema({
    subject: 't-value',
    type: 'AVRO',
    schema: JSON.stringify({ type: 'record', name: 'R', fields }),
    origin: 'inline',
    references: [],
  }).fields;
const byName = (fields: FieldInfo[], name: string) => fields.find((f) => f.name === name);

describe('fields', () => {
  it('Avro logical types: timestamps, dates, decimals with precision and scale, uuids', () => {
    const fields = avro([
      { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'atMicros', type: ['null', { type: 'long', logicalType: 'timestamp-micros' }] },
      { name: 'day', type: { type: 'int', logicalType: 'date' } },
      { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
      { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
      { name: 'plain', type: 'long' },
    ]);
    expect(byName(fields, 'at')).toMatchObject({ logicalType: 'date', semanticType: 'timestamp (ms, UTC)' });
    expect(byName(fields, 'atMicros')).toMatchObject({ semanticType: 'timestamp (µs, UTC)', required: false });
    expect(byName(fields, 'day')).toMatchObject({ logicalType: 'date', semanticType: 'date' });
    expect(byName(fields, 'price')).toMatchObject({ logicalType: 'number', semanticType: 'decimal(10, 2)' });
    expect(byName(fields, 'id')).toMatchObject({ logicalType: 'string', semanticType: 'uuid' });
    expect(byName(fields, 'plain')?.semanticType).toBeUndefined();
  });

  it('JSON Schema formats and descriptions; Protobuf comments and well-known types', () => {
    const json = describeSchema({
      subject: 'j',
      type: 'JSON',
      origin: 'inline',
      references: [],
      schema: JSON.stringify({
        type: 'object',
        properties: {
          at: { type: 'string', format: 'date-time', description: 'When' },
          day: { type: 'string', format: 'date' },
          id: { type: 'string', format: 'uuid' },
        },
      }),
    }).fields;
    expect(byName(json, 'at')).toMatchObject({ logicalType: 'date', semanticType: 'timestamp (RFC 3339)', description: 'When' });
    expect(byName(json, 'day')).toMatchObject({ semanticType: 'date' });
    expect(byName(json, 'id')).toMatchObject({ semanticType: 'uuid' });
    const proto = describeSchema({
      subject: 'p',
      type: 'PROTOBUF',
      origin: 'inline',
      references: [],
      schema:
        'syntax = "proto3";\nimport "google/protobuf/timestamp.proto";\nmessage M {\n  // When it happened.\n  google.protobuf.Timestamp at = 1;\n  string note = 2; // Free text.\n}\n',
    }).fields;
    expect(byName(proto, 'at')).toMatchObject({ logicalType: 'date', semanticType: 'timestamp (ns, UTC)', description: 'When it happened.' });
    expect(byName(proto, 'note')).toMatchObject({ description: 'Free text.' });
  });

  it('every field of every product of the example mesh is documented, in all three formats', () => {
    const { model } = synthExample();
    const types = new Set<string>();
    const undocumented: string[] = [];
    const walk = (topic: string, fields: readonly FieldInfo[], prefix = '') => {
      for (const f of fields) {
        if (!f.description) undocumented.push(`${topic} ${prefix}${f.name}`);
        walk(topic, f.fields ?? f.items?.fields ?? [], `${prefix}${f.name}.`);
      }
    };
    for (const p of model.products) {
      for (const s of [p.valueSchema, p.keySchema]) {
        if (!s) continue;
        types.add(s.type);
        walk(p.topic, describeSchema(s).fields);
      }
    }
    expect(undocumented).toEqual([]);
    expect([...types].sort()).toEqual(['AVRO', 'JSON', 'PROTOBUF']);
    // The Protobuf schema of the examples (schemas/finance/transactions.proto) too.
    const text = require('fs').readFileSync(require('path').join(__dirname, '..', '..', 'schemas', 'finance', 'transactions.proto'), 'utf8');
    const proto = describeSchema({ subject: 'finance.transactions-value', type: 'PROTOBUF', schema: text, origin: 'file', references: [] });
    expect(proto.fields.length).toBeGreaterThan(3);
    expect(proto.fields.filter((f) => !f.description)).toEqual([]);
  });
});

describe('settings in words', () => {
  it('durations: forever, days, hours; sizes: no limit, binary units', () => {
    expect(duration(-1)).toBe('forever');
    expect(duration(86_400_000)).toBe('1 day');
    expect(duration(604_800_000)).toBe('7 days');
    expect(duration(1_209_600_000)).toBe('14 days');
    expect(duration(3_600_000)).toBe('1 hour');
    expect(duration(5_400_000)).toBe('90 minutes');
    expect(duration(1_500)).toBe('1500 ms');
    expect(size(-1)).toBe('no limit');
    expect(size(1_073_741_824)).toBe('1 GiB');
    expect(size(2_097_152)).toBe('2 MiB');
    expect(size(1000)).toBe('1000 bytes');
    expect(configValue('retention.ms', '-1')).toBe('forever');
    expect(configValue('max.message.bytes', '2097152')).toBe('2 MiB');
    expect(configValue('min.insync.replicas', '2')).toBeUndefined();
  });
});
