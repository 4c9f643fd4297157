import { spawn, spawnSync, SpawnSyncOptions } from 'child_process';
import { randomBytes } from 'crypto';
import * as net from 'net';
import * as fs from 'fs';
import * as path from 'path';
import { Kafka, logLevel, SASLOptions } from 'kafkajs';
import { parseEnvFile, triesAgain, withCluster } from '../../tools/deploy/deploy';

export const repo = path.resolve(__dirname, '..', '..');
/** The e2e cluster's own state directory, apart from a developer's `.local`. */
export const localDir = process.env.MESH_E2E_DIR ?? path.join(repo, '.local', 'e2e');

/** The cluster's environment (bootstrap, admin credentials, registry, toolchain). */
export function clusterEnv(): Record<string, string> {
  return parseEnvFile(path.join(localDir, 'cluster.env'));
}

/** A client logged in as the cluster's admin (SASL/PLAIN), for producing and reading in checks. */
export function adminKafka(clientId = 'e2e-admin'): Kafka {
  const env = clusterEnv();
  return new Kafka({
    clientId,
    brokers: env.KAFKA_BOOTSTRAP_SERVERS.split(','),
    sasl: { mechanism: 'plain', username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD },
    logLevel: logLevel.NOTHING,
  });
}

/** The admin API of {@link adminKafka}. */
export function adminClient(clientId = 'e2e-admin') {
  return adminKafka(clientId).admin();
}

/** A client logged in with SCRAM-SHA-512 as `user`, with its password from the local credentials. */
export function userClient(user: string, password?: string): Kafka {
  const env = clusterEnv();
  const pw = password ?? parseEnvFile(path.join(localDir, 'credentials.env'))[`TF_VAR_scram_password_${user.replace(/[^A-Za-z0-9]/g, '_')}`];
  if (!pw) throw new Error(`no local password for ${user} in ${localDir}/credentials.env`);
  const sasl: SASLOptions = { mechanism: 'scram-sha-512', username: user, password: pw };
  return new Kafka({
    clientId: `e2e-${user}`,
    brokers: env.KAFKA_BOOTSTRAP_SERVERS.split(','),
    sasl,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  });
}

export async function registry(pathname: string, init?: RequestInit, attempt = 1): Promise<{ status: number; body: any }> {
  let res: Response;
  try {
    res = await fetch(`${clusterEnv().SCHEMA_REGISTRY_URL}${pathname}`, {
      ...init,
      headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json', ...(init?.headers ?? {}) },
    });
  } catch (e) {
    // A kept-alive connection the registry closed while idle: one new attempt on a fresh one.
    if (attempt === 1) return registry(pathname, init, 2);
    throw e;
  }
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

/** Runs a command in the repo with the cluster's environment; returns status and output. */
export function sh(cmd: string, args: string[], extraEnv: Record<string, string> = {}, options: SpawnSyncOptions = {}) {
  const env = withCluster(localDir, extraEnv);
  const r = spawnSync(cmd, args, { cwd: repo, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return { status: r.status, output };
}

/**
 * `tofu <args>` (through {@link sh}), run again while it fails (exit 1) on one of the kafka
 * provider's transient errors, a broker connection it lost (docs/operations.md), as `npm run
 * deploy` does. Exit 2 of `plan -detailed-exitcode` (changes) is not a failure.
 */
export function runTofu(args: string[], extraEnv: Record<string, string> = {}, options: SpawnSyncOptions = {}) {
  let r = sh('tofu', args, extraEnv, options);
  for (let attempt = 1; r.status === 1 && triesAgain(attempt, r.output); attempt++) r = sh('tofu', args, extraEnv, options);
  return r;
}

/** Consumes up to `max` messages from `topic` as `kafka`'s user; returns them or the error. */
export async function consume(
  kafka: Kafka,
  topic: string,
  groupId: string,
  max = 1,
  timeoutMs = 15000,
): Promise<{ values: string[]; error?: string }> {
  const consumer = kafka.consumer({ groupId, retry: { retries: 1 } });
  const values: string[] = [];
  let running: Promise<void> | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, timeoutMs);
      consumer.on(consumer.events.CRASH, (e) => {
        clearTimeout(timer);
        reject(e.payload.error);
      });
      running = consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString() ?? '');
          if (values.length >= max) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
      running.catch(reject);
    });
    return { values };
  } catch (e) {
    return { values, error: `${(e as Error).name}: ${(e as Error).message}` };
  } finally {
    // A disconnect before run() has settled leaves its fetch loop running after the suite ends.
    await running?.catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
  }
}

/** Produces one keyed message to `topic` (compacted topics need keys); returns the error, if any. */
export async function produce(kafka: Kafka, topic: string, value: string, key = 'e2e'): Promise<string | undefined> {
  const producer = kafka.producer({ retry: { retries: 1 } });
  try {
    await producer.connect();
    await producer.send({ topic, messages: [{ key, value }] });
    return undefined;
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

export function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Sets a user's config with Kafka's own `kafka-configs` class as admin, e.g. `SCRAM-SHA-512=[password=...]`. */
export function kafkaConfigs(user: string, config: string): void {
  const env = clusterEnv();
  const r = spawnSync(
    'java',
    [
      '-cp',
      `${env.MESH_KAFKA_LIBS}/*`,
      'kafka.admin.ConfigCommand',
      '--bootstrap-server',
      env.KAFKA_BOOTSTRAP_SERVERS,
      '--command-config',
      env.MESH_KAFKA_ADMIN_CONFIG,
      '--alter',
      '--entity-type',
      'users',
      '--entity-name',
      user,
      '--add-config',
      config,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`kafka-configs for ${user} failed: ${r.stderr}`);
}

/**
 * Numbered messages to `topic`, each sent until acknowledged by all in-sync replicas (acks=all),
 * from `start()` until `stop()`: a fault only delays them (a new producer after each error).
 * `acked` holds the numbers acknowledged.
 */
export class AckedTraffic {
  public readonly acked = new Set<number>();
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly kafka: () => Kafka,
    private readonly topic: string,
  ) {}

  public start(): void {
    this.loop = this.run();
  }

  public async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let i = 0;
    while (!this.stopped) {
      const producer = this.kafka().producer({ retry: { retries: 3 } });
      try {
        await producer.connect();
        while (!this.stopped) {
          await producer.send({ topic: this.topic, acks: -1, messages: [{ key: String(i), value: String(i) }] });
          this.acked.add(i++);
          await sleep(50);
        }
      } catch {
        await sleep(500); // a broker is down: the same message again once it is back
      } finally {
        await producer.disconnect().catch(() => undefined);
      }
    }
  }
}

/** A free loopback port (the kernel picks it; closed again before use). */
async function freeLoopbackPort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throwaway single-node KRaft broker on loopback WITHOUT an authorizer (no
 * `authorizer.class.name`) and without SASL, from the same Kafka jars as the e2e cluster, with
 * its own data dir and ports under `dir`. `stop()` ends it by its pid and deletes `dir`.
 */
export async function brokerWithoutAuthorizer(dir: string): Promise<{ bootstrap: string; pid: number; stop: () => Promise<void> }> {
  const libs = clusterEnv().MESH_KAFKA_LIBS;
  if (!libs || !fs.existsSync(libs)) throw new Error(`no Kafka jars (MESH_KAFKA_LIBS=${libs}) in ${localDir}/cluster.env`);
  fs.mkdirSync(dir, { recursive: true });
  const broker = await freeLoopbackPort();
  const controller = await freeLoopbackPort();
  const props = path.join(dir, 'server.properties');
  fs.writeFileSync(
    props,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=PLAINTEXT://127.0.0.1:${broker},CONTROLLER://127.0.0.1:${controller}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${broker}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      '# no authorizer.class.name: what the test is about',
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      `log.dirs=${dir}/data`,
      `metadata.log.dir=${dir}/metadata`,
      'num.network.threads=1',
      'num.io.threads=1',
      'background.threads=1',
      '',
    ].join('\n'),
  );
  const java = ['-Xms128m', '-Xmx256m', '-XX:+UseSerialGC', `-Dkafka.logs.dir=${dir}/logs`, '-cp', `${libs}/*`];
  // A cluster id as Kafka writes one: 16 random bytes in URL-safe base64, passed as `--cluster-id=<id>`
  // (one id in 64 starts with "-", which the tool's argument parser would take for an option).
  const id = randomBytes(16).toString('base64url');
  const format = spawnSync('java', [...java, 'kafka.tools.StorageTool', 'format', `--cluster-id=${id}`, '-c', props], { encoding: 'utf8' });
  if (format.status !== 0) throw new Error(`formatting the throwaway broker failed: ${format.stderr}${format.stdout}`);
  const log = fs.openSync(path.join(dir, 'kafka.out'), 'a');
  const child = spawn('java', [...java, 'kafka.Kafka', props], { stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  const pid = child.pid!;
  child.unref();
  const stop = async () => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const bootstrap = `127.0.0.1:${broker}`;
  const admin = new Kafka({ clientId: 'e2e-bare', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.disconnect();
      break;
    } catch (e) {
      await admin.disconnect().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`the throwaway broker did not start: ${(e as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return { bootstrap, pid, stop };
}
