import { randomUUID } from 'crypto';
import { AclProbe } from './acl-probe';
import { adminKafka, produce, sh } from './cluster';

/**
 * The ACLs KsqlApp and NiFiFlow derive, against a real broker (Kafka 3.9, StandardAuthorizer):
 * a client logged in as the example mesh's ksqlDB servers (`User:sales-ksql`, service id
 * `sales.insights_`) does what a ksqlDB server does, and one logged in as the NiFi flow
 * (`User:customer-crm-sync`) what ConsumeKafka and PublishKafka do; nothing beyond.
 * Deploys the platform, inventory, sales and customer stacks with `npm run deploy`.
 */
const SERVICE_ID = 'sales.insights_';
const INTERNAL = `_confluent-ksql-${SERVICE_ID}`;
const COMMAND_TOPIC = `${INTERNAL}_command_topic`;
const QUERY = `${INTERNAL}query_CSAS_ORDERS_WITH_STOCK_1`;
const REPARTITION = `${QUERY}-Join-repartition`;
const PROCESSING_LOG = `${SERVICE_ID}ksql_processing_log`;
let ksql: AclProbe;
let nifi: AclProbe;

beforeAll(async () => {
  const r = sh('npm', ['run', '-s', 'deploy', '--', 'platform', 'inventory', 'sales', 'customer']);
  if (r.status !== 0) throw new Error(`npm run deploy failed (exit ${r.status}):\n${r.output.slice(-6000)}`);
  ksql = new AclProbe('sales-ksql');
  nifi = new AclProbe('customer-crm-sync');
  // A fresh broker creates and loads its group coordinator on the first group lookup; the admin
  // joins a group first, so that the probes below see authorization, not that loading.
  await warmUpGroupCoordinator();
});

async function warmUpGroupCoordinator(): Promise<void> {
  const consumer = adminKafka('e2e-warm-up').consumer({ groupId: 'e2e-warm-up', retry: { retries: 10 } });
  let running: Promise<void> | undefined;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: 'sales.orders' });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the admin could not join a group in 60 s')), 60000);
      consumer.on(consumer.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        resolve();
      });
      running = consumer.run({ eachMessage: async () => undefined });
      running.catch(reject);
    });
  } finally {
    // GROUP_JOIN fires before run() has settled: a disconnect before that leaves its fetch loop
    // heartbeating after the suite ends.
    await running?.catch(() => undefined);
    await consumer.disconnect();
  }
}

afterAll(async () => {
  // What the probes created, so that a rerun starts from the same broker state.
  await ksql
    ?.asAdmin(async (a) => {
      const existing = await a.listTopics();
      const mine = [COMMAND_TOPIC, REPARTITION, PROCESSING_LOG].filter((t) => existing.includes(t));
      if (mine.length) await a.deleteTopics({ topics: mine });
    })
    .catch(() => undefined);
});

describe('the ksqlDB servers’ principal', () => {
  it('reads the cluster’s broker configs', async () => {
    const configs = await ksql.asAdmin(async (a) => {
      const { brokers } = await a.describeCluster();
      return a.describeConfigs({ includeSynonyms: false, resources: [{ type: 4, name: String(brokers[0].nodeId) }] });
    });
    expect(configs.resources[0].configEntries.length).toBeGreaterThan(0);
  });

  it('creates its command topic and writes it in transactions under its service id', async () => {
    expect(await ksql.createTopic(COMMAND_TOPIC)).toBeUndefined();
    expect(await ksql.transactional(SERVICE_ID, COMMAND_TOPIC, '{"statement":"CREATE STREAM ..."}')).toBeUndefined();
  });

  it('creates, writes, reconfigures and deletes a query’s internal topic', async () => {
    expect(await ksql.createTopic(REPARTITION)).toBeUndefined();
    expect(await produce(ksql.kafka, REPARTITION, '{"sku":"s-1"}')).toBeUndefined();
    const alter = (a: Parameters<Parameters<AclProbe['asAdmin']>[0]>[0]) =>
      a.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: REPARTITION, configEntries: [{ name: 'retention.ms', value: '60000' }] }] });
    expect(await ksql.asAdmin(alter).then(() => undefined, String)).toBeUndefined();
    expect(await ksql.asAdmin((a) => a.deleteTopics({ topics: [REPARTITION] })).then(() => undefined, String)).toBeUndefined();
  });

  it('creates and writes its processing log', async () => {
    expect(await ksql.createTopic(PROCESSING_LOG)).toBeUndefined();
    expect(await produce(ksql.kafka, PROCESSING_LOG, '{"level":"ERROR"}')).toBeUndefined();
  });

  it('reads both inputs of the join in its query’s consumer group, and commits there', async () => {
    expect(await ksql.joinGroup(QUERY, 'sales.orders')).toBeUndefined();
    expect(await ksql.joinGroup(QUERY, 'inventory.stock-level-updated')).toBeUndefined();
    expect(await ksql.commitOffset(QUERY, 'sales.orders')).toBeUndefined();
  });

  it('writes the join’s sink in transactions under the query’s transactional ids (exactly once)', async () => {
    expect(await ksql.transactional(`${QUERY}-${randomUUID()}-1`, 'sales.orders-with-stock', '{"orderId":"o-1"}')).toBeUndefined();
  });

  it('does not write its inputs, create topics outside its prefixes, or read another domain’s product no one granted', async () => {
    expect(await produce(ksql.kafka, 'sales.orders', '{"orderId":"x"}')).toMatch(/authoriz/i);
    expect(await produce(ksql.kafka, 'inventory.stock-level-updated', '{"sku":"x"}')).toMatch(/authoriz/i);
    expect(await ksql.createTopic('_confluent-ksql-sales.other_command_topic')).toMatch(/authoriz/i);
    expect(await ksql.createTopic('sales.orders-copy')).toMatch(/authoriz/i);
    expect(await ksql.joinGroup(QUERY, 'customer.profile-updated')).toMatch(/authoriz|TOPIC_AUTHORIZATION_FAILED|not authorized/i);
  });

  // kafkajs reports a coordinator it may not use as one it cannot find; the broker's answer to
  // FindCoordinator, in the client's log, says why.
  it('does not use another consumer group or transactional id', async () => {
    ksql.seen.length = 0;
    expect(await ksql.joinGroup('sales.other-group', 'sales.orders')).toMatch(/GroupCoordinatorNotFound|authoriz/i);
    expect(ksql.seen).toContain('GROUP_AUTHORIZATION_FAILED');
    ksql.seen.length = 0;
    expect(await ksql.transactional('sales.other_', 'sales.orders-with-stock')).toMatch(/GroupCoordinatorNotFound|authoriz/i);
    expect(ksql.seen).toContain('TRANSACTIONAL_ID_AUTHORIZATION_FAILED');
  });
});

describe('the NiFi flow’s principal', () => {
  it('consumes the profile updates in its ConsumeKafka group and commits there', async () => {
    expect(await nifi.joinGroup('customer.crm-sync', 'customer.profile-updated')).toBeUndefined();
    expect(await nifi.commitOffset('customer.crm-sync', 'customer.profile-updated')).toBeUndefined();
  });

  it('publishes the CRM’s answers, in PublishKafka transactions under its prefix', async () => {
    expect(await produce(nifi.kafka, 'customer.crm-sync-status', '{"customerId":"c-1","accepted":true}')).toBeUndefined();
    expect(await nifi.transactional(`customer.crm-sync-${randomUUID()}`, 'customer.crm-sync-status')).toBeUndefined();
  });

  it('does not write what it reads, read what no one granted it, or create topics', async () => {
    expect(await produce(nifi.kafka, 'customer.profile-updated', '{"customerId":"x"}')).toMatch(/authoriz/i);
    expect(await nifi.joinGroup('customer.crm-sync', 'sales.orders')).toMatch(/authoriz|TOPIC_AUTHORIZATION_FAILED|not authorized/i);
    expect(await nifi.createTopic('customer.crm-sync-scratch')).toMatch(/authoriz/i);
  });

  it('does not use another consumer group or transactional id', async () => {
    nifi.seen.length = 0;
    expect(await nifi.joinGroup('customer.other', 'customer.profile-updated')).toMatch(/GroupCoordinatorNotFound|authoriz/i);
    expect(nifi.seen).toContain('GROUP_AUTHORIZATION_FAILED');
    nifi.seen.length = 0;
    expect(await nifi.transactional('customer.other-1', 'customer.crm-sync-status')).toMatch(/GroupCoordinatorNotFound|authoriz/i);
    expect(nifi.seen).toContain('TRANSACTIONAL_ID_AUTHORIZATION_FAILED');
  });
});
