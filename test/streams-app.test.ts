import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { TerraformStack, Testing } from 'cdktf';
import * as lib from '../lib';
import { Domain, DomainDataProduct, KafkaMeshProps, Principal, ServiceAccount, StreamsApp, StreamsAppProps } from '../lib';
import { streamsAppAcls } from '../lib/constructs/streams-app';
import { buildExampleMesh } from '../stacks';
import { errorOf, forEach, synthJson, testMesh } from './helpers';

const P = 'User:sales-order-processor';

/** A platform stack with the app's ServiceAccount, and a sales stack with orders and processed_orders. */
function salesMesh(meshProps: Partial<KafkaMeshProps> = {}) {
  const { app, mesh } = testMesh(meshProps);
  const platform = new TerraformStack(app, 'platform');
  const account = new ServiceAccount(platform, 'sales-order-processor', { description: 'The order processor' });
  const stack = new TerraformStack(app, 'sales');
  const sales = new Domain(stack, 'sales', { owner: 'sales-team', principal: 'User:sales' });
  const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders' });
  const processed = new DomainDataProduct(sales, 'processed_orders', { description: 'Processed orders' });
  return { app, mesh, platform, account, stack, sales, orders, processed };
}

function processOrder(overrides: Partial<StreamsAppProps> = {}) {
  const m = salesMesh();
  const app = new StreamsApp(m.sales, 'processOrder', { principal: m.account, inputs: [m.orders], outputs: [m.processed], ...overrides });
  return { ...m, streamsApp: app };
}

/** What the broker implies (lib/grants.ts withoutImplied): Describe beside Read/Write, and IdempotentWrite. */
const implied = (k: string) => / Describe (Topic|TransactionalID):/.test(k) || k.includes('IdempotentWrite');

/** The stack's ACL keys of one principal. */
function aclsOf(stack: TerraformStack, principal: string): string[] {
  return Object.keys(forEach(synthJson(stack), 'kafka_acl', 'allow')).filter((k) => k.startsWith(`${principal} `));
}

const AT_LEAST_ONCE = [
  `${P} Create Topic:sales.processOrder-*`,
  `${P} Delete Topic:sales.processOrder-*`,
  `${P} Describe Topic:sales.orders`,
  `${P} Describe Topic:sales.processOrder-*`,
  `${P} Describe Topic:sales.processed_orders`,
  `${P} IdempotentWrite Cluster:kafka-cluster`,
  `${P} Read Group:sales.processOrder`,
  `${P} Read Topic:sales.orders`,
  `${P} Read Topic:sales.processOrder-*`,
  `${P} Write Topic:sales.processOrder-*`,
  `${P} Write Topic:sales.processed_orders`,
];

describe('StreamsApp ACLs', () => {
  it('derives exactly what an at-least-once Kafka Streams app needs', () => {
    expect(processOrder().streamsApp.aclKeys).toEqual(AT_LEAST_ONCE);
  });

  it('adds the transactional-id prefix with exactly-once', () => {
    expect(processOrder({ exactlyOnce: true }).streamsApp.aclKeys).toEqual(
      [...AT_LEAST_ONCE, `${P} Describe TransactionalID:sales.processOrder-*`, `${P} Write TransactionalID:sales.processOrder-*`].sort(),
    );
  });

  it('writes them in the app’s stack, leaving IdempotentWrite and the account’s own groups to the platform stack', () => {
    const { stack, platform } = processOrder({ exactlyOnce: true });
    expect(aclsOf(stack, P)).toEqual([...AT_LEAST_ONCE.filter((k) => !implied(k)), `${P} Write TransactionalID:sales.processOrder-*`].sort());
    expect(aclsOf(platform, P)).toEqual([`${P} Read Group:sales-order-processor.*`]);
  });

  it('writes the literal group and the prefixed internal topics with their Kafka resource patterns', () => {
    const acls = forEach(synthJson(processOrder().stack), 'kafka_acl', 'allow');
    expect(acls[`${P} Read Group:sales.processOrder`]).toMatchObject({
      resource_type: 'Group',
      resource_name: 'sales.processOrder',
      resource_pattern_type_filter: 'Literal',
      acl_operation: 'Read',
    });
    expect(acls[`${P} Create Topic:sales.processOrder-*`]).toMatchObject({
      resource_type: 'Topic',
      resource_name: 'sales.processOrder-',
      resource_pattern_type_filter: 'Prefixed',
      acl_operation: 'Create',
    });
  });

  it('records the grants on the products, so the catalog shows the app as consumer and producer', () => {
    const { mesh } = processOrder();
    const model = mesh.toModel();
    expect(model.products.find((p) => p.topic === 'sales.orders')!.consumers).toEqual([P]);
    expect(model.products.find((p) => p.topic === 'sales.processed_orders')!.producers).toEqual(['User:sales', P]);
  });

  it('lets a domain run an app as its own principal: its prefix already covers read, write and describe', () => {
    const m = salesMesh();
    const app = new StreamsApp(m.sales, 'enrich', { principal: m.sales, inputs: [m.orders], outputs: [m.processed] });
    expect(app.aclKeys).toContain('User:sales Read Topic:sales.enrich-*');
    expect(aclsOf(m.stack, 'User:sales')).toEqual([
      'User:sales Create Topic:sales.enrich-*',
      'User:sales Delete Topic:sales.enrich-*',
      'User:sales Read Group:sales.*',
      'User:sales Read Topic:sales.*',
      'User:sales Write Topic:sales.*',
    ]);
  });

  it('writes IdempotentWrite itself for a principal only the mesh declares, on brokers before Kafka 3.0', () => {
    const m = salesMesh({
      principals: [{ principal: 'User:pricing', description: 'Pricing service' }],
      cluster: { bootstrapServers: ['localhost:9092'], tls: false, kafkaVersion: '2.8.0' },
    });
    new StreamsApp(m.sales, 'price', { principal: 'pricing', inputs: [m.orders] });
    expect(aclsOf(m.stack, 'User:pricing')).toContain('User:pricing IdempotentWrite Cluster:kafka-cluster');
    // Describe is implied by Read/Write on every version
    expect(aclsOf(m.stack, 'User:pricing')).not.toContain('User:pricing Describe Topic:sales.price-*');
  });

  it('writes no IdempotentWrite from Kafka 3.0 on (Write on a topic implies it)', () => {
    const m = salesMesh({ principals: [{ principal: 'User:pricing', description: 'Pricing service' }] });
    new StreamsApp(m.sales, 'price', { principal: 'pricing', inputs: [m.orders] });
    expect(aclsOf(m.stack, 'User:pricing').filter(implied)).toEqual([]);
    expect(aclsOf(m.stack, 'User:pricing')).toContain('User:pricing Write Topic:sales.price-*');
  });

  it('exports the rule as a pure function', () => {
    expect(streamsAppAcls('User:x', 'd.app', false)).toHaveLength(7);
    expect(streamsAppAcls('User:x', 'd.app', true)).toHaveLength(9);
  });
});

describe('StreamsApp inputs from other domains', () => {
  function withInventory(grant: boolean) {
    const m = salesMesh();
    const inventoryStack = new TerraformStack(m.app, 'inventory');
    const inventory = new Domain(inventoryStack, 'inventory', { owner: 'inventory-team', principal: 'User:inventory' });
    const stock = new DomainDataProduct(inventory, 'stock-level-updated', { description: 'Stock' });
    if (grant) stock.grantRead(Principal.fromName(P));
    return { ...m, inventoryStack, stock };
  }

  it('accepts a product of another domain granted by its owner, and writes its topic ACLs only in the owner’s stack', () => {
    const m = withInventory(true);
    const app = new StreamsApp(m.sales, 'processOrder', {
      principal: m.account,
      inputs: [m.orders, 'inventory.stock-level-updated'],
      outputs: [m.processed],
    });
    expect(app.inputTopics).toEqual(['sales.orders', 'inventory.stock-level-updated']);
    expect(app.aclKeys).toEqual(
      expect.arrayContaining([`${P} Read Topic:inventory.stock-level-updated`, `${P} Describe Topic:inventory.stock-level-updated`]),
    );
    expect(aclsOf(m.stack, P).filter((k) => k.includes('inventory'))).toEqual([]);
    expect(aclsOf(m.inventoryStack, P)).toEqual([`${P} Read Topic:inventory.stock-level-updated`]);
  });

  it('accepts the product object of another domain too', () => {
    const m = withInventory(true);
    expect(() => new StreamsApp(m.sales, 'processOrder', { principal: m.account, inputs: [m.stock] })).not.toThrow();
    expect(() => Testing.synth(m.stack)).not.toThrow();
  });

  it('reads a product owned elsewhere through DomainDataProduct.fromTopicName, as the topic name string does', () => {
    const m = withInventory(true);
    const stock = DomainDataProduct.fromTopicName(m.sales, 'inventory.stock-level-updated');
    expect(stock).toEqual({ topicName: 'inventory.stock-level-updated', domainName: 'inventory' });
    const app = new StreamsApp(m.sales, 'processOrder', { principal: m.account, inputs: [m.orders, stock], outputs: [m.processed] });
    expect(app.inputTopics).toEqual(['sales.orders', 'inventory.stock-level-updated']);
    // Read implies Describe: only Read is written.
    expect(aclsOf(m.inventoryStack, P)).toEqual([`${P} Read Topic:inventory.stock-level-updated`]);
  });

  it('fails when fromTopicName is not a <domain>.<entity> topic name', () => {
    const m = salesMesh();
    expect(errorOf(() => DomainDataProduct.fromTopicName(m.sales, 'orders'))).toBe(
      'sales/sales: fromTopicName is not <domain>.<entity>, so it does not name its domain (got "orders"). Fix: for a topic adopted under its own name, name its domain: fromTopicName(scope, "orders", { domain: \'payments\' })',
    );
  });

  it('fails at synth when the owner has not granted read, naming the grant to add', () => {
    const m = withInventory(false);
    new StreamsApp(m.sales, 'processOrder', { principal: m.account, inputs: [m.orders, 'inventory.stock-level-updated'] });
    expect(errorOf(() => Testing.synth(m.stack))).toBe(
      `sales/sales/processOrder: inputs[1] is owned by the inventory domain, which grants no read to ${P} (got "inventory.stock-level-updated"). ` +
        `Fix: the owner grants it in stack inventory: stock-level-updated.grantRead(Principal.fromName('${P}'))`,
    );
  });

  it('fails at synth on a topic name that no product declares', () => {
    const m = salesMesh();
    new StreamsApp(m.sales, 'processOrder', { principal: m.account, inputs: ['inventory.stock'] });
    expect(errorOf(() => Testing.synth(m.stack))).toMatch(
      /^sales\/sales\/processOrder: inputs\[0\] is not a data product of the mesh \(got "inventory.stock"\)\. Fix: declare the product, or correct the topic name \(products: sales.orders, sales.processed_orders\)$/,
    );
  });

  it('fails at synth on the name of an own product declared after the app', () => {
    const m = salesMesh();
    new StreamsApp(m.sales, 'processOrder', { principal: m.account, inputs: ['sales.returns'] });
    new DomainDataProduct(m.sales, 'returns', { description: 'Returns' });
    expect(errorOf(() => Testing.synth(m.stack))).toBe(
      'sales/sales/processOrder: inputs[0] is a product of the app\'s own domain, declared after the streams app sales.processOrder (got "sales.returns"). Fix: pass the DomainDataProduct itself, so that the grant is made here',
    );
  });
});

describe('StreamsApp outputs and lineage', () => {
  it('exposes the client settings as Terraform outputs', () => {
    const json = synthJson(processOrder({ exactlyOnce: true }).stack);
    expect(json.output).toEqual({
      streams_sales_processOrder_application_id: { value: 'sales.processOrder', description: 'application.id of the Kafka Streams app' },
      streams_sales_processOrder_bootstrap_servers: { value: 'localhost:9092', description: 'bootstrap.servers for the app' },
      streams_sales_processOrder_principal: { value: P, description: 'The Kafka principal the app authenticates as' },
      streams_sales_processOrder_processing_guarantee: { value: 'exactly_once_v2', description: 'processing.guarantee the ACLs were made for' },
    });
  });

  it('keeps the settings on the construct', () => {
    expect(processOrder().streamsApp.clientSettings).toEqual({
      'application.id': 'sales.processOrder',
      'bootstrap.servers': 'localhost:9092',
      'processing.guarantee': 'at_least_once',
    });
  });

  it('registers the app for lineage in the mesh model', () => {
    const { mesh } = processOrder({ description: 'Validates and prices orders', applicationId: 'sales.order-processor' });
    expect(mesh.toModel().applications).toEqual([
      {
        name: 'sales.order-processor',
        kind: 'streams',
        domain: 'sales',
        principal: P,
        description: 'Validates and prices orders',
        inputs: ['sales.orders'],
        outputs: ['sales.processed_orders'],
        stack: 'sales',
        constructPath: 'sales/sales/processOrder',
      },
    ]);
  });
});

describe('the example mesh', () => {
  it('runs the seeds’ order processor: sales.orders -> sales.processOrder -> sales.processed_orders, exactly once', () => {
    const example = buildExampleMesh(Testing.app());
    const [app] = example.mesh.toModel().applications;
    expect(app).toMatchObject({
      name: 'sales.processOrder',
      kind: 'streams',
      principal: P,
      inputs: ['sales.orders'],
      outputs: ['sales.processed_orders'],
      stack: 'sales',
    });
    expect(aclsOf(example.sales, P)).toEqual(
      expect.arrayContaining([`${P} Write TransactionalID:sales.processOrder-*`, `${P} Create Topic:sales.processOrder-*`]),
    );
    expect(synthJson(example.platform).variable.scram_password_sales_order_processor).toMatchObject({ sensitive: true });
  });
});

describe('StreamsApp refuses bad input, naming path, field, value and fix', () => {
  it('fails when the applicationId is outside the domain’s prefix', () => {
    expect(errorOf(() => processOrder({ applicationId: 'order-processor' }))).toBe(
      'sales/sales/processOrder: applicationId must start with the domain\'s prefix "sales.": the app\'s internal topics and consumer group are named after it (got "order-processor"). ' +
        "Fix: set applicationId to 'sales.order-processor' or another name under sales.",
    );
  });

  it('fails when the applicationId has characters Kafka refuses', () => {
    expect(errorOf(() => processOrder({ applicationId: 'sales.order processor' }))).toBe(
      'sales/sales/processOrder: applicationId must use only letters, digits, ".", "_" and "-" (got "sales.order processor"). Fix: set applicationId like \'sales.order-processor\'',
    );
  });

  it('fails when the applicationId is too long for internal topic names', () => {
    expect(errorOf(() => processOrder({ applicationId: `sales.${'x'.repeat(200)}` }))).toMatch(/applicationId must be at most 200 characters/);
  });

  it('fails when the default applicationId, from the construct id, is not a Kafka name', () => {
    const m = salesMesh();
    expect(errorOf(() => new StreamsApp(m.sales, 'process order', { principal: m.account, inputs: [m.orders] }))).toMatch(
      /^sales\/sales\/process order: applicationId must use only letters.*\(got "sales.process order"\)/,
    );
  });

  it('fails at synth when the principal is declared nowhere', () => {
    const m = salesMesh();
    new StreamsApp(m.sales, 'processOrder', { principal: 'User:ghost', inputs: [m.orders] });
    expect(errorOf(() => Testing.synth(m.stack))).toMatch(
      /^sales\/sales\/processOrder: principal names the principal User:ghost, which is not declared anywhere in the mesh \(got "User:ghost"\)\. Fix: declare it: as a Domain's principal, a ServiceAccount/,
    );
  });

  it('fails on a principal name that is not User:<name>', () => {
    expect(errorOf(() => processOrder({ principal: 'User:order processor' }))).toBe(
      "sales/sales/processOrder: principal must look like 'User:<name>' (got \"User:order processor\"). Fix: pass the ServiceAccount the platform declared for the app, or its principal as 'User:<name>'",
    );
  });

  it('fails on a wildcard principal', () => {
    expect(errorOf(() => processOrder({ principal: Principal.fromName('User:*') }))).toBe(
      'sales/sales/processOrder: principal is a wildcard: every principal would get the app’s access (got "User:*"). Fix: run the app as a principal of its own (a ServiceAccount)',
    );
  });

  it('fails on a principal that is neither a grantee nor a name', () => {
    expect(errorOf(() => processOrder({ principal: 42 as unknown as string }))).toBe(
      "sales/sales/processOrder: principal must be a ServiceAccount, a Domain, a Principal or 'User:<name>' (got 42). Fix: pass the ServiceAccount the platform declared for the app, or its principal as 'User:<name>'",
    );
  });

  it('fails without inputs', () => {
    expect(errorOf(() => processOrder({ inputs: [] }))).toBe(
      'sales/sales/processOrder: inputs must list at least one input (got []). Fix: list the products the app reads',
    );
  });

  it('fails on an input that is not a product nor a topic name', () => {
    expect(errorOf(() => processOrder({ inputs: ['Sales Orders'] }))).toBe(
      'sales/sales/processOrder: inputs[0] must be a DomainDataProduct or the topic name of one (got "Sales Orders"). Fix: pass the product, or its topic name such as \'inventory.stock-level-updated\'',
    );
  });

  it('fails on an input listed twice', () => {
    const m = salesMesh();
    expect(errorOf(() => new StreamsApp(m.sales, 'processOrder', { principal: m.account, inputs: [m.orders, 'sales.orders'] }))).toBe(
      'sales/sales/processOrder: inputs[1] is listed twice (got "sales.orders"). Fix: list each input once',
    );
  });

  it('fails on an output of another domain', () => {
    const m = salesMesh();
    const finance = new Domain(new TerraformStack(m.app, 'finance'), 'finance', { owner: 'finance-team', principal: 'User:finance' });
    const transactions = new DomainDataProduct(finance, 'transactions', { description: 'Transactions' });
    expect(errorOf(() => new StreamsApp(m.sales, 'processOrder', { principal: m.account, inputs: [m.orders], outputs: [transactions] }))).toBe(
      'sales/sales/processOrder: outputs[0] is a product of the finance domain; the streams app sales.processOrder runs in the sales domain and writes only its own products (got "finance.transactions"). ' +
        'Fix: declare the output as a product of sales, or run the app in the finance domain',
    );
  });

  it('fails on an output that is not a product', () => {
    expect(errorOf(() => processOrder({ outputs: ['sales.processed_orders' as unknown as DomainDataProduct] }))).toBe(
      'sales/sales/processOrder: outputs[0] must be a DomainDataProduct (got "sales.processed_orders"). Fix: pass the DomainDataProduct the app writes',
    );
  });

  it('fails when two apps share an applicationId', () => {
    const m = processOrder();
    expect(errorOf(() => new StreamsApp(m.sales, 'again', { applicationId: 'sales.processOrder', principal: m.account, inputs: [m.orders] }))).toBe(
      'sales/sales/again: applicationId is already the application id of sales/sales/processOrder (got "sales.processOrder"). Fix: give each Kafka Streams app its own applicationId',
    );
  });

  it('fails at synth when its internal-topic prefix would cover a product', () => {
    const m = processOrder({ applicationId: 'sales.orders' });
    new DomainDataProduct(m.sales, 'orders-archive', { description: 'Archived orders' });
    expect(errorOf(() => Testing.synth(m.stack))).toBe(
      'sales/sales/processOrder: applicationId makes the internal-topic prefix "sales.orders-" cover the product sales.orders-archive: the app could create, write and delete it (got "sales.orders"). ' +
        'Fix: choose an applicationId that no product topic starts with (followed by "-")',
    );
  });

  it('fails when its scope is not a Domain', () => {
    const m = salesMesh();
    expect(errorOf(() => new StreamsApp(m.stack as unknown as Domain, 'processOrder', { principal: m.account, inputs: [m.orders] }))).toBe(
      'sales/processOrder: scope must be the Domain that runs the app. Fix: create the app as new StreamsApp(domain, id, props)',
    );
  });

  it('suggests the prop meant by a typo', () => {
    expect(errorOf(() => processOrder({ exactlyonce: true } as Partial<StreamsAppProps>))).toBe(
      'sales/sales/processOrder: exactlyonce is not a known prop. Fix: did you mean `exactlyOnce`?',
    );
  });
});

describe('docs/self-serve.md', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', 'docs', 'self-serve.md'), 'utf8');
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

  it('has the seeds’ examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(text).toContain("new StreamsApp(sales, 'processOrder'");
    expect(text).toContain("connectorClass: 'io.confluent.connect.jdbc.JdbcSourceConnector'");
  });

  it.each(blocks.map((code, i) => [i, code]))('runs snippet %i as written', (_i, code) => {
    const js = ts.transpileModule(code as string, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'self-serve-doc-'));
    const load = (name: string) => (name === 'cdktf-kafka-mesh' ? lib : require(name));
    const saved = process.env.CDKTF_OUTDIR;
    const cwd = process.cwd();
    process.env.CDKTF_OUTDIR = outdir;
    process.chdir(outdir); // its mesh lock, by default beside cdktf.json or here, is its own
    try {
      new Function('require', 'exports', 'console', js)(load, {}, { log: () => undefined });
    } finally {
      process.chdir(cwd);
      if (saved === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = saved;
    }
    expect(fs.readdirSync(path.join(outdir, 'stacks')).length).toBeGreaterThan(0);
  });

  it('lists the exact ACLs the code derives', () => {
    const listed = /`processOrder.aclKeys` is:\n\n```\n([\s\S]*?)```/.exec(text)![1].trim().split('\n');
    const m = salesMesh();
    const app = new StreamsApp(m.sales, 'processOrder', { principal: m.account, inputs: [m.orders], outputs: [m.processed], exactlyOnce: true });
    expect(listed).toEqual(app.aclKeys);
  });
});
