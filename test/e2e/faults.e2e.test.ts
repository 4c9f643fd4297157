import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AckedTraffic, adminClient, adminKafka, localDir, repo, runTofu, sh } from './cluster';
import { withCluster } from '../../tools/deploy/deploy';

/**
 * Faults during deploys, each followed by the plain `npm run deploy` converging with no manual
 * step and a clean plan, while a producer (acks=all) writes numbered messages throughout; at the
 * end a consumer reads them back and every acknowledged one is there. The mesh: 2 domains x 50
 * products (bench/fixtures/synthetic-mesh.ts), state of its own.
 */
const stateDir = path.join(localDir, 'faults-state');
const DOMAINS = 2;
const PRODUCTS = 50;
const stacks = Array.from({ length: DOMAINS }, (_, d) => `bench-d${d}`);
const deployEnv = {
  MESH_DEPLOY_APP: 'bench/fixtures/synthetic-mesh.ts',
  BENCH_DOMAINS: String(DOMAINS),
  BENCH_PRODUCTS: String(PRODUCTS),
  MESH_STATE_DIR: stateDir,
};
const meshTopics = stacks.flatMap((s) => Array.from({ length: PRODUCTS }, (_, p) => `${s}.p${p}`));
const TRAFFIC = 'e2e-faults.traffic';

const deploy = (...args: string[]) => sh('npm', ['run', '-s', 'deploy', '--', ...args], deployEnv);

/** A deploy started in the background; resolves with its status and output. */
function deployAsync(...args: string[]): { done: Promise<{ status: number | null; output: string }> } {
  const child = spawn('npm', ['run', '-s', 'deploy', '--', ...args], { cwd: repo, env: withCluster(localDir, deployEnv) });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return { done: new Promise((resolve) => child.on('close', (status) => resolve({ status, output }))) };
}

function stateTopics(stack: string): string[] {
  const file = path.join(stateDir, `${stack}.tfstate`);
  if (!fs.existsSync(file)) return [];
  const state = JSON.parse(fs.readFileSync(file, 'utf8'));
  return state.resources.filter((r: any) => r.type === 'kafka_topic').flatMap((r: any) => r.instances.map((i: any) => i.index_key));
}

function cleanPlan(stack: string): string {
  const creds = require('../../tools/deploy/deploy').parseEnvFile(path.join(localDir, 'credentials.env'));
  const cwd = path.join(localDir, 'cdktf.out', 'stacks', stack);
  // Each deploy synthesizes into a fresh run folder: a stack the latest deploy did not apply is not initialised there.
  const init = runTofu(['init', '-input=false', '-no-color'], { ...creds, ...deployEnv }, { cwd });
  if (init.status !== 0) return `${stack}: init exit ${init.status}\n${init.output.slice(-2500)}`;
  const r = runTofu(['plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock=false'], { ...creds, ...deployEnv }, { cwd });
  return `${stack}: exit ${r.status}${r.status === 0 ? '' : `\n${r.output.slice(-2500)}`}`;
}

async function brokerTopics(): Promise<Set<string>> {
  const admin = adminClient('e2e-faults');
  await admin.connect();
  try {
    return new Set(await admin.listTopics());
  } finally {
    await admin.disconnect();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const traffic = new AckedTraffic(() => adminKafka('e2e-faults-producer'), TRAFFIC);

async function readAll(expected: number): Promise<Set<number>> {
  const consumer = adminKafka('e2e-faults-consumer').consumer({ groupId: `e2e-faults-${Date.now()}` });
  const seen = new Set<number>();
  await consumer.connect();
  await consumer.subscribe({ topic: TRAFFIC, fromBeginning: true });
  let running: Promise<void> | undefined;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 60_000);
    running = consumer.run({
      eachMessage: async ({ message }) => {
        seen.add(Number(message.value?.toString()));
        if (seen.size >= expected) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await running?.catch(() => undefined);
  await consumer.disconnect();
  return seen;
}

const brokerPid = () => Number(fs.readFileSync(path.join(localDir, 'kafka.pid'), 'utf8'));
const registryPid = () => Number(fs.readFileSync(path.join(localDir, 'schema-registry.pid'), 'utf8'));

beforeAll(async () => {
  fs.rmSync(stateDir, { recursive: true, force: true });
  fs.mkdirSync(stateDir, { recursive: true });
  const admin = adminClient('e2e-faults');
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TRAFFIC, numPartitions: 1, replicationFactor: 1 }] }).catch(() => undefined);
  await admin.disconnect();
  traffic.start();
});

afterAll(async () => {
  await traffic.stop();
});

describe('recovery from faults with the plain deploy command', () => {
  it('a broker killed (SIGKILL) mid-apply: the apply fails, and the next deploy adopts the topics it left outside the state', async () => {
    const first = deployAsync();
    const t0 = Date.now();
    // Kill the broker once the apply has created some topics.
    for (;;) {
      const created = meshTopics.filter((t) => !!t);
      const on = await brokerTopics().catch(() => new Set<string>());
      if (created.filter((t) => on.has(t)).length >= 10 || Date.now() - t0 > 240_000) break;
      await sleep(200);
    }
    process.kill(brokerPid(), 'SIGKILL');
    const failed = await first.done;
    expect(failed.status).not.toBe(0);
    // Restart the broker to count what the failed apply left (the next deploy would start it too).
    expect(spawnSync('bash', [path.join(repo, 'tools', 'local', 'up.sh')], { env: { ...process.env, MESH_LOCAL_DIR: localDir } }).status).toBe(0);
    const on = await brokerTopics();
    const orphans = meshTopics.filter((t) => on.has(t) && !stacks.some((s) => stateTopics(s).includes(t)));
    process.stderr.write(
      `e2e faults: broker killed mid-apply: ${meshTopics.filter((t) => on.has(t)).length} topics on the broker, ${orphans.length} missing from the state\n`,
    );

    const r = deploy();
    expect(`${r.status}\n${r.status === 0 ? '' : r.output.slice(-4000)}`).toBe('0\n');
    const adopted = [...r.output.matchAll(/adopting kafka_topic\.protected\["([^"]+)"\]/g)].map((m) => m[1]).sort();
    expect(adopted).toEqual(orphans.sort());
    for (const s of stacks) expect(stateTopics(s).sort()).toEqual(meshTopics.filter((t) => t.startsWith(`${s}.`)).sort());
    for (const s of stacks) expect(cleanPlan(s)).toBe(`${s}: exit 0`);
  });

  it('a lost state: the deploy adopts every topic, registers no new schema version, and plans clean', async () => {
    fs.rmSync(path.join(stateDir, 'bench-d0.tfstate'));
    const r = deploy('bench-d0');
    expect(`${r.status}\n${r.status === 0 ? '' : r.output.slice(-4000)}`).toBe('0\n');
    expect([...r.output.matchAll(/adopting kafka_topic\.protected/g)].length).toBe(PRODUCTS);
    const versions = await fetch(`${clusterRegistry()}/subjects/bench-d0.p0-value/versions`).then((x) => x.json());
    expect(versions).toEqual([1]);
    expect(cleanPlan('bench-d0')).toBe('bench-d0: exit 0');
  });

  it('a topic that differs from its declaration is refused, naming it and the difference, and nothing is applied', async () => {
    fs.rmSync(path.join(stateDir, 'bench-d1.tfstate'));
    const admin = adminClient('e2e-faults');
    await admin.connect();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: 2,
          name: 'bench-d1.p3',
          configEntries: [
            { name: 'min.insync.replicas', value: '1' },
            { name: 'retention.ms', value: '1000' },
          ],
        },
      ],
    });
    await admin.disconnect();
    const r = deploy('bench-d1');
    expect(r.status).toBe(1);
    expect(r.output).toMatch(
      /stack bench-d1: topic bench-d1\.p3 exists on the cluster but not in the stack's state, and differs from the declaration: retention\.ms=1000 is set on the topic \(not declared\)\. Fix: /,
    );
    expect(fs.existsSync(path.join(stateDir, 'bench-d1.tfstate'))).toBe(false);
    expect(r.output).not.toMatch(/bench-d1\.p3 exists[^\n]*min\.insync/);
    // Put the topic back as declared: the same command converges.
    const admin2 = adminClient('e2e-faults');
    await admin2.connect();
    await admin2.alterConfigs({
      validateOnly: false,
      resources: [{ type: 2, name: 'bench-d1.p3', configEntries: [{ name: 'min.insync.replicas', value: '1' }] }],
    });
    await admin2.disconnect();
    const again = deploy('bench-d1');
    expect(`${again.status}\n${again.status === 0 ? '' : again.output.slice(-4000)}`).toBe('0\n');
    expect(cleanPlan('bench-d1')).toBe('bench-d1: exit 0');
  });

  it('a registry reset: the deploy warns loudly per subject, registers them again, and plans clean', async () => {
    const before: any = await fetch(`${clusterRegistry()}/subjects/bench-d0.p0-value/versions/1`).then((x) => x.json());
    process.kill(registryPid(), 'SIGKILL');
    await sleep(500);
    const r = deploy();
    expect(`${r.status}\n${r.status === 0 ? '' : r.output.slice(-4000)}`).toBe('0\n');
    expect(r.output).toContain(
      `WARNING stack bench-d0: subject bench-d0.p0-value is missing from the registry (after the last deploy: version 1, schema id ${before.id})`,
    );
    expect(r.output.match(/WARNING stack bench-d\d: subject \S+ is missing from the registry/g)?.length).toBe(DOMAINS * PRODUCTS);
    const after = await fetch(`${clusterRegistry()}/subjects/bench-d0.p0-value/versions`).then((x) => x.json());
    expect(after).toEqual([1]);
    for (const s of stacks) expect(cleanPlan(s)).toBe(`${s}: exit 0`);
  });

  it('concurrent deploys: two stacks at once both apply; the same stack held by another deploy fails on the state lock with a clear message', async () => {
    const [a, b] = await Promise.all([deployAsync('bench-d0').done, deployAsync('bench-d1').done]);
    expect(`${a.status} ${b.status}`).toBe('0 0');
    // Another deploy holds bench-d0's state lock (OpenTofu's local backend locks the state file with fcntl).
    const holder = spawn('python3', [
      '-c',
      'import fcntl,sys,time; f=open(sys.argv[1],"r+"); fcntl.lockf(f, fcntl.LOCK_EX); print("locked", flush=True); time.sleep(120)',
      path.join(stateDir, 'bench-d0.tfstate'),
    ]);
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    try {
      const r = deploy('bench-d0');
      expect(r.status).toBe(1);
      expect(r.output).toContain('deploy: the state of bench-d0 is locked by another deploy of the same stack');
    } finally {
      holder.kill('SIGTERM');
    }
    // Two deploys of the same stack at once: each either applies or stops on the lock, never half.
    const both = await Promise.all([deployAsync('bench-d0').done, deployAsync('bench-d0').done]);
    for (const x of both) expect(x.status === 0 || x.output.includes('is locked by another deploy of the same stack')).toBe(true);
    for (const s of stacks) expect(cleanPlan(s)).toBe(`${s}: exit 0`);
  });

  it('lost no acknowledged message through all of it', async () => {
    await traffic.stop();
    const acked = [...traffic.acked];
    expect(acked.length).toBeGreaterThan(100);
    const seen = await readAll(acked.length);
    process.stderr.write(`e2e faults: ${acked.length} messages acknowledged, ${seen.size} read back\n`);
    expect(acked.filter((i) => !seen.has(i))).toEqual([]);
  });
});

function clusterRegistry(): string {
  return require('./cluster').clusterEnv().SCHEMA_REGISTRY_URL;
}
