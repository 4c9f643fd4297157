import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { kafkaFromEnv, planTopicAdoption, schemaIdentityWarnings, stateAddresses, topicDifference } from '../tools/deploy/adopt';
import { lockedStacks, parseArgs } from '../tools/deploy/deploy';

const declared = { partitions: 3, replication_factor: 1, config: { 'retention.ms': '86400000' } };
const tf = { resource: { kafka_topic: { protected: { for_each: { 'sales.orders': declared, 'sales.returns': declared } } } } };

describe('the pre-deploy check: topics on the cluster missing from the state', () => {
  it('adopts a topic that matches its declaration with an import block, and leaves topics in the state alone', () => {
    const existing = new Map([
      ['sales.orders', { partitions: 3, replicationFactor: 1, config: { 'retention.ms': '86400000' } }],
      ['sales.returns', { partitions: 3, replicationFactor: 1, config: { 'retention.ms': '86400000' } }],
    ]);
    expect(planTopicAdoption('sales', tf, new Set(['kafka_topic.protected["sales.returns"]']), existing)).toEqual({
      imports: [{ to: 'kafka_topic.protected["sales.orders"]', id: 'sales.orders' }],
      refusals: [],
    });
  });

  it('refuses a topic that differs, naming the stack, the topic, each difference and the fix', () => {
    const existing = new Map([
      ['sales.orders', { partitions: 6, replicationFactor: 1, config: { 'retention.ms': '1000', 'cleanup.policy': 'compact' } }],
    ]);
    const { imports, refusals } = planTopicAdoption('sales', tf, new Set(), existing);
    expect(imports).toEqual([]);
    expect(refusals).toEqual([
      expect.stringMatching(
        /^stack sales: topic sales\.orders exists on the cluster but not in the stack's state, and differs from the declaration: partitions 6 \(declared 3\), cleanup\.policy=compact is set on the topic \(not declared\), retention\.ms=1000 \(declared 86400000\)\. Fix: /,
      ),
    ]);
  });

  it('names a declared config the topic lacks', () => {
    expect(topicDifference(declared, { partitions: 3, replicationFactor: 1, config: {} })).toBe('retention.ms=(broker default) (declared 86400000)');
    expect(topicDifference(declared, { partitions: 3, replicationFactor: 3, config: { 'retention.ms': '86400000' } })).toBe(
      'replication factor 3 (declared 1)',
    );
  });
});

describe('the pre-deploy check: its connection', () => {
  it('reads the connection as kafka-mesh import does, and names the setting that is missing or wrong', () => {
    expect(() => kafkaFromEnv({})).toThrow(
      /^deploy: the pre-deploy check reads the cluster, but no Kafka cluster to read: KAFKA_BOOTSTRAP_SERVERS is not set\. Fix: /,
    );
    expect(() => kafkaFromEnv({ KAFKA_BOOTSTRAP_SERVERS: 'b:9092', KAFKA_SASL_USERNAME: 'admin' })).toThrow(/KAFKA_SASL_PASSWORD is not set/);
    expect(() =>
      kafkaFromEnv({ KAFKA_BOOTSTRAP_SERVERS: 'b:9092', KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD: 'p' }),
    ).toThrow(/KAFKA_SASL_MECHANISM is "gssapi", which kafka-mesh cannot use/);
    // Not a mechanism every object has: the table of mechanisms finds nothing for `constructor`.
    expect(() =>
      kafkaFromEnv({ KAFKA_BOOTSTRAP_SERVERS: 'b:9092', KAFKA_SASL_MECHANISM: 'constructor', KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD: 'p' }),
    ).toThrow(/KAFKA_SASL_MECHANISM is "constructor", which kafka-mesh cannot use/);
    expect(kafkaFromEnv({ KAFKA_BOOTSTRAP_SERVERS: 'b:9092', KAFKA_ENABLE_TLS: 'false' })).toBeDefined();
  });
});

describe('the pre-deploy check: schema identity', () => {
  it('warns loudly when a locked subject is missing from the registry, with the id it had', () => {
    const w = schemaIdentityWarnings('sales', { 'sales.orders-value': 2 }, new Map([['sales.orders-value', undefined]]), {
      'sales.orders-value': { version: 2, id: 7 },
    });
    expect(w).toEqual([
      expect.stringMatching(
        /^WARNING stack sales: subject sales\.orders-value is missing from the registry \(after the last deploy: version 2, schema id 7\); the mesh lock records 2 published version\(s\)\./,
      ),
    ]);
  });

  it('warns on lost history and on a changed schema id, and says nothing when all is as recorded', () => {
    expect(schemaIdentityWarnings('sales', { s: 3 }, new Map([['s', { version: 1, id: 9, versions: 1 }]]), { s: { version: 3, id: 4 } })).toEqual([
      'WARNING stack sales: subject s has 1 version(s) in the registry, the mesh lock records 3: its history was lost (docs/operations.md "Registry reset")',
      expect.stringMatching(/^WARNING stack sales: subject s's declared schema has schema id 9 in the registry, not 4 as after the last deploy/),
    ]);
    expect(schemaIdentityWarnings('sales', { s: 1 }, new Map([['s', { version: 1, id: 4, versions: 1 }]]), { s: { version: 1, id: 4 } })).toEqual([]);
    expect(schemaIdentityWarnings('sales', {}, new Map([['new-value', undefined]]), {})).toEqual([]);
  });
});

describe('npm run deploy arguments and messages', () => {
  it('reads --parallelism, --terraform-parallelism and the stacks, and refuses a parallelism that is not a whole number', () => {
    expect(parseArgs(['--parallelism', '3', 'sales', '--terraform-parallelism', '8', 'finance'], {})).toEqual({
      stacks: ['sales', 'finance'],
      parallelism: 3,
      terraformParallelism: 8,
    });
    expect(() => parseArgs(['--parallelism', '0'], {})).toThrow(
      'deploy: --parallelism (or MESH_DEPLOY_PARALLELISM) must be a whole number of at least 1 (got 0). Fix: pass e.g. --parallelism 2',
    );
    expect(() => parseArgs(['--terraform-parallelism', '2.5'], {})).toThrow(
      'deploy: --terraform-parallelism (or MESH_TERRAFORM_PARALLELISM) must be a whole number of at least 1 (got 2.5). Fix: pass e.g. --terraform-parallelism 30',
    );
    expect(() => parseArgs(['--terraform-parallelism'], {})).toThrow(/must be a whole number of at least 1 \(got NaN\)/);
  });

  it('defaults to 2 stacks at once and OpenTofu -parallelism 30, or the environment, which the arguments override', () => {
    expect(parseArgs([], {})).toEqual({ stacks: [], parallelism: 2, terraformParallelism: 30 });
    const env = { MESH_DEPLOY_PARALLELISM: '1', MESH_TERRAFORM_PARALLELISM: '10' };
    expect(parseArgs([], env)).toEqual({ stacks: [], parallelism: 1, terraformParallelism: 10 });
    expect(parseArgs(['--terraform-parallelism', '50'], env)).toEqual({ stacks: [], parallelism: 1, terraformParallelism: 50 });
    expect(() => parseArgs([], { MESH_TERRAFORM_PARALLELISM: 'many' })).toThrow(/MESH_TERRAFORM_PARALLELISM\) must be a whole number/);
  });

  it('finds the stacks that failed on the state lock in cdktf output', () => {
    expect(lockedStacks('sales  │ Error: Error acquiring the state lock\nmarketing  Apply complete!', ['sales', 'marketing'])).toEqual(['sales']);
    const colored =
      '\x1b[31m│\x1b[0m \x1b[1mError acquiring the state lock\x1b[0m\n│ * open /x/.local/state/.bench-d0.tfstate.lock.info: no such file';
    expect(lockedStacks(colored, ['bench-d0', 'bench-d1'])).toEqual(['bench-d0']);
  });
});

describe("the deploy's timing line", () => {
  const { timingLine, parseTimingLine } = require('../tools/deploy/deploy');

  it('names each phase and the attempts, and reads back (what bench:deploy reports)', () => {
    const line = timingLine({ synth: 20.04, check: 1.5, apply: 61.25, record: 2 }, 2, 2, 30);
    expect(line).toBe(
      'deploy: done in 84.8 s: synth 20.0 s, pre-apply check 1.5 s, apply 61.3 s (2 attempts, 2 stack(s) at once, OpenTofu -parallelism 30), schema ids recorded 2.0 s',
    );
    expect(parseTimingLine(`lots of output\n${line}\n`)).toEqual({ total: 84.8, synth: 20, check: 1.5, apply: 61.3, attempts: 2, record: 2 });
    expect(parseTimingLine(timingLine({ synth: 1, check: 0, apply: 3, record: 0 }, 1, 1, 10))).toMatchObject({ attempts: 1, apply: 3 });
    expect(parseTimingLine('deploy: cdktf deploy failed (exit 1)')).toBeUndefined();
  });
});

describe('the deploy script reading a failed apply', () => {
  const { errorLines, isTransient } = require('../tools/deploy/deploy');
  const esc = String.fromCharCode(27);
  const output = `${esc}[31m│${esc}[0m ${esc}[1m${esc}[31mError: ${esc}[0m${esc}[0m${esc}[1mkafka: broker not connected${esc}[0m\nsales  ╷\nsales  │ Error: kafka: broker not connected\n`;

  it('tries an apply that lost its broker connection again, up to 3 attempts in all', () => {
    expect(isTransient(output)).toBe(true);
    expect(isTransient('Error: Topic with this name already exists')).toBe(false);
    const { triesAgain } = require('../tools/deploy/deploy');
    expect([1, 2, 3].map((attempt) => triesAgain(attempt, output))).toEqual([true, true, false]);
    expect(triesAgain(1, 'Error: Topic with this name already exists')).toBe(false);
  });

  it('names each error of the apply once, without colours', () => {
    expect(errorLines(output)).toEqual(['Error: kafka: broker not connected']);
  });
});

describe("the pre-deploy check reading a stack's state", () => {
  const state = JSON.stringify({
    version: 4,
    resources: [
      { mode: 'managed', type: 'kafka_topic', name: 'protected', instances: [{ index_key: 'sales.orders' }, { index_key: 'sales.returns' }] },
      { mode: 'data', type: 'kafka_topic', name: 'read', instances: [{}] },
      { mode: 'managed', type: 'restapi_object', name: 'compatibility', instances: [{}] },
    ],
  });
  const addresses = ['kafka_topic.protected["sales.orders"]', 'kafka_topic.protected["sales.returns"]', 'restapi_object.compatibility'];
  const stateFile = (text?: string) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-state-')), 'sales.tfstate');
    if (text !== undefined) fs.writeFileSync(file, text);
    return file;
  };

  it('reads the address of every managed instance, and none without a state file', async () => {
    expect([...(await stateAddresses(stateFile(state), 0))]).toEqual(addresses);
    expect((await stateAddresses(stateFile(), 0)).size).toBe(0);
  });

  it('waits for a state that OpenTofu is writing (emptied, then written) and reads it whole', async () => {
    const file = stateFile('');
    setTimeout(() => fs.writeFileSync(file, state), 300);
    expect([...(await stateAddresses(file, 5_000))]).toEqual(addresses);
  });

  it('takes a state file that stays empty for no state, as OpenTofu does', async () => {
    expect((await stateAddresses(stateFile(''), 300)).size).toBe(0);
  });

  it('refuses a state that stays unreadable, naming the file and the way back', async () => {
    const file = stateFile(state.slice(0, 40));
    await expect(stateAddresses(file, 300)).rejects.toThrow(`deploy: ${file} is not a readable OpenTofu state`);
    await expect(stateAddresses(file, 0)).rejects.toThrow('restore the file from sales.tfstate.backup');
  });
});
