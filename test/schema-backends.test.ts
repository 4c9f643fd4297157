/**
 * The two schema backends: restapi (the default, the Confluent REST API through
 * Mastercard/restapi) and cultureamp (opt-in), and the move from one to the other.
 */
import { TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, Schema } from '../lib';
import { errorOf, forEach, synthJson, testMesh } from './helpers';

const money = Schema.avro({ type: 'record', name: 'Money', namespace: 'com.example.common', fields: [{ name: 'cents', type: 'long' }] });
const order = {
  type: 'record',
  name: 'Order',
  namespace: 'com.example.sales',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'total', type: 'com.example.common.Money' },
  ],
};

function salesStack(registry: Record<string, unknown> = {}) {
  const { app } = testMesh({ schemaRegistry: { url: 'http://localhost:8081/', ...registry } as never });
  const stack = new TerraformStack(app, 'sales');
  const sales = new Domain(stack, 'sales', { owner: 'o', principal: 'User:sales' });
  return { stack, sales };
}

describe('the restapi schema backend (default)', () => {
  it('registers a subject with its references through POST /subjects/<s>/versions and reads it back with the lookup', () => {
    const { stack, sales } = salesStack();
    new DomainDataProduct(sales, 'orders', {
      description: 'Orders',
      valueSchema: Schema.avro(order, {
        references: [{ name: 'com.example.common.Money', subject: 'common.money-value', version: 2, schema: money }],
      }),
      compatibility: 'FULL_TRANSITIVE',
    });
    const json = synthJson(stack);
    const body = JSON.parse(forEach(json, 'restapi_object', 'subject')['sales.orders-value'].body);
    expect(body.schemaType).toBe('AVRO');
    expect(JSON.parse(body.schema)).toEqual(order);
    expect(body.references).toEqual([{ name: 'com.example.common.Money', subject: 'common.money-value', version: 2 }]);
    expect(JSON.parse(forEach(json, 'restapi_object', 'subject_compatibility')['sales.orders-value'].body)).toEqual({
      compatibility: 'FULL_TRANSITIVE',
    });
    expect(json.resource.restapi_object.subject_compatibility).toMatchObject({
      path: '/config/${each.key}',
      create_method: 'PUT',
      update_method: 'PUT',
      destroy_method: 'DELETE',
    });
    expect(json.resource.restapi_object.subject_compatibility.lifecycle).toBeUndefined();
    // the registry URL without its trailing slash, so paths join cleanly
    expect(json.provider.restapi[0]).toMatchObject({ uri: 'http://localhost:8081', write_returns_object: false });
  });

  it('writes a scratch product to subject_unprotected and moves between the blocks without destroying', () => {
    const { stack, sales } = salesStack();
    new DomainDataProduct(sales, 'scratch', { description: 'Scratch', valueSchema: Schema.jsonSchema({ type: 'object' }), removalPolicy: 'destroy' });
    const json = synthJson(stack);
    expect(Object.keys(forEach(json, 'restapi_object', 'subject_unprotected'))).toEqual(['sales.scratch-value']);
    expect(json.resource.restapi_object.subject_unprotected.lifecycle).toEqual({ prevent_destroy: false });
    expect(json.moved).toEqual(
      expect.arrayContaining([
        { from: 'restapi_object.subject["sales.scratch-value"]', to: 'restapi_object.subject_unprotected["sales.scratch-value"]' },
      ]),
    );
  });

  it('passes the registry password only as a sensitive variable', () => {
    const { stack, sales } = salesStack({ username: 'mesh', password: { variable: 'schema_registry_password' } });
    new DomainDataProduct(sales, 'orders', { description: 'Orders', valueSchema: Schema.jsonSchema({ type: 'object' }) });
    const json = synthJson(stack);
    expect(json.provider.restapi[0]).toMatchObject({ username: 'mesh', password: '${var.schema_registry_password}' });
    expect(json.variable.schema_registry_password).toMatchObject({ sensitive: true });
  });
});

describe('the cultureamp schema backend (opt-in)', () => {
  it('writes schemaregistry_schema blocks, and no restapi object', () => {
    const { stack, sales } = salesStack({ provider: 'cultureamp' });
    new DomainDataProduct(sales, 'orders', {
      description: 'Orders',
      valueSchema: Schema.avro(order, {
        references: [{ name: 'com.example.common.Money', subject: 'common.money-value', version: 1, schema: money }],
      }),
    });
    const json = synthJson(stack);
    expect(forEach(json, 'schemaregistry_schema', 'protected')['sales.orders-value']).toMatchObject({
      schema_type: 'AVRO',
      compatibility_level: 'BACKWARD',
    });
    expect(json.resource.restapi_object).toBeUndefined();
    expect(json.terraform.required_providers.schemaregistry.source).toBe('cultureamp/schemaregistry');
    expect(json.terraform.required_providers.restapi).toBeUndefined();
  });

  it('fails when a Protobuf schema would be registered through it, naming the fix', () => {
    const { sales } = salesStack({ provider: 'cultureamp' });
    expect(
      errorOf(
        () =>
          new DomainDataProduct(sales, 'orders', {
            description: 'Orders',
            valueSchema: Schema.protobuf('syntax = "proto3"; message O { string id = 1; }'),
          }),
      ),
    ).toBe(
      "sales/sales/orders: valueSchema is a Protobuf schema, which the cultureamp backend cannot register (its schema attribute takes JSON text only) (got \"sales.orders-value\"). Fix: use the default restapi backend (drop schemaRegistry.provider: 'cultureamp'), or declare Schema.protobuf(source, { registration: 'external' })",
    );
  });

  it('fails on an unknown backend, naming the choices', () => {
    expect(errorOf(() => testMesh({ schemaRegistry: { url: 'http://r', provider: 'confluent' } as never }))).toMatch(
      /mesh: schemaRegistry\.provider must be 'restapi' or 'cultureamp' \(got "confluent"\)/,
    );
  });
});

describe('moving a deployed mesh from cultureamp to restapi', () => {
  it('forgets the cultureamp subjects without destroying them, and registers them through restapi', () => {
    const { stack, sales } = salesStack({ migrateFrom: 'cultureamp' });
    new DomainDataProduct(sales, 'orders', { description: 'Orders', valueSchema: Schema.jsonSchema({ type: 'object' }) });
    const json = synthJson(stack);
    expect(json.removed).toEqual([
      { from: 'schemaregistry_schema.protected', lifecycle: { destroy: false } },
      { from: 'schemaregistry_schema.unprotected', lifecycle: { destroy: false } },
    ]);
    expect(Object.keys(forEach(json, 'restapi_object', 'subject'))).toEqual(['sales.orders-value']);
    // the old provider stays configured for this deploy, so tofu can read the state it forgets
    expect(json.terraform.required_providers.schemaregistry.source).toBe('cultureamp/schemaregistry');
    expect(json.resource.schemaregistry_schema).toBeUndefined();
  });

  it('refuses migrateFrom together with the cultureamp backend', () => {
    expect(errorOf(() => testMesh({ schemaRegistry: { url: 'http://r', provider: 'cultureamp', migrateFrom: 'cultureamp' } }))).toMatch(
      /mesh: schemaRegistry\.migrateFrom .*provider must not be 'cultureamp'/,
    );
  });
});

describe('subjects that reference subjects of their own stack (restapi)', () => {
  const warehouse = Schema.protobuf('syntax = "proto3";\npackage inventory;\nmessage Warehouse { string id = 1; string city = 2; }\n');
  const reserved = (version = 1) =>
    Schema.protobuf(
      'syntax = "proto3";\npackage inventory;\nimport "inventory/warehouse.proto";\nmessage StockReserved { string sku = 1; inventory.Warehouse warehouse = 2; }\n',
      {
        references: [{ name: 'inventory/warehouse.proto', subject: 'inventory.warehouse-value', version, schema: warehouse }],
      },
    );

  function inventory() {
    const { app } = testMesh();
    const stack = new TerraformStack(app, 'inventory');
    const domain = new Domain(stack, 'inventory', { owner: 'o', principal: 'User:inventory' });
    return { stack, domain };
  }

  it('registers the referencing subject in a second tier that waits for the first, whatever the declaration order', () => {
    const { stack, domain } = inventory();
    new DomainDataProduct(domain, 'stock-reserved', { description: 'Reservations', valueSchema: reserved() });
    new DomainDataProduct(domain, 'warehouse', { description: 'Warehouses', valueSchema: warehouse });
    const json = synthJson(stack);
    expect(Object.keys(forEach(json, 'restapi_object', 'subject'))).toEqual(['inventory.warehouse-value']);
    expect(Object.keys(forEach(json, 'restapi_object', 'subject_referencing'))).toEqual(['inventory.stock-reserved-value']);
    expect(json.resource.restapi_object.subject_referencing.depends_on).toEqual(['restapi_object.subject_compatibility', 'restapi_object.subject']);
    expect(json.resource.restapi_object.subject_referencing.lifecycle).toEqual({ prevent_destroy: true });
    expect(JSON.parse(forEach(json, 'restapi_object', 'subject_referencing')['inventory.stock-reserved-value'].body).references).toEqual([
      { name: 'inventory/warehouse.proto', subject: 'inventory.warehouse-value', version: 1 },
    ]);
    // a chain of moves from every other block ends at the subject's own, so a tier change never destroys it
    const into = (key: string) =>
      json.moved.filter((m: { to: string }) => m.to.endsWith(`[${JSON.stringify(key)}]`) && m.to.startsWith('restapi_object.'));
    expect(into('inventory.stock-reserved-value').map((m: { from: string; to: string }) => `${m.from} -> ${m.to}`)).toEqual([
      'restapi_object.subject_unprotected_referencing["inventory.stock-reserved-value"] -> restapi_object.subject_unprotected["inventory.stock-reserved-value"]',
      'restapi_object.subject_unprotected["inventory.stock-reserved-value"] -> restapi_object.subject["inventory.stock-reserved-value"]',
      'restapi_object.subject["inventory.stock-reserved-value"] -> restapi_object.subject_referencing["inventory.stock-reserved-value"]',
    ]);
    const targets = json.moved.map((m: { to: string }) => m.to);
    expect(new Set(targets).size).toBe(targets.length);
  });

  it('refuses a chain of references inside one stack, naming both subjects and the fix', () => {
    const { stack, domain } = inventory();
    new DomainDataProduct(domain, 'warehouse', { description: 'Warehouses', valueSchema: warehouse });
    new DomainDataProduct(domain, 'stock-reserved', { description: 'Reservations', valueSchema: reserved() });
    const reservedText =
      'syntax = "proto3";\npackage inventory;\nimport "inventory/warehouse.proto";\nmessage StockReserved { string sku = 1; inventory.Warehouse warehouse = 2; }\n';
    new DomainDataProduct(domain, 'audit', {
      description: 'Audit',
      valueSchema: Schema.protobuf(
        'syntax = "proto3";\npackage audit;\nimport "inventory/stock-reserved.proto";\nmessage Audit { inventory.StockReserved r = 1; }\n',
        {
          references: [
            {
              name: 'inventory/stock-reserved.proto',
              subject: 'inventory.stock-reserved-value',
              version: 1,
              schema: Schema.protobuf(reservedText, {
                references: [{ name: 'inventory/warehouse.proto', subject: 'inventory.warehouse-value', version: 1, schema: warehouse }],
              }),
            },
            { name: 'inventory/warehouse.proto', subject: 'inventory.warehouse-value', version: 1, schema: warehouse },
          ],
        },
      ),
    });
    expect(errorOf(() => synthJson(stack))).toMatch(
      /inventory\/inventory\/audit: references names a subject of this stack that itself references another subject of this stack \(inventory\.audit-value -> inventory\.stock-reserved-value -> \.\.\.\).*Fix: declare the shared type/,
    );
  });
});
