import { TerraformStack, Testing } from 'cdktf';
import {
  Domain,
  DomainDataProduct,
  DomainDataProductProps,
  KafkaMesh,
  MeshValidationError,
  Principal,
  Schema,
  ServiceAccount,
  SharedTopic,
} from '../lib';
import { errorOf, forEach, testMesh } from './helpers';

function salesDomain() {
  const { app, mesh } = testMesh();
  const stack = new TerraformStack(app, 'sales');
  const sales = new Domain(stack, 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
  return { app, mesh, stack, sales };
}

function productError(props: Partial<DomainDataProductProps> & Record<string, unknown>, id = 'orders'): string {
  const { sales } = salesDomain();
  return errorOf(() => new DomainDataProduct(sales, id, { description: 'Orders', ...props } as DomainDataProductProps));
}

describe('invalid props fail at construct time, naming path, field, value and fix', () => {
  it('fails when partitions is 0', () => {
    expect(productError({ partitions: 0 })).toBe(
      'sales/sales/orders: partitions must be an integer from 1 to 10000 (got 0). Fix: set partitions to a whole number of at least 1 (3 suits most products)',
    );
  });

  it('fails when partitions is not a whole number', () => {
    expect(productError({ partitions: 2.5 })).toMatch(/^sales\/sales\/orders: partitions must be an integer from 1 to 10000 \(got 2\.5\)/);
  });

  it('fails when the replication factor is below 1', () => {
    expect(productError({ replicationFactor: 0 })).toMatch(
      /sales\/sales\/orders: replicationFactor must be an integer from 1 to 32 \(got 0\)\. Fix: /,
    );
  });

  it('fails when retention is negative', () => {
    expect(productError({ retentionMs: -5 })).toMatch(
      /sales\/sales\/orders: retentionMs must be a whole number of at least 1 or 'infinite' \(got -5\)\. Fix: set retentionMs to a positive whole number/,
    );
  });

  it('fails when retention is not a number', () => {
    expect(productError({ retentionMs: '1 day' as unknown as number })).toMatch(
      /retentionMs must be a whole number of at least 1 or 'infinite' \(got "1 day"\)/,
    );
  });

  it('fails on an unknown cleanup policy', () => {
    expect(productError({ cleanupPolicy: 'compacted' as 'compact' })).toMatch(
      /cleanupPolicy must be one of 'delete', 'compact', 'compact,delete' \(got "compacted"\)/,
    );
  });

  it('fails when min.insync.replicas exceeds the replication factor', () => {
    expect(productError({ replicationFactor: 2, minInsyncReplicas: 3 })).toMatch(
      /minInsyncReplicas must be at most the replication factor \(2\).*\(got 3\)\. Fix: lower minInsyncReplicas to 1/,
    );
  });

  it('fails on an unknown Kafka config, suggesting the right name', () => {
    expect(productError({ config: { 'retention.msec': 1000 } })).toMatch(
      /config\["retention\.msec"\] is not a Kafka topic config \(got 1000\)\. Fix: did you mean 'retention\.ms'\?/,
    );
  });

  it('fails when the raw config repeats a typed prop', () => {
    expect(productError({ retentionMs: 1000, config: { 'retention.ms': 2000 } })).toMatch(
      /config\["retention\.ms"\] conflicts with the typed prop `retentionMs`/,
    );
  });

  it('fails on a misspelt prop, suggesting the right one', () => {
    expect(productError({ partitons: 3 })).toMatch(/sales\/sales\/orders: partitons is not a known prop\. Fix: did you mean `partitions`\?/);
  });

  it('fails on a prop named like what every object has (constructor, toString, __proto__)', () => {
    for (const key of ['constructor', 'toString', '__proto__']) {
      expect(productError(JSON.parse(`{"${key}": 1}`))).toMatch(
        new RegExp(`^sales/sales/orders: ${key} is not a known prop\\. Fix: remove it; known props are partitions, `),
      );
    }
  });

  it('refuses a construct id that every object has, saying why, and keeps such a name through the name and entity props', () => {
    expect(productError({}, 'constructor')).toBe(
      "sales/sales/constructor: id cannot be a construct id: the constructs library keeps a scope's children in a plain object, which has it already (got \"constructor\"). Fix: give it another id, e.g. 'constructor-1'; a Domain keeps the name with { name: 'constructor' }, a product with { entity: 'constructor' }",
    );
    const { app } = testMesh();
    const stack = new TerraformStack(app, 'builders');
    const domain = new Domain(stack, 'builders', { name: 'constructor', owner: 'builders-team', principal: 'User:constructor' });
    new DomainDataProduct(domain, 'main', { entity: 'constructor', description: 'What the builders build' });
    expect(Object.keys(forEach(JSON.parse(Testing.synth(stack)), 'kafka_topic', 'protected'))).toEqual(['constructor.constructor']);
  });

  it('fails on a __proto__ key in a map of names (config, connector config), which would be dropped', () => {
    expect(productError({ config: JSON.parse('{"__proto__": "1"}') })).toBe(
      'sales/sales/orders: config.__proto__ is a key no JavaScript object keeps as an entry (assigning __proto__ sets the prototype), so it would be lost. Fix: remove it or give it another name',
    );
  });

  it('fails on a schema nested too deep to read, naming the field, not with a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(productError({ valueSchema: Schema.avro(deep) })).toMatch(
      /^sales\/sales\/orders: valueSchema is not a valid AVRO schema: nests deeper than 256 levels \(at line 1 column 257\), deeper than the checker reads and than any real schema \(got "\[\[\[/,
    );
  });

  it('reads a description of a megabyte once, not once per character (the credential check was quadratic in it)', () => {
    // Before: the check for credentials in URLs took minutes on this; now a fraction of a second.
    const { sales } = salesDomain();
    const product = new DomainDataProduct(sales, 'orders', { description: `Orders ${'x'.repeat(1_000_000)}` });
    expect(product.description).toHaveLength(1_000_007);
  });

  it('shows a value JSON cannot hold as code writes it (a BigInt, a symbol, a function)', () => {
    expect(productError({ partitions: 3n as unknown as number })).toMatch(
      /^sales\/sales\/orders: partitions must be an integer from 1 to 10000 \(got 3n\)\. /,
    );
    expect(productError({ owner: Symbol('team') as unknown as string })).toMatch(/owner .*\(got Symbol\(team\)\)/);
    expect(productError({ description: function describe() {} as unknown as string })).toMatch(/description .*\(got a function \(describe\)\)/);
  });

  it('fails when the description is missing', () => {
    expect(productError({ description: undefined })).toMatch(/sales\/sales\/orders: description must describe the product \(got undefined\)/);
  });

  it('fails on an illegal entity name', () => {
    expect(productError({}, 'Orders!')).toMatch(/sales\/sales\/Orders!: entity must be lower-case letters, digits, "-" and "_".*\(got "Orders!"\)/);
  });

  it('fails on a topic name longer than Kafka allows', () => {
    expect(productError({ entity: 'x'.repeat(250) })).toMatch(/topic must be at most 249 characters long, Kafka's limit \(it is 256\)/);
  });

  it('fails when two products declare the same topic', () => {
    const { sales } = salesDomain();
    new DomainDataProduct(sales, 'orders', { description: 'Orders' });
    expect(errorOf(() => new DomainDataProduct(sales, 'orders-again', { entity: 'orders', description: 'Orders again' }))).toMatch(
      /sales\/sales\/orders-again: topic is already declared by sales\/sales\/orders \(got "sales\.orders"\)/,
    );
  });

  it('fails when two topics differ only by . versus _, which Kafka refuses', () => {
    const { sales } = salesDomain();
    new DomainDataProduct(sales, 'order_lines', { description: 'Order lines' });
    expect(errorOf(() => new DomainDataProduct(sales, 'order.lines', { description: 'Order lines' }))).toMatch(/collides with sales\.order_lines/);
  });

  it('fails when a topic would fall outside its domain’s prefix', () => {
    const { app } = testMesh();
    const stack = new TerraformStack(app, 'marketing');
    expect(errorOf(() => new DomainDataProduct(stack as unknown as Domain, 'orders', { description: 'Orders' }))).toMatch(
      /marketing\/orders: scope must be the Domain that owns the product\. Fix: create the product as new DomainDataProduct\(domain, id, props\)/,
    );
  });

  it('fails on a duplicate domain', () => {
    const { app, sales } = salesDomain();
    const other = new TerraformStack(app, 'other');
    expect(sales.name).toBe('sales');
    expect(errorOf(() => new Domain(other, 'sales', { owner: 'x@example.com', principal: 'User:x' }))).toMatch(
      /other\/sales: name is already the name of the domain declared at sales\/sales \(got "sales"\)/,
    );
  });

  it('fails on an illegal domain name', () => {
    const { app } = testMesh();
    const stack = new TerraformStack(app, 's');
    expect(errorOf(() => new Domain(stack, 'Sales', { owner: 'x', principal: 'User:sales' }))).toMatch(
      /s\/Sales: name must be lower-case letters, digits and dashes/,
    );
  });

  it('fails on a malformed principal', () => {
    const { app } = testMesh();
    const stack = new TerraformStack(app, 's');
    expect(errorOf(() => new Domain(stack, 'sales', { owner: 'x', principal: 'User:' }))).toMatch(
      /s\/sales: principal must look like User:<name> \(got "User:"\)/,
    );
  });

  it.each([
    ['Avro', Schema.avro('{"type": "record", "name": "Order", "fields": [{"name": "id"}]}'), /valueSchema is not a valid AVRO schema/],
    ['Avro text that is not JSON', Schema.avro('{"type": "record",'), /valueSchema is not a valid AVRO schema/],
    ['JSON Schema', Schema.jsonSchema('{"type": "object", "properties": '), /valueSchema is not a valid JSON schema/],
    [
      'Protobuf',
      Schema.protobuf('syntax = "proto3"; message Order { string id = ; }', { registration: 'external' }),
      /valueSchema is not a valid PROTOBUF schema/,
    ],
  ])('fails on an unparseable %s schema', (_name, schema, message) => {
    const err = productError({ valueSchema: schema });
    expect(err).toMatch(message);
    expect(err).toMatch(/^sales\/sales\/orders: /);
    expect(err).toMatch(/Fix: correct the/);
  });

  it('registers a Protobuf schema through Terraform with the default backend', () => {
    const { stack, sales } = salesDomain();
    new DomainDataProduct(sales, 'orders', {
      description: 'Orders',
      valueSchema: Schema.protobuf('syntax = "proto3"; message Order { string id = 1; }'),
    });
    const subject = forEach(JSON.parse(Testing.synth(stack)), 'restapi_object', 'subject')['sales.orders-value'];
    expect(JSON.parse(subject.body)).toEqual({ schema: 'syntax = "proto3"; message Order { string id = 1; }', schemaType: 'PROTOBUF' });
  });

  it('checks an externally registered schema but writes no resource for it', () => {
    const { stack, sales } = salesDomain();
    new DomainDataProduct(sales, 'orders', {
      description: 'Orders',
      valueSchema: Schema.protobuf('syntax = "proto3"; message Order { string id = 1; }', { registration: 'external' }),
    });
    expect(forEach(JSON.parse(Testing.synth(stack)), 'restapi_object', 'subject')).toEqual({});
  });

  it('fails when a schema file does not exist', () => {
    expect(productError({ valueSchema: Schema.avro({ file: 'schemas/sales/nope.avsc' }) })).toMatch(
      /sales\/sales\/orders: valueSchema names a schema file that does not exist \(got "schemas\/sales\/nope\.avsc"\)\. Fix: create/,
    );
  });

  it('fails at synth when a grant names a principal nobody declared', () => {
    const { stack, sales } = salesDomain();
    const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders' });
    orders.grantRead(Principal.fromName('User:ghost'));
    const err = errorOf(() => Testing.synth(stack));
    expect(err).toMatch(
      /sales\/sales\/orders: grantRead names the principal User:ghost, which is not declared anywhere in the mesh \(got "User:ghost"\)\. Fix: declare it: as a Domain's principal, a ServiceAccount, or in KafkaMesh's principals \(known: User:sales\)/,
    );
  });

  it("reports the problems of every grant of a product at once, each grant's own", () => {
    const { stack, sales } = salesDomain();
    const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders' });
    orders.grantRead(Principal.fromName('User:ghost'));
    orders.grantWrite(Principal.fromName('User:sales'), { transactionalIdPrefix: 'finance.tx-' });
    new Domain(stack, 'finance', { owner: 'finance@example.com', principal: 'User:finance' });
    orders.grantRead(Principal.fromName('User:phantom'), { consumerGroup: 'finance.loader' });
    const lines = errorOf(() => Testing.synth(stack)).split('\n');
    const about = (text: string) => lines.filter((l) => l.includes(text));
    expect(about('grantRead names the principal User:ghost')).toHaveLength(1);
    expect(about('grantWrite.transactionalIdPrefix')).toHaveLength(1);
    expect(about('grantRead.consumerGroup')).toHaveLength(1);
    expect(about('grantRead names the principal User:phantom')).toHaveLength(1);
    expect(lines.filter((l) => l.includes('sales/sales/orders'))).toHaveLength(4);
  });

  it('accepts a grant to a principal declared in another stack after the grant', () => {
    const { app, stack, sales } = salesDomain();
    const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders' });
    orders.grantRead(Principal.fromName('User:analytics'));
    new ServiceAccount(new TerraformStack(app, 'platform'), 'analytics', { description: 'Analytics' });
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  it('refuses a wildcard principal in a grant', () => {
    const { sales } = salesDomain();
    const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders' });
    expect(errorOf(() => orders.grantRead(Principal.fromName('User:*')))).toMatch(
      /grantRead would grant every principal \(a wildcard\) \(got "User:\*"\)/,
    );
  });

  it('refuses a shared topic without a contract', () => {
    const { sales } = salesDomain();
    expect(errorOf(() => new SharedTopic(sales, 'events', { description: 'x', consumers: [Principal.fromName('User:m')] }))).toMatch(
      /valueSchema is required: a shared topic needs a contract/,
    );
  });

  it('refuses compatibility NONE on a shared topic', () => {
    const { sales } = salesDomain();
    const schema = Schema.avro({ type: 'record', name: 'E', fields: [] });
    expect(
      errorOf(
        () =>
          new SharedTopic(sales, 'events', {
            description: 'x',
            valueSchema: schema,
            compatibility: 'NONE',
            consumers: [Principal.fromName('User:m')],
          }),
      ),
    ).toMatch(/compatibility must not be NONE for a shared topic/);
  });

  it('refuses a secret written into the code', () => {
    const app = Testing.app();
    const err = errorOf(
      () =>
        new KafkaMesh(app, 'mesh', {
          cluster: { bootstrapServers: ['b:9092'], sasl: { mechanism: 'plain', username: 'admin', password: 'hunter2' as never } },
        }),
    );
    expect(err).toMatch(
      /mesh: cluster\.sasl\.password must be \{ fromEnv: true \} or \{ variable: "<terraform variable name>" \} \(got "<redacted: 7 characters>"\)/,
    );
    expect(err).not.toContain('hunter2');
  });

  it('reports every problem of a product at once', () => {
    const err = productError({ partitions: 0, replicationFactor: 0 });
    expect(err.split('\n')).toHaveLength(2);
  });

  it('throws a MeshValidationError whose stack is just the message', () => {
    const { sales } = salesDomain();
    try {
      new DomainDataProduct(sales, 'orders', { description: 'Orders', partitions: 0 });
      throw new Error('not thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(MeshValidationError);
      expect((e as Error).stack).not.toMatch(/\n\s+at /);
    }
  });

  it('fails when there is no KafkaMesh in the app', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'lonely');
    expect(errorOf(() => new Domain(stack, 'sales', { owner: 'x', principal: 'User:sales' }))).toMatch(
      /has no KafkaMesh in its app\. Fix: create one first/,
    );
  });
});

describe('grants to principals declared outside any stack', () => {
  it('write the consumer-group ACL in the producing stack, as nothing else does', () => {
    const { stack, sales } = salesDomain();
    (sales.mesh as KafkaMesh).declarePrincipal({ principal: 'User:bi-tool', declaredBy: 'test', description: 'BI tool' });
    new DomainDataProduct(sales, 'orders', { description: 'Orders' }).grantRead(Principal.fromName('User:bi-tool'));
    const acls = Object.keys(forEach(JSON.parse(Testing.synth(stack)), 'kafka_acl', 'allow'));
    expect(acls).toEqual(expect.arrayContaining(['User:bi-tool Read Group:bi-tool.*', 'User:bi-tool Read Topic:sales.orders']));
  });
});

describe('grant options', () => {
  it.each([[''], ['*'], [42]])('refuses the consumer group %p', (group) => {
    const { sales } = salesDomain();
    const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders' });
    expect(errorOf(() => orders.grantRead(sales, { consumerGroup: group as string }))).toMatch(
      /^sales\/sales\/orders: grantRead\.consumerGroup must be a non-empty name .*Fix: use a consumer group id/,
    );
  });

  it('refuses an empty transactional-id prefix', () => {
    const { sales } = salesDomain();
    const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders' });
    expect(errorOf(() => orders.grantWrite(sales, { transactionalIdPrefix: '' }))).toMatch(
      /grantWrite\.transactionalIdPrefix must be a non-empty name/,
    );
  });
});
