import { Testing } from 'cdktf';
import { buildExampleMesh } from '../stacks';
import { forEach, synthJson } from './helpers';

describe('the example mesh', () => {
  const app = Testing.app();
  const mesh = buildExampleMesh(app);
  const json = {
    platform: synthJson(mesh.platform),
    sales: synthJson(mesh.sales),
    marketing: synthJson(mesh.marketing),
    finance: synthJson(mesh.finance),
    inventory: synthJson(mesh.inventory),
    customer: synthJson(mesh.customer),
  };

  it('declares the products of every domain as topics in that domain’s stack', () => {
    expect(Object.keys(forEach(json.sales, 'kafka_topic', 'protected'))).toEqual([
      'sales.order-placed',
      'sales.orders',
      'sales.orders-with-stock',
      'sales.processed_orders',
    ]);
    expect(Object.keys(forEach(json.marketing, 'kafka_topic', 'protected'))).toEqual(['marketing.campaigns']);
    expect(Object.keys(forEach(json.finance, 'kafka_topic', 'protected'))).toEqual(['finance.transactions']);
    expect(Object.keys(forEach(json.inventory, 'kafka_topic', 'protected'))).toEqual([
      'inventory.stock-level-updated',
      'inventory.stock-reserved',
      'inventory.warehouse',
    ]);
    expect(Object.keys(forEach(json.customer, 'kafka_topic', 'protected'))).toEqual(['customer.crm-sync-status', 'customer.profile-updated']);
  });

  it('registers the Protobuf stock reservations after the warehouse type they reference', () => {
    expect(Object.keys(forEach(json.inventory, 'restapi_object', 'subject'))).toEqual([
      'inventory.stock-level-updated-value',
      'inventory.warehouse-value',
    ]);
    const reserved = JSON.parse(forEach(json.inventory, 'restapi_object', 'subject_referencing')['inventory.stock-reserved-value'].body);
    expect(reserved).toMatchObject({
      schemaType: 'PROTOBUF',
      references: [{ name: 'inventory/warehouse.proto', subject: 'inventory.warehouse-value', version: 1 }],
    });
    expect(json.inventory.resource.restapi_object.subject_referencing.depends_on).toContain('restapi_object.subject');
  });

  it('writes sales.orders with its partitions, replication and one day of retention', () => {
    const orders = forEach(json.sales, 'kafka_topic', 'protected')['sales.orders'];
    expect(orders).toEqual({ partitions: 6, replication_factor: 3, config: { 'min.insync.replicas': '2', 'retention.ms': '86400000' } });
    const block = json.sales.resource.kafka_topic.protected;
    expect(block.name).toBe('${each.key}');
    expect(block.partitions).toBe('${each.value.partitions}');
    expect(block.lifecycle).toEqual({ prevent_destroy: true });
  });

  it('registers each schema under <topic>-value with its compatibility level, through the registry API', () => {
    const body = (stack: any, subject: string) => JSON.parse(forEach(stack, 'restapi_object', 'subject')[subject].body);
    const level = (stack: any, subject: string) => JSON.parse(forEach(stack, 'restapi_object', 'subject_compatibility')[subject].body).compatibility;
    const subjects = forEach(json.sales, 'restapi_object', 'subject');
    expect(Object.keys(subjects)).toEqual([
      'sales.order-placed-value',
      'sales.orders-value',
      'sales.orders-with-stock-value',
      'sales.processed_orders-value',
    ]);
    expect(body(json.sales, 'sales.orders-value')).toMatchObject({ schemaType: 'AVRO' });
    expect(level(json.sales, 'sales.orders-value')).toBe('BACKWARD');
    expect(JSON.parse(body(json.sales, 'sales.orders-value').schema).name).toBe('Order');
    expect(body(json.finance, 'finance.transactions-value')).toMatchObject({ schemaType: 'AVRO' });
    expect(level(json.finance, 'finance.transactions-value')).toBe('FULL_TRANSITIVE');
    expect(body(json.marketing, 'marketing.campaigns-value')).toMatchObject({ schemaType: 'JSON' });
    const block = json.sales.resource.restapi_object.subject;
    expect(block).toMatchObject({
      object_id: '${each.key}',
      path: '/subjects/${each.key}/versions',
      read_path: '/subjects/${each.key}',
      read_method: 'POST',
      data: '${each.value.body}',
      read_data: '${each.value.body}',
      depends_on: ['restapi_object.subject_compatibility'],
      lifecycle: { prevent_destroy: true },
    });
  });

  it('grants marketing and analytics read on sales.orders with literal topic ACLs, Describe left to Read', () => {
    const acls = forEach(json.sales, 'kafka_acl', 'allow');
    expect(Object.keys(acls)).toEqual(expect.arrayContaining(['User:marketing Read Topic:sales.orders', 'User:analytics Read Topic:sales.orders']));
    // Read implies Describe on the broker: no ACL of the mesh is Describe on a topic it also reads or writes.
    expect(Object.keys(acls).filter((k) => / Describe Topic:/.test(k))).toEqual([]);
    expect(json.sales.resource.kafka_acl.allow).toMatchObject({ acl_host: '*', acl_permission_type: 'Allow' });
    expect(acls['User:marketing Read Topic:sales.orders']).toEqual({
      acl_operation: 'Read',
      acl_principal: 'User:marketing',
      resource_name: 'sales.orders',
      resource_pattern_type_filter: 'Literal',
      resource_type: 'Topic',
    });
  });

  it('writes each consumer’s group ACL once, in the stack that declares the consumer', () => {
    expect(forEach(json.marketing, 'kafka_acl', 'allow')['User:marketing Read Group:marketing.*']).toEqual({
      acl_operation: 'Read',
      acl_principal: 'User:marketing',
      resource_name: 'marketing.',
      resource_pattern_type_filter: 'Prefixed',
      resource_type: 'Group',
    });
    expect(Object.keys(forEach(json.platform, 'kafka_acl', 'allow'))).toEqual(expect.arrayContaining(['User:analytics Read Group:analytics.*']));
    // Write on a topic implies IdempotentWrite since Kafka 3.0: not written for any principal.
    for (const stack of Object.values(json))
      expect(Object.keys(forEach(stack, 'kafka_acl', 'allow')).filter((k) => k.includes('IdempotentWrite'))).toEqual([]);
    expect(Object.keys(forEach(json.sales, 'kafka_acl', 'allow'))).not.toContain('User:marketing Read Group:marketing.*');
  });

  it('never lets two stacks manage the same ACL', () => {
    const owners = new Map<string, string>();
    for (const [stack, tf] of Object.entries(json)) {
      for (const key of Object.keys(forEach(tf, 'kafka_acl', 'allow'))) {
        expect(`${key} in ${stack}`).toBe(`${key} in ${owners.get(key) ?? stack}`);
        owners.set(key, stack);
      }
    }
    expect(owners.size).toBeGreaterThan(30);
  });

  it('gives each domain prefixed access to its own topics, and does not repeat it literally', () => {
    const acls = Object.keys(forEach(json.sales, 'kafka_acl', 'allow'));
    expect(acls).toEqual(
      expect.arrayContaining(['User:sales Write Topic:sales.*', 'User:sales Read Topic:sales.*', 'User:sales Read Group:sales.*']),
    );
    // orders.grantWrite(sales) is covered by the prefixed ACL
    expect(acls).not.toContain('User:sales Write Topic:sales.orders');
  });

  it('lets sales read inventory.stock-level-updated from the inventory stack', () => {
    expect(Object.keys(forEach(json.inventory, 'kafka_acl', 'allow'))).toEqual(
      expect.arrayContaining(['User:sales Read Topic:inventory.stock-level-updated']),
    );
  });

  it('lets the shared topic’s producers write and its consumers read', () => {
    const acls = Object.keys(forEach(json.customer, 'kafka_acl', 'allow'));
    expect(acls).toEqual(
      expect.arrayContaining(['User:sales Write Topic:customer.profile-updated', 'User:marketing Read Topic:customer.profile-updated']),
    );
  });

  it('configures the mongey/kafka and mastercard/restapi providers in each domain stack, and never cultureamp', () => {
    for (const stack of [json.sales, json.marketing, json.finance, json.inventory, json.customer]) {
      expect(stack.terraform.required_providers.kafka.source).toBe('mongey/kafka');
      expect(stack.terraform.required_providers.restapi).toEqual({ source: 'mastercard/restapi', version: '1.20.0' });
      expect(stack.terraform.required_providers.schemaregistry).toBeUndefined();
      expect(stack.provider.restapi[0].headers).toEqual({
        'Content-Type': 'application/vnd.schemaregistry.v1+json',
        Accept: 'application/vnd.schemaregistry.v1+json',
      });
      expect(stack.provider.kafka[0].bootstrap_servers).toEqual(['localhost:9092']);
    }
  });

  it('gives the platform’s service accounts SCRAM credentials from sensitive variables, and quotas', () => {
    const scram = json.platform.resource.kafka_user_scram_credential.user;
    expect(Object.keys(forEach(json.platform, 'kafka_user_scram_credential', 'user'))).toContain('analytics SCRAM-SHA-512');
    expect(scram.password_wo).toContain('var.scram_password_analytics');
    expect(json.platform.variable.scram_password_analytics).toMatchObject({ sensitive: true, type: 'string' });
    expect(forEach(json.platform, 'kafka_quota', 'user').analytics).toEqual({ consumer_byte_rate: 20971520 });
  });

  it('synthesizes no secret and no cross-stack reference', () => {
    for (const stack of Object.values(json)) {
      const text = JSON.stringify(stack);
      expect(text).not.toMatch(/terraform_remote_state/);
      expect(text).not.toMatch(/sasl_password"\s*:\s*"[^$]/);
    }
  });
});
