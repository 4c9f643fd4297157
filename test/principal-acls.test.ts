import { TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, GovernancePolicy, Principal, ServiceAccount } from '../lib';
import { aclKey, AclSpec } from '../lib/model/grants';
import { forEach, synthJson, testMesh } from './helpers';

const GROUP = 'User:analytics Read Group:analytics.*';
const IDEMPOTENT = 'User:analytics IdempotentWrite Cluster:kafka-cluster';

/** Three domains, each in its own stack, each granting `grantee` read and write on a product. */
function threeDomains(options: { policy?: boolean; principals?: boolean; kafkaVersion?: string } = {}) {
  const { app } = testMesh({
    ...(options.principals === false ? {} : { principals: [{ principal: 'User:analytics', description: 'The analytics loader' }] }),
    ...(options.kafkaVersion ? { cluster: { bootstrapServers: ['localhost:9092'], tls: false, kafkaVersion: options.kafkaVersion } } : {}),
  });
  const stacks: Record<string, TerraformStack> = {};
  if (options.policy) {
    stacks.platform = new TerraformStack(app, 'platform');
    new ServiceAccount(stacks.platform, 'loader', { description: 'Another loader' });
    new GovernancePolicy(stacks.platform, 'governance');
  }
  for (const name of ['sales', 'marketing', 'finance']) {
    const stack = (stacks[name] = new TerraformStack(app, name));
    const domain = new Domain(stack, name, { owner: `${name}-team@example.com`, principal: `User:${name}` });
    const product = new DomainDataProduct(domain, 'events', { description: `Events of ${name}` });
    product.grantRead(Principal.fromName('User:analytics'));
    product.grantWrite(Principal.fromName('User:analytics'));
  }
  const acls = Object.fromEntries(
    Object.entries(stacks).map(([name, stack]) => [name, Object.keys(forEach(synthJson(stack), 'kafka_acl', 'allow'))]),
  );
  return acls;
}

describe("a principal's own ACLs", () => {
  it('are written by exactly one stack when three domains grant a mesh principal', () => {
    const acls = threeDomains();
    const owners = Object.entries(acls)
      .filter(([, keys]) => keys.includes(GROUP))
      .map(([name]) => name);
    expect(owners).toEqual(['finance']); // the first granting stack by name
    // Write on a topic implies IdempotentWrite from Kafka 3.0 on: no stack writes it.
    expect(
      Object.entries(acls)
        .filter(([, keys]) => keys.includes(IDEMPOTENT))
        .map(([name]) => name),
    ).toEqual([]);
    // every granting stack keeps its own topic ACLs
    for (const name of ['sales', 'marketing', 'finance']) expect(acls[name]).toContain(`User:analytics Read Topic:${name}.events`);
  });

  it('are written by the platform stack (the GovernancePolicy’s) when there is one, even without a grant there', () => {
    const acls = threeDomains({ policy: true });
    const owners = Object.entries(acls)
      .filter(([, keys]) => keys.includes(GROUP))
      .map(([name]) => name);
    expect(owners).toEqual(['platform']);
    expect(acls.platform).not.toContain(IDEMPOTENT);
  });

  it('write IdempotentWrite once, in the owning stack, for brokers before Kafka 3.0', () => {
    const acls = threeDomains({ policy: true, kafkaVersion: '2.8.0' });
    expect(
      Object.entries(acls)
        .filter(([, keys]) => keys.includes(IDEMPOTENT))
        .map(([name]) => name),
    ).toEqual(['platform']);
  });

  it("of a Domain without ownerAccess are written once, by the domain's stack when it holds ACLs", () => {
    const { app } = testMesh();
    const stacks = ['sales', 'marketing', 'finance'].map((n) => new TerraformStack(app, n));
    const [sales, marketing, finance] = stacks.map(
      (s) =>
        new Domain(s, s.node.id, { owner: 'team', principal: `User:${s.node.id}`, ...(s.node.id === 'marketing' ? { ownerAccess: false } : {}) }),
    );
    void marketing;
    for (const d of [sales, finance]) new DomainDataProduct(d, 'events', { description: 'Events' }).grantRead(Principal.fromName('User:marketing'));
    const withGroup = stacks.filter((s) =>
      Object.keys(forEach(synthJson(s), 'kafka_acl', 'allow')).includes('User:marketing Read Group:marketing.*'),
    );
    expect(withGroup.map((s) => s.node.id)).toEqual(['finance']);
  });
});

describe('a grant', () => {
  it('returns who, which access and its ACLs, which the product lists and JSON carries', () => {
    const { app } = testMesh({ principals: [{ principal: 'User:analytics', description: 'The analytics loader' }] });
    const domain = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales@example.com', principal: 'User:sales' });
    const product = new DomainDataProduct(domain, 'events', { description: 'Events' });
    const analytics = Principal.fromName('User:analytics');
    const keys = (g: { acls: readonly AclSpec[] }) => g.acls.map(aclKey);

    const read = product.grantRead(analytics);
    expect(read).toMatchObject({ grantee: 'analytics', principal: 'User:analytics', access: 'read' });
    expect(keys(read)).toEqual(['User:analytics Read Topic:sales.events', 'User:analytics Describe Topic:sales.events', GROUP]);
    const named = product.grantRead(analytics, { consumerGroup: 'analytics.events-reader' });
    expect(keys(named)[2]).toBe('User:analytics Read Group:analytics.events-reader');
    const write = product.grantWrite(analytics, { transactionalIdPrefix: 'analytics.tx' });
    expect(write.access).toBe('write');
    expect(keys(write)).toEqual([
      'User:analytics Write Topic:sales.events',
      'User:analytics Describe Topic:sales.events',
      IDEMPOTENT,
      'User:analytics Write TransactionalID:analytics.tx*',
      'User:analytics Describe TransactionalID:analytics.tx*',
    ]);
    expect(keys(product.grantWrite(domain))).toHaveLength(3);

    expect(product.grants.map((g) => g.access)).toEqual(['read', 'read', 'write', 'write']);
    expect(JSON.parse(JSON.stringify(write))).toEqual({ grantee: 'analytics', principal: 'User:analytics', access: 'write', acls: write.acls });
  });
});
