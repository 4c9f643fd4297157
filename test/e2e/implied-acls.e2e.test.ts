import * as fs from 'fs';
import * as path from 'path';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, ResourcePatternTypes } from 'kafkajs';
import { adminClient, kafkaConfigs, userClient } from './cluster';
import { SmallMesh } from './small-mesh';
import { blockEntries } from '../../lib/model/for-each';

/**
 * The switch to leaving out the ACLs the broker implies, on the real broker: a stack first
 * deployed with the old ACL set (Describe on the topics and IdempotentWrite on the cluster written
 * explicitly: `cluster.kafkaVersion: '2.8.0'` keeps IdempotentWrite, and the Describe entry the
 * library wrote before is put back into the synthesized JSON) is applied again without them, while
 * an idempotent producer and a consumer of the stack's principal keep running through the apply
 * that deletes them. No authorization error, no message lost.
 */
const DOMAIN = 'aclswitch';
const TOPIC = `${DOMAIN}.orders`;
const PRINCIPAL = `User:${DOMAIN}`;
const PASSWORD = 'aclswitch-pw-1';
const mesh = new SmallMesh(DOMAIN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Synthesizes (with `env`), optionally adds the old explicit Describe entry, and applies. */
function apply(env: Record<string, string>, withDescribe: boolean) {
  const s = mesh.synth({ E2E_PRODUCTS: 'orders', ...env });
  if (s.status !== 0) return s;
  const file = path.join(mesh.outdir, 'stacks', DOMAIN, 'cdk.tf.json');
  const tf = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (withDescribe) {
    blockEntries(tf, 'kafka_acl', 'allow')[`${PRINCIPAL} Describe Topic:${DOMAIN}.*`] = {
      acl_operation: 'Describe',
      acl_principal: PRINCIPAL,
      resource_name: `${DOMAIN}.`,
      resource_pattern_type_filter: 'Prefixed',
      resource_type: 'Topic',
    };
    fs.writeFileSync(file, JSON.stringify(tf, null, 2));
  }
  const init = mesh.tofu('init');
  if (init.status !== 0) return init;
  return mesh.tofu('apply', '-auto-approve');
}

/** The operations the broker holds for the principal, as `Operation ResourceType:name`. */
async function brokerAcls(): Promise<string[]> {
  const admin = adminClient('e2e-implied-acls');
  await admin.connect();
  try {
    const r = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      principal: PRINCIPAL,
      host: '*',
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    const op = (n: number) => Object.entries(AclOperationTypes).find(([, v]) => v === n)?.[0];
    const type = (n: number) => Object.entries(AclResourceTypes).find(([, v]) => v === n)?.[0];
    return r.resources.flatMap((res) => res.acls.map((a) => `${op(a.operation)} ${type(res.resourceType)}:${res.resourceName}`)).sort();
  } finally {
    await admin.disconnect();
  }
}

/** An idempotent producer (acks=all) sending numbered messages; a new producer (InitProducerId) every 20. */
const traffic = { acked: new Set<number>(), errors: [] as string[], stop: false, loop: Promise.resolve() };
async function produce(kafka: Kafka): Promise<void> {
  let i = 0;
  while (!traffic.stop) {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 5 } });
    try {
      await producer.connect();
      for (let n = 0; n < 20 && !traffic.stop; n++) {
        await producer.send({ topic: TOPIC, acks: -1, messages: [{ key: String(i), value: String(i) }] });
        traffic.acked.add(i++);
        await sleep(50);
      }
    } catch (e) {
      traffic.errors.push(`producer: ${(e as Error).name}: ${(e as Error).message}`);
      await sleep(500);
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  }
}

describe('implied ACLs left out on the real broker', () => {
  const seen = new Set<number>();
  let kafka: Kafka;
  let consumer: ReturnType<Kafka['consumer']>;

  beforeAll(async () => {
    kafkaConfigs(DOMAIN, `SCRAM-SHA-512=[password=${PASSWORD}]`);
    kafka = userClient(DOMAIN, PASSWORD);
  });

  afterAll(async () => {
    traffic.stop = true;
    await traffic.loop;
    await consumer?.disconnect().catch(() => undefined);
  });

  it('deploys the old ACL set: Describe and IdempotentWrite written explicitly', async () => {
    const r = apply({ E2E_KAFKA_VERSION: '2.8.0' }, true);
    expect(r.output).toMatch(/Apply complete!/);
    expect(await brokerAcls()).toEqual(
      [
        'DESCRIBE TOPIC:aclswitch.',
        'IDEMPOTENT_WRITE CLUSTER:kafka-cluster',
        'READ GROUP:aclswitch.',
        'READ TOPIC:aclswitch.',
        'WRITE TOPIC:aclswitch.',
      ].sort(),
    );
  });

  it('removes them with an apply while an idempotent producer and a consumer keep running: no authorization error', async () => {
    consumer = kafka.consumer({ groupId: `${DOMAIN}.reader`, retry: { retries: 5 } });
    consumer.on(consumer.events.CRASH, (e) => traffic.errors.push(`consumer: ${e.payload.error.name}: ${e.payload.error.message}`));
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.add(Number(message.value?.toString())) });
    traffic.loop = produce(kafka);
    // Traffic flows before the apply (bounded wait).
    for (let n = 0; n < 600 && (traffic.acked.size < 40 || seen.size < 20); n++) await sleep(100);
    expect(traffic.acked.size).toBeGreaterThanOrEqual(40);

    const plan = mesh.tofu('plan', '-detailed-exitcode');
    expect(plan.status).toBe(0); // synthesized with the old set still: nothing to change
    const r = apply({}, false);
    expect(r.output).toMatch(/Apply complete! Resources: 0 added, 0 changed, 2 destroyed\./);
    expect(await brokerAcls()).toEqual(['READ GROUP:aclswitch.', 'READ TOPIC:aclswitch.', 'WRITE TOPIC:aclswitch.']);

    // Traffic after the apply: at least 60 more messages, through new producers (InitProducerId
    // without IdempotentWrite) and a new consumer group reading from the beginning.
    const after = traffic.acked.size;
    for (let n = 0; n < 600 && traffic.acked.size < after + 60; n++) await sleep(100);
    traffic.stop = true;
    await traffic.loop;
    expect(traffic.acked.size).toBeGreaterThanOrEqual(after + 60);
    expect(traffic.errors).toEqual([]);
  });

  it('lost no acknowledged message: the running consumer and a new group read every one', async () => {
    const acked = [...traffic.acked];
    for (let n = 0; n < 300 && acked.some((i) => !seen.has(i)); n++) await sleep(100);
    expect(acked.filter((i) => !seen.has(i))).toEqual([]);
    const fresh = kafka.consumer({ groupId: `${DOMAIN}.fresh`, retry: { retries: 5 } });
    const all = new Set<number>();
    let crash: string | undefined;
    fresh.on(fresh.events.CRASH, (e) => (crash = `${e.payload.error.name}: ${e.payload.error.message}`));
    await fresh.connect();
    await fresh.subscribe({ topic: TOPIC, fromBeginning: true });
    await fresh.run({ eachMessage: async ({ message }) => void all.add(Number(message.value?.toString())) });
    for (let n = 0; n < 300 && acked.some((i) => !all.has(i)) && !crash; n++) await sleep(100);
    await fresh.disconnect();
    process.stderr.write(
      `e2e implied ACLs: ${acked.length} messages acknowledged, ${seen.size} read through the apply, ${all.size} by a new group\n`,
    );
    expect(crash).toBeUndefined();
    expect(acked.filter((i) => !all.has(i))).toEqual([]);
  });
});
