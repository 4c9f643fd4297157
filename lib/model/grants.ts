/**
 * Kafka ACLs as plain data, and the exact sets each kind of grant creates.
 *
 * Kafka semantics worth knowing: Read, Write, Delete and Alter on a resource imply Describe;
 * the mesh still writes Describe explicitly so that a reviewer sees the whole grant.
 */
export type AclOperation =
  | 'All' | 'Read' | 'Write' | 'Create' | 'Delete' | 'Alter' | 'Describe'
  | 'ClusterAction' | 'DescribeConfigs' | 'AlterConfigs' | 'IdempotentWrite';
export type AclResourceType = 'Topic' | 'Group' | 'Cluster' | 'TransactionalID';
export type AclPatternType = 'Literal' | 'Prefixed';
export type AclPermission = 'Allow' | 'Deny';

/** The resource name Kafka uses for the cluster resource. */
export const CLUSTER_RESOURCE = 'kafka-cluster';

export interface AclSpec {
  readonly principal: string;
  readonly operation: AclOperation;
  readonly resourceType: AclResourceType;
  readonly resourceName: string;
  readonly patternType: AclPatternType;
  readonly permission: AclPermission;
  /** Host the ACL applies to; always `*` (any host) in the mesh. */
  readonly host: string;
}

/**
 * The stable, readable key of an ACL, used as its Terraform address:
 * `kafka_acl.acl["User:marketing Read Topic:sales.orders"]`. A prefixed pattern ends in `*`;
 * a deny ACL starts with `DENY`.
 */
export function aclKey(acl: AclSpec): string {
  const name = acl.patternType === 'Prefixed' ? `${acl.resourceName}*` : acl.resourceName;
  const deny = acl.permission === 'Deny' ? 'DENY ' : '';
  return `${deny}${acl.principal} ${acl.operation} ${acl.resourceType}:${name}`;
}

export function allow(
  principal: string,
  operation: AclOperation,
  resourceType: AclResourceType,
  resourceName: string,
  patternType: AclPatternType = 'Literal',
): AclSpec {
  return { principal, operation, resourceType, resourceName, patternType, permission: 'Allow', host: '*' };
}

/** True when `a` is already granted by the prefixed ACL `b` (same principal, operation, type). */
export function coveredBy(a: AclSpec, b: AclSpec): boolean {
  return (
    b.patternType === 'Prefixed' &&
    a !== b &&
    a.principal === b.principal &&
    a.operation === b.operation &&
    a.resourceType === b.resourceType &&
    a.permission === b.permission &&
    a.host === b.host &&
    a.resourceName.startsWith(b.resourceName) &&
    !(a.patternType === 'Prefixed' && a.resourceName === b.resourceName)
  );
}

/**
 * `grantRead`: Read and Describe on the topic (literal), Read on the consumer's groups
 * (prefixed on its group prefix, or literal on one named group).
 */
export function readAcls(principal: string, topic: string, group: { prefix: string } | { name: string }): AclSpec[] {
  return [
    allow(principal, 'Read', 'Topic', topic),
    allow(principal, 'Describe', 'Topic', topic),
    'prefix' in group
      ? allow(principal, 'Read', 'Group', group.prefix, 'Prefixed')
      : allow(principal, 'Read', 'Group', group.name),
  ];
}

/**
 * `grantWrite`: Write and Describe on the topic (literal), IdempotentWrite on the cluster (what
 * an idempotent producer needs on brokers before Kafka 3.0; later brokers imply it from Write),
 * and, for transactional producers, Write and Describe on the transactional-id prefix.
 */
export function writeAcls(principal: string, topic: string, transactionalIdPrefix?: string): AclSpec[] {
  const acls = [
    allow(principal, 'Write', 'Topic', topic),
    allow(principal, 'Describe', 'Topic', topic),
    allow(principal, 'IdempotentWrite', 'Cluster', CLUSTER_RESOURCE),
  ];
  if (transactionalIdPrefix) {
    acls.push(
      allow(principal, 'Write', 'TransactionalID', transactionalIdPrefix, 'Prefixed'),
      allow(principal, 'Describe', 'TransactionalID', transactionalIdPrefix, 'Prefixed'),
    );
  }
  return acls;
}

/**
 * What a domain's own principal gets on its prefix: produce to and consume from every topic
 * under `<domain>.`, and use every consumer group under `<domain>.`.
 */
export function ownerAcls(principal: string, topicPrefix: string, groupPrefix: string): AclSpec[] {
  return [
    allow(principal, 'Read', 'Topic', topicPrefix, 'Prefixed'),
    allow(principal, 'Write', 'Topic', topicPrefix, 'Prefixed'),
    allow(principal, 'Describe', 'Topic', topicPrefix, 'Prefixed'),
    ...principalAcls(principal, groupPrefix),
  ];
}

/**
 * A principal's own ACLs, independent of any topic: Read on its consumer groups (PREFIXED) and
 * IdempotentWrite on the cluster. Written once, in the stack that declares the principal.
 */
export function principalAcls(principal: string, groupPrefix: string): AclSpec[] {
  return [allow(principal, 'Read', 'Group', groupPrefix, 'Prefixed'), allow(principal, 'IdempotentWrite', 'Cluster', CLUSTER_RESOURCE)];
}
