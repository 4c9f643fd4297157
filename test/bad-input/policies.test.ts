import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import {
  Domain,
  DomainDataProduct,
  DomainDataProductProps,
  DomainOverrides,
  GovernancePack,
  GovernancePolicy,
  GovernancePolicyProps,
  kafka,
  Principal,
  Schema,
  Waivers,
} from '../../lib';
import { meshWithPolicy } from '../governance/helpers';
import { testMesh } from '../helpers';
import { corpus, thrown } from './corpus';

const avro = Schema.avro({ type: 'record', name: 'Event', fields: [{ name: 'id', type: 'string' }] });
const ok: DomainDataProductProps = { description: 'One record per order placed in the web shop', valueSchema: avro };

function policy(props: Record<string, unknown>) {
  return () => meshWithPolicy(props as GovernancePolicyProps);
}

/** Declares a product under a policy, then synthesizes its stack as `cdktf synth` does. */
function violation(
  props: Partial<DomainDataProductProps>,
  policyProps: GovernancePolicyProps = {},
  also?: (m: ReturnType<typeof meshWithPolicy>, p: DomainDataProduct) => void,
) {
  return () => {
    const m = meshWithPolicy(policyProps);
    const p = new DomainDataProduct(m.sales, 'orders', { ...ok, ...props });
    also?.(m, p);
    Testing.fullSynth(m.stack);
  };
}

function override(values: Record<string, unknown>, policyProps: GovernancePolicyProps = {}) {
  return () => {
    const m = meshWithPolicy(policyProps);
    DomainOverrides.of(m.sales).set(values);
    new DomainDataProduct(m.sales, 'orders', ok);
    Testing.synth(m.stack);
  };
}

function waive(rule: string, reason: unknown) {
  return () => {
    const { sales } = meshWithPolicy();
    Waivers.of(new DomainDataProduct(sales, 'orders', ok)).waive(rule, reason as string);
  };
}

corpus('GovernancePolicy props', [
  {
    name: 'fails on a second policy in the mesh',
    build: () => new GovernancePolicy(new TerraformStack(meshWithPolicy().app, 'other'), 'policy'),
    path: 'other/policy',
    field: 'GovernancePolicy',
    fix: 'declare the policy once',
  },
  {
    name: 'fails on a replication floor of 0',
    build: policy({ standards: { minReplicationFactor: 0 } }),
    path: 'platform/governance',
    field: 'standards.minReplicationFactor',
    fix: '3 suits a production cluster',
  },
  {
    name: 'fails on partition bounds whose min is above max',
    build: policy({ standards: { partitions: { min: 12, max: 6 } } }),
    path: 'platform/governance',
    field: 'standards.partitions',
    fix: 'make partitions.min at most partitions.max',
  },
  {
    name: 'fails on retention bounds whose min is above max',
    build: policy({ standards: { retentionMs: { min: 86_400_000, max: 3_600_000 } } }),
    path: 'platform/governance',
    field: 'standards.retentionMs',
    fix: 'make retentionMs.min at most retentionMs.max',
  },
  {
    name: 'fails on a naming pattern that is not a regular expression',
    build: policy({ standards: { entityPattern: '([a-z' } }),
    path: 'platform/governance',
    field: 'standards.entityPattern',
    fix: 'kebab-case',
  },
  {
    name: 'fails on a misspelt standard, suggesting the right one',
    build: policy({ standards: { minReplicationFacter: 3 } }),
    path: 'platform/governance',
    field: 'standards.minReplicationFacter',
    fix: 'did you mean `minReplicationFactor`?',
  },
  {
    name: 'fails on an unknown restricted classification',
    build: policy({ standards: { restrictedClassifications: ['personal'] } }),
    path: 'platform/governance',
    field: 'standards.restrictedClassifications[0]',
    fix: '"pii"',
  },
  {
    name: 'fails on NONE as the only level allowed for shared products being empty',
    build: policy({ standards: { sharedCompatibilityLevels: [] } }),
    path: 'platform/governance',
    field: 'standards.sharedCompatibilityLevels',
    fix: 'list at least 1',
  },
  {
    name: 'fails on a level for a rule that does not exist, suggesting one',
    build: policy({ levels: { PII_CROSS_DOMAIN_READS: 'warning' } }),
    path: 'platform/governance',
    field: 'levels.PII_CROSS_DOMAIN_READS',
    fix: 'did you mean PII_CROSS_DOMAIN_READ?',
  },
  {
    name: 'fails on a level that is not error, warning or off',
    build: policy({ levels: { ACL_BUDGET: 'fatal' } }),
    path: 'platform/governance',
    field: 'levels.ACL_BUDGET',
    fix: 'set levels.ACL_BUDGET to one of "error", "warning", "off"',
  },
  {
    name: 'fails on a bound stricter than the standard it bounds',
    build: policy({ standards: { minReplicationFactor: 3 }, overrideBounds: { minReplicationFactor: 4 } }),
    path: 'platform/governance',
    field: 'overrideBounds.minReplicationFactor',
    fix: 'set it to 3 (no loosening)',
  },
  {
    name: 'fails on a pack that is not a GovernancePack',
    build: policy({ packs: [{ name: 'MeshStandards' }] }),
    path: 'platform/governance',
    field: 'packs[0]',
    fix: /./,
  },
  {
    name: 'fails on the same pack twice',
    build: policy({ packs: [new GovernancePack('Mine', []), new GovernancePack('Mine', [])] }),
    path: 'platform/governance',
    field: 'packs',
    fix: 'list each pack once',
  },
]);

corpus('domain overrides', [
  {
    name: 'fails at synth on an override beyond the platform bound, naming the bound',
    build: override({ partitions: { max: 500 } }, { overrideBounds: { partitions: { max: 256 } } }),
    path: 'sales/sales',
    field: 'overrides.partitions.max',
    fix: 'ask the platform team to widen overrideBounds.partitions.max',
  },
  {
    name: 'fails at synth on loosening a standard the platform sets no bound for',
    build: override({ minReplicationFactor: 2 }),
    path: 'sales/sales',
    field: 'overrides.minReplicationFactor',
    fix: 'ask the platform team for a bound overrideBounds.minReplicationFactor',
  },
  {
    name: 'fails at synth on infinite retention when the bound is finite',
    build: override(
      { retentionMs: { max: 'infinite' } },
      { standards: { retentionMs: { max: 86_400_000 } }, overrideBounds: { retentionMs: { max: 604_800_000 } } },
    ),
    path: 'sales/sales',
    field: 'overrides.retentionMs.max',
    fix: 'stay within 604800000',
  },
  {
    name: 'fails at synth on overrides whose partition range is empty',
    build: override({ partitions: { min: 150 } }),
    path: 'sales/sales',
    field: 'overrides.partitions',
    fix: 'make partitions.min at most partitions.max',
  },
  {
    name: 'fails on an override of something domains cannot override',
    build: override({ restrictedClassifications: [] }),
    path: 'sales/sales',
    field: 'overrides.restrictedClassifications',
    fix: 'known props are',
  },
  {
    name: 'fails on overrides for something that is not a Domain',
    build: () => DomainOverrides.of(meshWithPolicy().stack as unknown as Domain),
    path: 'sales',
    field: 'DomainOverrides.of',
    fix: 'DomainOverrides.of(this.domain)',
  },
  {
    name: 'fails on the same standard overridden twice',
    build: () => DomainOverrides.of(meshWithPolicy().sales).set({ aclBudgetPerDomain: 100 }).set({ aclBudgetPerDomain: 50 }),
    path: 'sales/sales',
    field: 'overrides.aclBudgetPerDomain',
    fix: 'set each standard once',
  },
]);

corpus('waivers', [
  {
    name: 'fails on a waiver without a reason',
    build: waive('PARTITION_BOUNDS', ''),
    path: 'sales/sales/orders',
    field: 'waive("PARTITION_BOUNDS") reason',
    fix: 'write the reason and who accepted it',
  },
  {
    name: 'fails on a waiver whose reason is blank',
    build: waive('PARTITION_BOUNDS', '   '),
    path: 'sales/sales/orders',
    field: 'waive("PARTITION_BOUNDS") reason',
    fix: 'write the reason',
  },
  {
    name: 'fails on a waiver whose reason is a placeholder',
    build: waive('PARTITION_BOUNDS', 'tbd'),
    path: 'sales/sales/orders',
    field: 'waive("PARTITION_BOUNDS") reason',
    fix: 'write the reason',
  },
  {
    name: 'fails on a waiver whose reason is not text',
    build: waive('PARTITION_BOUNDS', { why: 'peak load' }),
    path: 'sales/sales/orders',
    field: 'waive("PARTITION_BOUNDS") reason',
    fix: 'write the reason',
  },
  {
    name: 'fails on a waiver of a rule that does not exist, suggesting one',
    build: waive('PII_CROSS_DOMAIN', 'Marketing needs the e-mail for campaigns'),
    path: 'sales/sales/orders',
    field: 'waive',
    fix: "did you mean 'PII_CROSS_DOMAIN_READ'?",
  },
  {
    name: 'fails on the same rule waived twice on one construct',
    build: () => {
      const { sales } = meshWithPolicy();
      Waivers.of(sales).waive('ACL_BUDGET', 'Sales serves every other domain').waive('ACL_BUDGET', 'Sales serves every other domain, really');
    },
    path: 'sales/sales',
    field: 'waive("ACL_BUDGET")',
    fix: 'waive each rule once per construct',
  },
  {
    name: 'fails on waivers for something that is not a construct',
    build: () => Waivers.of(undefined as never),
    path: '(waivers)',
    field: 'Waivers.of',
    fix: 'pass the product, domain or stack',
  },
]);

corpus('rule violations fail synth, naming the rule, the path and the fix', [
  {
    name: 'fails synth on a replication factor below the floor',
    build: violation({ replicationFactor: 2 }),
    path: 'sales/sales/orders',
    field: 'REPLICATION_FLOOR',
    fix: 'set replicationFactor to 3 or more',
  },
  {
    name: 'fails synth on min.insync.replicas below the floor',
    build: violation({ minInsyncReplicas: 1 }),
    path: 'sales/sales/orders',
    field: 'REPLICATION_FLOOR',
    fix: 'set minInsyncReplicas to 2',
  },
  {
    name: 'fails synth on more partitions than the platform allows',
    build: violation({ partitions: 120 }),
    path: 'sales/sales/orders',
    field: 'PARTITION_BOUNDS',
    fix: 'set partitions to at most 100',
  },
  {
    name: 'fails synth on retention below the minimum',
    build: violation({ retentionMs: 60_000 }),
    path: 'sales/sales/orders',
    field: 'RETENTION_BOUNDS',
    fix: 'set retentionMs to at least 3600000',
  },
  {
    name: 'fails synth on infinite retention when the platform keeps data 30 days',
    build: violation({ retentionMs: 'infinite' }, { standards: { retentionMs: { max: 2_592_000_000 } } }),
    path: 'sales/sales/orders',
    field: 'RETENTION_BOUNDS',
    fix: "use cleanupPolicy 'compact'",
  },
  {
    name: 'fails synth on PII read by another domain without a waiver',
    build: violation({ classification: 'pii' }, {}, (m, p) => p.grantRead(m.marketing)),
    path: 'sales/sales/orders',
    field: 'PII_CROSS_DOMAIN_READ',
    fix: "Waivers.of(product).waive('PII_CROSS_DOMAIN_READ'",
  },
  {
    name: 'fails synth on a product another domain reads without a schema',
    build: violation({ valueSchema: undefined }, {}, (m, p) => p.grantRead(m.marketing)),
    path: 'sales/sales/orders',
    field: 'SCHEMA_REQUIRED',
    fix: 'add valueSchema',
  },
  {
    name: 'fails synth on compatibility NONE for a product another domain reads',
    build: violation({ compatibility: 'NONE' }, {}, (_m, p) => p.grantRead(Principal.fromName('User:analytics'))),
    path: 'sales/sales/orders',
    field: 'COMPATIBILITY_REQUIRED',
    fix: "'BACKWARD' lets consumers upgrade first",
  },
  {
    name: 'fails synth on an entity outside the naming convention',
    build: violation({ entity: 'order_lines' }, { standards: { entityPattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' } }),
    path: 'sales/sales/orders',
    field: 'TOPIC_NAMING',
    fix: 'decommission the old one',
  },
  {
    name: 'fails synth on a description too short to help a consumer',
    build: violation({ description: 'Orders' }),
    path: 'sales/sales/orders',
    field: 'METADATA_REQUIRED',
    fix: 'say in a sentence what one record is',
  },
  {
    name: 'fails synth on a raw kafka_topic outside the domain prefix',
    build: violation({}, {}, (m) => new kafka.topic.Topic(m.stack, 'legacy', { name: 'marketing.leads', partitions: 3, replicationFactor: 3 })),
    path: 'sales/legacy',
    field: 'OWNERSHIP_BOUNDARY',
    fix: 'declare the topic as a DomainDataProduct',
  },
  {
    name: 'fails synth on a raw kafka_acl for every principal',
    build: violation(
      {},
      {},
      (m) =>
        new kafka.acl.Acl(m.stack, 'open', {
          aclPrincipal: 'User:*',
          aclHost: '*',
          aclOperation: 'Read',
          aclPermissionType: 'Allow',
          resourceName: 'sales.orders',
          resourceType: 'Topic',
        }),
    ),
    path: 'sales/open',
    field: 'NO_WILDCARDS',
    fix: 'grant named principals',
  },
]);

describe('nothing is dropped silently', () => {
  it('lists every finding of a failing stack, not only the first', () => {
    const message = thrown(violation({ replicationFactor: 2, partitions: 120, retentionMs: 60_000, description: 'Orders' })).message;
    for (const rule of ['REPLICATION_FLOOR', 'PARTITION_BOUNDS', 'RETENTION_BOUNDS', 'METADATA_REQUIRED'])
      expect(message).toContain(`[sales/sales/orders] ${rule}: `);
  });

  it('writes no Terraform for a stack that fails, rather than a partial one', () => {
    const m = meshWithPolicy();
    new DomainDataProduct(m.sales, 'orders', { ...ok, replicationFactor: 1 });
    expect(() => m.app.synth()).toThrow(/REPLICATION_FLOOR/);
    expect(fs.existsSync(path.join(m.app.outdir, 'stacks', 'sales', 'cdk.tf.json'))).toBe(false);
  });

  it('keeps a waived finding visible in the synth output', () => {
    const m = meshWithPolicy();
    Waivers.of(new DomainDataProduct(m.sales, 'orders', { ...ok, partitions: 120 })).waive(
      'PARTITION_BOUNDS',
      'Peak-season load agreed with the platform team',
    );
    const outdir = Testing.fullSynth(m.stack);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks.sales.annotations).toEqual([
      expect.objectContaining({
        constructPath: 'sales/sales/orders',
        level: '@cdktf/info',
        message: expect.stringMatching(/^PARTITION_BOUNDS \(waived at sales\/sales\/orders: "Peak-season load/),
      }),
    ]);
  });

  it('refuses an unknown topic config rather than dropping it', () => {
    const { app } = testMesh();
    const sales = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'o@example.com', principal: 'User:sales' });
    expect(thrown(() => new DomainDataProduct(sales, 'orders', { ...ok, config: { 'retention.msec': 1 } })).message).toMatch(
      /config\["retention\.msec"\] is not a Kafka topic config/,
    );
  });

  it('keeps every grant: the ACLs of a grant to an undeclared principal fail synth instead of vanishing', () => {
    const { app } = testMesh();
    const stack = new TerraformStack(app, 'sales');
    const sales = new Domain(stack, 'sales', { owner: 'o@example.com', principal: 'User:sales' });
    new DomainDataProduct(sales, 'orders', ok).grantRead(Principal.fromName('User:bi'));
    expect(thrown(() => Testing.synth(stack)).message).toMatch(
      /^sales\/sales\/orders: grantRead names the principal User:bi, which is not declared anywhere in the mesh \(got "User:bi"\)/,
    );
  });
});
