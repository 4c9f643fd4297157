import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Domain, fromFile, Schema, SharedTopic, Waivers } from 'cdktf-kafka-mesh';
import { consumers } from './consumers';

/** The customer domain: profiles, shared with the domains that talk to customers. */
export class CustomerStack extends TerraformStack {
  public readonly domain: Domain;
  public readonly profileUpdated: SharedTopic;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.domain = new Domain(this, 'customer', {
      owner: 'customer-team@example.com',
      contact: '#customer-data',
      description: 'Customer profiles and consent',
      principal: 'User:customer',
    });
    this.profileUpdated = new SharedTopic(this.domain, 'profile-updated', {
      description: 'Event: a customer profile changed, from the web shop or the support desk',
      partitions: 6,
      cleanupPolicy: 'compact',
      valueSchema: Schema.avro(fromFile('schemas/customer/profile-updated.avsc')),
      compatibility: 'FULL_TRANSITIVE',
      classification: 'pii',
      tags: ['customer', 'events'],
      producers: [consumers.sales],
      consumers: [consumers.marketing],
    });
    Waivers.of(this.profileUpdated).waive(
      'PII_CROSS_DOMAIN_READ',
      'Marketing e-mails customers who opted in (marketingOptIn), so it needs their address; agreed with the privacy office',
    );
  }
}
