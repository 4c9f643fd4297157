import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Domain, DomainDataProduct, fromFile, Schema, Waivers } from 'cdktf-kafka-mesh';
import { consumers } from './consumers';

/** The sales domain: orders from the web shop and what the order processor makes of them. */
export class SalesStack extends TerraformStack {
  public readonly domain: Domain;
  public readonly orders: DomainDataProduct;
  public readonly orderPlaced: DomainDataProduct;
  public readonly processedOrders: DomainDataProduct;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.domain = new Domain(this, 'sales', {
      owner: 'sales-team@example.com',
      contact: '#sales-data',
      description: 'Orders, from the web shop to fulfilment',
      principal: 'User:sales',
    });
    this.orders = new DomainDataProduct(this.domain, 'orders', {
      description: 'Orders placed in the web shop, one record per order, keyed by order id',
      partitions: 6,
      retentionMs: 86_400_000,
      valueSchema: Schema.avro(fromFile('schemas/sales/orders.avsc')),
      compatibility: 'BACKWARD',
      classification: 'confidential',
      tags: ['orders', 'web-shop'],
      sla: { availabilityPercent: 99.9, maxLatencyMs: 5_000, support: 'business hours' },
    });
    this.orders.grantWrite(this.domain);
    this.orders.grantRead(consumers.marketing);
    this.orders.grantRead(consumers.analytics);

    this.orderPlaced = new DomainDataProduct(this.domain, 'order-placed', {
      description: 'Event: a customer placed an order',
      partitions: 6,
      retentionMs: 604_800_000,
      valueSchema: Schema.avro(fromFile('schemas/sales/order-placed.avsc')),
      compatibility: 'FULL',
      tags: ['orders', 'events'],
    });
    this.orderPlaced.grantRead(consumers.finance);

    this.processedOrders = new DomainDataProduct(this.domain, 'processed_orders', {
      description: 'Orders after validation and pricing by the order processor',
      partitions: 6,
      retentionMs: 604_800_000,
      valueSchema: Schema.avro(fromFile('schemas/sales/processed-orders.avsc')),
      compatibility: 'BACKWARD',
      tags: ['orders'],
    });
    this.processedOrders.grantRead(consumers.analytics);
    Waivers.of(this.processedOrders).waive(
      'TOPIC_NAMING',
      'The topic predates the kebab-case standard; renaming it would create a new topic and strand its consumers',
    );
  }
}
