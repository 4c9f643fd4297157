import { AclFacts, DEFAULT_STANDARDS, DomainFacts, ProductFacts, RawTopicFacts, Standards } from '../../lib';

/** A product that passes every rule under the default standards; tests change one thing at a time. */
export function product(overrides: Partial<ProductFacts> = {}): ProductFacts {
  return {
    path: 'sales/sales/orders',
    stack: 'sales',
    topic: 'sales.orders',
    kind: 'product',
    domain: 'sales',
    domainStack: 'sales',
    entity: 'orders',
    description: 'Orders placed in the web shop, one record per order',
    owner: 'sales-team@example.com',
    classification: 'internal',
    partitions: 6,
    replicationFactor: 3,
    minInsyncReplicas: 2,
    config: { 'min.insync.replicas': '2', 'retention.ms': '86400000' },
    hasValueSchema: true,
    hasKeySchema: false,
    compatibility: 'BACKWARD',
    grants: [],
    ...overrides,
  };
}

export function domain(overrides: Partial<DomainFacts> = {}): DomainFacts {
  return {
    path: 'sales/sales',
    stack: 'sales',
    name: 'sales',
    owner: 'sales-team@example.com',
    contact: '#sales-data',
    principal: 'User:sales',
    topicPrefix: 'sales.',
    aclCount: 10,
    ...overrides,
  };
}

export function acl(overrides: Partial<AclFacts> = {}): AclFacts {
  return {
    path: 'sales/sales/orders',
    principal: 'User:marketing',
    operation: 'Read',
    resourceType: 'Topic',
    resourceName: 'sales.orders',
    patternType: 'Literal',
    ownedPrefixes: ['marketing.'],
    ...overrides,
  };
}

export function rawTopic(overrides: Partial<RawTopicFacts> = {}): RawTopicFacts {
  return { path: 'sales/legacy', stack: 'sales', name: 'sales.legacy', stackPrefixes: ['sales.'], ...overrides };
}

export const external = (principal: string, access: 'read' | 'write' = 'read') => ({ principal, access, external: true });

export function standards(overrides: Partial<Standards> = {}): Standards {
  return { ...DEFAULT_STANDARDS, ...overrides };
}
