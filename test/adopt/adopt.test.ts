import { AdoptError, connectionFromEnvironment, explainKafkaError } from '../../lib/adopt/connection';
import { generateMesh } from '../../lib/adopt/generate';
import type { ClusterSnapshot } from '../../lib/adopt/read-cluster';
import type { AclSpec } from '../../lib/model/grants';

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
  test('lists the ACL no grant explains and the name that does not fit, with a suggested domain', () => {
    expect(report.unexplainedAcls).toEqual(['User:old * Allow Read Topic:shop.orders']);
    expect(report.misfits).toEqual([expect.objectContaining({ topic: 'Legacy', suggestedDomain: 'legacy' })]);
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
