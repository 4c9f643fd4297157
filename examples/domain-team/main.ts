/**
 * A domain team composing the constructs in its own app and stack, apart from the mesh
 * repository: it declares only its own domain, references consumers by principal name, and
 * keeps its own state.
 *
 *   npm run example:domain-team   # writes examples/domain-team/cdktf.out
 *
 * Like a team's own repository, it has its own cdktf.json, so its mesh lock is the default one,
 * `mesh.lock/` beside it, which `npx kafka-mesh lock` (run in this folder) updates.
 */
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Domain, DomainDataProduct, KafkaMesh, Principal, Schema, synthesizeMesh } from 'cdktf-kafka-mesh';

/** The shipping team's stack: everything it owns, and nothing else. */
class ShippingStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const shipping = new Domain(this, 'shipping', {
      owner: 'shipping-team@example.com',
      contact: '#shipping',
      principal: 'User:shipping',
    });

    const shipments = new DomainDataProduct(shipping, 'shipment-dispatched', {
      description: 'Event: a parcel left the warehouse',
      partitions: 6,
      retentionMs: 604_800_000,
      valueSchema: Schema.avro({
        type: 'record',
        name: 'ShipmentDispatched',
        namespace: 'com.example.shipping',
        fields: [
          { name: 'shipmentId', type: 'string' },
          { name: 'orderId', type: 'string' },
          { name: 'carrier', type: 'string' },
          { name: 'dispatchedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
        ],
      }),
      compatibility: 'BACKWARD',
      sla: { availabilityPercent: 99.5, support: 'business hours' },
    });
    // Consumers are referenced by name: no other team's state is needed to plan.
    shipments.grantRead(Principal.fromName('User:sales'));
    shipments.grantRead(Principal.fromName('User:customer'), { consumerGroup: 'customer.notifications' });
  }
}

const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? path.join(__dirname, 'cdktf.out') });
new KafkaMesh(app, 'mesh', {
  cluster: {
    bootstrapServers: (process.env.KAFKA_BOOTSTRAP_SERVERS ?? 'localhost:9092').split(','),
    sasl: { mechanism: 'scram-sha512', username: 'shipping-deployer' },
  },
  schemaRegistry: { url: process.env.SCHEMA_REGISTRY_URL ?? 'http://localhost:8081' },
  // The principals this team grants to, as the platform team publishes them.
  principals: [
    { principal: 'User:sales', description: 'Sales applications' },
    { principal: 'User:customer', description: 'Customer applications' },
  ],
});
new ShippingStack(app, 'shipping');
synthesizeMesh(app);
