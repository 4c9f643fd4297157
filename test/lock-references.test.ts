import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { CompatibilityLevel, Domain, DomainDataProduct, readLock, Schema, SchemaReference } from '../lib';
import { errorOf, testMesh } from './helpers';

/**
 * The mesh lock with schema references: each published version is recorded with the references
 * (subject, version, text) it was registered with, and checked as registered.
 */

type Format = 'AVRO' | 'JSON' | 'PROTOBUF';
const make = (format: Format, text: string, references?: SchemaReference[]): Schema =>
  format === 'AVRO'
    ? Schema.avro(text, { references })
    : format === 'JSON'
      ? Schema.jsonSchema(text, { references })
      : Schema.protobuf(text, { references, registration: 'external' });

/** The shared type (`common.money-value`) and a product (`sales.orders-value`) that references it, per format. */
const FORMATS: Record<Format, { refName: string; money: (extra: 'none' | 'optional' | 'breaking') => string; order: string }> = {
  AVRO: {
    refName: 'common.Money',
    money: (extra) =>
      JSON.stringify({
        type: 'record',
        name: 'Money',
        namespace: 'common',
        fields: [
          { name: 'units', type: 'long' },
          ...(extra === 'none' ? [] : [{ name: 'nanos', type: 'int', ...(extra === 'optional' ? { default: 0 } : {}) }]),
        ],
      }),
    order: JSON.stringify({
      type: 'record',
      name: 'Order',
      namespace: 'sales',
      fields: [
        { name: 'id', type: 'string' },
        { name: 'total', type: 'common.Money' },
      ],
    }),
  },
  JSON: {
    refName: 'money.json',
    // Closed content model: adding an optional property is compatible, a required one is not.
    money: (extra) =>
      JSON.stringify({
        type: 'object',
        additionalProperties: false,
        properties: { units: { type: 'integer' }, ...(extra === 'none' ? {} : { nanos: { type: 'integer' } }) },
        ...(extra === 'breaking' ? { required: ['nanos'] } : {}),
      }),
    order: JSON.stringify({ type: 'object', properties: { id: { type: 'string' }, total: { $ref: 'money.json' } } }),
  },
  PROTOBUF: {
    refName: 'common/money.proto',
    // A field added is compatible; a field's type moved to another wire group is not.
    money: (extra) =>
      `syntax = "proto3";\npackage common;\nmessage Money {\n  ${extra === 'breaking' ? 'sint64' : 'int64'} units = 1;\n${extra === 'none' ? '' : '  int32 nanos = 2;\n'}}\n`,
    order: 'syntax = "proto3";\npackage sales;\nimport "common/money.proto";\nmessage Order {\n  string id = 1;\n  common.Money total = 2;\n}\n',
  },
};

/** Two stacks: `common` owns the shared type, `sales` the product that references it. */
function mesh(
  dir: string,
  format: Format,
  opts: { money: string; moneyVersion: number; withText?: boolean; level?: CompatibilityLevel; update?: boolean; orderText?: string },
) {
  const f = FORMATS[format];
  const { app } = testMesh({ lock: { dir, update: opts.update ?? false } });
  const common = new TerraformStack(app, 'common');
  const moneySchema = make(format, opts.money);
  new DomainDataProduct(new Domain(common, 'common', { owner: 'o', principal: 'User:common' }), 'money', {
    description: 'money',
    valueSchema: moneySchema,
    compatibility: 'NONE',
  });
  const sales = new TerraformStack(app, 'sales');
  const reference: SchemaReference = {
    name: f.refName,
    subject: 'common.money-value',
    version: opts.moneyVersion,
    ...(opts.withText ? { schema: moneySchema } : {}),
  };
  new DomainDataProduct(new Domain(sales, 'sales', { owner: 'o', principal: 'User:sales' }), 'orders', {
    description: 'orders',
    compatibility: opts.level ?? 'BACKWARD',
    valueSchema: make(format, opts.orderText ?? f.order, [reference]),
  });
  return { common, sales };
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lock-refs-'));
}

/** Publishes money versions 1..n (each locked) and the order product at each, as a team would over time. */
function publish(dir: string, format: Format, moneys: string[], level: CompatibilityLevel = 'BACKWARD'): void {
  moneys.forEach((money, i) => {
    const { common, sales } = mesh(dir, format, { money, moneyVersion: i + 1, level, update: true });
    Testing.synth(common);
    Testing.synth(sales);
  });
}

describe.each(['AVRO', 'JSON', 'PROTOBUF'] as const)('%s references and the mesh lock', (format) => {
  const f = FORMATS[format];

  it('records each version with its references (subject, version and text)', () => {
    const dir = tmp();
    publish(dir, format, [f.money('none')]);
    const lock = readLock(dir, 'sales')!;
    expect(lock.lockVersion).toBe(2);
    expect(lock.subjects['sales.orders-value'].versions).toEqual([
      { schema: f.order, references: [{ name: f.refName, subject: 'common.money-value', version: 1, schema: f.money('none') }] },
    ]);
  });

  it('accepts a compatible move of the reference to a new version, the referring text unchanged', () => {
    const dir = tmp();
    publish(dir, format, [f.money('none'), f.money('optional')]);
    const versions = readLock(dir, 'sales')!.subjects['sales.orders-value'].versions;
    expect(versions.map((v) => v.references?.[0].version)).toEqual([1, 2]);
    expect(versions.map((v) => v.schema)).toEqual([f.order, f.order]);
  });

  it('refuses an incompatible move of the reference with the usual message', () => {
    const dir = tmp();
    publish(dir, format, [f.money('none')]);
    const { common, sales } = mesh(dir, format, { money: f.money('breaking'), moneyVersion: 2, update: true });
    Testing.synth(common);
    const err = errorOf(() => Testing.synth(mesh(dir, format, { money: f.money('breaking'), moneyVersion: 2 }).sales));
    expect(err).toMatch(/^sales\/sales\/orders: valueSchema .*breaks BACKWARD for sales\.orders-value \(against version 1, rule [A-Z_]+\)/);
    expect(err).toMatch(/Fix: make the change BACKWARD-compatible/);
    expect(sales).toBeDefined();
  });

  it('fails clearly when a referenced subject version is nowhere to be found', () => {
    const dir = tmp();
    publish(dir, format, [f.money('none')]);
    const err = errorOf(() => Testing.synth(mesh(dir, format, { money: f.money('none'), moneyVersion: 7 }).sales));
    expect(err).toBe(
      `sales/sales/orders: valueSchema.references[0] names a subject version that neither the reference's schema nor the mesh lock holds, so ${format} compatibility cannot be checked` +
        ` (got "${f.refName} -> common.money-value version 7"). Fix: give the referenced schema ({ name: '${f.refName}', subject: 'common.money-value', version: 7, schema: Schema.${format === 'AVRO' ? 'avro' : format === 'JSON' ? 'jsonSchema' : 'protobuf'}(...) }), or declare and lock the product that owns common.money-value up to version 7`,
    );
  });

  it('uses the schema given with the reference when there is one', () => {
    const dir = tmp();
    publish(dir, format, [f.money('none')]);
    // Version 5 is in no lock, but the reference carries its text.
    expect(() => Testing.synth(mesh(dir, format, { money: f.money('optional'), moneyVersion: 5, withText: true }).sales)).not.toThrow();
    expect(errorOf(() => Testing.synth(mesh(dir, format, { money: f.money('breaking'), moneyVersion: 5, withText: true }).sales))).toMatch(
      /against version 1/,
    );
  });
});

describe('a shared type evolving under a product at BACKWARD_TRANSITIVE', () => {
  it('checks the candidate against every version as registered, each with its own Money version', () => {
    const f = FORMATS.AVRO;
    const dir = tmp();
    // Orders v1 used Money v1 (units); v2 used Money v2 (units, nanos with a default).
    publish(dir, 'AVRO', [f.money('none'), f.money('optional')], 'BACKWARD_TRANSITIVE');
    // Money v3 drops the default of nanos: readers of Money v3 cannot read Money v1 data (no
    // nanos) but can read Money v2 data. Only version 1 of the orders subject breaks.
    const { common } = mesh(dir, 'AVRO', { money: f.money('breaking'), moneyVersion: 3, level: 'BACKWARD_TRANSITIVE', update: true });
    Testing.synth(common);
    const err = errorOf(() => Testing.synth(mesh(dir, 'AVRO', { money: f.money('breaking'), moneyVersion: 3, level: 'BACKWARD_TRANSITIVE' }).sales));
    expect(err).toMatch(
      /field `total\.nanos` was added without a default: breaks BACKWARD for sales\.orders-value \(against version 1, rule FIELD_ADDED_WITHOUT_DEFAULT\)/,
    );
    expect(err).not.toMatch(/against version 2/);
  });
});

describe('a lockVersion 1 lock', () => {
  it('still loads, migrated: versions become { schema }, checked with the references declared now', () => {
    const f = FORMATS.AVRO;
    const dir = tmp();
    publish(dir, 'AVRO', [f.money('none')]);
    // Rewrite the sales lock as the older format wrote it: bare texts, no references.
    const file = path.join(dir, 'sales.json');
    const v2 = JSON.parse(fs.readFileSync(file, 'utf8'));
    const v1 = { ...v2, lockVersion: 1, subjects: { 'sales.orders-value': { ...v2.subjects['sales.orders-value'], versions: [f.order] } } };
    fs.writeFileSync(file, JSON.stringify(v1));
    expect(readLock(dir, 'sales')!.subjects['sales.orders-value'].versions).toEqual([{ schema: f.order }]);
    // Unchanged code: no check fails (the old format gave SchemaParseError: undefined type name).
    expect(() => Testing.synth(mesh(dir, 'AVRO', { money: f.money('none'), moneyVersion: 1 }).sales)).not.toThrow();
    // A changed schema is checked (the old format gave SchemaParseError: undefined type name).
    const withNote = JSON.stringify({ ...JSON.parse(f.order), fields: [...JSON.parse(f.order).fields, { name: 'note', type: 'string' }] });
    expect(errorOf(() => Testing.synth(mesh(dir, 'AVRO', { money: f.money('none'), moneyVersion: 1, orderText: withNote }).sales))).toMatch(
      /^sales\/sales\/orders: valueSchema field `note` was added without a default: breaks BACKWARD for sales\.orders-value \(against version 1/,
    );
    // On update the lock is written as lockVersion 2 with the references.
    Testing.synth(mesh(dir, 'AVRO', { money: f.money('none'), moneyVersion: 1, update: true }).sales);
    expect(readLock(dir, 'sales')!.subjects['sales.orders-value'].versions[0].references?.[0]).toMatchObject({
      subject: 'common.money-value',
      version: 1,
    });
  });

  it('the committed example locks load', () => {
    const dir = path.join(__dirname, '..', 'mesh.lock');
    for (const file of fs.readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const lock = readLock(dir, file.replace(/\.json$/, ''))!;
      expect(lock.lockVersion).toBe(2);
      for (const subject of Object.values(lock.subjects)) {
        expect(subject.versions.every((v) => typeof v.schema === 'string')).toBe(true);
      }
    }
  });
});
