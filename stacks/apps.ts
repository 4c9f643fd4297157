import { App } from 'cdktf';
import {
  Connector,
  DomainDataProduct,
  Environment,
  EnvironmentOverlay,
  fromFile,
  KsqlApp,
  NiFiFlow,
  Principal,
  Schema,
  ServiceAccount,
  StreamsApp,
} from 'cdktf-kafka-mesh';
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
  /** sales.orders + inventory.stock-level-updated -> sales.orders-with-stock (ksqlDB, service id `sales.insights_`). */
  readonly salesInsights: KsqlApp;
  /** customer.profile-updated -> the CRM, and the CRM's answers -> customer.crm-sync-status (Apache NiFi). */
  readonly crmSync: NiFiFlow;
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
export function addSelfServeApps(
  stacks: { platform: PlatformStack; sales: SalesStack; finance: FinanceStack; inventory: InventoryStack; customer: CustomerStack },
  env: NodeJS.ProcessEnv = process.env,
): SelfServeApps {
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
  const salesInsights = addSalesInsights(stacks);
  const crmSync = addCrmSync(stacks);
  const ledgerUrl = env.LEDGER_JDBC_URL;
  if (!ledgerUrl) return { orderProcessor, salesInsights, crmSync };
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
  return { orderProcessor, salesInsights, crmSync, ledgerSource };
}

/**
 * The sales team's ksqlDB cluster (`ksql.service.id` `sales.insights_`, principal
 * `User:sales-ksql`): a persistent query joins each order with the stock levels of its products,
 * which the inventory team grants it, into sales.orders-with-stock, exactly once.
 */
function addSalesInsights(stacks: { platform: PlatformStack; sales: SalesStack; inventory: InventoryStack }): KsqlApp {
  const servers = new ServiceAccount(stacks.platform, 'sales-ksql', {
    description: 'The ksqlDB servers of the sales domain (service id sales.insights_)',
    scram: { mechanisms: ['SCRAM-SHA-512'] },
  });
  stacks.inventory.stockLevelUpdated.grantRead(Principal.fromName(servers.principal));
  const ordersWithStock = new DomainDataProduct(stacks.sales.domain, 'orders-with-stock', {
    description: 'Order lines with the stock of their product at the last stock update, for fulfilment planning',
    partitions: 6,
    retentionMs: 604_800_000,
    valueSchema: Schema.avro(fromFile('schemas/sales/orders-with-stock.avsc')),
    compatibility: 'BACKWARD',
    tags: ['orders', 'stock'],
  });
  return new KsqlApp(stacks.sales.domain, 'insights', {
    description: 'Real-time queries over the sales and inventory products',
    principal: servers,
    queries: [
      {
        name: 'CSAS_ORDERS_WITH_STOCK',
        description: 'Joins each order line with the latest stock level of its product',
        inputs: [stacks.sales.orders, stacks.inventory.stockLevelUpdated.topicName],
        output: ordersWithStock,
      },
    ],
    exactlyOnce: true,
  });
}

/**
 * The customer team's NiFi flow `customer.crm-sync` (principal `User:customer-crm-sync`): it
 * consumes customer.profile-updated, routes each change to the CRM, and publishes the CRM's
 * answers to customer.crm-sync-status in transactions.
 */
function addCrmSync(stacks: { platform: PlatformStack; customer: CustomerStack }): NiFiFlow {
  const account = new ServiceAccount(stacks.platform, 'customer-crm-sync', {
    description: 'The Apache NiFi flow that routes customer profile updates to the CRM',
    scram: { mechanisms: ['SCRAM-SHA-512'] },
  });
  const status = new DomainDataProduct(stacks.customer.domain, 'crm-sync-status', {
    description: 'Event: the CRM accepted or refused a customer profile update',
    partitions: 3,
    retentionMs: 604_800_000,
    valueSchema: Schema.avro(fromFile('schemas/customer/crm-sync-status.avsc')),
    compatibility: 'BACKWARD',
    tags: ['customer', 'crm'],
  });
  return new NiFiFlow(stacks.customer.domain, 'crm-sync', {
    description: 'Routes customer profile updates to the CRM and publishes what it answered',
    principal: account,
    inputs: [stacks.customer.profileUpdated],
    outputs: [status],
    externals: [{ system: 'salesforce:crm', direction: 'sink' }],
  });
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
    // No lock: mesh.lock/ holds the example mesh's stacks, not the environments' (<stack>-<env>).
    const e = new Environment(app, name, {
      mesh: { ...connectionFromEnv(environmentVariables(name, env)), lock: false },
      overlay: EXAMPLE_OVERLAYS[name],
    });
    const stacks = {
      platform: new PlatformStack(e, e.stackName('platform')),
      sales: new SalesStack(e, e.stackName('sales')),
      marketing: new MarketingStack(e, e.stackName('marketing')),
      finance: new FinanceStack(e, e.stackName('finance')),
      inventory: new InventoryStack(e, e.stackName('inventory')),
      customer: new CustomerStack(e, e.stackName('customer')),
    };
    const syntheticOrders = e.onlyIn(
      ['dev'],
      () =>
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
