import { compareSchemas } from '../../lib/diff/schemas';
import type { SchemaValue } from '../../lib/diff/snapshot';

const order = 'syntax = "proto3";\npackage sales;\nimport "common/money.proto";\nmessage Order {\n  common.Money total = 1;\n}\n';
const money = (type: string) => `syntax = "proto3";\npackage common;\nmessage Money {\n  ${type} units = 1;\n}\n`;
const value = (version: number): SchemaValue => ({
  schema: order,
  type: 'PROTOBUF',
  level: 'BACKWARD',
  references: [{ name: 'common/money.proto', subject: 'common.money-value', version }],
});

describe('kafka-mesh diff: a change that only moves a reference', () => {
  it('shows the reference version moving and checks each side with its own referenced text', () => {
    const found = compareSchemas('sales.orders-value', 'sales.orders', value(1), value(2), { 'common/money.proto': money('sint64') }, false, {
      'common/money.proto': money('int64'),
    });
    expect(found?.diff.status).toBe('changed');
    expect(found?.diff.notes).toContain('References move: common/money.proto: common.money-value version 1 -> common.money-value version 2.');
    expect(found?.diff.verdict).toMatchObject({ checked: true, compatible: false });
    expect(found?.flags.map((f) => f.kind)).toEqual(['schema-incompatible']);
  });

  it('a compatible move is not flagged, and is not called a reformatting', () => {
    const found = compareSchemas('sales.orders-value', 'sales.orders', value(1), value(2), { 'common/money.proto': money('uint64') }, false, {
      'common/money.proto': money('int64'),
    });
    expect(found?.diff.status).toBe('changed');
    expect(found?.diff.verdict).toMatchObject({ checked: true, compatible: true });
    expect(found?.flags).toEqual([]);
  });
});
