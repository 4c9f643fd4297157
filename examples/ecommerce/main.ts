/**
 * The e-commerce mesh: sales publishes orders (kept one day), marketing runs campaigns from
 * them, finance books transactions. One stack per domain plus the platform's.
 *
 *   npm run example:ecommerce     # writes examples/ecommerce/cdktf.out
 */
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, KafkaMesh, Schema, ServiceAccount, fromFile, synthesizeMesh } from 'cdktf-kafka-mesh';
import { connectionFromEnv } from '../../stacks';

const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? path.join(__dirname, 'cdktf.out') });
new KafkaMesh(app, 'mesh', {
  ...connectionFromEnv(),
  topicDefaults: { partitions: 3, replicationFactor: 3, minInsyncReplicas: 2 },
  // This example's own lock (the default, mesh.lock/ beside cdktf.json, is the example mesh's).
  lock: { dir: path.join(__dirname, 'mesh.lock') },
});

const platform = new TerraformStack(app, 'platform');
for (const name of ['sales', 'marketing', 'finance']) {
  new ServiceAccount(platform, name, { description: `Applications of the ${name} domain`, scram: {} });
}

const salesStack = new TerraformStack(app, 'sales');
const sales = new Domain(salesStack, 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });

const marketingStack = new TerraformStack(app, 'marketing');
const marketing = new Domain(marketingStack, 'marketing', { owner: 'marketing-team@example.com', principal: 'User:marketing' });

const financeStack = new TerraformStack(app, 'finance');
const finance = new Domain(financeStack, 'finance', { owner: 'finance-team@example.com', principal: 'User:finance' });

const orders = new DomainDataProduct(sales, 'orders', {
  description: 'Orders placed in the web shop',
  partitions: 3,
  retentionMs: 86_400_000, // one day
  valueSchema: Schema.avro(fromFile('schemas/sales/orders.avsc')),
  compatibility: 'BACKWARD',
});
orders.grantWrite(sales);
orders.grantRead(marketing);
orders.grantRead(finance);

const campaigns = new DomainDataProduct(marketing, 'campaigns', {
  description: 'Marketing campaigns, keyed by campaign id',
  cleanupPolicy: 'compact',
  valueSchema: Schema.jsonSchema(fromFile('schemas/marketing/campaigns.json')),
});
campaigns.grantRead(sales);

new DomainDataProduct(finance, 'transactions', {
  description: 'Booked payment transactions',
  retentionMs: 'infinite',
  // Protobuf registers through Terraform like Avro and JSON Schema (the default restapi backend).
  valueSchema: Schema.protobuf(fromFile('schemas/finance/transactions.proto')),
  compatibility: 'FULL_TRANSITIVE',
  classification: 'confidential',
});

synthesizeMesh(app);
