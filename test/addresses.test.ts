import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Domain, DomainDataProduct, Principal, Schema, ServiceAccount } from '../lib';
import { addresses, synthJson, testMesh } from './helpers';

const schema = Schema.avro({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] });

/** The same mesh, written two ways. */
function original() {
  const { app } = testMesh();
  new ServiceAccount(new TerraformStack(app, 'platform'), 'analytics', { description: 'Analytics' });
  const stack = new TerraformStack(app, 'sales');
  const sales = new Domain(stack, 'sales', { owner: 'o', principal: 'User:sales' });
  const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders', valueSchema: schema });
  orders.grantRead(Principal.fromName('User:analytics'));
  return synthJson(stack);
}

function refactored() {
  const { app } = testMesh();
  new ServiceAccount(new TerraformStack(app, 'platform'), 'analytics', { description: 'Analytics' });
  const stack = new TerraformStack(app, 'sales');
  // The domain moved under a new construct, the product got another construct id and variable.
  const team = new Construct(stack, 'team-sales');
  const salesDomain = new Domain(team, 'the-sales-domain', { name: 'sales', owner: 'o', principal: 'User:sales' });
  const ordersProduct = new DomainDataProduct(salesDomain, 'OrdersProduct', { entity: 'orders', description: 'Orders', valueSchema: schema });
  ordersProduct.grantRead(Principal.fromName('User:analytics'));
  return synthJson(stack);
}

describe('Terraform addresses', () => {
  // The Describe and IdempotentWrite ACLs are no longer written: the broker implies them from
  // Read/Write (lib/grants.ts withoutImplied); every other address is unchanged.
  it('say what they are, with the Kafka name as the instance key', () => {
    expect(addresses(original())).toEqual([
      'kafka_acl.allow["User:analytics Read Topic:sales.orders"]',
      'kafka_acl.allow["User:sales Read Group:sales.*"]',
      'kafka_acl.allow["User:sales Read Topic:sales.*"]',
      'kafka_acl.allow["User:sales Write Topic:sales.*"]',
      'kafka_topic.protected["sales.orders"]',
      'restapi_object.subject["sales.orders-value"]',
      'restapi_object.subject_compatibility["sales.orders-value"]',
    ]);
  });

  it('do not change when constructs move or are renamed', () => {
    const a = original();
    const b = refactored();
    expect(addresses(b)).toEqual(addresses(a));
    expect(b.resource).toEqual(a.resource);
  });

  it('carry no hash suffix', () => {
    for (const address of addresses(original())) expect(address).not.toMatch(/_[0-9A-F]{8}\b/);
  });
});
