import { App } from 'cdktf';
import { Connector, DomainDataProduct, Environment, EnvironmentOverlay, ServiceAccount, StreamsApp } from 'cdktf-kafka-mesh';
import { connectionFromEnv } from './connection';
import { CustomerStack } from './customer';
import { FinanceStack } from './finance';
import { InventoryStack } from './inventory';
import { MarketingStack } from './marketing';
import { PlatformStack } from './platform';
import { SalesStack } from './sales';
import type { ExampleMesh } from './index';

/** The self-serve pieces of the example mesh. */
export interface SelfServeApps {
  /** sales.orders -> processOrder -> sales.processed_orders (Kafka Streams). */
  readonly orderProcessor: StreamsApp;
  /** PostgreSQL ledger -> finance.transactions (Kafka Connect, JDBC source), when a ledger database is configured. */
  readonly ledgerSource?: Connector;
}

/**
 * Adds the seeds' self-serve examples to the example mesh's stacks:
 *
 * - the `sales-order-processor` ServiceAccount (platform stack) and the Kafka Streams app
 *   `sales.processOrder` (sales stack) that reads sales.orders and writes
 *   sales.processed_orders, exactly once;
 * - when `LEDGER_JDBC_URL` names the ledger database (e.g.
 *   `jdbc:postgresql://ledger-db:5432/ledger`): the `connect` ServiceAccount of the Connect
 *   workers and the JDBC source `finance.ledger-transactions` (finance stack) into
 *   finance.transactions, on the Connect cluster at `KAFKA_CONNECT_URL` (default
 *   `http://localhost:8083`, which needs Confluent's JDBC plugin); the database password comes
 *   from the sensitive variable `ledger_db_password` (`TF_VAR_ledger_db_password`). Without a
 *   ledger the connector would have nothing to read, so it is left out (the local cluster's
 *   optional Connect worker has only the file connectors).
 */
export function addSelfServeApps(stacks: { platform: PlatformStack; sales: SalesStack; finance: FinanceStack }, env: NodeJS.ProcessEnv = process.env): SelfServeApps {
  const processorAccount = new ServiceAccount(stacks.platform, 'sales-order-processor', {
    description: 'The sales order processor (Kafka Streams): validates and prices orders',
    scram: { mechanisms: ['SCRAM-SHA-512'] },
  });
  const orderProcessor = new StreamsApp(stacks.sales.domain, 'processOrder', {
    description: 'Validates and prices each order placed in the web shop',
    principal: processorAccount,
    inputs: [stacks.sales.orders],
    outputs: [stacks.sales.processedOrders],
    exactlyOnce: true,
  });
  const ledgerUrl = env.LEDGER_JDBC_URL;
  if (!ledgerUrl) return { orderProcessor };
  const worker = new ServiceAccount(stacks.platform, 'connect', {
    description: 'The Kafka Connect workers: run the connectors of every domain',
    scram: { mechanisms: ['SCRAM-SHA-512'] },
  });
  const ledgerSource = new Connector(stacks.finance.domain, 'ledger-transactions', {
    type: 'source',
    description: 'Copies new bookings from the ledger database, one record per row',
    connect: { url: env.KAFKA_CONNECT_URL ?? 'http://localhost:8083' },
    connectorClass: 'io.confluent.connect.jdbc.JdbcSourceConnector',
    config: {
      'connection.url': ledgerUrl,
      'connection.user': 'kafka_connect',
      'table.whitelist': 'transactions',
      mode: 'incrementing',
      'incrementing.column.name': 'id',
      'topic.prefix': 'finance.',
    },
    sensitiveConfig: { 'connection.password': { variable: 'ledger_db_password' } },
    principal: worker,
    outputs: [stacks.finance.transactions],
    external: 'postgresql:ledger',
  });
  return { orderProcessor, ledgerSource };
}

/** How each environment of the example differs. */
export const EXAMPLE_OVERLAYS: Record<string, EnvironmentOverlay> = {
  dev: { partitionScale: 0.5, maxReplicationFactor: 1, maxRetentionMs: 86_400_000 },
  staging: { maxReplicationFactor: 3, maxRetentionMs: 604_800_000 },
  prod: {},
};

/** One environment of the example mesh: its stacks, named `<stack>-<env>`. */
export interface ExampleEnvironment extends Omit<ExampleMesh, 'mesh'> {
  readonly env: Environment;
  readonly apps: SelfServeApps;
  /** Synthetic orders for load tests: in dev only. */
  readonly syntheticOrders?: DomainDataProduct;
}

/**
 * The example mesh in environments (dev, staging, prod, or those `MESH_ENVIRONMENTS` selects),
 * one app: each environment connects to the cluster its `<ENV>_`-prefixed variables name
 * (`PROD_KAFKA_BOOTSTRAP_SERVERS`, ...; the unprefixed ones otherwise) and applies its overlay
 * from {@link EXAMPLE_OVERLAYS}.
 */
export function buildExampleEnvironments(app: App, env: NodeJS.ProcessEnv = process.env): ExampleEnvironment[] {
  return Environment.select(app, Object.keys(EXAMPLE_OVERLAYS), env).map((name) => {
    const e = new Environment(app, name, { mesh: connectionFromEnv(environmentVariables(name, env)), overlay: EXAMPLE_OVERLAYS[name] });
    const stacks = {
      platform: new PlatformStack(e, e.stackName('platform')),
      sales: new SalesStack(e, e.stackName('sales')),
      marketing: new MarketingStack(e, e.stackName('marketing')),
      finance: new FinanceStack(e, e.stackName('finance')),
      inventory: new InventoryStack(e, e.stackName('inventory')),
      customer: new CustomerStack(e, e.stackName('customer')),
    };
    const syntheticOrders = e.onlyIn(['dev'], () =>
      new DomainDataProduct(stacks.sales.domain, 'synthetic-orders', {
        description: 'Generated orders for load tests; never in staging or production',
        partitions: 12,
        retentionMs: 3_600_000,
        removalPolicy: 'destroy',
        tags: ['test-data'],
      }),
    );
    return { env: e, ...stacks, apps: addSelfServeApps(stacks, env), syntheticOrders };
  });
}

/** The environment's variables: `<ENV>_X` overrides `X`. */
function environmentVariables(name: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const prefix = `${name.toUpperCase().replace(/-/g, '_')}_`;
  const out: NodeJS.ProcessEnv = { ...env };
  for (const [key, value] of Object.entries(env)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  return out;
}
