import {
  ACL_BUDGET,
  COMPATIBILITY_REQUIRED,
  MESH_RULES,
  METADATA_REQUIRED,
  NO_WILDCARDS,
  OWNERSHIP_BOUNDARY,
  PARTITION_BOUNDS,
  PII_CROSS_DOMAIN_READ,
  REPLICATION_FLOOR,
  RETENTION_BOUNDS,
  SCHEMA_REQUIRED,
  TOPIC_NAMING,
} from '../../lib';
import { checkFacts } from '../../lib/governance';
import { acl, domain, external, product, rawTopic, standards } from './facts';

const std = standards();

describe('each rule is a pure function of plain facts', () => {
  it('finds nothing on a product, domain and ACL that follow the default standards', () => {
    expect(checkFacts(MESH_RULES, { products: [product()], domains: [domain()], acls: [acl()], topics: [rawTopic()] }, { standards: std })).toEqual(
      [],
    );
  });

  it('gives the same findings for the same facts (no hidden state)', () => {
    const p = product({ partitions: 500, replicationFactor: 1 });
    expect(checkFacts(MESH_RULES, { products: [p] }, { standards: std })).toEqual(checkFacts(MESH_RULES, { products: [p] }, { standards: std }));
  });
});

describe('TOPIC_NAMING', () => {
  it('accepts <domain>.<entity> and <domain>.<entity>.v<N>', () => {
    expect(TOPIC_NAMING.checkProduct!(product(), std)).toEqual([]);
    expect(TOPIC_NAMING.checkProduct!(product({ topic: 'sales.orders.v2', version: 2 }), std)).toEqual([]);
  });

  it('fails an entity outside the platform pattern, naming the pattern', () => {
    const [f] = TOPIC_NAMING.checkProduct!(
      product({ entity: 'processed_orders', topic: 'sales.processed_orders' }),
      standards({ entityPattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' }),
    );
    expect(f).toMatchObject({ field: 'entity', value: 'processed_orders' });
    expect(f.problem).toContain('/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/');
    expect(f.fix).toMatch(/decommission/);
  });

  it('fails a topic that is not <domain>.<entity>', () => {
    expect(TOPIC_NAMING.checkProduct!(product({ topic: 'orders' }), std)[0]).toMatchObject({
      field: 'topic',
      problem: expect.stringMatching(/must be sales\.orders/),
    });
  });

  it('fails a raw topic Kafka would refuse', () => {
    expect(TOPIC_NAMING.checkTopic!(rawTopic({ name: 'Sales.Orders' }), std)[0]).toMatchObject({
      field: 'name',
      problem: expect.stringMatching(/lower-case/),
    });
  });
});

describe('OWNERSHIP_BOUNDARY', () => {
  it('fails a product topic outside its domain prefix', () => {
    expect(OWNERSHIP_BOUNDARY.checkProduct!(product({ topic: 'marketing.orders' }), std)[0]).toMatchObject({
      field: 'topic',
      problem: expect.stringMatching(/outside the prefix sales\./),
    });
  });

  it('fails a product in another stack than its domain', () => {
    expect(OWNERSHIP_BOUNDARY.checkProduct!(product({ stack: 'marketing' }), std)[0]).toMatchObject({ field: 'stack' });
  });

  it('fails a raw topic outside the prefixes of the stack’s domains, and one in a stack without domains', () => {
    expect(OWNERSHIP_BOUNDARY.checkTopic!(rawTopic(), std)).toEqual([]);
    expect(OWNERSHIP_BOUNDARY.checkTopic!(rawTopic({ name: 'finance.ledger' }), std)[0].problem).toMatch(
      /outside the prefixes this stack's domains own \(sales\.\)/,
    );
    expect(OWNERSHIP_BOUNDARY.checkTopic!(rawTopic({ stackPrefixes: [] }), std)[0].problem).toMatch(/the stack holds none/);
  });
});

describe('REPLICATION_FLOOR', () => {
  it('fails a declared replication factor below the floor', () => {
    expect(REPLICATION_FLOOR.checkProduct!(product({ replicationFactor: 2 }), std)).toEqual([
      expect.objectContaining({ field: 'replicationFactor', value: 2, problem: expect.stringMatching(/at least 3/) }),
    ]);
  });

  it('fails min.insync.replicas below the floor, and an unset one as the brokers’ default', () => {
    expect(REPLICATION_FLOOR.checkProduct!(product({ minInsyncReplicas: 1 }), std)[0]).toMatchObject({ field: 'minInsyncReplicas', value: 1 });
    expect(REPLICATION_FLOOR.checkProduct!(product({ minInsyncReplicas: undefined }), std)[0]).toMatchObject({
      field: 'minInsyncReplicas',
      value: "not set (the brokers' 1)",
    });
  });

  it('judges the declared values, not what an environment cap writes', () => {
    const capped = product({ environment: { partitions: 6, replicationFactor: 1, config: { 'min.insync.replicas': '1' } } });
    expect(REPLICATION_FLOOR.checkProduct!(capped, std)).toEqual([]);
  });
});

describe('RETENTION_BOUNDS', () => {
  const bounded = standards({ retentionMs: { min: 3_600_000, max: 2_592_000_000 } });

  it('fails retention below the minimum and above the maximum', () => {
    expect(RETENTION_BOUNDS.checkProduct!(product({ config: { 'retention.ms': '60000' } }), bounded)[0]).toMatchObject({
      field: 'retentionMs',
      value: 60000,
      fix: 'set retentionMs to at least 3600000',
    });
    expect(RETENTION_BOUNDS.checkProduct!(product({ config: { 'retention.ms': '9999999999' } }), bounded)[0]).toMatchObject({
      fix: 'set retentionMs to at most 2592000000',
    });
  });

  it('fails infinite retention unless the maximum is infinite', () => {
    expect(RETENTION_BOUNDS.checkProduct!(product({ config: { 'retention.ms': '-1' } }), bounded)[0]).toMatchObject({
      value: 'infinite',
      problem: expect.stringMatching(/must not be infinite/),
    });
    expect(RETENTION_BOUNDS.checkProduct!(product({ config: { 'retention.ms': '-1' } }), std)).toEqual([]);
  });

  it('takes the brokers’ retention for a topic that sets none', () => {
    const [f] = RETENTION_BOUNDS.checkProduct!(product({ config: {} }), standards({ retentionMs: { min: 1, max: 86_400_000 } }));
    expect(f.value).toBe("not set (the brokers' 604800000)");
  });

  it('does not check compacted topics, which delete nothing by age', () => {
    expect(
      RETENTION_BOUNDS.checkProduct!(product({ config: { 'cleanup.policy': 'compact' } }), standards({ retentionMs: { min: 1, max: 1000 } })),
    ).toEqual([]);
    expect(
      RETENTION_BOUNDS.checkProduct!(
        product({ config: { 'cleanup.policy': 'compact,delete', 'retention.ms': '5000' } }),
        standards({ retentionMs: { min: 1, max: 1000 } }),
      ),
    ).toHaveLength(1);
  });
});

describe('PARTITION_BOUNDS', () => {
  it('fails partitions outside the bounds', () => {
    expect(PARTITION_BOUNDS.checkProduct!(product({ partitions: 101 }), std)[0]).toMatchObject({
      field: 'partitions',
      value: 101,
      problem: 'must be from 1 to 100',
    });
    expect(PARTITION_BOUNDS.checkProduct!(product({ partitions: 2 }), standards({ partitions: { min: 3, max: 12 } }))[0].fix).toBe(
      'set partitions to at least 3',
    );
  });
});

describe('SCHEMA_REQUIRED and COMPATIBILITY_REQUIRED', () => {
  it('need nothing of a product only its own domain uses', () => {
    const p = product({
      hasValueSchema: false,
      compatibility: undefined,
      grants: [{ principal: 'User:sales-app', access: 'read', external: false }],
    });
    expect(SCHEMA_REQUIRED.checkProduct!(p, std)).toEqual([]);
    expect(COMPATIBILITY_REQUIRED.checkProduct!(p, std)).toEqual([]);
  });

  it('require a value schema when another domain reads, naming the readers', () => {
    const [f] = SCHEMA_REQUIRED.checkProduct!(
      product({ hasValueSchema: false, compatibility: undefined, grants: [external('User:marketing')] }),
      std,
    );
    expect(f).toMatchObject({ field: 'valueSchema', problem: expect.stringContaining('User:marketing') });
  });

  it('require a value schema on a shared topic', () => {
    expect(SCHEMA_REQUIRED.checkProduct!(product({ kind: 'shared', hasValueSchema: false }), std)[0].problem).toMatch(/it is a shared topic/);
  });

  it('refuse NONE, and a level outside the allowed ones, on a product others read', () => {
    expect(COMPATIBILITY_REQUIRED.checkProduct!(product({ compatibility: 'NONE', grants: [external('User:marketing')] }), std)[0]).toMatchObject({
      field: 'compatibility',
      value: 'NONE',
      problem: expect.stringMatching(/^must not be NONE/),
    });
    const strict = standards({ sharedCompatibilityLevels: ['FULL_TRANSITIVE'] });
    expect(COMPATIBILITY_REQUIRED.checkProduct!(product({ compatibility: 'BACKWARD', grants: [external('User:marketing')] }), strict)[0].fix).toMatch(
      /one of FULL_TRANSITIVE/,
    );
  });
});

describe('METADATA_REQUIRED', () => {
  it('fails a too short description, a missing owner and an unknown classification', () => {
    const found = METADATA_REQUIRED.checkProduct!(product({ description: 'orders', owner: ' ', classification: 'secret' }), std);
    expect(found.map((f) => f.field)).toEqual(['owner', 'description', 'classification']);
  });

  it('fails a domain without owner or contact', () => {
    expect(METADATA_REQUIRED.checkDomain!(domain({ contact: '' }), std)[0]).toMatchObject({ field: 'contact' });
  });
});

describe('PII_CROSS_DOMAIN_READ', () => {
  it('fails PII read by another domain, naming the readers', () => {
    const [f] = PII_CROSS_DOMAIN_READ.checkProduct!(
      product({ classification: 'pii', grants: [external('User:marketing'), external('User:analytics')] }),
      std,
    );
    expect(f).toMatchObject({ field: 'grantRead', value: ['User:analytics', 'User:marketing'] });
    expect(f.fix).toMatch(/Waivers\.of\(product\)\.waive\('PII_CROSS_DOMAIN_READ'/);
  });

  it('lets the owning domain read its own PII, and another domain write to it', () => {
    expect(
      PII_CROSS_DOMAIN_READ.checkProduct!(
        product({ classification: 'pii', grants: [{ principal: 'User:sales', access: 'read', external: false }, external('User:support', 'write')] }),
        std,
      ),
    ).toEqual([]);
  });

  it('restricts the classifications the platform lists', () => {
    expect(
      PII_CROSS_DOMAIN_READ.checkProduct!(
        product({ classification: 'confidential', grants: [external('User:marketing')] }),
        standards({ restrictedClassifications: ['pii', 'confidential'] }),
      ),
    ).toHaveLength(1);
  });
});

describe('NO_WILDCARDS', () => {
  it('fails a wildcard principal, the literal * resource and an empty prefix', () => {
    expect(NO_WILDCARDS.checkAcl!(acl({ principal: 'User:*' }), std)[0]).toMatchObject({ field: 'principal', value: 'User:*' });
    expect(NO_WILDCARDS.checkAcl!(acl({ resourceType: 'Group', resourceName: '*' }), std)[0]).toMatchObject({
      field: 'resourceName',
      value: 'Group:*',
    });
    expect(NO_WILDCARDS.checkAcl!(acl({ resourceType: 'Group', resourceName: '', patternType: 'Prefixed' }), std)[0].problem).toMatch(/empty prefix/);
  });

  it('fails a prefixed topic ACL on a prefix its principal does not own, not the domain’s own', () => {
    expect(NO_WILDCARDS.checkAcl!(acl({ resourceName: 'sales.', patternType: 'Prefixed' }), std)[0].problem).toMatch(
      /every topic starting with "sales\."/,
    );
    expect(
      NO_WILDCARDS.checkAcl!(acl({ principal: 'User:sales', resourceName: 'sales.', patternType: 'Prefixed', ownedPrefixes: ['sales.'] }), std),
    ).toEqual([]);
    expect(NO_WILDCARDS.checkAcl!(acl({ resourceType: 'Group', resourceName: 'marketing.', patternType: 'Prefixed' }), std)).toEqual([]);
  });
});

describe('ACL_BUDGET', () => {
  it('warns past the budget', () => {
    expect(ACL_BUDGET.level).toBe('warning');
    expect(ACL_BUDGET.checkDomain!(domain({ aclCount: 201 }), std)[0]).toMatchObject({ field: 'grants', value: 201 });
    expect(ACL_BUDGET.checkDomain!(domain({ aclCount: 200 }), std)).toEqual([]);
  });
});

describe('checkFacts', () => {
  it('applies levels, turns rules off, and uses each domain’s standards', () => {
    const facts = { products: [product({ partitions: 200 })], domains: [domain({ aclCount: 500 })] };
    const found = checkFacts(MESH_RULES, facts, { standards: std, levels: { ACL_BUDGET: 'error', PARTITION_BOUNDS: 'off' } });
    expect(found.map((f) => [f.rule, f.level, f.path])).toEqual([['ACL_BUDGET', 'error', 'sales/sales']]);
    const roomy = checkFacts(MESH_RULES, facts, {
      standards: std,
      standardsOf: () => standards({ partitions: { min: 1, max: 256 }, aclBudgetPerDomain: 1000 }),
    });
    expect(roomy).toEqual([]);
  });
});
