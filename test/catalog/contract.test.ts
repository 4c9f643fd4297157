/**
 * Data contracts (ODCS v3): validated by datacontract-cli itself (its `lint`, which checks the
 * ODCS JSON Schema it bundles for the declared apiVersion plus its own rules) and, for precise
 * messages, by ajv against that same bundled JSON Schema file.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import * as YAML from 'yaml';
import { dataContract, dataContractYaml, describeSchema, ODCS_API_VERSION, writeCatalog } from '../../lib/catalog';
import { fixtureModel } from './fixture';
import { listFiles, REPO, runSetupScript, synthExample } from './helpers';

jest.setTimeout(20 * 60 * 1000);

const example = synthExample();
const fixture = fixtureModel();
const fixtureDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-fixture-')), 'out');
writeCatalog(fixture, fixtureDir, {
  connection: {
    bootstrapServers: ['broker-a:9093', 'broker-b:9093'],
    tls: true,
    saslMechanism: 'scram-sha512',
    schemaRegistryUrl: 'https://registry.invalid',
  },
  environment: 'prod',
});
const withServersDir = path.join(example.outdir, 'with-servers');
writeCatalog(example.model, withServersDir, example.options);

const contractFiles = [
  ...listFiles(example.catalogDir)
    .filter((f) => f.startsWith('contracts/'))
    .map((f) => path.join(example.catalogDir, f)),
  ...listFiles(path.join(withServersDir, 'catalog'))
    .filter((f) => f.startsWith('contracts/'))
    .map((f) => path.join(withServersDir, 'catalog', f)),
  ...listFiles(path.join(fixtureDir, 'catalog'))
    .filter((f) => f.startsWith('contracts/'))
    .map((f) => path.join(fixtureDir, 'catalog', f)),
];

let datacontract = '';
let odcsSchemaFile = '';

beforeAll(() => {
  datacontract = runSetupScript('setup.sh', 15 * 60 * 1000);
  const python = path.join(path.dirname(datacontract), 'python');
  const pkgDir = execFileSync(python, ['-c', 'import datacontract, os; print(os.path.dirname(datacontract.__file__))'], { encoding: 'utf8' }).trim();
  odcsSchemaFile = path.join(pkgDir, 'schemas', `odcs-${ODCS_API_VERSION.slice(1)}.schema.json`);
  if (!fs.existsSync(odcsSchemaFile)) {
    throw new Error(
      `datacontract-cli (${datacontract}) ships no ${path.basename(odcsSchemaFile)} in ${path.dirname(odcsSchemaFile)}: the pinned version no longer bundles ODCS ${ODCS_API_VERSION}`,
    );
  }
});

describe('data contracts', () => {
  it('are written for every product of the example mesh by synth', () => {
    expect(listFiles(example.catalogDir).filter((f) => f.startsWith('contracts/'))).toEqual(
      example.model.products.map((p) => `contracts/${p.topic}.odcs.yaml`).sort(),
    );
  });

  it('pass `datacontract lint` (the CLI) for a product of the example mesh', () => {
    const file = path.join(example.catalogDir, 'contracts', `${example.model.products[0].topic}.odcs.yaml`);
    const report = path.join(example.outdir, 'lint.json');
    try {
      execFileSync(datacontract, ['lint', '--all-errors', '--output-format', 'json', '--output', report, file], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      const details = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : String((e as { stdout?: string }).stdout ?? '');
      throw new Error(`datacontract lint rejected ${file}:\n${details}`);
    }
    const result = JSON.parse(fs.readFileSync(report, 'utf8'));
    expect(result.result).toBe('passed');
    expect(result.checks.map((c: { name: string }) => c.name)).toContain(`Data contract is valid against ODCS ${ODCS_API_VERSION}`);
  });

  it('pass datacontract-cli lint, every one (example with and without servers, fixture)', () => {
    const python = path.join(path.dirname(datacontract), 'python');
    let out = '';
    try {
      out = execFileSync(python, [path.join(REPO, 'tools', 'catalog', 'lint_contracts.py'), ...contractFiles], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? '');
    }
    const reports = out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { file: string; result: string; checks: { result: string; name: string; reason: string | null }[] });
    const failures = reports
      .filter((r) => r.result !== 'passed')
      .map((r) => `${r.file}:\n  ${r.checks.map((c) => `${c.result} ${c.name}: ${c.reason ?? ''}`).join('\n  ')}`);
    expect(failures).toEqual([]);
    expect(reports.map((r) => r.file)).toEqual(contractFiles);
    for (const r of reports) expect(r.checks.map((c) => c.name)).toContain(`Data contract is valid against ODCS ${ODCS_API_VERSION}`);
  });

  it('validate against the ODCS JSON Schema that datacontract-cli bundles (ajv)', () => {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(odcsSchemaFile, 'utf8')));
    const errors: string[] = [];
    for (const file of contractFiles) {
      const doc = YAML.parse(fs.readFileSync(file, 'utf8'), { version: '1.1' });
      if (!validate(doc)) errors.push(`${file}: ${ajv.errorsText(validate.errors, { separator: '\n  ' })}`);
    }
    expect(errors).toEqual([]);
  });

  it('the validator does reject a broken contract (so the checks above mean something)', () => {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(odcsSchemaFile, 'utf8')));
    const broken = dataContract(fixture, fixture.products[0]) as { schema: { properties: { logicalType?: string }[] }[] };
    broken.schema[0].properties[0].logicalType = 'int';
    expect(validate(broken)).toBe(false);
    const file = path.join(fixtureDir, 'broken.odcs.yaml');
    fs.writeFileSync(file, YAML.stringify(broken));
    expect(() => execFileSync(datacontract, ['lint', file], { stdio: 'pipe' })).toThrow();
  });

  it('carry the product: id, domain, owner, support, SLA, tags, grants as roles and the Kafka server', () => {
    const orders = example.model.products.find((p) => p.topic === 'sales.orders');
    if (!orders) throw new Error('the example mesh has no sales.orders');
    const c = YAML.parse(fs.readFileSync(path.join(withServersDir, 'catalog', 'contracts', 'sales.orders.odcs.yaml'), 'utf8'));
    expect(c).toMatchObject({
      apiVersion: 'v3.0.2',
      kind: 'DataContract',
      id: 'sales.orders',
      name: 'sales.orders',
      status: 'active',
      domain: 'sales',
      dataProduct: 'sales.orders',
    });
    expect(c.description.purpose).toBe(orders.description);
    expect(c.team).toEqual([{ username: orders.owner, role: 'owner' }]);
    expect(c.support[0]).toMatchObject({ channel: 'email', url: `mailto:${orders.owner}` });
    expect(c.tags).toEqual(orders.tags);
    expect(c.slaProperties).toEqual(
      expect.arrayContaining([
        { property: 'generalAvailability', value: 99.9, unit: 'percent' },
        { property: 'latency', value: 5000, unit: 'ms' },
      ]),
    );
    expect(c.roles.map((r: { role: string; access: string }) => `${r.role} ${r.access}`)).toEqual(
      orders.grants.map((g) => `${g.principal} ${g.access}`),
    );
    expect(c.servers).toEqual([
      expect.objectContaining({ type: 'kafka', host: example.options.connection?.bootstrapServers.join(','), format: 'avro' }),
    ]);
    expect(c.servers[0].customProperties).toContainEqual({ property: 'topic', value: 'sales.orders' });
    expect(c.schema[0]).toMatchObject({ name: 'Order', physicalName: 'sales.orders', physicalType: 'topic', logicalType: 'object' });
    // Synth passes the mesh's connection, so the written contract names the server too; without
    // a connection there is no server entry.
    expect(YAML.parse(fs.readFileSync(path.join(example.catalogDir, 'contracts', 'sales.orders.odcs.yaml'), 'utf8')).servers).toEqual(c.servers);
    expect((dataContract(example.model, orders) as any).servers).toBeUndefined();
  });

  it('derive properties from Avro: nested records, arrays, logical types, unions with null, enums, maps', () => {
    const c = dataContract(fixture, fixture.products[2]) as any;
    const props = c.schema[0].properties;
    const byName = (name: string) => props.find((p: any) => p.name === name);
    expect(byName('shipmentId')).toMatchObject({ logicalType: 'string', required: true, description: 'Carrier tracking id' });
    expect(byName('weightGrams')).toMatchObject({
      logicalType: 'integer',
      physicalType: 'int',
      required: false,
      logicalTypeOptions: { format: 'i32' },
    });
    expect(byName('carrier')).toMatchObject({ logicalType: 'string', customProperties: [{ property: 'enum', value: ['DHL', 'UPS', 'NO'] }] });
    expect(byName('labels')).toMatchObject({ logicalType: 'object', physicalType: 'map<string, string>' });
    expect(byName('destination')).toMatchObject({
      logicalType: 'object',
      physicalType: 'Address',
      properties: [{ name: 'street' }, { name: 'city' }],
    });
    expect(byName('legs').items.properties[1]).toMatchObject({ name: 'departedAt', logicalType: 'date', physicalType: 'long (timestamp-millis)' });
    expect(byName('price')).toMatchObject({ logicalType: 'number', physicalType: 'bytes (decimal)' });
    expect(byName('id')).toMatchObject({ logicalType: 'string', logicalTypeOptions: { format: 'uuid' } });
    // The key schema is its own schema object.
    expect(c.schema[1]).toMatchObject({ customProperties: expect.arrayContaining([{ property: 'messagePart', value: 'key' }]) });
  });

  it('derive properties from JSON Schema: $ref, required, nullable types, formats, arrays of objects', () => {
    const c = dataContract(fixture, fixture.products[1]) as any;
    const props = c.schema[0].properties;
    const byName = (name: string) => props.find((p: any) => p.name === name);
    expect(c.schema[0]).toMatchObject({ name: 'Refund', description: 'A refund of a payment, possibly partial' });
    expect(byName('amount')).toMatchObject({ logicalType: 'object', physicalType: 'money', required: true });
    expect(byName('amount').properties[1]).toMatchObject({ name: 'currency', customProperties: [{ property: 'enum', value: ['EUR', 'USD', 'on'] }] });
    expect(byName('reason')).toMatchObject({ required: false, physicalType: 'string', logicalType: 'string' });
    expect(byName('refundedAt')).toMatchObject({ logicalType: 'date', required: true });
    expect(byName('refundId')).toMatchObject({ logicalType: 'string', logicalTypeOptions: { format: 'uuid' } });
    expect(byName('lines').items.properties.map((p: any) => [p.name, p.required])).toEqual([
      ['sku', true],
      ['quantity', false],
    ]);
    expect(c.version).toBe('2.0.0');
  });

  it('derive properties from Protobuf: the first message, comments, enums, repeated, maps, well-known types', () => {
    const info = describeSchema(fixture.products[0].valueSchema as NonNullable<(typeof fixture.products)[0]['valueSchema']>);
    expect(info).toMatchObject({ name: 'Transaction', namespace: 'com.example.payments', description: 'A card payment, as the ledger books it.' });
    const byName = (name: string) => info.fields.find((f) => f.name === name);
    expect(byName('transaction_id')).toMatchObject({ logicalType: 'string', description: 'Ledger id of the booking.', required: false });
    expect(byName('status')).toMatchObject({ logicalType: 'string', enumValues: ['STATUS_UNSPECIFIED', 'BOOKED', 'REVERSED'] });
    expect(byName('lines')).toMatchObject({
      logicalType: 'array',
      items: { logicalType: 'object', fields: [{ name: 'sku' }, { name: 'quantity', format: 'u32' }, { name: 'unit_price', format: 'f64' }] },
    });
    expect(byName('attributes')).toMatchObject({ logicalType: 'object', physicalType: 'map<string, string>' });
    expect(byName('booked_at')).toMatchObject({ logicalType: 'date' });
  });

  it('carry governance waivers as a custom property', () => {
    const c = dataContract(fixture, fixture.products[0]) as any;
    expect(c.customProperties).toContainEqual({ property: 'governanceWaivers', value: fixture.products[0].waivers });
    expect((dataContract(fixture, fixture.products[1]) as any).customProperties.map((p: any) => p.property)).not.toContain('governanceWaivers');
  });

  it('write YAML that YAML 1.1 readers read the same (quoted on/no/versions, multi-line text)', () => {
    const text = dataContractYaml(fixture, fixture.products[1]);
    expect(YAML.parse(text, { version: '1.1' })).toEqual(YAML.parse(text, { version: '1.2' }));
    expect(YAML.parse(text, { version: '1.1' })).toEqual(JSON.parse(JSON.stringify(dataContract(fixture, fixture.products[1]))));
    expect(text).toContain('- "on"');
  });
});
