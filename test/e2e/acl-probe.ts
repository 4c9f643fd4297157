import * as path from 'path';
import { Kafka, logLevel } from 'kafkajs';
import { parseEnvFile } from '../../tools/deploy/deploy';
import { clusterEnv, localDir } from './cluster';

/** A kafkajs error with its causes (aggregate errors, retried errors, protocol error types). */
export function explain(e: unknown): string {
  const err = e as Error & { type?: string; originalError?: unknown; errors?: unknown[] };
  const parts = [`${err.name}: ${err.message}${err.type ? ` (${err.type})` : ''}`];
  if (err.originalError) parts.push(explain(err.originalError));
  for (const inner of err.errors ?? []) parts.push(explain(inner));
  return parts.join(' / ');
}

/** Runs `fn`; returns the error explained, or undefined when it succeeds. */
export async function attempt(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
    return undefined;
  } catch (e) {
    return explain(e);
  }
}

/**
 * A Kafka client logged in (SCRAM-SHA-512, the deploy's local password) as one application
 * principal, to probe on the real broker what its ACLs allow. `seen` collects the Kafka error
 * codes from the client's debug log (kafkajs retries and wraps some).
 */
export class AclProbe {
  public readonly kafka: Kafka;
  public readonly seen: string[] = [];

  constructor(public readonly user: string) {
    const creds = parseEnvFile(path.join(localDir, 'credentials.env'));
    const password = creds[`TF_VAR_scram_password_${user.replace(/[^A-Za-z0-9]/g, '_')}`];
    if (!password) throw new Error(`no password for ${user} in ${localDir}/credentials.env`);
    this.kafka = new Kafka({
      clientId: `e2e-${user}`,
      brokers: clusterEnv().KAFKA_BOOTSTRAP_SERVERS.split(','),
      sasl: { mechanism: 'scram-sha-512', username: user, password },
      retry: { retries: 2 },
      logLevel: logLevel.DEBUG,
      logCreator: () => (entry) => {
        const type = (entry.log as { error?: { type?: string } }).error?.type;
        if (type) this.seen.push(type);
      },
    });
  }

  /** Joins `groupId` consuming `topic`; undefined once joined, else the error. */
  public async joinGroup(groupId: string, topic: string): Promise<string | undefined> {
    // A fresh broker loads its group coordinator for a moment: retry that, not authorization.
    // No restart after a crash: the probe ends with it.
    const consumer = this.kafka.consumer({ groupId, retry: { retries: 8, restartOnFailure: async () => false } });
    let running: Promise<void> | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
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

  /** Commits offset 0 of `topic`'s partition 0 in `groupId` through the admin API. */
  public commitOffset(groupId: string, topic: string): Promise<string | undefined> {
    return attempt(() => this.asAdmin((a) => a.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '0' }] })));
  }

  public async asAdmin<T>(fn: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.disconnect();
    }
  }

  /** Writes one record to `topic` in a committed transaction under `transactionalId`. */
  public async transactional(transactionalId: string, topic: string, value = '{"e2e":true}'): Promise<string | undefined> {
    const producer = this.kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, retry: { retries: 1 } });
    try {
      await producer.connect();
      const txn = await producer.transaction();
      await txn.send({ topic, messages: [{ key: 'e2e', value }] });
      await txn.commit();
      return undefined;
    } catch (e) {
      return explain(e);
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  }

  /** Creates `topic` (one partition, one replica). */
  public createTopic(topic: string): Promise<string | undefined> {
    return attempt(() =>
      this.asAdmin((a) =>
        a.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] }).then((created) => {
          if (!created) throw new Error(`${topic} already existed`);
        }),
      ),
    );
  }
}
