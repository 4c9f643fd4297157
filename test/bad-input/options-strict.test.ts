import { TerraformStack, Testing } from 'cdktf';
import {
  Domain,
  DomainDataProductProps,
  DomainOverrides,
  DomainProps,
  Environment,
  EnvironmentProps,
  GovernancePolicy,
  GovernancePolicyProps,
  KafkaMesh,
  KafkaMeshProps,
  Principal,
  Schema,
  ServiceAccount,
  ServiceAccountProps,
  SharedTopic,
  SharedTopicProps,
} from '../../lib';
import { testMesh } from '../helpers';
import { avro, product, salesMesh, sink, streams } from './builders';
import { corpus } from './corpus';
import { meshWithPolicy } from '../governance/helpers';

const cluster = { bootstrapServers: ['localhost:9092'] };
const mesh = (props: Record<string, unknown>) => () => new KafkaMesh(Testing.app(), 'mesh', { cluster, ...props } as unknown as KafkaMeshProps);
const account = (props: Record<string, unknown>) => () =>
  new ServiceAccount(new TerraformStack(testMesh().app, 'platform'), 'analytics', {
    description: 'The analytics loader',
    ...props,
  } as ServiceAccountProps);
const domain = (props: Record<string, unknown>) => () =>
  new Domain(new TerraformStack(testMesh().app, 'sales'), 'sales', {
    owner: 'sales-team@example.com',
    principal: 'User:sales',
    ...props,
  } as DomainProps);
const shared = (props: Record<string, unknown>) => () => {
  const { sales, marketing } = salesMesh();
  new SharedTopic(sales, 'profile', { description: 'Profiles', valueSchema: avro, consumers: [marketing], ...props } as SharedTopicProps);
};
const environment = (props: Record<string, unknown>) => () =>
  new Environment(Testing.app(), 'dev', { mesh: { cluster }, ...props } as EnvironmentProps);
const policy = (props: Record<string, unknown>) => () =>
  new GovernancePolicy(new TerraformStack(testMesh().app, 'platform'), 'governance', props as GovernancePolicyProps);
const overrides = (values: unknown, reason?: unknown) => () => DomainOverrides.of(meshWithPolicy().sales).set(values as never, reason as never);
const withSchema = (schema: Schema) => product({ valueSchema: schema } as Partial<DomainDataProductProps>);
const ref = {
  name: 'com.example.Money',
  subject: 'shared.money-value',
  version: 1,
  schema: Schema.avro({ type: 'fixed', name: 'Money', namespace: 'com.example', size: 8 }),
};

const P = 'sales/sales/events';

corpus('unknown keys in option objects, at every depth', [
  {
    name: 'fails on a misspelt product prop',
    build: product({ retentionMS: 1000 }),
    path: P,
    field: 'retentionMS',
    fix: 'did you mean `retentionMs`?',
  },
  {
    name: 'fails on a misspelt SLA field',
    build: product({ sla: { availabilityPercnt: 99.9 } }),
    path: P,
    field: 'sla.availabilityPercnt',
    fix: 'did you mean `availabilityPercent`?',
  },
  {
    name: 'fails on an unknown SLA field, listing the SLA fields',
    build: product({ sla: { owner: 'me' } }),
    path: P,
    field: 'sla.owner',
    fix: 'known props are availabilityPercent, maxLatencyMs, support',
  },
  {
    name: 'fails on a misspelt grantRead option instead of granting the wider prefix',
    build: () => salesMesh().orders.grantRead(Principal.fromName('User:analytics'), { consumerGroupe: 'analytics.loader' } as never),
    path: 'sales/sales/orders',
    field: 'grantRead.consumerGroupe',
    fix: 'did you mean `consumerGroup`?',
  },
  {
    name: 'fails on a misspelt grantWrite option',
    build: () => salesMesh().orders.grantWrite(Principal.fromName('User:analytics'), { transactionalIdPrefx: 'analytics.tx-' } as never),
    path: 'sales/sales/orders',
    field: 'grantWrite.transactionalIdPrefx',
    fix: 'did you mean `transactionalIdPrefix`?',
  },
  {
    name: 'fails on grantRead options that are a string',
    build: () => salesMesh().orders.grantRead(Principal.fromName('User:analytics'), 'analytics.loader' as never),
    path: 'sales/sales/orders',
    field: 'grantRead',
    fix: 'as an object literal',
  },
  {
    name: 'fails on a misspelt schema option',
    build: withSchema(Schema.avro({ type: 'string' }, { registraton: 'external' } as never)),
    path: P,
    field: 'valueSchema.options.registraton',
    fix: 'did you mean `registration`?',
  },
  {
    name: 'fails on an unknown registration',
    build: withSchema(Schema.avro({ type: 'string' }, { registration: 'manual' } as never)),
    path: P,
    field: 'valueSchema.options.registration',
    fix: '"terraform", "external"',
  },
  {
    name: 'fails on a misspelt field of a schema reference',
    build: withSchema(Schema.avro({ type: 'string' }, { references: [{ ...ref, versoin: 2 }] } as never)),
    path: P,
    field: 'valueSchema.options.references[0].versoin',
    fix: 'did you mean `version`?',
  },
  {
    name: 'fails on a misspelt SharedTopic prop, suggesting producers',
    build: shared({ producer: [] }),
    path: 'sales/sales/profile',
    field: 'producer',
    fix: 'did you mean `producers`?',
  },
  {
    name: 'fails on an unknown SharedTopic prop, listing producers and consumers among the known props',
    build: shared({ subscribers: [] }),
    path: 'sales/sales/profile',
    field: 'subscribers',
    fix: /known props are .*producers, consumers/,
  },
  {
    name: 'fails on SharedTopic producers that are not a list',
    build: shared({ producers: 'sales' }),
    path: 'sales/sales/profile',
    field: 'producers',
    fix: "set producers: [domain, Principal.fromName('User:<name>')]",
  },
  {
    name: 'fails on a SharedTopic consumer that is not a grantee',
    build: shared({ consumers: ['User:marketing'] }),
    path: 'sales/sales/profile',
    field: 'consumers[0]',
    fix: 'set consumers: [domain',
  },
  {
    name: 'fails on a misspelt cluster field, hinting within the cluster',
    build: mesh({ cluster: { bootstrapServer: ['localhost:9092'] } }),
    path: 'mesh',
    field: 'cluster.bootstrapServer',
    fix: 'did you mean `bootstrapServers`?',
  },
  {
    name: 'fails on a misspelt SASL field',
    build: mesh({ cluster: { ...cluster, sasl: { mechanism: 'plain', usernme: 'admin' } } }),
    path: 'mesh',
    field: 'cluster.sasl.usernme',
    fix: 'did you mean `username`?',
  },
  {
    name: 'fails on a misspelt registry field',
    build: mesh({ schemaRegistry: { url: 'http://localhost:8081', usrname: 'u' } }),
    path: 'mesh',
    field: 'schemaRegistry.usrname',
    fix: 'did you mean `username`?',
  },
  {
    name: 'fails on a misspelt topic default',
    build: mesh({ topicDefaults: { partiton: 3 } }),
    path: 'mesh',
    field: 'topicDefaults.partiton',
    fix: 'did you mean `partitions`?',
  },
  {
    name: 'fails on a misspelt field of a declared principal',
    build: mesh({ principals: [{ principal: 'User:analytics', descripton: 'x' }] }),
    path: 'mesh',
    field: 'principals[0].descripton',
    fix: 'did you mean `description`?',
  },
  {
    name: 'fails on a misspelt lock field',
    build: mesh({ lock: { dir: 'mesh.lock', updat: true } }),
    path: 'mesh',
    field: 'lock.updat',
    fix: 'did you mean `update`?',
  },
  {
    name: 'fails on a misspelt SCRAM field',
    build: account({ scram: { mechanism: ['SCRAM-SHA-512'] } }),
    path: 'platform/analytics',
    field: 'scram.mechanism',
    fix: 'did you mean `mechanisms`?',
  },
  {
    name: 'fails on a misspelt quota',
    build: account({ quota: { consumerByteRat: 1000 } }),
    path: 'platform/analytics',
    field: 'quota.consumerByteRat',
    fix: 'did you mean `consumerByteRate`?',
  },
  {
    name: 'fails on a misspelt Domain prop',
    build: domain({ ownerAcess: false }),
    path: 'sales/sales',
    field: 'ownerAcess',
    fix: 'did you mean `ownerAccess`?',
  },
  {
    name: 'fails on a misspelt overlay field',
    build: environment({ overlay: { maxPartition: 6 } }),
    path: 'dev',
    field: 'overlay.maxPartition',
    fix: 'did you mean `maxPartitions`?',
  },
  {
    name: "fails on a misspelt prop of an environment's mesh",
    build: environment({ mesh: { cluster, topicDefalts: {} } }),
    path: 'dev/mesh',
    field: 'topicDefalts',
    fix: 'did you mean `topicDefaults`?',
  },
  {
    name: 'fails on a misspelt StreamsApp prop',
    build: streams({ exactlyonce: true }),
    path: 'sales/sales/enrich',
    field: 'exactlyonce',
    fix: 'did you mean `exactlyOnce`?',
  },
  {
    name: 'fails on a misspelt Connect cluster field',
    build: sink({ connect: { url: 'http://localhost:8083', usrname: 'u' } }),
    path: 'sales/sales/archive',
    field: 'connect.usrname',
    fix: 'did you mean `username`?',
  },
  {
    name: 'fails on a misspelt Connector prop',
    build: sink({ deadLetterQueu: undefined, tasksMx: 2 }),
    path: 'sales/sales/archive',
    field: 'tasksMx',
    fix: 'did you mean `tasksMax`?',
  },
  {
    name: 'fails on a misspelt bound of a governance standard',
    build: policy({ standards: { partitions: { mx: 6 } } }),
    path: 'platform/governance',
    field: 'standards.partitions.mx',
    fix: 'did you mean `max`?',
  },
  {
    name: 'fails on a misspelt GovernancePolicy prop',
    build: policy({ standard: {} }),
    path: 'platform/governance',
    field: 'standard',
    fix: 'did you mean `standards`?',
  },
  {
    name: 'fails on a misspelt Principal.fromName option',
    build: () => Principal.fromName('User:analytics', { consumerGroupPrefx: 'analytics.' } as never),
    path: 'Principal.fromName("User:analytics")',
    field: 'consumerGroupPrefx',
    fix: 'did you mean `consumerGroupPrefix`?',
  },
  {
    name: 'fails on a misspelt decommission option',
    build: () => salesMesh().sales.decommission('returns', { reason: 'replaced', subject: ['sales.returns-value'] } as never),
    path: 'sales/sales/decommission(returns)',
    field: 'subject',
    fix: 'did you mean `subjects`?',
  },
  {
    name: 'fails on a decommission of version 0',
    build: () => salesMesh().sales.decommission('returns', { reason: 'replaced', version: 0 }),
    path: 'sales/sales/decommission(returns)',
    field: 'version',
    fix: 'set version to at least 1',
  },
  {
    name: 'fails on a decommission of an entity that is not a name',
    build: () => salesMesh().sales.decommission('Returns Topic', { reason: 'replaced' }),
    path: 'sales/sales/decommission(Returns Topic)',
    field: 'entity',
    fix: "decommission('orders'",
  },
  {
    name: 'fails on a latency that is not whole milliseconds',
    build: product({ sla: { maxLatencyMs: 1.5 } }),
    path: P,
    field: 'sla.maxLatencyMs',
    fix: 'whole milliseconds',
  },
  {
    name: 'fails on an availability given as words',
    build: product({ sla: { availabilityPercent: 'three nines' } }),
    path: P,
    field: 'sla.availabilityPercent',
    fix: 'set sla.availabilityPercent to a number',
  },
  {
    name: 'fails on a misspelt domain override',
    build: overrides({ minReplicationFacter: 2 }),
    path: 'sales/sales',
    field: 'overrides.minReplicationFacter',
    fix: 'did you mean `minReplicationFactor`?',
  },
  {
    name: 'fails on a misspelt bound of a domain override',
    build: overrides({ partitions: { mx: 96 } }),
    path: 'sales/sales',
    field: 'overrides.partitions.mx',
    fix: 'did you mean `max`?',
  },
  { name: 'fails on overrides given as a string', build: overrides('loose'), path: 'sales/sales', field: 'overrides', fix: 'as an object literal' },
  {
    name: 'fails on an override reason that is not words',
    build: overrides({ minInsyncReplicas: 3 }, 42),
    path: 'sales/sales',
    field: 'reason',
    fix: "set(overrides, '",
  },
  {
    name: 'fails on policy levels given as a list',
    build: policy({ levels: ['ACL_BUDGET'] }),
    path: 'platform/governance',
    field: 'levels',
    fix: 'set levels to an object',
  },
  {
    name: 'fails on standards given as a string',
    build: policy({ standards: 'strict' }),
    path: 'platform/governance',
    field: 'standards',
    fix: 'set standards to an object',
  },
]);
