import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { Domain, DomainDataProduct, Environment, EnvironmentProps, KafkaMesh } from '../lib';
import { buildExampleEnvironments, EXAMPLE_OVERLAYS } from '../stacks/apps';
import { errorOf, forEach, synthJson } from './helpers';

const cluster = (host: string) => ({
  cluster: { bootstrapServers: [`${host}:9092`], tls: false },
  schemaRegistry: { url: `http://${host}:8081` },
  lock: false as const,
});

/** One environment with a sales stack holding a few typical products. */
function salesIn(props: Partial<EnvironmentProps> & { name: string }, app: App = Testing.app()) {
  Environment.select(app, ['dev', 'staging', 'prod']);
  const env = new Environment(app, props.name, { mesh: cluster(`kafka-${props.name}`), ...props });
  const stack = new TerraformStack(env, env.stackName('sales'));
  const sales = new Domain(stack, 'sales', { owner: 'sales-team', principal: 'User:sales' });
  new DomainDataProduct(sales, 'orders', { description: 'Orders', partitions: 6, retentionMs: 604_800_000 });
  new DomainDataProduct(sales, 'ledger', { description: 'Kept forever', partitions: 5, retentionMs: 'infinite', retentionBytes: 'infinite' });
  new DomainDataProduct(sales, 'customers', { description: 'Latest per customer', cleanupPolicy: 'compact' });
  new DomainDataProduct(sales, 'clicks', { description: 'No retention set' });
  return { app, env, stack, sales, topics: () => forEach(synthJson(stack), 'kafka_topic', 'protected') };
}

describe('environment overlays', () => {
  it('leave topics as declared without an overlay', () => {
    expect(salesIn({ name: 'prod' }).topics()).toEqual({
      'sales.clicks': { partitions: 3, replication_factor: 3, config: { 'min.insync.replicas': '2' } },
      'sales.customers': { partitions: 3, replication_factor: 3, config: { 'cleanup.policy': 'compact', 'min.insync.replicas': '2' } },
      'sales.ledger': { partitions: 5, replication_factor: 3, config: { 'min.insync.replicas': '2', 'retention.bytes': '-1', 'retention.ms': '-1' } },
      'sales.orders': { partitions: 6, replication_factor: 3, config: { 'min.insync.replicas': '2', 'retention.ms': '604800000' } },
    });
  });

  it('scale partitions (rounded up), cap replication with min.insync.replicas, and cap retention except on compacted topics', () => {
    const { topics } = salesIn({
      name: 'dev',
      overlay: { partitionScale: 0.5, maxReplicationFactor: 1, maxRetentionMs: 86_400_000, maxRetentionBytes: 1_073_741_824 },
    });
    expect(topics()).toEqual({
      'sales.clicks': {
        partitions: 2,
        replication_factor: 1,
        config: { 'min.insync.replicas': '1', 'retention.bytes': '1073741824', 'retention.ms': '86400000' },
      },
      'sales.customers': { partitions: 2, replication_factor: 1, config: { 'cleanup.policy': 'compact', 'min.insync.replicas': '1' } },
      'sales.ledger': {
        partitions: 3,
        replication_factor: 1,
        config: { 'min.insync.replicas': '1', 'retention.bytes': '1073741824', 'retention.ms': '86400000' },
      },
      'sales.orders': {
        partitions: 3,
        replication_factor: 1,
        config: { 'min.insync.replicas': '1', 'retention.bytes': '1073741824', 'retention.ms': '86400000' },
      },
    });
  });

  it('keep a retention below the cap, and cap partitions after scaling', () => {
    const { topics } = salesIn({ name: 'staging', overlay: { partitionScale: 2, maxPartitions: 8, maxRetentionMs: 1_209_600_000 } });
    const t = topics();
    expect(t['sales.orders']).toEqual({ partitions: 8, replication_factor: 3, config: { 'min.insync.replicas': '2', 'retention.ms': '604800000' } });
    expect(t['sales.clicks'].partitions).toBe(6);
    expect(t['sales.ledger'].config['retention.ms']).toBe('1209600000');
  });

  it('apply the lower of the environment’s and the mesh’s replication caps', () => {
    const { env } = salesIn({
      name: 'dev',
      mesh: { ...cluster('kafka-dev'), topicDefaults: { maxReplicationFactor: 2 } },
      overlay: { maxReplicationFactor: 1 },
    });
    expect(env.mesh.topicDefaults.maxReplicationFactor).toBe(1);
  });

  it('show in the catalog model what each environment deploys', () => {
    const { env } = salesIn({ name: 'dev', overlay: { partitionScale: 0.5 } });
    expect(env.mesh.toModel().products.find((p) => p.topic === 'sales.orders')).toMatchObject({ partitions: 3, stack: 'sales-dev' });
  });
});

describe('environments in one app', () => {
  const all = buildExampleEnvironments(Testing.app(), {});

  it('build the same mesh in every environment, with stacks named <stack>-<env>', () => {
    expect(all.map((e) => e.env.name)).toEqual(['dev', 'staging', 'prod']);
    expect(all.map((e) => e.sales.node.id)).toEqual(['sales-dev', 'sales-staging', 'sales-prod']);
    expect(all[2].platform.node.id).toBe('platform-prod');
  });

  it('give each environment its own mesh and state', () => {
    expect(new Set(all.map((e) => e.env.mesh)).size).toBe(3);
    for (const e of all) expect(KafkaMesh.of(e.sales)).toBe(e.env.mesh);
  });

  it('apply each environment’s overlay to the example’s products', () => {
    const orders = (i: number) => forEach(synthJson(all[i].sales), 'kafka_topic', 'protected')['sales.orders'];
    expect(orders(0)).toEqual({ partitions: 3, replication_factor: 1, config: { 'min.insync.replicas': '1', 'retention.ms': '86400000' } });
    expect(orders(1)).toEqual({ partitions: 6, replication_factor: 3, config: { 'min.insync.replicas': '2', 'retention.ms': '86400000' } });
    expect(orders(2)).toEqual({ partitions: 6, replication_factor: 3, config: { 'min.insync.replicas': '2', 'retention.ms': '86400000' } });
    const transactions = (i: number) => forEach(synthJson(all[i].finance), 'kafka_topic', 'protected')['finance.transactions'].config['retention.ms'];
    expect([transactions(0), transactions(1), transactions(2)]).toEqual(['86400000', '604800000', '-1']);
    expect(EXAMPLE_OVERLAYS.prod).toEqual({});
  });

  it('declare a product in some environments only', () => {
    expect(all.map((e) => e.syntheticOrders?.topicName)).toEqual(['sales.synthetic-orders', undefined, undefined]);
    expect(Object.keys(forEach(synthJson(all[0].sales), 'kafka_topic', 'unprotected'))).toEqual(['sales.synthetic-orders']);
    expect(forEach(synthJson(all[2].sales), 'kafka_topic', 'unprotected')).toEqual({});
  });

  it('run the self-serve apps in every environment', () => {
    for (const e of all)
      expect(e.env.mesh.toModel().applications.map((a) => `${a.name} ${a.stack}`)).toEqual([
        `sales.processOrder sales-${e.env.name}`,
        `sales.insights_ sales-${e.env.name}`,
        `customer.crm-sync customer-${e.env.name}`,
      ]);
  });

  it('connect each environment to its own cluster, from <ENV>_-prefixed variables', () => {
    const [dev, , prod] = buildExampleEnvironments(Testing.app(), {
      KAFKA_BOOTSTRAP_SERVERS: 'kafka-dev:9092',
      PROD_KAFKA_BOOTSTRAP_SERVERS: 'kafka-prod-1:9092,kafka-prod-2:9092',
    });
    expect(synthJson(dev.sales).provider.kafka[0].bootstrap_servers).toEqual(['kafka-dev:9092']);
    expect(synthJson(prod.sales).provider.kafka[0].bootstrap_servers).toEqual(['kafka-prod-1:9092', 'kafka-prod-2:9092']);
    expect(synthJson(prod.sales).output.streams_sales_processOrder_bootstrap_servers.value).toBe('kafka-prod-1:9092,kafka-prod-2:9092');
  });

  it('write each environment’s stacks and catalog apart', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-env-'));
    const app = new App({ outdir });
    buildExampleEnvironments(app, {});
    app.synth();
    const stacks = fs.readdirSync(path.join(outdir, 'stacks')).sort();
    expect(stacks).toEqual(
      ['customer', 'finance', 'inventory', 'marketing', 'platform', 'sales'].flatMap((s) => [`${s}-dev`, `${s}-prod`, `${s}-staging`]),
    );
    for (const env of ['dev', 'staging', 'prod']) {
      const catalog = JSON.parse(fs.readFileSync(path.join(outdir, 'environments', env, 'catalog', 'catalog.json'), 'utf8'));
      expect(catalog.domains.find((d: { name: string }) => d.name === 'sales').stack).toBe(`sales-${env}`);
    }
    const local = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'sales-prod', 'cdk.tf.json'), 'utf8')).terraform.backend.local;
    expect(local.path).toMatch(/terraform\.sales-prod\.tfstate$/);
  });
});

describe('Environment.select', () => {
  it('builds every environment by default', () => {
    expect(Environment.select(Testing.app(), ['dev', 'prod'], {})).toEqual(['dev', 'prod']);
  });

  it('builds those MESH_ENVIRONMENTS names, in declaration order', () => {
    expect(Environment.select(Testing.app(), ['dev', 'staging', 'prod'], { MESH_ENVIRONMENTS: 'prod, dev' })).toEqual(['dev', 'prod']);
    expect(buildExampleEnvironments(Testing.app(), { MESH_ENVIRONMENTS: 'staging' }).map((e) => e.sales.node.id)).toEqual(['sales-staging']);
  });

  it('reads the app context meshEnvironments', () => {
    expect(Environment.select(Testing.app({ context: { meshEnvironments: ['staging'] } }), ['dev', 'staging'], {})).toEqual(['staging']);
  });

  it('fails on an environment the app does not have', () => {
    expect(errorOf(() => Environment.select(Testing.app(), ['dev', 'staging', 'prod'], { MESH_ENVIRONMENTS: 'stagin' }))).toBe(
      '(app): MESH_ENVIRONMENTS names "stagin", which is not an environment of the app (dev, staging, prod) (got "stagin"). Fix: did you mean \'staging\'?',
    );
  });
});

describe('Environment refuses bad input, naming path, field, value and fix', () => {
  it('fails on a stack whose name does not end in -<env>: its state would be shared', () => {
    const app = Testing.app();
    const env = new Environment(app, 'dev', { mesh: cluster('kafka-dev') });
    expect(errorOf(() => new Domain(new TerraformStack(env, 'sales'), 'sales', { owner: 'o', principal: 'User:sales' }))).toBe(
      'dev/sales: stack name must end with "-dev": each environment\'s stacks need names of their own, so that each keeps its own Terraform state (got "sales"). ' +
        "Fix: create it as new XStack(env, env.stackName('sales')) ('sales-dev')",
    );
  });

  it('fails on two stacks with the same name in one app', () => {
    const app = Testing.app();
    const env = new Environment(app, 'dev', { mesh: cluster('kafka-dev') });
    new TerraformStack(app, 'sales-dev');
    expect(errorOf(() => new Domain(new TerraformStack(env, 'sales-dev'), 'sales', { owner: 'o', principal: 'User:sales' }))).toBe(
      'dev/sales-dev: stack name is also the name of the stack sales-dev; cdktf would merge their output (got "sales-dev"). Fix: give every stack of the app its own name',
    );
  });

  it('still calls the environment’s own backend', () => {
    const app = Testing.app();
    const seen: string[] = [];
    const env = new Environment(app, 'dev', { mesh: { ...cluster('kafka-dev'), backend: (s) => seen.push(s.node.id) } });
    new Domain(new TerraformStack(env, 'sales-dev'), 'sales', { owner: 'o', principal: 'User:sales' });
    expect(seen).toEqual(['sales-dev']);
  });

  it('fails on an environment name that is not lower-case', () => {
    expect(errorOf(() => new Environment(Testing.app(), 'Prod', { mesh: cluster('k') }))).toBe(
      "Prod: name must be lower-case letters, digits and dashes, starting with a letter (at most 31) (got \"Prod\"). Fix: name environments like 'dev', 'staging', 'prod'",
    );
  });

  it('fails on an environment declared twice', () => {
    const app = Testing.app();
    new Environment(app, 'prod', { mesh: cluster('k') });
    expect(errorOf(() => new Environment(app, 'production', { name: 'prod', mesh: cluster('k') }))).toBe(
      'production: name is already the name of the environment prod (got "prod"). Fix: declare each environment once',
    );
  });

  it('fails on a partition scale of 0', () => {
    expect(errorOf(() => new Environment(Testing.app(), 'dev', { mesh: cluster('k'), overlay: { partitionScale: 0 } }))).toBe(
      'dev: overlay.partitionScale must be a positive factor (got 0). Fix: use a factor such as 0.5 (half the partitions) or 2',
    );
  });

  it('fails on a replication cap of 0', () => {
    expect(errorOf(() => new Environment(Testing.app(), 'dev', { mesh: cluster('k'), overlay: { maxReplicationFactor: 0 } }))).toBe(
      'dev: overlay.maxReplicationFactor must be an integer from 1 to 32 (got 0). Fix: set it to the number of brokers of the environment',
    );
  });

  it('fails on an unknown overlay key', () => {
    expect(errorOf(() => new Environment(Testing.app(), 'dev', { mesh: cluster('k'), overlay: { maxRetention: 1 } as never }))).toBe(
      'dev: overlay.maxRetention is not a known prop. Fix: did you mean `maxRetentionMs`?',
    );
  });

  it('fails without the environment’s mesh', () => {
    expect(errorOf(() => new Environment(Testing.app(), 'dev', {} as EnvironmentProps))).toBe(
      'dev: mesh must be the KafkaMesh props of the environment (got undefined)',
    );
  });

  it('passes the mesh props on to KafkaMesh, which checks them', () => {
    expect(errorOf(() => new Environment(Testing.app(), 'dev', { mesh: { cluster: { bootstrapServers: [] } } }))).toMatch(
      /^dev\/mesh: cluster.bootstrapServers must list at least one broker/,
    );
  });

  it('fails on an environment name onlyIn does not know', () => {
    const { env } = salesIn({ name: 'dev' });
    expect(errorOf(() => env.onlyIn(['dve'], () => 1))).toBe(
      'dev: onlyIn[0] is not an environment of the app (known: dev, prod, staging) (got "dve"). Fix: did you mean \'dev\'?',
    );
  });

  it('answers is() and onlyIn() for known environments', () => {
    const { env } = salesIn({ name: 'staging' });
    expect(env.is('staging', 'prod')).toBe(true);
    expect(env.onlyIn(['dev'], () => 'built')).toBeUndefined();
    expect(env.onlyIn(['staging'], () => 'built')).toBe('built');
  });

  it('fails when a construct outside any environment asks for one', () => {
    const app = Testing.app();
    expect(errorOf(() => Environment.of(new TerraformStack(app, 'sales')))).toBe(
      "sales: scope is not inside an Environment. Fix: create the stack with an Environment as its scope: new SalesStack(env, env.stackName('sales'))",
    );
  });
});
