import * as path from 'path';
import { Kafka, logLevel } from 'kafkajs';
import { parseEnvFile } from '../../tools/deploy/deploy';
import { clusterEnv, localDir, produce, sh } from './cluster';

/**
 * The ACLs StreamsApp derives, against a real broker (Kafka 3.9, StandardAuthorizer): the example
 * mesh's order processor (`sales.processOrder`, exactly once, principal
 * `User:sales-order-processor`) can do what a Kafka Streams app does, and nothing more.
 * Deploys the platform and sales stacks with `npm run deploy` (OpenTofu and the real providers).
 */
const APP = 'sales.processOrder';
const USER = 'sales-order-processor';
const changelog = `${APP}-KSTREAM-AGGREGATE-STATE-STORE-0000000003-changelog`;
let kafka: Kafka;
/** Kafka error codes the client saw, from its debug log (kafkajs retries and wraps some). */
const seen: string[] = [];

/** The app's principal, with its SCRAM password from the deploy's credentials; its log feeds `seen`. */
function appClient(): Kafka {
  const creds = parseEnvFile(path.join(localDir, 'credentials.env'));
  const password = creds[`TF_VAR_scram_password_${USER.replace(/[^A-Za-z0-9]/g, '_')}`];
  if (!password) throw new Error(`no password for ${USER} in ${localDir}/credentials.env`);
  return new Kafka({
    clientId: 'e2e-streams-app',
    brokers: clusterEnv().KAFKA_BOOTSTRAP_SERVERS.split(','),
    sasl: { mechanism: 'scram-sha-512', username: USER, password },
    retry: { retries: 2 },
    logLevel: logLevel.DEBUG,
    logCreator: () => (entry) => {
      const type = (entry.log as { error?: { type?: string } }).error?.type;
      if (type) seen.push(type);
    },
  });
}

beforeAll(() => {
  const r = sh('npm', ['run', '-s', 'deploy', '--', 'platform', 'sales']);
  if (r.status !== 0) throw new Error(`npm run deploy platform sales failed (exit ${r.status}):\n${r.output.slice(-6000)}`);
  kafka = appClient();
});

/** A kafkajs error with its causes (aggregate errors, retried errors, protocol error types). */
function explain(e: unknown): string {
  const err = e as Error & { type?: string; originalError?: unknown; errors?: unknown[] };
  const parts = [`${err.name}: ${err.message}${err.type ? ` (${err.type})` : ''}`];
  if (err.originalError) parts.push(explain(err.originalError));
  for (const inner of err.errors ?? []) parts.push(explain(inner));
  return parts.join(' / ');
}

/** Runs `fn`; returns the error explained, or undefined when it succeeds. */
async function attempt(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
    return undefined;
  } catch (e) {
    return explain(e);
  }
}

/** Joins `groupId` consuming sales.orders; undefined once joined, else the error. */
async function joinGroup(groupId: string): Promise<string | undefined> {
  // A fresh broker loads its group coordinator for a moment: retry that, not authorization.
  // No restart after a crash: the probe ends with it.
  const consumer = kafka.consumer({ groupId, retry: { retries: 8, restartOnFailure: async () => false } });
  let running: Promise<void> | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: 'sales.orders', fromBeginning: true });
    return await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve('timed out before joining'), 30000);
      const done = (result: string | undefined) => {
        clearTimeout(timer);
        resolve(result);
      };
      consumer.on(consumer.events.GROUP_JOIN, () => done(undefined));
      consumer.on(consumer.events.CRASH, (ev) => done(explain(ev.payload.error)));
      running = consumer.run({ eachMessage: async () => undefined });
      running.catch((e) => done(explain(e)));
    });
  } catch (e) {
    return explain(e);
  } finally {
    // Stop only once the runner has started, or it keeps heartbeating after the disconnect.
    await running?.catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
  }
}

async function asAdmin<T>(fn: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

async function transactional(transactionalId: string, topic: string): Promise<string | undefined> {
  const producer = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, retry: { retries: 1 } });
  try {
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic, messages: [{ key: 'e2e', value: '{"orderId":"o-1"}' }] });
    await txn.commit();
    return undefined;
  } catch (e) {
    return explain(e);
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

describe('a Kafka Streams app principal', () => {
  it('creates, writes, purges and deletes its internal topics', async () => {
    expect(await attempt(() => asAdmin((a) => a.createTopics({ topics: [{ topic: changelog, numPartitions: 1, replicationFactor: 1 }] })))).toBeUndefined();
    expect(await produce(kafka, changelog, '{"count":1}')).toBeUndefined();
    const purge = (a: ReturnType<Kafka['admin']>) => a.fetchTopicMetadata({ topics: [changelog] }).then(() => a.deleteTopicRecords({ topic: changelog, partitions: [{ partition: 0, offset: '-1' }] }));
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
    expect(await attempt(() => asAdmin((a) => a.createTopics({ topics: [{ topic: 'sales.not-mine', numPartitions: 1, replicationFactor: 1 }] })))).toMatch(/authoriz/i);
    expect(await attempt(() => asAdmin((a) => a.createTopics({ topics: [{ topic: `${APP}X`, numPartitions: 1, replicationFactor: 1 }] })))).toMatch(/authoriz/i);
  });

  it('does not write its input', async () => {
    expect(await produce(kafka, 'sales.orders', '{"orderId":"x"}')).toMatch(/authoriz/i);
  });

  // kafkajs reports a coordinator it may not use as one it cannot find; the broker's answer to
  // FindCoordinator, in the client's log, says why. The app's own group and transactional ids
  // work (tests above), so the coordinators are up.
  it('does not use another consumer group', async () => {
    seen.length = 0;
    expect(await joinGroup('sales.other-group')).toMatch(/GroupCoordinatorNotFound|authoriz/i);
    expect(seen).toContain('GROUP_AUTHORIZATION_FAILED');
  });

  it('does not use another transactional id', async () => {
    seen.length = 0;
    expect(await transactional('someone-else-1', 'sales.processed_orders')).toMatch(/GroupCoordinatorNotFound|authoriz/i);
    expect(seen).toContain('TRANSACTIONAL_ID_AUTHORIZATION_FAILED');
  });

  it('does not change the configs of its internal topics', async () => {
    await asAdmin((a) => a.createTopics({ topics: [{ topic: changelog, numPartitions: 1, replicationFactor: 1 }] }));
    try {
      const err = await attempt(() => asAdmin((a) => a.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: changelog, configEntries: [{ name: 'retention.ms', value: '1000' }] }] })));
      expect(err).toMatch(/authoriz/i);
    } finally {
      await asAdmin((a) => a.deleteTopics({ topics: [changelog] }));
    }
  });
});
