import { TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, NiFiFlow, NiFiFlowProps, Principal, ServiceAccount, StreamsApp } from '../lib';
import { buildLineage } from '../lib/catalog/lineage';
import { backstageEntities } from '../lib/catalog/backstage';
import { errorOf, forEach, synthJson, testMesh, written } from './helpers';

const P = 'User:customer-crm-sync';
const CRM = { system: 'salesforce:crm', direction: 'sink' } as const;

/** Platform (the flow's account), sales (orders, maybe granted to the flow) and customer (profiles, the sync status). */
function nifiMesh(options: { grantOrders?: boolean } = {}) {
  const { app, mesh } = testMesh();
  const platform = new TerraformStack(app, 'platform');
  const account = new ServiceAccount(platform, 'customer-crm-sync', { description: 'The NiFi flow that syncs profiles to the CRM' });
  const salesStack = new TerraformStack(app, 'sales');
  const sales = new Domain(salesStack, 'sales', { owner: 'sales-team', principal: 'User:sales' });
  const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders' });
  if (options.grantOrders) orders.grantRead(Principal.fromName(P));
  const stack = new TerraformStack(app, 'customer');
  const customer = new Domain(stack, 'customer', { owner: 'customer-team', principal: 'User:customer' });
  const profiles = new DomainDataProduct(customer, 'profile-updated', { description: 'Profile changes' });
  const status = new DomainDataProduct(customer, 'crm-sync-status', { description: 'What the CRM answered' });
  return { app, mesh, platform, account, salesStack, sales, orders, stack, customer, profiles, status };
}

function crmSync(overrides: Partial<NiFiFlowProps> = {}, options: Parameters<typeof nifiMesh>[0] = {}) {
  const m = nifiMesh(options);
  const flow = new NiFiFlow(m.customer, 'crm-sync', {
    principal: m.account,
    inputs: [m.profiles],
    outputs: [m.status],
    externals: [CRM],
    ...overrides,
  });
  return { ...m, flow };
}

const CONSUME = [`${P} Describe Topic:customer.profile-updated`, `${P} Read Group:customer.crm-sync`, `${P} Read Topic:customer.profile-updated`];
const PUBLISH = [
  `${P} Describe Topic:customer.crm-sync-status`,
  `${P} IdempotentWrite Cluster:kafka-cluster`,
  `${P} Write Topic:customer.crm-sync-status`,
];
const TRANSACTIONS = [`${P} Describe TransactionalID:customer.crm-sync-*`, `${P} Write TransactionalID:customer.crm-sync-*`];

describe('NiFiFlow ACLs', () => {
  it('derives what ConsumeKafka and transactional PublishKafka need', () => {
    expect(crmSync().flow.aclKeys).toEqual([...CONSUME, ...PUBLISH, ...TRANSACTIONS].sort());
  });

  it('leaves the transactional ids out without transactions, and the group out without inputs', () => {
    expect(crmSync({ transactions: false }).flow.aclKeys).toEqual([...CONSUME, ...PUBLISH].sort());
    const m = nifiMesh();
    expect(
      new NiFiFlow(m.customer, 'crm-import', {
        principal: m.account,
        outputs: [m.status],
        externals: [{ system: 'salesforce:crm', direction: 'source' }],
      }).aclKeys,
    ).toEqual([...PUBLISH, `${P} Describe TransactionalID:customer.crm-import-*`, `${P} Write TransactionalID:customer.crm-import-*`].sort());
  });

  it('takes its own group and transactional id prefix', () => {
    const keys = crmSync({ consumerGroup: 'customer.crm', transactionalIdPrefix: 'customer.crm-tx-' }).flow.aclKeys;
    expect(keys).toContain(`${P} Read Group:customer.crm`);
    expect(keys).toContain(`${P} Write TransactionalID:customer.crm-tx-*`);
  });

  it('writes the flow’s ACLs in its domain’s stack, and the grant of another domain’s input in that domain’s', () => {
    const m = nifiMesh({ grantOrders: true });
    new NiFiFlow(m.customer, 'crm-sync', { principal: m.account, inputs: [m.profiles, 'sales.orders'], outputs: [m.status], externals: [CRM] });
    expect(aclsOf(m.stack, P)).toEqual(written([...CONSUME, ...PUBLISH, ...TRANSACTIONS].filter((k) => !k.includes('IdempotentWrite'))).sort());
    expect(aclsOf(m.salesStack, P)).toEqual(written([`${P} Describe Topic:sales.orders`, `${P} Read Topic:sales.orders`]));
  });
});

function aclsOf(stack: TerraformStack, principal: string): string[] {
  return Object.keys(forEach(synthJson(stack), 'kafka_acl', 'allow')).filter((k) => k.startsWith(`${principal} `));
}

describe('NiFiFlow settings, model, lineage and catalog', () => {
  it('outputs the processors’ settings', () => {
    const m = crmSync();
    const outputs = synthJson(m.stack).output;
    expect(outputs['nifi_customer_crm-sync_group_id'].value).toBe('customer.crm-sync');
    expect(outputs['nifi_customer_crm-sync_topics'].value).toBe('customer.profile-updated');
    expect(outputs['nifi_customer_crm-sync_transactional_id_prefix'].value).toBe('customer.crm-sync-');
    expect(outputs['nifi_customer_crm-sync_principal'].value).toBe(P);
  });

  it('is a nifi application bridging its external systems in the model, the lineage and Backstage', () => {
    const m = crmSync({ externals: [CRM, { system: 'sftp:partner-feeds', direction: 'source' }] });
    const model = m.mesh.toModel();
    const a = model.applications.find((x) => x.name === 'customer.crm-sync')!;
    expect(a).toMatchObject({
      kind: 'nifi',
      principal: P,
      inputs: ['customer.profile-updated'],
      outputs: ['customer.crm-sync-status'],
      externals: [CRM, { system: 'sftp:partner-feeds', direction: 'source' }],
    });
    const edges = buildLineage(model).edges;
    expect(edges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'app:customer.crm-sync', to: 'external:salesforce:crm', kind: 'sink' }),
        expect.objectContaining({ from: 'external:sftp:partner-feeds', to: 'app:customer.crm-sync', kind: 'source' }),
      ]),
    );
    const component = backstageEntities(model).find((e) => e.kind === 'Component' && e.metadata.title === 'customer.crm-sync')!;
    expect(component.spec.type).toBe('nifi-flow');
    expect((component.spec.dependsOn as string[]).length).toBe(2);
  });
});

describe('NiFiFlow refuses', () => {
  it('an input its owner did not grant, naming the grant to add', () => {
    const m = crmSync({ inputs: ['sales.orders'] });
    expect(errorOf(() => synthJson(m.stack))).toBe(
      'customer/customer/crm-sync: inputs[0] is owned by the sales domain, which grants no read to User:customer-crm-sync (got "sales.orders"). Fix: the owner grants it in stack sales: orders.grantRead(Principal.fromName(\'User:customer-crm-sync\'))',
    );
  });

  it('writing another domain’s product', () => {
    const m = nifiMesh();
    expect(errorOf(() => new NiFiFlow(m.customer, 'x', { principal: m.account, outputs: [m.orders], externals: [CRM] }))).toMatch(
      /^customer\/customer\/x: outputs\[0\] is a product of the sales domain; the NiFi flow customer\.x runs in the customer domain and writes only its own products \(got "sales\.orders"\)/,
    );
  });

  it('a consumer group another application uses', () => {
    const m = crmSync();
    new StreamsApp(m.customer, 'enrich', { principal: 'User:customer', inputs: [m.profiles] });
    expect(
      errorOf(
        () => new NiFiFlow(m.customer, 'other', { principal: m.account, consumerGroup: 'customer.enrich', inputs: [m.profiles], externals: [CRM] }),
      ),
    ).toMatch(
      /^customer\/customer\/other: consumerGroup is already the consumer group of customer\/customer\/enrich: the two would share partitions and offsets \(got "customer\.enrich"\)\. Fix: /,
    );
    expect(
      errorOf(
        () =>
          new NiFiFlow(m.customer, 'other2', { principal: m.account, consumerGroup: 'customer.crm-sync', inputs: [m.profiles], externals: [CRM] }),
      ),
    ).toMatch(/consumerGroup is already the consumer group of customer\/customer\/crm-sync/);
  });

  it('names outside the domain’s prefix', () => {
    expect(errorOf(() => crmSync({ consumerGroup: 'crm-sync' }))).toMatch(
      /^customer\/customer\/crm-sync: consumerGroup must start with the domain's prefix "customer\.".*\(got "crm-sync"\)\. Fix: use 'customer\.crm-sync'/,
    );
    expect(errorOf(() => crmSync({ transactionalIdPrefix: 'tx-' }))).toMatch(
      /transactionalIdPrefix must start with the domain's prefix "customer\."/,
    );
  });

  it('a flow without externals, or with neither inputs nor outputs', () => {
    const m = nifiMesh();
    expect(errorOf(() => new NiFiFlow(m.customer, 'x', { principal: m.account, inputs: [m.profiles], externals: [] }))).toBe(
      "customer/customer/x: externals must name at least one system outside Kafka (got []). Fix: list what the flow bridges, e.g. [{ system: 'salesforce:crm', direction: 'sink' }]",
    );
    expect(errorOf(() => new NiFiFlow(m.customer, 'y', { principal: m.account, externals: [CRM] }))).toMatch(
      /^customer\/customer\/y: inputs and outputs are both empty/,
    );
  });

  it('an unknown prop, with a did-you-mean', () => {
    const m = nifiMesh();
    expect(
      errorOf(
        () =>
          new NiFiFlow(m.customer, 'x', {
            principal: m.account,
            inputs: [m.profiles],
            externals: [CRM],
            consumergroup: 'customer.x',
          } as unknown as NiFiFlowProps),
      ),
    ).toBe('customer/customer/x: consumergroup is not a known prop. Fix: did you mean `consumerGroup`?');
  });
});

describe('docs/self-serve.md', () => {
  const text = require('fs').readFileSync(require('path').join(__dirname, '..', 'docs', 'self-serve.md'), 'utf8') as string;
  it('lists the exact ACLs the code derives for the example flow', () => {
    const listed = /`crmSync.aclKeys` is:\n\n```\n([\s\S]*?)```/.exec(text)![1].trim().split('\n');
    expect(listed).toEqual(crmSync().flow.aclKeys);
  });
});
