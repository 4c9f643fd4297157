/**
 * Kafka ACLs as plain data, and the exact sets each kind of grant creates.
 *
 * Kafka semantics the emitter relies on (see {@link withoutImplied}): Read, Write, Delete and
 * Alter on a resource imply Describe on it, and since Kafka 3.0 (KIP-679) Write on any topic
 * implies IdempotentWrite on the cluster. The builders below return the whole grant as a reviewer
 * reads it; the Terraform writer leaves out the ACLs the broker implies.
 */
export type AclOperation =
  'All' | 'Read' | 'Write' | 'Create' | 'Delete' | 'Alter' | 'Describe' | 'ClusterAction' | 'DescribeConfigs' | 'AlterConfigs' | 'IdempotentWrite';
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
  // Joined, not concatenated: a concatenation is a chain of pieces in V8, and these keys are kept
  // (a few per product) as map keys, where the chain and a flat copy would both stay.
  return [`${deny}${acl.principal}`, acl.operation, `${acl.resourceType}:${name}`].join(' ');
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
    'prefix' in group ? allow(principal, 'Read', 'Group', group.prefix, 'Prefixed') : allow(principal, 'Read', 'Group', group.name),
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
 * What a domain's own principal gets on a topic it owns outside its prefix (one adopted under
 * the name it had before the mesh): the topic-level half of {@link ownerAcls}, LITERAL.
 */
export function ownerTopicAcls(principal: string, topic: string): AclSpec[] {
  return ownerAcls(principal, topic, '')
    .filter((a) => a.resourceType === 'Topic')
    .map((a) => ({ ...a, patternType: 'Literal' as const }));
}

/**
 * A principal's own ACLs, independent of any topic: Read on its consumer groups (PREFIXED) and
 * IdempotentWrite on the cluster. Written once, in the stack that declares the principal.
 */
export function principalAcls(principal: string, groupPrefix: string): AclSpec[] {
  return [allow(principal, 'Read', 'Group', groupPrefix, 'Prefixed'), allow(principal, 'IdempotentWrite', 'Cluster', CLUSTER_RESOURCE)];
}

/**
 * Whether `acl` has the shape of a principal's own ACL ({@link principalAcls}): Read on a group,
 * or IdempotentWrite on the cluster. Only such an ACL can be one that exactly one stack writes.
 */
export function hasPrincipalAclShape(acl: AclSpec): boolean {
  return (acl.resourceType === 'Cluster' && acl.operation === 'IdempotentWrite') || (acl.resourceType === 'Group' && acl.operation === 'Read');
}

/** Operations whose ACL makes the broker allow Describe on the same resource. */
const IMPLIES_DESCRIBE: ReadonlySet<AclOperation> = new Set(['Read', 'Write', 'Delete', 'Alter']);

/** True when the broker's version is known to be before 3.0 (`x.y.z`, x < 3). */
export function beforeKafka3(kafkaVersion: string | undefined): boolean {
  return kafkaVersion !== undefined && Number(kafkaVersion.split('.')[0]) < 3;
}

/**
 * Why the broker already allows `acl` given the other ACLs written with it, or undefined when it
 * must be written:
 * - Describe on a resource is implied by Read, Write, Delete or Alter of the same principal on
 *   the same resource (the same literal name, or a prefixed pattern covering it);
 * - IdempotentWrite on the cluster is implied by Write on any topic since Kafka 3.0 (KIP-679),
 *   and a principal that may write no topic produces nothing, so it is left out unless the
 *   broker is older (`olderThanKafka3`).
 */
export function impliedBy(acl: AclSpec, written: readonly AclSpec[], olderThanKafka3 = false): string | undefined {
  if (acl.permission !== 'Allow') return undefined;
  if (acl.operation === 'IdempotentWrite' && acl.resourceType === 'Cluster') {
    return olderThanKafka3 ? undefined : 'Write on a topic (Kafka 3.0 and later, KIP-679)';
  }
  if (acl.operation !== 'Describe') return undefined;
  const by = written.find(
    (b) =>
      b !== acl &&
      IMPLIES_DESCRIBE.has(b.operation) &&
      b.permission === 'Allow' &&
      b.principal === acl.principal &&
      b.resourceType === acl.resourceType &&
      b.host === acl.host &&
      (b.patternType === acl.patternType
        ? b.resourceName === acl.resourceName
        : b.patternType === 'Prefixed' && acl.resourceName.startsWith(b.resourceName)),
  );
  return by ? aclKey(by) : undefined;
}

/** `acls` without those the broker implies from the others ({@link impliedBy}). */
export function withoutImplied<T extends { acl: AclSpec }>(entries: readonly T[], olderThanKafka3 = false): T[] {
  const acls = entries.map((e) => e.acl);
  return entries.filter((e) => impliedBy(e.acl, acls, olderThanKafka3) === undefined);
}
