import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Domain, DomainDataProduct, fromFile, Schema } from 'cdktf-kafka-mesh';
import { consumers } from './consumers';

/** The inventory domain: stock levels per warehouse. */
export class InventoryStack extends TerraformStack {
  public readonly domain: Domain;
  public readonly stockLevelUpdated: DomainDataProduct;

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
  }
}
