/**
 * The retail mesh: inventory publishes stock-level changes that sales reads; customer shares
 * profile changes that sales writes to (from the web shop) and marketing reads.
 *
 *   npm run example:retail        # writes examples/retail/cdktf.out
 */
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, KafkaMesh, Principal, Schema, SharedTopic, fromFile, synthesizeMesh } from 'cdktf-kafka-mesh';
import { connectionFromEnv } from '../../stacks';

const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? path.join(__dirname, 'cdktf.out') });
new KafkaMesh(app, 'mesh', {
  ...connectionFromEnv(),
  // This example's own lock (the default, mesh.lock/ beside cdktf.json, is the example mesh's).
  lock: { dir: path.join(__dirname, 'mesh.lock') },
  // marketing has no stack in this example; the platform vouches for its principal.
  principals: [{ principal: 'User:marketing', description: 'Marketing applications' }],
});

const inventory = new Domain(new TerraformStack(app, 'inventory'), 'inventory', { owner: 'inventory-team@example.com', principal: 'User:inventory' });
const sales = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
const customer = new Domain(new TerraformStack(app, 'customer'), 'customer', { owner: 'customer-team@example.com', principal: 'User:customer' });

// inventory.stock-level-updated: sku, warehouseId, quantity, updatedAt
const stock = new DomainDataProduct(inventory, 'stock-level-updated', {
  description: 'Event: the stock of a product in a warehouse changed',
  partitions: 6,
  retentionMs: 259_200_000,
  valueSchema: Schema.avro(fromFile('schemas/inventory/stock-level-updated.avsc')),
});
stock.grantRead(sales);

// sales.order-placed: orderId, customerId, totalCents, placedAt
new DomainDataProduct(sales, 'order-placed', {
  description: 'Event: a customer placed an order',
  valueSchema: Schema.avro(fromFile('schemas/sales/order-placed.avsc')),
  compatibility: 'FULL',
}).grantRead(customer);

// customer.profile-updated: customerId, email, name, marketingOptIn, updatedAt
new SharedTopic(customer, 'profile-updated', {
  description: 'Event: a customer profile changed',
  cleanupPolicy: 'compact',
  classification: 'pii',
  valueSchema: Schema.avro(fromFile('schemas/customer/profile-updated.avsc')),
  compatibility: 'FULL_TRANSITIVE',
  producers: [sales],
  consumers: [Principal.fromName('User:marketing')],
});

synthesizeMesh(app);
