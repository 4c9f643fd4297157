import * as os from 'os';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, Principal, Schema, ServiceAccount } from '../../lib';
import { AdoptError, connectionFromEnvironment, explainKafkaError } from '../../lib/adopt/connection';
import { diagnose, readDeclaredMesh } from '../../lib/adopt/doctor';
import { topicDifferences } from '../../lib/adopt/topic-match';
import { generateMesh, suggestDomain } from '../../lib/adopt/generate';
import type { ClusterSnapshot } from '../../lib/adopt/read-cluster';
import type { AclSpec } from '../../lib/model/grants';
import { testMesh } from '../helpers';

const settings = connectionFromEnvironment({
  KAFKA_BOOTSTRAP_SERVERS: 'b:9092',
  KAFKA_ENABLE_TLS: 'false',
  KAFKA_SASL_USERNAME: 'admin',
  KAFKA_SASL_PASSWORD: 'x',
});
const allow = (
  principal: string,
  operation: string,
  resourceType: string,
  resourceName: string,
  patternType: 'Literal' | 'Prefixed' = 'Literal',
): AclSpec => ({ principal, operation, resourceType, resourceName, patternType, permission: 'Allow', host: '*' }) as AclSpec;

describe('connection settings', () => {
  test('fails naming KAFKA_BOOTSTRAP_SERVERS when it is unset', () => {
    expect(() => connectionFromEnvironment({})).toThrow(/KAFKA_BOOTSTRAP_SERVERS is not set/);
  });
  test('fails naming KAFKA_SASL_PASSWORD when only the user is set', () => {
    expect(() => connectionFromEnvironment({ KAFKA_BOOTSTRAP_SERVERS: 'b:9092', KAFKA_SASL_USERNAME: 'u' })).toThrow(
      /KAFKA_SASL_PASSWORD is not set/,
    );
  });
  test('refuses credentials in SCHEMA_REGISTRY_URL', () => {
    expect(() => connectionFromEnvironment({ KAFKA_BOOTSTRAP_SERVERS: 'b:9092', SCHEMA_REGISTRY_URL: 'http://u:p@r:8081' })).toThrow(
      /carries a user name or password/,
    );
  });
});

describe('kafka errors are explained', () => {
  test('a cluster without an authorizer names authorizer.class.name', () => {
    const e = explainKafkaError(
      Object.assign(new Error('Security features are disabled'), { name: 'KafkaJSProtocolError', type: 'SECURITY_DISABLED' }),
      settings,
    );
    expect(e).toBeInstanceOf(AdoptError);
    expect(e.setting).toBe('authorizer.class.name (broker configuration)');
    expect(e.message).toContain('has no authorizer');
  });
  test('refused credentials name the SASL settings', () => {
    const e = explainKafkaError(Object.assign(new Error('SASL PLAIN authentication failed'), { name: 'KafkaJSSASLAuthenticationError' }), settings);
    expect(e.setting).toBe('KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD');
  });
  test('an unreachable cluster names KAFKA_BOOTSTRAP_SERVERS and its value', () => {
    const e = explainKafkaError(
      Object.assign(new Error('Connection error: connect ECONNREFUSED'), { name: 'KafkaJSNumberOfRetriesExceeded' }),
      settings,
    );
    expect(e.message).toContain('KAFKA_BOOTSTRAP_SERVERS=b:9092');
  });
});

describe('generateMesh', () => {
  const snapshot: ClusterSnapshot = {
    topics: [
      { name: 'shop.orders', partitions: 3, replicationFactor: 1, config: { 'retention.ms': '86400000' }, minInsyncReplicas: 1 },
      { name: 'Legacy', partitions: 1, replicationFactor: 1, config: {}, minInsyncReplicas: 1 },
    ],
    acls: [
      ...['Read', 'Write', 'Describe'].map((op) => allow('User:shop', op, 'Topic', 'shop.', 'Prefixed')),
      allow('User:shop', 'Read', 'Group', 'shop.', 'Prefixed'),
      allow('User:shop', 'IdempotentWrite', 'Cluster', 'kafka-cluster'),
      allow('User:bi', 'Read', 'Group', 'bi.', 'Prefixed'),
      allow('User:bi', 'IdempotentWrite', 'Cluster', 'kafka-cluster'),
      allow('User:bi', 'Read', 'Topic', 'shop.orders'),
      allow('User:bi', 'Describe', 'Topic', 'shop.orders'),
      allow('User:old', 'Read', 'Topic', 'shop.orders'),
    ],
    scramUsers: [
      { user: 'bi', mechanisms: ['SCRAM-SHA-512'] },
      { user: 'admin', mechanisms: ['SCRAM-SHA-512'] },
    ],
    quotas: [{ user: 'bi', config: { consumer_byte_rate: 1000 } }],
    subjects: [
      {
        subject: 'shop.orders-value',
        compatibility: 'FULL',
        versions: [{ version: 1, id: 1, schema: '"string"', schemaType: 'AVRO', references: [] }],
      },
    ],
    globalCompatibility: 'BACKWARD',
  };
  const { files, report } = generateMesh(snapshot, { adminUser: 'admin' });

  test('folds the ACLs a grant writes into grantRead, and the owner into the Domain', () => {
    const shop = files.get('stacks/shop.ts')!;
    expect(shop).toContain('principal: "User:shop"');
    expect(shop).toContain('orders.grantRead(biPrincipal);');
    expect(shop).toContain('retentionMs: 86400000');
    expect(shop).toContain('minInsyncReplicas: 1');
  });
  test('lists the ACL no grant explains, and adopts the name that does not fit as it is, in a suggested domain', () => {
    expect(report.unexplainedAcls).toEqual(['User:old * Allow Read Topic:shop.orders']);
    expect(report.misfits).toEqual([expect.objectContaining({ topic: 'Legacy', suggestedDomain: 'legacy', entity: 'legacy' })]);
    const legacy = files.get('stacks/legacy.ts')!;
    expect(legacy).toContain('existingTopicName: "Legacy",');
    expect(legacy).toContain("Waivers.of(legacy).waive('TOPIC_NAMING', \"Adopted as it is: Legacy existed before the mesh");
    expect(JSON.parse(files.get('adopt/legacy.json')!)).toContainEqual({ to: 'kafka_topic.protected["Legacy"]', id: 'Legacy' });
    expect(files.get('IMPORT.md')).toContain('adopted under its own name in the legacy domain');
  });
  test('writes import blocks with the provider import IDs', () => {
    const imports = JSON.parse(files.get('adopt/shop.json')!);
    expect(imports).toContainEqual({ to: 'kafka_topic.protected["shop.orders"]', id: 'shop.orders' });
    expect(imports).toContainEqual({ to: 'restapi_object.subject_compatibility["shop.orders-value"]', id: '/config/shop.orders-value' });
    expect(imports).toContainEqual({ to: 'kafka_acl.allow["User:bi Read Topic:shop.orders"]', id: 'User:bi|*|Read|Allow|Topic|shop.orders|Literal' });
    expect(JSON.parse(files.get('adopt/platform.json')!)).toContainEqual({
      to: 'kafka_user_scram_credential.user["bi SCRAM-SHA-512"]',
      id: 'bi|SCRAM-SHA-512',
    });
  });
  test('never adopts the credentials of the user the mesh connects as', () => {
    expect(files.get('stacks/platform.ts')).not.toContain('"admin"');
    expect(report.notes.join('\n')).toContain('SCRAM credentials of admin');
  });
});

describe('generateMesh: topics whose names do not fit', () => {
  const topic = (name: string) => ({ name, partitions: 1, replicationFactor: 1, config: {}, minInsyncReplicas: 1 });
  const snapshot: ClusterSnapshot = {
    topics: [topic('shop.orders'), topic('shop_returns_old'), topic('ORDERS-v1'), topic('legacy_payments'), topic('shop-eu.Orders')],
    acls: [
      ...['Read', 'Write', 'Describe'].map((op) => allow('User:shop', op, 'Topic', 'shop.', 'Prefixed')),
      ...['Read', 'Write', 'Describe'].map((op) => allow('User:shop', op, 'Topic', 'shop_returns_old')),
      allow('User:shop', 'Read', 'Group', 'shop.', 'Prefixed'),
      allow('User:shop', 'IdempotentWrite', 'Cluster', 'kafka-cluster'),
      allow('User:bi', 'Read', 'Group', 'bi.', 'Prefixed'),
      allow('User:bi', 'IdempotentWrite', 'Cluster', 'kafka-cluster'),
      allow('User:bi', 'Read', 'Topic', 'ORDERS-v1'),
      allow('User:bi', 'Describe', 'Topic', 'ORDERS-v1'),
      allow('User:bi', 'Write', 'Topic', 'legacy_payments'),
      allow('User:bi', 'Describe', 'Topic', 'legacy_payments'),
    ],
    scramUsers: [],
    quotas: [],
    subjects: [
      {
        subject: 'ORDERS-v1-value',
        compatibility: 'BACKWARD',
        versions: [{ version: 1, id: 7, schema: '"string"', schemaType: 'AVRO', references: [] }],
      },
    ],
    globalCompatibility: 'BACKWARD',
  };
  const { files, report } = generateMesh(snapshot);

  test('suggests the domain whose prefix a name is under, else its first word', () => {
    expect(suggestDomain('legacy_payments')).toBe('legacy');
    expect(suggestDomain('ORDERS-v1')).toBe('orders');
    expect(suggestDomain('shop-eu.Orders')).toBe('shop-eu');
    expect(suggestDomain('platform_events')).toBe('legacy');
    expect(suggestDomain('42')).toBe('legacy');
    expect(report.misfits.map((m) => [m.topic, m.suggestedDomain, m.entity])).toEqual([
      ['shop_returns_old', 'shop', 'shop-returns-old'],
      ['ORDERS-v1', 'orders', 'orders-v1'],
      ['legacy_payments', 'legacy', 'legacy-payments'],
      ['shop-eu.Orders', 'shop-eu', 'shop-eu-orders'],
    ]);
  });

  test("adopts a name into its owner's domain with the owner's literal ACLs imported, not granted", () => {
    const shop = files.get('stacks/shop.ts')!;
    expect(shop).toContain('const shopReturnsOld = new DomainDataProduct(domain, "shop-returns-old", {');
    expect(shop).toContain('existingTopicName: "shop_returns_old",');
    expect(shop).toContain("Waivers.of(shopReturnsOld).waive('TOPIC_NAMING'");
    expect(shop).not.toMatch(/shopReturnsOld\.grant/);
    const imports = JSON.parse(files.get('adopt/shop.json')!);
    for (const op of ['Read', 'Write', 'Describe'])
      expect(imports).toContainEqual({
        to: `kafka_acl.allow["User:shop ${op} Topic:shop_returns_old"]`,
        id: `User:shop|*|${op}|Allow|Topic|shop_returns_old|Literal`,
      });
    expect(report.unexplainedAcls).toEqual([]);
    expect(report.notes.join('\n')).not.toContain('shop_returns_old');
  });

  test('folds the ACLs on an adopted name into grants, and its subjects into the product', () => {
    const orders = files.get('stacks/orders.ts')!;
    expect(orders).toContain('existingTopicName: "ORDERS-v1",');
    expect(orders).toContain('ordersV1.grantRead(biPrincipal);');
    expect(orders).toContain('valueSchema: Schema.avro(fromFile("schemas/orders/orders-v1.avsc"))');
    expect(JSON.parse(files.get('adopt/orders.json')!)).toContainEqual({
      to: 'restapi_object.subject["ORDERS-v1-value"]',
      id: '/subjects/ORDERS-v1-value/versions/latest',
    });
    expect(JSON.parse(files.get('mesh.lock/orders.json')!).topics).toHaveProperty(['ORDERS-v1']);
    expect(files.get('stacks/legacy.ts')).toContain('legacyPayments.grantWrite(biPrincipal);');
  });

  test('--domain keeps the names that domain adopts, and their ACLs and subjects only', () => {
    const only = generateMesh(snapshot, { domains: ['orders'] });
    expect([...only.files.keys()].filter((f) => f.startsWith('stacks/'))).toEqual(['stacks/orders.ts', 'stacks/platform.ts']);
    expect(only.report.misfits.map((m) => m.topic)).toEqual(['ORDERS-v1']);
    expect(only.report.unmanagedSubjects).toEqual([]);
  });
});

describe('doctor reads the synth output with the diff reader', () => {
  test('topics, ACLs as the live text, subjects with their lookup body and level, SCRAM users', () => {
    const { app } = testMesh();
    const platform = new TerraformStack(app, 'platform');
    new ServiceAccount(platform, 'bi', { description: 'The BI loader', scram: { mechanisms: ['SCRAM-SHA-512'] } });
    const shop = new Domain(new TerraformStack(app, 'shop'), 'shop', { owner: 'shop-team', principal: 'User:shop' });
    const orders = new DomainDataProduct(shop, 'orders', {
      description: 'Orders of the shop',
      partitions: 3,
      retentionMs: 86_400_000,
      valueSchema: Schema.avro({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] }),
      compatibility: 'FULL',
    });
    orders.grantRead(Principal.fromName('User:bi'));
    app.synth();
    const declared = readDeclaredMesh(app.outdir);
    expect(declared.topics.get('shop.orders')).toEqual({
      stack: 'shop',
      partitions: 3,
      replicationFactor: 3,
      config: expect.objectContaining({ 'retention.ms': '86400000' }),
    });
    expect(declared.acls.get('User:bi * Allow Read Topic:shop.orders')).toEqual({ stack: 'shop', key: 'User:bi Read Topic:shop.orders' });
    expect(declared.acls.get('User:shop * Allow Write Topic:shop.*')).toEqual({ stack: 'shop', key: 'User:shop Write Topic:shop.*' });
    const subject = declared.subjects.get('shop.orders-value')!;
    expect(subject).toMatchObject({ stack: 'shop', compatibility: 'FULL' });
    expect(JSON.parse(subject.body)).toEqual({ schema: orders.valueSchema!.text('x'), schemaType: 'AVRO' });
    expect([...declared.scram]).toEqual(['bi']);
  });

  test('a missing synth output fails naming --synth', () => {
    const e = (() => {
      try {
        readDeclaredMesh(path.join(os.tmpdir(), `no-synth-${process.pid}`));
      } catch (x) {
        return x as AdoptError;
      }
      throw new Error('expected an error');
    })();
    expect(e).toBeInstanceOf(AdoptError);
    expect(e.setting).toBe('--synth');
    expect(e.message).toContain('does not exist');
  });
});

describe('one comparison of a live topic with its declaration (doctor and the deploy)', () => {
  test('lists partitions, replication factor, then config keys sorted; a config only on the topic counts', () => {
    expect(
      topicDifferences(
        { partitions: 3, replicationFactor: 3, config: { 'retention.ms': '1000', 'min.insync.replicas': '2' } },
        { partitions: 6, replicationFactor: 1, config: { 'retention.ms': '1000', 'cleanup.policy': 'compact' } },
      ),
    ).toEqual([
      { kind: 'partitions', declared: 3, live: 6 },
      { kind: 'replicationFactor', declared: 3, live: 1 },
      { kind: 'config', key: 'cleanup.policy', declared: undefined, live: 'compact' },
      { kind: 'config', key: 'min.insync.replicas', declared: '2', live: undefined },
    ]);
    expect(topicDifferences({ partitions: 1, config: { a: 'b' } }, { partitions: 1, replicationFactor: 9, config: { a: 'b' } })).toEqual([]);
  });

  test('doctor reports each difference as drift, in its own words', async () => {
    const declared = {
      topics: new Map([['shop.orders', { stack: 'shop', partitions: 3, replicationFactor: 3, config: { 'retention.ms': '1000' } }]]),
      acls: new Map(),
      subjects: new Map(),
      scram: new Set<string>(),
    };
    const live: ClusterSnapshot = {
      topics: [{ name: 'shop.orders', partitions: 3, replicationFactor: 1, config: {}, minInsyncReplicas: 1 }],
      acls: [],
      scramUsers: [],
      quotas: [],
      subjects: [],
    };
    expect((await diagnose(live, declared, settings)).map((f) => `${f.check} ${f.object}: ${f.detail}`)).toEqual([
      'config-drift shop.orders: replication factor: declared 3, cluster has 1',
      'config-drift shop.orders: retention.ms: declared 1000, cluster has (broker default)',
    ]);
  });
});
