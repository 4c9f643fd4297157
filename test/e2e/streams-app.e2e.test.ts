import { Kafka } from 'kafkajs';
import { AclProbe, attempt } from './acl-probe';
import { produce, sh } from './cluster';

/**
 * The ACLs StreamsApp derives, against a real broker (Kafka 3.9, StandardAuthorizer): the example
 * mesh's order processor (`sales.processOrder`, exactly once, principal
 * `User:sales-order-processor`) can do what a Kafka Streams app does, and nothing more.
 * Deploys the platform and sales stacks with `npm run deploy` (OpenTofu and the real providers).
 */
const APP = 'sales.processOrder';
const USER = 'sales-order-processor';
const changelog = `${APP}-KSTREAM-AGGREGATE-STATE-STORE-0000000003-changelog`;
let probe: AclProbe;
let kafka: Kafka;

beforeAll(() => {
  const r = sh('npm', ['run', '-s', 'deploy', '--', 'platform', 'sales']);
  if (r.status !== 0) throw new Error(`npm run deploy platform sales failed (exit ${r.status}):\n${r.output.slice(-6000)}`);
  probe = new AclProbe(USER);
  kafka = probe.kafka;
});

const joinGroup = (groupId: string) => probe.joinGroup(groupId, 'sales.orders');
const asAdmin = <T>(fn: (admin: ReturnType<Kafka['admin']>) => Promise<T>) => probe.asAdmin(fn);
const transactional = (transactionalId: string, topic: string) => probe.transactional(transactionalId, topic, '{"orderId":"o-1"}');

describe('a Kafka Streams app principal', () => {
  it('creates, writes, purges and deletes its internal topics', async () => {
    expect(
      await attempt(() => asAdmin((a) => a.createTopics({ topics: [{ topic: changelog, numPartitions: 1, replicationFactor: 1 }] }))),
    ).toBeUndefined();
    expect(await produce(kafka, changelog, '{"count":1}')).toBeUndefined();
    const purge = (a: ReturnType<Kafka['admin']>) =>
      a
        .fetchTopicMetadata({ topics: [changelog] })
        .then(() => a.deleteTopicRecords({ topic: changelog, partitions: [{ partition: 0, offset: '-1' }] }));
    expect(await attempt(() => asAdmin(purge))).toBeUndefined();
    expect(await attempt(() => asAdmin((a) => a.deleteTopics({ topics: [changelog] })))).toBeUndefined();
  });

  it('reads its input in its own consumer group', async () => {
    expect(await joinGroup(APP)).toBeUndefined();
  });

  it('writes its output, also in transactions under its transactional-id prefix', async () => {
    expect(await produce(kafka, 'sales.processed_orders', '{"orderId":"o-1"}')).toBeUndefined();
    expect(await transactional(`${APP}-e2e-process-1`, 'sales.processed_orders')).toBeUndefined();
  });

  it('creates no topic outside its prefix, not even one that starts with the application id', async () => {
    expect(
      await attempt(() => asAdmin((a) => a.createTopics({ topics: [{ topic: 'sales.not-mine', numPartitions: 1, replicationFactor: 1 }] }))),
    ).toMatch(/authoriz/i);
    expect(await attempt(() => asAdmin((a) => a.createTopics({ topics: [{ topic: `${APP}X`, numPartitions: 1, replicationFactor: 1 }] })))).toMatch(
      /authoriz/i,
    );
  });

  it('does not write its input', async () => {
    expect(await produce(kafka, 'sales.orders', '{"orderId":"x"}')).toMatch(/authoriz/i);
  });

  // kafkajs reports a coordinator it may not use as one it cannot find; the broker's answer to
  // FindCoordinator, in the client's log, says why. The app's own group and transactional ids
  // work (tests above), so the coordinators are up.
  it('does not use another consumer group', async () => {
    probe.seen.length = 0;
    expect(await joinGroup('sales.other-group')).toMatch(/GroupCoordinatorNotFound|authoriz/i);
    expect(probe.seen).toContain('GROUP_AUTHORIZATION_FAILED');
  });

  it('does not use another transactional id', async () => {
    probe.seen.length = 0;
    expect(await transactional('someone-else-1', 'sales.processed_orders')).toMatch(/GroupCoordinatorNotFound|authoriz/i);
    expect(probe.seen).toContain('TRANSACTIONAL_ID_AUTHORIZATION_FAILED');
  });

  it('does not change the configs of its internal topics', async () => {
    await asAdmin((a) => a.createTopics({ topics: [{ topic: changelog, numPartitions: 1, replicationFactor: 1 }] }));
    try {
      const err = await attempt(() =>
        asAdmin((a) =>
          a.alterConfigs({
            validateOnly: false,
            resources: [{ type: 2, name: changelog, configEntries: [{ name: 'retention.ms', value: '1000' }] }],
          }),
        ),
      );
      expect(err).toMatch(/authoriz/i);
    } finally {
      await asAdmin((a) => a.deleteTopics({ topics: [changelog] }));
    }
  });
});
