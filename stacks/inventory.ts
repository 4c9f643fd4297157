import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Domain, DomainDataProduct, fromFile, Schema } from 'cdktf-kafka-mesh';
import { consumers } from './consumers';

/** The inventory domain: stock levels per warehouse. */
export class InventoryStack extends TerraformStack {
  public readonly domain: Domain;
  public readonly stockLevelUpdated: DomainDataProduct;
  public readonly warehouse: DomainDataProduct;
  public readonly stockReserved: DomainDataProduct;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.domain = new Domain(this, 'inventory', {
      owner: 'inventory-team@example.com',
      contact: '#inventory-data',
      description: 'Stock in the warehouses',
      principal: 'User:inventory',
    });
    this.stockLevelUpdated = new DomainDataProduct(this.domain, 'stock-level-updated', {
      description: 'Event: the stock of a product in a warehouse changed',
      partitions: 6,
      retentionMs: 259_200_000,
      valueSchema: Schema.avro(fromFile('schemas/inventory/stock-level-updated.avsc')),
      compatibility: 'BACKWARD',
      tags: ['stock', 'events'],
    });
    this.stockLevelUpdated.grantRead(consumers.sales);

    // Protobuf, with a reference: the warehouse type is a product of its own, registered first.
    const warehouse = Schema.protobuf(fromFile('schemas/inventory/warehouse.proto'));
    this.warehouse = new DomainDataProduct(this.domain, 'warehouse', {
      description: 'The warehouses, keyed by code (compacted)',
      partitions: 1,
      cleanupPolicy: 'compact',
      valueSchema: warehouse,
      compatibility: 'FULL',
      tags: ['reference-data'],
    });
    this.stockReserved = new DomainDataProduct(this.domain, 'stock-reserved', {
      description: 'Event: stock was reserved for an order in a warehouse',
      partitions: 6,
      retentionMs: 604_800_000,
      valueSchema: Schema.protobuf(fromFile('schemas/inventory/stock-reserved.proto'), {
        references: [{ name: 'inventory/warehouse.proto', subject: 'inventory.warehouse-value', version: 1, schema: warehouse }],
      }),
      compatibility: 'BACKWARD',
      tags: ['stock', 'events'],
    });
    this.stockReserved.grantRead(consumers.sales);
  }
}
