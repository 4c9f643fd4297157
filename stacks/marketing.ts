import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Domain, DomainDataProduct, fromFile, Schema } from 'cdktf-kafka-mesh';
import { consumers } from './consumers';

/** The marketing domain: campaigns, built from what sales and customer share. */
export class MarketingStack extends TerraformStack {
  public readonly domain: Domain;
  public readonly campaigns: DomainDataProduct;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.domain = new Domain(this, 'marketing', {
      owner: 'marketing-team@example.com',
      contact: '#marketing-data',
      description: 'Campaigns and audiences',
      principal: 'User:marketing',
    });
    this.campaigns = new DomainDataProduct(this.domain, 'campaigns', {
      description: 'Marketing campaigns: one record per campaign change, keyed by campaign id',
      partitions: 3,
      cleanupPolicy: 'compact',
      valueSchema: Schema.jsonSchema(fromFile('schemas/marketing/campaigns.json')),
      compatibility: 'BACKWARD',
      tags: ['campaigns'],
    });
    this.campaigns.grantRead(consumers.analytics);
  }
}
