import { allow, beforeKafka3, impliedBy, withoutImplied } from '../lib/model/grants';
import { AccessSide, diffAccess } from '../lib/diff/access';
import { aclKey, AclSpec } from '../lib/model/grants';

/** Kafka's authorizer: Read/Write/Delete/Alter imply Describe; Write on a topic implies IdempotentWrite (3.0+). */
describe('ACLs the broker implies', () => {
  const read = allow('User:m', 'Read', 'Topic', 'sales.orders');
  const describe = allow('User:m', 'Describe', 'Topic', 'sales.orders');

  it('leaves out Describe next to Read on the same topic, naming the ACL that implies it', () => {
    expect(impliedBy(describe, [read, describe])).toBe('User:m Read Topic:sales.orders');
    expect(withoutImplied([read, describe].map((acl) => ({ acl })))).toEqual([{ acl: read }]);
  });

  it('leaves out a literal Describe covered by a prefixed Write, and a prefixed Describe beside a prefixed Read', () => {
    expect(impliedBy(describe, [allow('User:m', 'Write', 'Topic', 'sales.', 'Prefixed')])).toBe('User:m Write Topic:sales.*');
    const prefixedDescribe = allow('User:m', 'Describe', 'Topic', 'sales.', 'Prefixed');
    expect(impliedBy(prefixedDescribe, [allow('User:m', 'Read', 'Topic', 'sales.', 'Prefixed')])).toBe('User:m Read Topic:sales.*');
  });

  it('keeps Describe where nothing implies it: another principal, another topic, a literal Read under a prefixed Describe, Create', () => {
    expect(impliedBy(describe, [allow('User:x', 'Read', 'Topic', 'sales.orders')])).toBeUndefined();
    expect(impliedBy(describe, [allow('User:m', 'Read', 'Topic', 'sales.returns')])).toBeUndefined();
    expect(impliedBy(allow('User:m', 'Describe', 'Topic', 'sales.', 'Prefixed'), [read])).toBeUndefined();
    expect(impliedBy(describe, [allow('User:m', 'Create', 'Topic', 'sales.orders')])).toBeUndefined();
    expect(impliedBy(describe, [allow('User:m', 'Read', 'Group', 'sales.orders')])).toBeUndefined();
  });

  it('leaves out IdempotentWrite from Kafka 3.0 on, and keeps it for older brokers', () => {
    const idem = allow('User:m', 'IdempotentWrite', 'Cluster', 'kafka-cluster');
    expect(impliedBy(idem, [])).toMatch(/KIP-679/);
    expect(impliedBy(idem, [], true)).toBeUndefined();
    expect(beforeKafka3(undefined)).toBe(false);
    expect(beforeKafka3('3.9.0')).toBe(false);
    expect(beforeKafka3('2.8.2')).toBe(true);
  });
});

describe('kafka-mesh diff across the switch to implied ACLs', () => {
  const side = (specs: AclSpec[]): AccessSide => ({ acls: new Map(specs.map((spec) => [aclKey(spec), { spec, stacks: ['sales'] }])) });
  const ctx = { who: (p: string) => p, principalAndApps: (p: string) => [p] } as any;
  const before = [
    allow('User:m', 'Read', 'Topic', 'sales.orders'),
    allow('User:m', 'Describe', 'Topic', 'sales.orders'),
    allow('User:s', 'Write', 'Topic', 'sales.orders'),
    allow('User:s', 'Describe', 'Topic', 'sales.orders'),
    allow('User:s', 'IdempotentWrite', 'Cluster', 'kafka-cluster'),
  ];

  it('shows no access change when only implied ACLs go', () => {
    expect(
      diffAccess(side(before), side(before.filter((a) => a.operation !== 'Describe' && a.operation !== 'IdempotentWrite')), ctx, new Set()),
    ).toEqual([]);
  });

  it('still shows the loss when the implying ACL goes too', () => {
    const changes = diffAccess(side(before), side(before.filter((a) => a.principal !== 'User:m')), ctx, new Set());
    expect(changes.map((c) => c.change.words)).toEqual(['can no longer read topic sales.orders']);
    expect(changes[0].flag?.kind).toBe('access-lost');
  });
});
