import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Kafka, logLevel } from 'kafkajs';
import { AckedTraffic, repo, runTofu } from './cluster';
import { parseEnvFile, withCluster } from '../../tools/deploy/deploy';

/**
 * Three brokers (`tools/local/up.sh --brokers 3`, a state dir of its own): a small mesh deployed
 * uncapped (replication factor 3, min.insync.replicas 2), one broker SIGKILLed during an apply;
 * the plain `npm run deploy` converges (it starts the killed broker again) and plans clean, and a
 * producer with acks=all writing throughout loses no acknowledged message. Stops its cluster.
 */
const dir = path.join(repo, '.local', 'e2e-3b');
const stateDir = path.join(dir, 'state');
const DOMAINS = 2;
const PRODUCTS = 15;
const stacks = Array.from({ length: DOMAINS }, (_, d) => `bench-d${d}`);
const meshTopics = stacks.flatMap((s) => Array.from({ length: PRODUCTS }, (_, p) => `${s}.p${p}`));
const TRAFFIC = 'e2e-3b.traffic';
const deployEnv = {
  MESH_LOCAL_DIR: dir,
  MESH_DEPLOY_APP: 'bench/fixtures/synthetic-mesh.ts',
  BENCH_DOMAINS: String(DOMAINS),
  BENCH_PRODUCTS: String(PRODUCTS),
  BENCH_REPLICATION_FACTOR: '3',
  BENCH_MIN_INSYNC_REPLICAS: '2',
  MESH_STATE_DIR: stateDir,
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (t0: number) => ((Date.now() - t0) / 1000).toFixed(1);
const figures: string[] = [];

function kafka(clientId: string): Kafka {
  const env = parseEnvFile(path.join(dir, 'cluster.env'));
  return new Kafka({
    clientId,
    brokers: env.KAFKA_BOOTSTRAP_SERVERS.split(','),
    sasl: { mechanism: 'plain', username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD },
    logLevel: logLevel.NOTHING,
  });
}

function deployAsync(): Promise<{ status: number | null; output: string }> {
  const child = spawn('npm', ['run', '-s', 'deploy'], { cwd: repo, env: withCluster(dir, deployEnv) });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, output })));
}

function cleanPlan(stack: string): string {
  // Run again past the kafka provider's transient errors, as npm run deploy does (runTofu).
  const r = runTofu(
    ['plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock=false'],
    {},
    {
      cwd: path.join(dir, 'cdktf.out', 'stacks', stack),
      env: withCluster(dir, { ...parseEnvFile(path.join(dir, 'credentials.env')), ...deployEnv }),
    },
  );
  return `${stack}: exit ${r.status}${r.status === 0 ? '' : `\n${r.output.slice(-2500)}`}`;
}

async function withAdmin<T>(fn: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = kafka('e2e-3b-admin').admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

const traffic = new AckedTraffic(() => kafka('e2e-3b-producer'), TRAFFIC);

beforeAll(async () => {
  const t0 = Date.now();
  const up = spawnSync('bash', [path.join(repo, 'tools', 'local', 'up.sh'), '--brokers', '3'], {
    env: { ...process.env, MESH_LOCAL_DIR: dir },
    encoding: 'utf8',
  });
  if (up.status !== 0) throw new Error(`up.sh --brokers 3 failed (exit ${up.status}):\n${up.stderr.slice(-8000)}`);
  figures.push(`cluster of 3 started in ${seconds(t0)} s`);
  fs.mkdirSync(stateDir, { recursive: true });
  await withAdmin((a) =>
    a.createTopics({
      waitForLeaders: false,
      topics: [{ topic: TRAFFIC, numPartitions: 3, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    }),
  );
  // Right after the start, the brokers learn of a new topic one after the other (bounded wait).
  for (let n = 0; n < 100; n++) {
    const leaders = await withAdmin((a) => a.fetchTopicMetadata({ topics: [TRAFFIC] })).catch(() => undefined);
    if (leaders?.topics[0].partitions.every((p) => p.leader >= 0)) break;
    await sleep(200);
  }
  traffic.start();
});

afterAll(async () => {
  await traffic.stop();
  spawnSync('bash', [path.join(repo, 'tools', 'local', 'down.sh'), '--purge'], { env: { ...process.env, MESH_LOCAL_DIR: dir }, stdio: 'ignore' });
  fs.rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`e2e three brokers: ${figures.join('; ')}\n`);
});

describe('three brokers', () => {
  it('a broker SIGKILLed during an apply: the plain deploy converges with replication factor 3 and min.insync.replicas 2', async () => {
    const t0 = Date.now();
    const first = deployAsync();
    let done: { status: number | null; output: string } | undefined;
    void first.then((r) => (done = r));
    // Kill node 2 once the apply has created some topics (bounded wait).
    let killedAt = 0;
    for (let n = 0; n < 1500 && !done; n++) {
      const on = await withAdmin((a) => a.listTopics()).catch(() => [] as string[]);
      if (meshTopics.filter((t) => on.includes(t)).length >= 5) {
        process.kill(Number(fs.readFileSync(path.join(dir, 'kafka-2.pid'), 'utf8')), 'SIGKILL');
        killedAt = meshTopics.filter((t) => on.includes(t)).length;
        break;
      }
      await sleep(200);
    }
    expect(killedAt).toBeGreaterThanOrEqual(5);
    const ackedAtKill = traffic.acked.size;
    const r1 = await first;
    figures.push(`apply with node 2 killed after ${killedAt} topics: exit ${r1.status} in ${seconds(t0)} s`);
    // With node 2 still down, acks=all producing goes on (two in-sync replicas of three).
    for (let n = 0; n < 600 && traffic.acked.size < ackedAtKill + 40; n++) await sleep(100);
    expect(traffic.acked.size).toBeGreaterThanOrEqual(ackedAtKill + 40);

    const t1 = Date.now();
    const r2 = await deployAsync();
    expect(`${r2.status}\n${r2.status === 0 ? '' : r2.output.slice(-4000)}`).toBe('0\n');
    figures.push(
      `the next npm run deploy (restarts node 2, adopts ${[...r2.output.matchAll(/adopting kafka_topic/g)].length} topics) in ${seconds(t1)} s`,
    );
    for (const s of stacks) expect(cleanPlan(s)).toBe(`${s}: exit 0`);

    const described = await withAdmin(async (a) => {
      const meta = await a.fetchTopicMetadata({ topics: meshTopics });
      const configs = await a.describeConfigs({
        includeSynonyms: false,
        resources: meshTopics.map((name) => ({ type: 2, name, configNames: ['min.insync.replicas'] })),
      });
      return { meta, configs };
    });
    expect(described.meta.topics.map((t) => `${t.name} rf ${t.partitions[0].replicas.length}`).sort()).toEqual(
      meshTopics.map((t) => `${t} rf 3`).sort(),
    );
    expect(new Set(described.configs.resources.map((c) => c.configEntries[0]?.configValue))).toEqual(new Set(['2']));
  });

  it('lost no message acknowledged with acks=all', async () => {
    await traffic.stop();
    const acked = [...traffic.acked];
    expect(acked.length).toBeGreaterThan(100);
    const consumer = kafka('e2e-3b-consumer').consumer({ groupId: `e2e-3b-${Date.now()}` });
    const seen = new Set<number>();
    await consumer.connect();
    await consumer.subscribe({ topic: TRAFFIC, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.add(Number(message.value?.toString())) });
    for (let n = 0; n < 600 && acked.some((i) => !seen.has(i)); n++) await sleep(100);
    await consumer.disconnect();
    figures.push(`${acked.length} messages acknowledged (acks=all), ${seen.size} read back`);
    expect(acked.filter((i) => !seen.has(i))).toEqual([]);
  });
});
