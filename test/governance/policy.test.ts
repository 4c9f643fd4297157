import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import {
  defineRule,
  Domain,
  DomainDataProduct,
  DomainDataProductProps,
  DomainOverrides,
  GovernancePack,
  GovernancePolicy,
  kafka,
  MeshStandards,
  MeshValidationError,
  Principal,
  Schema,
  SharedTopic,
  Waivers,
} from '../../lib';
import { buildExampleMesh } from '../../stacks';
import { buildExampleEnvironments } from '../../stacks/apps';
import { errorOf, forEach, synthJson, testMesh } from '../helpers';
import { collect, freshOutdir, meshWithPolicy, notesOf, synthFailure } from './helpers';

const avro = Schema.avro({ type: 'record', name: 'Event', fields: [{ name: 'id', type: 'string' }] });
const ok: DomainDataProductProps = { description: 'One record per thing that happened', valueSchema: avro };

describe('the example mesh under its platform policy', () => {
  it('synthesizes, the waivers shown as info annotations and in the catalog', () => {
    const app = new App({ outdir: freshOutdir() });
    const m = buildExampleMesh(app);
    app.synth();
    const notes = collect(app);
    expect(notes.filter((n) => n.level === 'error')).toEqual([]);
    const waived = notes.filter((n) => n.level === 'info' && / \(waived at /.test(n.message));
    expect(waived.map((n) => n.path).sort()).toEqual(['customer/customer/profile-updated', 'sales/sales/processed_orders']);
    expect(waived.find((n) => n.path.startsWith('customer'))!.message).toMatch(
      /^PII_CROSS_DOMAIN_READ \(waived at customer\/customer\/profile-updated: "Marketing e-mails customers/,
    );

    const catalog = JSON.parse(fs.readFileSync(path.join(app.outdir, 'catalog', 'catalog.json'), 'utf8'));
    expect(catalog.governance).toMatchObject({
      policy: 'platform/governance',
      packs: ['MeshStandards'],
      overrideBounds: { retentionMs: { max: 'infinite' } },
    });
    expect(catalog.governance.standards.entityPattern).toBe(m.platform.governance.standards.entityPattern);
    expect(catalog.governance.levels.ACL_BUDGET).toBe('warning');
    expect(catalog.domains.find((d: any) => d.name === 'finance').overrides).toEqual({
      standards: { retentionMs: { max: 'infinite' } },
      reason: 'Booked transactions are the ledger of record and are kept for ever',
      declaredAt: 'finance/finance',
    });
    const profile = catalog.products.find((p: any) => p.topic === 'customer.profile-updated');
    expect(profile.waivers).toEqual([
      { rule: 'PII_CROSS_DOMAIN_READ', reason: expect.stringMatching(/privacy office/), declaredAt: 'customer/customer/profile-updated' },
    ]);
    expect(catalog.products.find((p: any) => p.topic === 'sales.orders').waivers).toBeUndefined();
  });

  it('synthesizes on a one-broker cluster: the floors judge the declared replication, the cap lowers what is written', () => {
    const app = new App({ outdir: freshOutdir() });
    const m = buildExampleMesh(app, { topicDefaults: { partitions: 3, replicationFactor: 3, minInsyncReplicas: 2, maxReplicationFactor: 1 } });
    app.synth();
    const notes = collect(app);
    expect(notes.filter((n) => n.level === 'error')).toEqual([]);
    expect(notes.find((n) => n.path === 'sales' && n.level === 'info' && /check the values the code declares/.test(n.message))).toBeDefined();
    const orders = forEach(JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'sales', 'cdk.tf.json'), 'utf8')), 'kafka_topic', 'protected')[
      'sales.orders'
    ];
    expect(orders).toMatchObject({ replication_factor: 1, config: { 'min.insync.replicas': '1' } });
    // what was declared is kept, in the catalog, not dropped
    const catalog = JSON.parse(fs.readFileSync(path.join(app.outdir, 'catalog', 'catalog.json'), 'utf8'));
    expect(catalog.products.find((p: any) => p.topic === 'sales.orders')).toMatchObject({
      replicationFactor: 1,
      declared: { replicationFactor: 3, config: { 'min.insync.replicas': '2' } },
    });
    expect(m.sales.orders.topic.replicationFactor).toBe(1);
  });

  it('synthesizes in every example environment, whose overlays lower partitions, replication and retention', () => {
    const app = new App({ outdir: freshOutdir() });
    const envs = buildExampleEnvironments(app, {
      ...process.env,
      MESH_ENVIRONMENTS: 'dev,staging,prod',
      LEDGER_JDBC_URL: 'jdbc:postgresql://localhost:5432/ledger',
    });
    app.synth();
    expect(collect(app).filter((n) => n.level !== 'info')).toEqual([]);
    const dev = envs.find((e) => e.env.node.id === 'dev')!;
    expect(dev.sales.orders.topic).toMatchObject({ partitions: 3, replicationFactor: 1, declared: { partitions: 6, replicationFactor: 3 } });
  });

  it('fails without the PII waiver, naming the rule, the path and the fix', () => {
    const { marketingStack, marketing, sales } = meshWithPolicy();
    const customerStack = new TerraformStack(marketingStack.node.scope!, 'customer');
    const customer = new Domain(customerStack, 'customer', { owner: 'customer-team@example.com', principal: 'User:customer' });
    new SharedTopic(customer, 'profile-updated', {
      ...ok,
      classification: 'pii',
      cleanupPolicy: 'compact',
      compatibility: 'FULL_TRANSITIVE',
      producers: [sales],
      consumers: [marketing],
    });
    const message = synthFailure(customerStack);
    expect(message).toContain(
      '[customer/customer/profile-updated] PII_CROSS_DOMAIN_READ: customer/customer/profile-updated: grantRead lets other domains read pii data (got ["User:marketing"]). Fix: ',
    );
    expect(message).not.toMatch(/\n\s+at /);
  });
});

describe('violations fail synth with the rule, the construct path and the fix', () => {
  it('reports every finding of a stack at once', () => {
    const { stack, sales } = meshWithPolicy({ standards: { partitions: { max: 12 } } });
    new DomainDataProduct(sales, 'orders', { ...ok, partitions: 24, replicationFactor: 2, minInsyncReplicas: 1 });
    const message = synthFailure(stack);
    expect(message).toMatch(/^Encountered Annotations with level "ERROR":/);
    expect(message).toContain(
      '[sales/sales/orders] REPLICATION_FLOOR: sales/sales/orders: replicationFactor must be at least 3, the replication floor',
    );
    expect(message).toContain('[sales/sales/orders] REPLICATION_FLOOR: sales/sales/orders: minInsyncReplicas must be at least 2');
    expect(message).toContain(
      '[sales/sales/orders] PARTITION_BOUNDS: sales/sales/orders: partitions must be from 1 to 12 (got 24). Fix: set partitions to at most 12',
    );
  });

  it('writes nothing for a stack that fails', () => {
    const { app, stack, sales } = meshWithPolicy();
    new DomainDataProduct(sales, 'orders', { ...ok, replicationFactor: 1 });
    expect(() => app.synth()).toThrow(/REPLICATION_FLOOR/);
    expect(fs.existsSync(path.join(app.outdir, 'stacks', stack.node.id, 'cdk.tf.json'))).toBe(false);
  });

  it('annotates once however many times a stack is synthesized', () => {
    const { stack, sales } = meshWithPolicy();
    new DomainDataProduct(sales, 'orders', { ...ok, replicationFactor: 2 });
    notesOf(stack);
    expect(notesOf(stack).filter((n) => n.level === 'error')).toHaveLength(1);
  });

  it('leaves the Terraform unchanged (annotations are metadata)', () => {
    const { stack, sales } = meshWithPolicy();
    new DomainDataProduct(sales, 'orders', { ...ok, replicationFactor: 1 });
    expect(forEach(synthJson(stack), 'kafka_topic', 'protected')['sales.orders']).toMatchObject({ replication_factor: 1 });
  });

  it('checks a stack whose mesh resources come after the policy, and one declared before it', () => {
    const { app } = testMesh();
    const early = new TerraformStack(app, 'early');
    const e = new Domain(early, 'early', { owner: 'o@example.com', principal: 'User:early' });
    new DomainDataProduct(e, 'events', { ...ok, partitions: 500 });
    new GovernancePolicy(new TerraformStack(app, 'platform'), 'governance');
    const late = new TerraformStack(app, 'late');
    new DomainDataProduct(new Domain(late, 'late', { owner: 'o@example.com', principal: 'User:late' }), 'events', { ...ok, partitions: 500 });
    expect(
      notesOf(early)
        .filter((n) => n.level === 'error')
        .map((n) => n.message),
    ).toEqual([expect.stringMatching(/^PARTITION_BOUNDS: early\/early\/events/)]);
    expect(
      notesOf(late)
        .filter((n) => n.level === 'error')
        .map((n) => n.message),
    ).toEqual([expect.stringMatching(/^PARTITION_BOUNDS: late\/late\/events/)]);
  });

  it('checks topics and ACLs written with the L1 bindings directly', () => {
    const { stack } = meshWithPolicy();
    new kafka.topic.Topic(stack, 'legacy', { name: 'finance.ledger', partitions: 3, replicationFactor: 3 });
    new kafka.acl.Acl(stack, 'everyone', {
      aclPrincipal: 'User:*',
      aclHost: '*',
      aclOperation: 'Read',
      aclPermissionType: 'Allow',
      resourceName: 'sales.',
      resourceType: 'Topic',
      resourcePatternTypeFilter: 'Prefixed',
    });
    const errors = notesOf(stack).filter((n) => n.level === 'error');
    expect(errors.map((n) => [n.path, n.message.split(':')[0]])).toEqual([
      ['sales/legacy', 'OWNERSHIP_BOUNDARY'],
      ['sales/everyone', 'NO_WILDCARDS'],
      ['sales/everyone', 'NO_WILDCARDS'],
    ]);
    expect(errors[0].message).toMatch(
      /name is outside the prefixes this stack's domains own \(sales\.\) \(got "finance\.ledger"\)\. Fix: declare the topic as a DomainDataProduct/,
    );
  });

  it('never sees a wildcard consumer group from a grant: the grant refuses it first', () => {
    const { sales } = meshWithPolicy();
    const orders = new DomainDataProduct(sales, 'orders', ok);
    expect(() => orders.grantRead(Principal.fromName('User:analytics'), { consumerGroup: '*' })).toThrow(
      /grantRead\.consumerGroup must be a non-empty name/,
    );
  });

  it('warns, without failing, when a domain’s grants pass the ACL budget', () => {
    const { stack, sales } = meshWithPolicy({ standards: { aclBudgetPerDomain: 1 } });
    new DomainDataProduct(sales, 'orders', ok).grantRead(Principal.fromName('User:analytics'));
    new DomainDataProduct(sales, 'returns', ok).grantRead(Principal.fromName('User:analytics'));
    const notes = notesOf(stack);
    expect(notes.filter((n) => n.level === 'error')).toEqual([]);
    // Read on each topic (Describe is implied); the analytics group ACL is the service account's own, written in the platform stack
    expect(notes.filter((n) => n.level === 'warning').map((n) => n.message)).toEqual([
      expect.stringMatching(/^ACL_BUDGET: sales\/sales: grants write more ACLs than the budget of 1 \(got 2\)/),
    ]);
    expect(() => Testing.fullSynth(stack)).not.toThrow();
  });

  it('counts for the ACL budget the ACLs written, after de-duplication, not those the grants ask for', () => {
    const build = (budget: number) => {
      const { stack, sales } = meshWithPolicy({ standards: { aclBudgetPerDomain: budget } });
      for (const id of ['orders', 'returns']) {
        const product = new DomainDataProduct(sales, id, ok);
        product.grantRead(Principal.fromName('User:marketing'));
        product.grantWrite(sales);
      }
      return stack;
    };
    // asked for: 10 (marketing Read/Describe x2 and its group; sales Write/Describe x2 and IdempotentWrite);
    // written: 3 (marketing Read x2; sales's own prefixed Write on sales.): Describe and IdempotentWrite are implied
    const budgetWarnings = (budget: number) => notesOf(build(budget)).filter((n) => n.message.startsWith('ACL_BUDGET'));
    expect(budgetWarnings(3)).toEqual([]);
    expect(budgetWarnings(2).map((n) => n.message)).toEqual([
      expect.stringMatching(/^ACL_BUDGET: sales\/sales: grants write more ACLs than the budget of 2 \(got 3\)/),
    ]);
    const written = Object.keys(forEach(synthJson(build(100)), 'kafka_acl', 'allow')).filter((k) => !k.startsWith('User:sales Read'));
    expect(written).toEqual(['User:marketing Read Topic:sales.orders', 'User:marketing Read Topic:sales.returns', 'User:sales Write Topic:sales.*']);
  });

  it('applies the policy’s levels', () => {
    const { stack, sales } = meshWithPolicy({ levels: { PARTITION_BOUNDS: 'warning', REPLICATION_FLOOR: 'off' } });
    new DomainDataProduct(sales, 'orders', { ...ok, partitions: 500, replicationFactor: 1 });
    expect(notesOf(stack).map((n) => [n.level, n.message.split(':')[0]])).toEqual([['warning', 'PARTITION_BOUNDS']]);
  });
});

describe('domain overrides within the platform bounds', () => {
  it('let a domain loosen a standard as far as the bound', () => {
    const { stack, sales } = meshWithPolicy({
      standards: { retentionMs: { max: 2_592_000_000 } },
      overrideBounds: { retentionMs: { max: 'infinite' } },
    });
    DomainOverrides.of(sales).set({ retentionMs: { max: 'infinite' } }, 'The ledger is kept for ever');
    new DomainDataProduct(sales, 'ledger', { ...ok, retentionMs: 'infinite' });
    expect(notesOf(stack)).toEqual([]);
  });

  it('let a domain be stricter without any bound', () => {
    const { stack, sales } = meshWithPolicy();
    DomainOverrides.of(sales).set({ minReplicationFactor: 4, partitions: { max: 12 } });
    new DomainDataProduct(sales, 'orders', { ...ok, partitions: 24 });
    expect(notesOf(stack).map((n) => n.message.split(':')[0])).toEqual(['REPLICATION_FLOOR', 'PARTITION_BOUNDS']);
  });

  it('apply only to the domain that sets them', () => {
    const { stack, marketingStack, sales, marketing } = meshWithPolicy({
      standards: { partitions: { max: 12 } },
      overrideBounds: { partitions: { max: 64 } },
    });
    DomainOverrides.of(sales).set({ partitions: { max: 64 } });
    new DomainDataProduct(sales, 'orders', { ...ok, partitions: 48 });
    new DomainDataProduct(marketing, 'campaigns', { ...ok, partitions: 48 });
    expect(notesOf(stack)).toEqual([]);
    expect(notesOf(marketingStack).map((n) => n.message.split(':')[0])).toEqual(['PARTITION_BOUNDS']);
  });

  it('fail synth beyond the bound, naming the bound and where the policy is', () => {
    const { stack, sales } = meshWithPolicy({
      standards: { retentionMs: { max: 2_592_000_000 } },
      overrideBounds: { retentionMs: { max: 7_776_000_000 } },
    });
    DomainOverrides.of(sales).set({ retentionMs: { max: 'infinite' } });
    let error: unknown;
    try {
      Testing.synth(stack);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MeshValidationError);
    expect((error as Error).message).toBe(
      'sales/sales: overrides.retentionMs.max is outside the bound the platform allows: overrideBounds.retentionMs.max is 7776000000 (policy at platform/governance) (got "infinite"). ' +
        'Fix: stay within 7776000000, or ask the platform team to widen overrideBounds.retentionMs.max',
    );
  });
});

describe('waivers', () => {
  it('on a domain cover its products; the finding stays visible as info', () => {
    const { stack, sales } = meshWithPolicy();
    Waivers.of(sales).waive('PARTITION_BOUNDS', 'Click stream: 400 partitions agreed with the platform team for peak load');
    new DomainDataProduct(sales, 'clicks', { ...ok, partitions: 400 });
    const notes = notesOf(stack);
    expect(notes.map((n) => [n.level, n.path])).toEqual([['info', 'sales/sales/clicks']]);
    expect(notes[0].message).toMatch(/^PARTITION_BOUNDS \(waived at sales\/sales: "Click stream: 400 partitions agreed/);
  });

  it('that cover no finding are a warning', () => {
    const { stack, sales } = meshWithPolicy();
    const orders = new DomainDataProduct(sales, 'orders', ok);
    Waivers.of(orders).waive('PII_CROSS_DOMAIN_READ', 'Nobody outside sales reads it, but just in case');
    expect(notesOf(stack)).toEqual([
      {
        level: 'warning',
        path: 'sales/sales/orders',
        message: expect.stringMatching(/^PII_CROSS_DOMAIN_READ: sales\/sales\/orders: waiver covers no finding: remove it/),
      },
    ]);
  });

  it('waive one rule only', () => {
    const { stack, sales } = meshWithPolicy();
    const orders = new DomainDataProduct(sales, 'orders', { ...ok, partitions: 400, replicationFactor: 2 });
    Waivers.of(orders).waive('PARTITION_BOUNDS', 'Agreed with the platform team for the peak season');
    expect(notesOf(stack).map((n) => [n.level, n.message.split(/[ :]/)[0]])).toEqual([
      ['error', 'REPLICATION_FLOOR'],
      ['info', 'PARTITION_BOUNDS'],
    ]);
  });
});

describe('packs', () => {
  it('run on a stack outside any policy with the default standards', () => {
    const { app } = testMesh();
    const stack = new TerraformStack(app, 'team');
    const team = new Domain(stack, 'team', { owner: 'team@example.com', principal: 'User:team' });
    new DomainDataProduct(team, 'events', { ...ok, replicationFactor: 2 });
    Aspects.of(stack).add(new MeshStandards());
    expect(notesOf(stack).map((n) => n.message.split(':')[0])).toEqual(['REPLICATION_FLOOR']);
  });

  it('may carry custom rules, which waivers and levels then know', () => {
    const TAGS = defineRule({
      id: 'TEST_TAGS_REQUIRED',
      summary: 'products have tags',
      fix: 'add tags',
      level: 'error',
      checkProduct: (p) => (p.description.includes('untagged') ? [{ field: 'tags', problem: 'must not be empty', fix: 'add tags' }] : []),
    });
    const { stack, sales } = meshWithPolicy({
      packs: [new MeshStandards(), new GovernancePack('Discovery', [TAGS])],
      levels: { TEST_TAGS_REQUIRED: 'warning' },
    });
    const events = new DomainDataProduct(sales, 'events', { ...ok, description: 'Events, untagged for now' });
    expect(notesOf(stack).map((n) => [n.level, n.message])).toEqual([
      ['warning', 'TEST_TAGS_REQUIRED: sales/sales/events: tags must not be empty. Fix: add tags'],
    ]);
    Waivers.of(events).waive('TEST_TAGS_REQUIRED', 'Tags come with the catalog migration next quarter');
  });

  it('GovernancePolicy.of finds the policy from any construct', () => {
    const { sales, governance } = meshWithPolicy();
    expect(GovernancePolicy.of(sales)).toBe(governance);
    expect(GovernancePolicy.of(testMesh().mesh)).toBeUndefined();
  });

  it('refuse a second policy in the same mesh', () => {
    const { app } = meshWithPolicy();
    expect(errorOf(() => new GovernancePolicy(new TerraformStack(app, 'other'), 'governance'))).toBe(
      'other/governance: GovernancePolicy is already declared at platform/governance: a mesh has one platform policy. Fix: declare the policy once, in the platform stack; let domains differ with DomainOverrides.of(domain).set(...)',
    );
  });
});
