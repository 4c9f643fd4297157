import { cleanShops } from './shop';
import { compareShop, flagItems, section } from './helpers';

afterAll(() => cleanShops());

describe('kafka-mesh diff: topics', () => {
  it('says nothing changes for the same mesh, and passes', () => {
    const { diff, markdown, exitCode } = compareShop({});
    expect(diff.flags).toEqual([]);
    expect(exitCode).toBe(0);
    expect(markdown).toBe(
      [
        '<!-- kafka-mesh-diff -->',
        '## Kafka mesh diff',
        '',
        'Base `base`, head `head`. Nothing changes. No risk flags.',
        '',
        'Unchanged: `billing`, `marketing`, `platform`, `sales`.',
        '',
        '---',
        '',
        'This check passes (`--fail-on risk`).',
        '',
      ].join('\n'),
    );
  });

  it('shows a new data product with its topic settings, and raises no flag', () => {
    const { diff, markdown } = compareShop({}, { base: { returns: 'absent' } });
    expect(diff.flags).toEqual([]);
    expect(section(markdown, '#### `sales.returns`')).toBe(
      [
        '#### `sales.returns` (new, owner sales-team@example.com)',
        '',
        'Topic created: 3 partitions, 3 replicas, min.insync.replicas 2, protected.',
      ].join('\n'),
    );
  });

  it('flags a removed product as data loss, naming its readers, and notes that its protection stops the plan', () => {
    const { diff, markdown, exitCode } = compareShop({ returns: 'absent' });
    expect(exitCode).toBe(1);
    expect(diff.flags.map((f) => [f.id, f.category])).toEqual([['topic-removed:sales.returns', 'data-loss']]);
    expect(section(markdown, '#### `sales.returns`')).toBe(
      [
        '#### `sales.returns` (removed, owner sales-team@example.com)',
        '',
        'Flags: `topic-removed:sales.returns`',
        '',
        'Topic deleted: 3 partitions, 3 replicas, min.insync.replicas 2, protected.',
        '- It is protected (prevent_destroy): the plan fails until the product is decommissioned.',
      ].join('\n'),
    );
  });

  it('treats a decommission in the code as the acknowledgement of the deletion', () => {
    const { diff, markdown, exitCode } = compareShop({ returns: 'decommissioned' });
    expect(exitCode).toBe(0);
    expect(diff.flags[0]).toMatchObject({
      id: 'topic-removed:sales.returns',
      acknowledged: { by: 'code', reason: 'decommissioned in stack sales: returns are part of orders now' },
    });
    expect(flagItems(markdown)).toBe(
      [
        '- **Data loss** (topic deleted) `topic-removed:sales.returns`: sales.returns is decommissioned: the apply of stack sales deletes the topic and every record in it.',
        '  - Acknowledged (code): decommissioned in stack sales: returns are part of orders now.',
      ].join('\n'),
    );
  });

  it('flags a partition decrease as data loss and names the downstream consumers from the base catalog', () => {
    const { diff, markdown } = compareShop({ partitions: 3 });
    expect(diff.flags.map((f) => f.id)).toEqual(['partition-decrease:sales.orders']);
    expect(flagItems(markdown)).toBe(
      [
        "- **Data loss** (fewer partitions) `partition-decrease:sales.orders`: sales.orders goes from 6 to 3 partitions. Kafka cannot remove partitions, so the provider deletes the topic and creates it again: every record in it is lost and consumers' committed offsets point nowhere.",
        '  - Affects: User:analytics and domain marketing (User:marketing).',
      ].join('\n'),
    );
    expect(section(markdown, '#### `sales.orders`')).toBe(
      [
        '#### `sales.orders` (changed, owner sales-team@example.com)',
        '',
        'Flags: `partition-decrease:sales.orders`',
        '',
        'Topic:',
        '',
        '- partitions: 6 -> 3',
      ].join('\n'),
    );
  });

  it('notes what a partition increase does to keyed records, lists each config key, and flags a replication change as a risk', () => {
    const { diff, markdown } = compareShop({ partitions: 8, replicationFactor: 2, maxMessageBytes: 2_000_000 });
    expect(diff.flags.map((f) => [f.id, f.category])).toEqual([['replication-change:sales.orders', 'risk']]);
    expect(section(markdown, '#### `sales.orders`')).toBe(
      [
        '#### `sales.orders` (changed, owner sales-team@example.com)',
        '',
        'Flags: `replication-change:sales.orders`',
        '',
        'Topic:',
        '',
        '- partitions: 6 -> 8',
        '- replication factor: 3 -> 2',
        '- `max.message.bytes`: (not set) -> 2000000 (about 1.9 MiB)',
        '- Partitions grow from 6 to 8: records with a given key may go to another partition from now on, so per-key order holds only among records written after the change.',
      ].join('\n'),
    );
    expect(diff.flags[0].message).toContain('On brokers from Kafka 2.4 the provider reassigns the replicas in place');
    expect(diff.flags[0].message).toContain('With fewer copies, losing 2 brokers at once can lose records.');
  });

  it('flags a retention cut with the old and new retention in words', () => {
    const { diff } = compareShop({ retentionMs: 3_600_000 });
    expect(diff.flags.map((f) => f.id)).toEqual(['retention-cut:sales.orders']);
    expect(diff.flags[0].message).toBe(
      'sales.orders keeps records for 1 hour instead of 1 day (retention.ms 86400000 (1 day) -> 3600000 (1 hour)): once applied, Kafka deletes the records older than 1 hour.',
    );
  });

  it('flags a size limit where there was none as a retention cut, but not a longer retention', () => {
    expect(compareShop({ retentionBytes: 1_073_741_824 }).diff.flags[0].message).toBe(
      "sales.orders keeps at most 1 GiB per partition instead of no limit (the broker's default, unless the cluster sets another) (retention.bytes (not set) -> 1073741824 (1 GiB)): once applied, Kafka deletes the oldest records beyond that.",
    );
    expect(compareShop({ retentionMs: 172_800_000 }).diff.flags).toEqual([]);
  });

  it('flags cleanup.policy delete -> compact and compact -> delete, but not dropping compaction from compact,delete', () => {
    expect(compareShop({ cleanupPolicy: 'compact' }).diff.flags[0].message).toBe(
      'sales.orders: cleanup.policy delete (default) -> compact: compaction keeps only the latest record of each key, so older records of every key are deleted, and records without a key are refused.',
    );
    expect(compareShop({ cleanupPolicy: 'delete' }, { base: { cleanupPolicy: 'compact' } }).diff.flags[0].message).toBe(
      'sales.orders: cleanup.policy compact -> delete: records older than the retention (1 day) are deleted, even the latest record of a key that has not changed since, so the topic no longer holds the full state.',
    );
    const relaxed = compareShop({ cleanupPolicy: 'delete' }, { base: { cleanupPolicy: 'compact,delete' } });
    expect(relaxed.diff.flags).toEqual([]);
    expect(relaxed.diff.stacks[0].products[0].topicDiff?.notes).toEqual([
      'cleanup.policy compact,delete -> delete: no records are deleted by this change, but keys are no longer compacted, so the topic grows.',
    ]);
  });

  it('flags a topic that loses its protection', () => {
    const { diff, markdown } = compareShop({ removalPolicy: 'destroy' });
    expect(diff.flags.map((f) => [f.id, f.category])).toEqual([['topic-unprotected:sales.orders', 'data-loss']]);
    expect(section(markdown, '#### `sales.orders`')).toContain('- protection (prevent_destroy): on -> off');
  });

  it('flags a topic moving between two stacks as data loss, and the ACL move with the order to apply them', () => {
    const { diff, markdown } = compareShop({ billingStack: 'sales' });
    expect(diff.flags.map((f) => [f.id, f.category])).toEqual([['topic-moved:billing.invoices', 'data-loss']]);
    expect(diff.flags[0].message).toBe(
      "billing.invoices moves from stack billing to stack sales: billing's apply deletes the topic and every record in it, and sales's creates an empty one, unless its state is moved between the stacks first.",
    );
    expect(section(section(markdown, '### Stack `sales`'), '#### Principals')).toContain(
      "- domain billing (User:billing) keeps Read and Write on every topic starting with billing., but the ACLs move from stack billing to stack sales: apply billing before sales, or billing's apply deletes the ACLs sales just created.",
    );
  });

  it('explains that a stack leaving the app is no longer applied: its topics stay, unmanaged', () => {
    const { diff, markdown } = compareShop({ billingStack: 'sales-only' });
    expect(diff.flags.map((f) => [f.id, f.category])).toEqual([['topic-moved:billing.invoices', 'risk']]);
    expect(diff.flags[0].message).toContain(
      "the topic exists, so sales's apply fails to create it until it is imported into sales's state (tofu import)",
    );
    expect(markdown).toContain(
      '### Stack `billing`: domain billing (owner billing-team@example.com) (leaves the app: no longer applied, so what it created stays in Kafka unmanaged)',
    );
  });

  it('notices when a stack is pointed at other brokers', () => {
    const { diff, markdown } = compareShop({ bootstrapServers: ['kafka-2.internal:9092'] });
    expect(diff.flags).toEqual([]);
    expect(diff.stacks.map((s) => s.stack)).toEqual(['billing', 'marketing', 'platform', 'sales']);
    expect(section(markdown, '### Stack `sales`')).toBe(
      [
        '### Stack `sales`: domain sales (owner sales-team@example.com)',
        '',
        '#### Other resources and providers',
        '',
        '- The settings of `provider.kafka` change: check that the stack still reaches the same cluster or registry (another one means everything is planned anew there).',
      ].join('\n'),
    );
  });
});
