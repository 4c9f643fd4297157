import { TerraformStack } from 'cdktf';
import { Principal, ServiceAccount, StreamsApp } from '../lib';
import { salesMesh } from './bad-input/builders';
import { forEach, synthJson } from './helpers';

/** What stays allowed once other domains' namespaces are refused. */
describe('names in the namespaces of domains', () => {
  const acls = (stack: TerraformStack) => Object.keys(forEach(synthJson(stack), 'kafka_acl', 'allow'));

  it('lets a consumer read with its own group prefix, and the owner hand out names under its own prefix', () => {
    const m = salesMesh();
    m.orders.grantRead(m.marketing); // marketing reads sales.orders with its groups marketing.*
    m.orders.grantRead(m.marketing, { consumerGroup: 'marketing.orders-loader' });
    m.orders.grantWrite(Principal.fromName('User:analytics'), { transactionalIdPrefix: 'sales.checkout-' });
    m.orders.grantWrite(Principal.fromName('User:analytics'), { transactionalIdPrefix: 'analytics.tx-' });
    expect(acls(m.stack)).toEqual(
      expect.arrayContaining(['User:analytics Write TransactionalID:sales.checkout-*', 'User:analytics Write TransactionalID:analytics.tx-*']),
    );
  });

  it("lets a ServiceAccount of a domain's own principal use the domain's prefix, and an app run as its domain", () => {
    const m = salesMesh();
    new ServiceAccount(m.platform, 'sales', { description: 'Apps of the sales domain' });
    new StreamsApp(m.sales, 'enrich', { principal: m.sales, inputs: [m.orders] });
    expect(acls(m.platform)).not.toContain('User:sales Read Group:sales.*'); // the Domain writes its principal's own ACLs
    expect(acls(m.stack)).toContain('User:sales Read Group:sales.*');
  });
});
