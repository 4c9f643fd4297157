import { TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, KafkaMeshProps, KsqlApp, KsqlAppProps, Principal, ServiceAccount, StreamsApp } from '../lib';
import { ksqlServerAcls } from '../lib/constructs/ksql-app';
import { buildLineage } from '../lib/catalog/lineage';
import { errorOf, forEach, synthJson, testMesh, written } from './helpers';

const P = 'User:sales-ksql';

/** Platform (the ksqlDB servers' account), inventory (stock, granted to them) and sales (orders, the join's sink). */
function ksqlMesh(options: { grantStock?: boolean; meshProps?: Partial<KafkaMeshProps> } = {}) {
  const { app, mesh } = testMesh(options.meshProps);
  const platform = new TerraformStack(app, 'platform');
  const account = new ServiceAccount(platform, 'sales-ksql', { description: 'The ksqlDB servers of sales' });
  const inventoryStack = new TerraformStack(app, 'inventory');
  const inventory = new Domain(inventoryStack, 'inventory', { owner: 'inventory-team', principal: 'User:inventory' });
  const stock = new DomainDataProduct(inventory, 'stock-level-updated', { description: 'Stock per warehouse' });
  if (options.grantStock ?? true) stock.grantRead(Principal.fromName(P));
  const stack = new TerraformStack(app, 'sales');
  const sales = new Domain(stack, 'sales', { owner: 'sales-team', principal: 'User:sales' });
  const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders' });
  const withStock = new DomainDataProduct(sales, 'orders-with-stock', { description: 'Orders with the stock of their products' });
  return { app, mesh, platform, account, inventoryStack, stock, stack, sales, orders, withStock };
}

function insights(overrides: Partial<KsqlAppProps> = {}, options: Parameters<typeof ksqlMesh>[0] = {}) {
  const m = ksqlMesh(options);
  const ksql = new KsqlApp(m.sales, 'insights', {
    principal: m.account,
    queries: [{ name: 'CSAS_ORDERS_WITH_STOCK', inputs: [m.orders, 'inventory.stock-level-updated'], output: m.withStock }],
    ...overrides,
  });
  return { ...m, ksql };
}

function aclsOf(stack: TerraformStack, principal: string): string[] {
  return Object.keys(forEach(synthJson(stack), 'kafka_acl', 'allow')).filter((k) => k.startsWith(`${principal} `));
}

const SERVER = [
  `${P} All Group:_confluent-ksql-sales.insights_*`,
  `${P} All Topic:_confluent-ksql-sales.insights_*`,
  `${P} All Topic:sales.insights_ksql_processing_log`,
  `${P} Describe TransactionalID:sales.insights_`,
  `${P} DescribeConfigs Cluster:kafka-cluster`,
  `${P} IdempotentWrite Cluster:kafka-cluster`,
  `${P} Write TransactionalID:sales.insights_`,
];
const DATA = [
  `${P} Describe Topic:inventory.stock-level-updated`,
  `${P} Describe Topic:sales.orders`,
  `${P} Describe Topic:sales.orders-with-stock`,
  `${P} Read Topic:inventory.stock-level-updated`,
  `${P} Read Topic:sales.orders`,
  `${P} Write Topic:sales.orders-with-stock`,
];

describe('KsqlApp ACLs', () => {
  it('derives what ksqlDB servers need: internal topics, groups, command-topic transactions, processing log, cluster configs, and the data', () => {
    expect(insights().ksql.aclKeys).toEqual([...SERVER, ...DATA].sort());
  });

  it('adds the queries’ transactional-id prefix with exactly-once', () => {
    expect(insights({ exactlyOnce: true }).ksql.aclKeys).toEqual(
      [
        ...SERVER,
        ...DATA,
        `${P} Describe TransactionalID:_confluent-ksql-sales.insights_*`,
        `${P} Write TransactionalID:_confluent-ksql-sales.insights_*`,
      ].sort(),
    );
  });

  it('adds Create on the sink only for a query that creates it', () => {
    const m = ksqlMesh();
    const ksql = new KsqlApp(m.sales, 'insights', {
      principal: m.account,
      queries: [{ name: 'CSAS_ORDERS_WITH_STOCK', inputs: [m.orders], output: m.withStock, createsSink: true }],
    });
    expect(ksql.aclKeys).toContain(`${P} Create Topic:sales.orders-with-stock`);
    expect(ksql.aclKeys.filter((k) => k.includes(' Create '))).toEqual([`${P} Create Topic:sales.orders-with-stock`]);
  });

  it('leaves the processing log out when there is none, and takes its own name', () => {
    expect(insights({ processingLogTopic: false }).ksql.aclKeys.filter((k) => k.includes('processing'))).toEqual([]);
    expect(insights({ processingLogTopic: 'sales.ksql-log' }).ksql.aclKeys).toContain(`${P} All Topic:sales.ksql-log`);
  });

  it('writes each ACL in one stack: the server’s and its own products’ in sales, the stock grant in inventory, the principal’s group in platform', () => {
    const m = insights();
    const sales = aclsOf(m.stack, P);
    expect(sales).toEqual(written([...SERVER, ...DATA].filter((k) => !k.includes('inventory.') && !k.includes('IdempotentWrite'))).sort());
    expect(aclsOf(m.inventoryStack, P)).toEqual(
      written([`${P} Describe Topic:inventory.stock-level-updated`, `${P} Read Topic:inventory.stock-level-updated`]),
    );
    // Write on a topic implies IdempotentWrite since Kafka 3.0: the platform stack writes only the principal's group ACL.
    expect(aclsOf(m.platform, P)).toEqual([`${P} Read Group:sales-ksql.*`]);
  });

  it('documents the server ACLs in ksqlServerAcls', () => {
    expect(
      ksqlServerAcls(P, 'sales.x_', undefined, false).map(
        (a) => `${a.operation} ${a.resourceType}:${a.resourceName}${a.patternType === 'Prefixed' ? '*' : ''}`,
      ),
    ).toEqual([
      'DescribeConfigs Cluster:kafka-cluster',
      'IdempotentWrite Cluster:kafka-cluster',
      'All Topic:_confluent-ksql-sales.x_*',
      'All Group:_confluent-ksql-sales.x_*',
      'Write TransactionalID:sales.x_',
      'Describe TransactionalID:sales.x_',
    ]);
  });
});

describe('KsqlApp settings, model and lineage', () => {
  it('outputs the server settings', () => {
    const m = insights({ exactlyOnce: true });
    const outputs = synthJson(m.stack).output;
    expect(outputs['ksql_sales_insights__service_id'].value).toBe('sales.insights_');
    expect(outputs['ksql_sales_insights__principal'].value).toBe(P);
    expect(outputs['ksql_sales_insights__processing_log_topic'].value).toBe('sales.insights_ksql_processing_log');
    expect(outputs['ksql_sales_insights__processing_guarantee'].value).toBe('exactly_once_v2');
    expect(m.ksql.clientSettings['ksql.service.id']).toBe('sales.insights_');
    expect(m.ksql.clientSettings['bootstrap.servers']).toBe(m.mesh.cluster.bootstrapServers.join(','));
  });

  it('is a ksql application of the model with its queries, and in the lineage', () => {
    const m = insights();
    const model = m.mesh.toModel();
    const a = model.applications.find((x) => x.name === 'sales.insights_')!;
    expect(a).toMatchObject({
      kind: 'ksql',
      domain: 'sales',
      principal: P,
      inputs: ['sales.orders', 'inventory.stock-level-updated'],
      outputs: ['sales.orders-with-stock'],
      stack: 'sales',
    });
    expect(a.queries).toEqual([
      { name: 'CSAS_ORDERS_WITH_STOCK', inputs: ['sales.orders', 'inventory.stock-level-updated'], outputs: ['sales.orders-with-stock'] },
    ]);
    const graph = buildLineage(model);
    expect(graph.nodes.find((n) => n.id === 'app:sales.insights_')).toMatchObject({ applicationKind: 'ksql', principal: P });
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'topic:inventory.stock-level-updated', to: 'app:sales.insights_', kind: 'input' }),
        expect.objectContaining({ from: 'app:sales.insights_', to: 'topic:sales.orders-with-stock', kind: 'output' }),
      ]),
    );
  });
});

describe('KsqlApp refuses', () => {
  it('an input its owner did not grant, naming the grant to add', () => {
    const m = insights({}, { grantStock: false });
    expect(errorOf(() => m.mesh.toModel() && synthJson(m.stack))).toBe(
      'sales/sales/insights: queries[0].inputs[1] is owned by the inventory domain, which grants no read to User:sales-ksql (got "inventory.stock-level-updated"). Fix: the owner grants it in stack inventory: stock-level-updated.grantRead(Principal.fromName(\'User:sales-ksql\'))',
    );
  });

  it('a service id equal to another cluster’s', () => {
    const m = insights();
    const other = new ServiceAccount(m.platform, 'sales-ksql-2', { description: 'Other servers' });
    expect(errorOf(() => new KsqlApp(m.sales, 'again', { serviceId: 'sales.insights_', principal: other, inputs: [m.orders] }))).toBe(
      'sales/sales/again: serviceId is already the service id of the ksqlDB cluster sales/sales/insights (got "sales.insights_"). Fix: give each ksqlDB cluster a service id that does not start with another one (end it with "_", e.g. \'sales.insights_\')',
    );
  });

  it('a service id that starts with another cluster’s, whose prefix would cover it', () => {
    const m = insights();
    const other = new ServiceAccount(m.platform, 'sales-ksql-2', { description: 'Other servers' });
    expect(errorOf(() => new KsqlApp(m.sales, 'again', { serviceId: 'sales.insights_eu', principal: other, inputs: [m.orders] }))).toMatch(
      /^sales\/sales\/again: serviceId collides with the service id "sales.insights_" of the ksqlDB cluster sales\/sales\/insights: .* \(got "sales.insights_eu"\)\. Fix: /,
    );
  });

  it('a second cluster running as the same principal', () => {
    const m = insights();
    expect(errorOf(() => new KsqlApp(m.sales, 'other', { principal: m.account, inputs: [m.orders] }))).toMatch(
      /^sales\/sales\/other: principal is already the principal of the ksqlDB cluster sales\/sales\/insights \(got "User:sales-ksql"\)\. Fix: run each ksqlDB cluster as a principal of its own/,
    );
  });

  it('a service id outside the domain’s prefix', () => {
    const m = ksqlMesh();
    expect(errorOf(() => new KsqlApp(m.sales, 'x', { serviceId: 'insights_', principal: m.account, inputs: [m.orders] }))).toMatch(
      /^sales\/sales\/x: serviceId must start with the domain's prefix "sales\.": .*\(got "insights_"\)\. Fix: set serviceId to 'sales\.insights_'/,
    );
  });

  it('a processing log topic that is a product, at synth', () => {
    const m = insights({ processingLogTopic: 'sales.orders' });
    expect(errorOf(() => synthJson(m.stack))).toMatch(
      /^sales\/sales\/insights: processingLogTopic is the topic of the product sales\/sales\/orders: the servers would get All on it \(got "sales.orders"\)\. Fix: /,
    );
  });

  it('a processing log under a streams app’s internal prefix, at synth', () => {
    const m = ksqlMesh();
    new StreamsApp(m.sales, 'join', { applicationId: 'sales.join', principal: 'User:sales', inputs: [m.orders] });
    new KsqlApp(m.sales, 'x', { serviceId: 'sales.join-ksql_', principal: m.account, inputs: [m.orders] });
    expect(errorOf(() => synthJson(m.stack))).toMatch(
      /^sales\/sales\/x: processingLogTopic lies under the internal-topic prefix "sales.join-" of the streams app sales\/sales\/join/,
    );
  });

  it('a sink of another domain', () => {
    const m = ksqlMesh();
    expect(errorOf(() => new KsqlApp(m.sales, 'x', { principal: m.account, queries: [{ name: 'Q', inputs: [m.orders], output: m.stock }] }))).toMatch(
      /^sales\/sales\/x: queries\[0\]\.output is a product of the inventory domain; the ksqlDB cluster sales\.x_ runs in the sales domain and writes only its own products \(got "inventory.stock-level-updated"\)/,
    );
  });

  it('two queries with one name, and an input listed twice in a query', () => {
    const m = ksqlMesh();
    const q = { name: 'Q', inputs: [m.orders], output: m.withStock };
    expect(errorOf(() => new KsqlApp(m.sales, 'x', { principal: m.account, queries: [q, q] }))).toBe(
      'sales/sales/x: queries[1].name is the name of another query of the cluster (got "Q"). Fix: give each query its own name',
    );
    const m2 = ksqlMesh();
    expect(
      errorOf(
        () =>
          new KsqlApp(m2.sales, 'x', {
            principal: m2.account,
            queries: [{ name: 'Q', inputs: ['inventory.stock-level-updated', 'inventory.stock-level-updated'], output: m2.withStock }],
          }),
      ),
    ).toBe('sales/sales/x: queries[0].inputs[1] is listed twice (got "inventory.stock-level-updated"). Fix: list each input once');
  });

  it('an unknown prop, with a did-you-mean', () => {
    const m = ksqlMesh();
    expect(
      errorOf(() => new KsqlApp(m.sales, 'x', { principal: m.account, inputs: [m.orders], serviceID: 'sales.x_' } as unknown as KsqlAppProps)),
    ).toBe('sales/sales/x: serviceID is not a known prop. Fix: did you mean `serviceId`?');
  });
});

describe('docs/self-serve.md', () => {
  const text = require('fs').readFileSync(require('path').join(__dirname, '..', 'docs', 'self-serve.md'), 'utf8') as string;
  it('lists the exact ACLs the code derives for the example cluster', () => {
    const listed = /`insights.aclKeys` is:\n\n```\n([\s\S]*?)```/.exec(text)![1].trim().split('\n');
    expect(listed).toEqual(insights({ exactlyOnce: true }).ksql.aclKeys);
  });
});
