import { TerraformStack, Testing } from 'cdktf';
import {
  Connector,
  Domain,
  DomainDataProduct,
  DomainDataProductProps,
  DomainProps,
  Environment,
  EnvironmentProps,
  GovernancePolicy,
  KafkaMesh,
  KafkaMeshProps,
  ServiceAccount,
  ServiceAccountProps,
  StreamsApp,
  StreamsAppProps,
} from '../../lib';
import { testMesh } from '../helpers';
import { product, salesMesh, sink, sinkProps, streams } from './builders';
import { corpus } from './corpus';

const cluster = { bootstrapServers: ['localhost:9092'] };
const owner = { owner: 'sales-team@example.com', principal: 'User:sales' };
const salesStack = () => new TerraformStack(testMesh().app, 'sales');
const asAny = <T>(v: unknown) => v as T;
const meshProps = (props: unknown) => () => new KafkaMesh(Testing.app(), 'mesh', props as KafkaMeshProps);
const account = (props: Record<string, unknown>) => () =>
  new ServiceAccount(new TerraformStack(testMesh().app, 'platform'), 'analytics', { description: 'Loader', ...props } as ServiceAccountProps);
const P = 'sales/sales/events';
const ID_FIX = 'give each construct in the same scope its own id';

corpus('construct ids and scopes', [
  {
    name: 'fails on a second Domain with the same id in a stack',
    build: () => {
      const s = salesStack();
      new Domain(s, 'sales', owner);
      new Domain(s, 'sales', { ...owner, name: 'sales2' });
    },
    path: 'sales/sales',
    field: 'id',
    fix: ID_FIX,
  },
  {
    name: 'fails on an empty Domain id',
    build: () => new Domain(salesStack(), '', owner),
    path: 'sales/',
    field: 'id',
    fix: "new Domain(scope, 'orders', props)",
  },
  {
    name: 'fails on a Domain id that is not a string',
    build: () => new Domain(salesStack(), asAny<string>(7), owner),
    path: 'sales/7',
    field: 'id',
    fix: 'give it an id',
  },
  {
    name: 'fails on a Domain whose scope is not a construct',
    build: () => new Domain(asAny<TerraformStack>(undefined), 'sales', owner),
    path: '(Domain)',
    field: 'scope',
    fix: "new Domain(scope, 'id', props)",
  },
  {
    name: 'fails on a Domain with the id the mesh keeps in each stack',
    build: () => new Domain(salesStack(), 'kafka-mesh', { ...owner, name: 'sales' }),
    path: 'sales/kafka-mesh',
    field: 'id',
    fix: 'give the construct another id',
  },
  {
    name: 'fails on two products with the same id',
    build: () => {
      const { sales } = salesMesh();
      new DomainDataProduct(sales, 'orders', { description: 'again', entity: 'orders2' });
    },
    path: 'sales/sales/orders',
    field: 'id',
    fix: ID_FIX,
  },
  {
    name: 'fails on an empty product id',
    build: () => new DomainDataProduct(salesMesh().sales, '', { description: 'x' }),
    path: 'sales/sales/',
    field: 'id',
    fix: 'give it an id',
  },
  {
    name: 'fails on two ServiceAccounts with the same id',
    build: () => new ServiceAccount(salesMesh().platform, 'analytics', { description: 'again', principal: 'User:other' }),
    path: 'platform/analytics',
    field: 'id',
    fix: ID_FIX,
  },
  {
    name: 'fails on two StreamsApps with the same id',
    build: () => {
      const m = salesMesh();
      new StreamsApp(m.sales, 'enrich', { principal: m.analytics, inputs: [m.orders] });
      new StreamsApp(m.sales, 'enrich', { principal: m.analytics, inputs: [m.orders], applicationId: 'sales.enrich2' });
    },
    path: 'sales/sales/enrich',
    field: 'id',
    fix: ID_FIX,
  },
  {
    name: 'fails on two Connectors with the same id',
    build: () => {
      const m = salesMesh();
      const props = sinkProps(m);
      new Connector(m.sales, 'archive', props);
      new Connector(m.sales, 'archive', { ...props, name: 'sales.archive2' });
    },
    path: 'sales/sales/archive',
    field: 'id',
    fix: ID_FIX,
  },
  {
    name: 'fails on two Environments with the same id',
    build: () => {
      const a = Testing.app();
      new Environment(a, 'dev', { mesh: { cluster } });
      new Environment(a, 'dev', { name: 'dev2', mesh: { cluster } });
    },
    path: 'dev',
    field: 'id',
    fix: ID_FIX,
  },
  {
    name: 'fails on an empty KafkaMesh id',
    build: () => new KafkaMesh(Testing.app(), '', { cluster }),
    path: '(app)',
    field: 'id',
    fix: 'give it an id',
  },
  {
    name: 'fails on two GovernancePolicies with one id in a stack',
    build: () => {
      const s = new TerraformStack(testMesh().app, 'platform');
      new GovernancePolicy(s, 'governance');
      new GovernancePolicy(s, 'governance');
    },
    path: 'platform/governance',
    field: 'id',
    fix: ID_FIX,
  },
]);

corpus('one mesh per app', [
  {
    name: 'fails on a second KafkaMesh in one app',
    build: () => {
      const { app: a } = testMesh();
      new KafkaMesh(a, 'mesh2', { cluster });
    },
    path: 'mesh2',
    field: 'KafkaMesh',
    fix: 'declare one KafkaMesh per app',
  },
  {
    name: 'fails on a second KafkaMesh inside an Environment',
    build: () => {
      const env = new Environment(Testing.app(), 'dev', { mesh: { cluster } });
      new KafkaMesh(env, 'extra', { cluster });
    },
    path: 'dev/extra',
    field: 'KafkaMesh',
    fix: 'one Environment per environment',
  },
  {
    name: 'fails on a second KafkaMesh inside a stack',
    build: () => {
      const { app: a } = testMesh();
      new KafkaMesh(new TerraformStack(a, 'platform'), 'mesh', { cluster });
    },
    path: 'platform/mesh',
    field: 'KafkaMesh',
    fix: 'declare one KafkaMesh per app',
  },
]);

corpus('props that are not objects, and numbers that are not numbers', [
  {
    name: 'fails on null Domain props',
    build: () => new Domain(salesStack(), 'sales', asAny<DomainProps>(null)),
    path: 'sales/sales',
    field: '(props)',
    fix: 'pass the props as an object literal',
  },
  {
    name: 'fails on KafkaMesh props given as a string',
    build: meshProps('localhost:9092'),
    path: 'mesh',
    field: '(props)',
    fix: 'pass the props as an object literal',
  },
  {
    name: 'fails on product props given as a list',
    build: () => new DomainDataProduct(salesMesh().sales, 'events', asAny<DomainDataProductProps>([{ description: 'x' }])),
    path: P,
    field: '(props)',
    fix: 'as an object literal',
  },
  {
    name: 'fails on null StreamsApp props',
    build: () => {
      const m = salesMesh();
      new StreamsApp(m.sales, 'enrich', asAny<StreamsAppProps>(null));
    },
    path: 'sales/sales/enrich',
    field: '(props)',
    fix: 'as an object literal',
  },
  {
    name: 'fails on null Environment props',
    build: () => new Environment(Testing.app(), 'dev', asAny<EnvironmentProps>(null)),
    path: 'dev',
    field: '(props)',
    fix: 'as an object literal',
  },
  {
    name: 'fails on GovernancePolicy props given as a string',
    build: () => new GovernancePolicy(new TerraformStack(testMesh().app, 'platform'), 'governance', asAny('strict')),
    path: 'platform/governance',
    field: '(props)',
    fix: 'as an object literal',
  },
  {
    name: 'fails on null ServiceAccount props',
    build: () => new ServiceAccount(new TerraformStack(testMesh().app, 'platform'), 'analytics', asAny<ServiceAccountProps>(null)),
    path: 'platform/analytics',
    field: '(props)',
    fix: 'as an object literal',
  },
  {
    name: 'fails on partitions given as a string',
    build: product({ partitions: '3' }),
    path: P,
    field: 'partitions',
    fix: 'set partitions to a whole number',
  },
  { name: 'fails on partitions of NaN', build: product({ partitions: NaN }), path: P, field: 'partitions', fix: 'set partitions to a whole number' },
  {
    name: 'fails on partitions of Infinity',
    build: product({ partitions: Infinity }),
    path: P,
    field: 'partitions',
    fix: 'set partitions to a whole number',
  },
  {
    name: 'fails on a negative replication factor',
    build: product({ replicationFactor: -1 }),
    path: P,
    field: 'replicationFactor',
    fix: 'set replicationFactor to a whole number',
  },
  { name: 'fails on a retention of 1.5 ms', build: product({ retentionMs: 1.5 }), path: P, field: 'retentionMs', fix: 'positive whole number' },
  {
    name: 'fails on a retention of -1 (infinite is spelt out)',
    build: product({ retentionMs: -1 }),
    path: P,
    field: 'retentionMs',
    fix: "'infinite'",
  },
  {
    name: 'fails on a max message size given with a unit',
    build: product({ maxMessageBytes: '1MB' }),
    path: P,
    field: 'maxMessageBytes',
    fix: 'set maxMessageBytes to a number',
  },
  { name: 'fails on product version 0', build: product({ version: 0 }), path: P, field: 'version', fix: 'set version to at least 1' },
  { name: 'fails on tags given as one string', build: product({ tags: 'orders' }), path: P, field: 'tags', fix: 'set tags to a list' },
  {
    name: 'fails on a consumer byte rate of NaN',
    build: account({ quota: { consumerByteRate: NaN } }),
    path: 'platform/analytics',
    field: 'quota.consumerByteRate',
    fix: 'set quota.consumerByteRate to a number',
  },
  {
    name: 'fails on a request percentage given as words',
    build: account({ quota: { requestPercentage: 'ten' } }),
    path: 'platform/analytics',
    field: 'quota.requestPercentage',
    fix: 'set quota.requestPercentage to a number',
  },
  {
    name: 'fails on a partition scale of Infinity',
    build: meshProps({ cluster, topicDefaults: { partitionScale: Infinity } }),
    path: 'mesh',
    field: 'topicDefaults.partitionScale',
    fix: 'set topicDefaults.partitionScale to a number',
  },
  {
    name: 'fails on a timeout of 1.5 seconds',
    build: meshProps({ cluster: { ...cluster, timeoutSeconds: 1.5 } }),
    path: 'mesh',
    field: 'cluster.timeoutSeconds',
    fix: 'set cluster.timeoutSeconds to a whole number',
  },
  {
    name: 'fails on principals that are not a list',
    build: meshProps({ cluster, principals: 'User:analytics' }),
    path: 'mesh',
    field: 'principals',
    fix: 'set principals to a list',
  },
  {
    name: 'fails on a negative maxPartitions overlay',
    build: () => new Environment(Testing.app(), 'dev', { mesh: { cluster }, overlay: { maxPartitions: -1 } }),
    path: 'dev',
    field: 'overlay.maxPartitions',
    fix: 'set overlay.maxPartitions to at least 1',
  },
  {
    name: 'fails on an environment name with capitals',
    build: () => new Environment(Testing.app(), 'Dev', { mesh: { cluster } }),
    path: 'Dev',
    field: 'name',
    fix: "name environments like 'dev'",
  },
  {
    name: 'fails on a Connector with 0 tasks',
    build: sink({ tasksMax: 0 }),
    path: 'sales/sales/archive',
    field: 'tasksMax',
    fix: 'set tasksMax to the number of tasks',
  },
  {
    name: 'fails on a Connector tasksMax given as a string',
    build: sink({ tasksMax: '2' }),
    path: 'sales/sales/archive',
    field: 'tasksMax',
    fix: 'set tasksMax to the number of tasks',
  },
  { name: 'fails on a Connector of an unknown type', build: sink({ type: 'both' }), path: 'sales/sales/archive', field: 'type', fix: "use 'source'" },
  {
    name: 'fails on a StreamsApp writing the product it reads (a loop)',
    build: () => {
      const m = salesMesh();
      new StreamsApp(m.sales, 'enrich', { principal: m.analytics, inputs: [m.orders], outputs: [m.orders] });
    },
    path: 'sales/sales/enrich',
    field: 'outputs[0]',
    fix: 'write the result to a product of its own',
  },
  {
    name: 'fails on a StreamsApp without inputs',
    build: streams({ inputs: [] }),
    path: 'sales/sales/enrich',
    field: 'inputs',
    fix: 'list the products the app reads',
  },
  {
    name: 'fails on exactlyOnce given as a string',
    build: streams({ exactlyOnce: 'yes' }),
    path: 'sales/sales/enrich',
    field: 'exactlyOnce',
    fix: 'set exactlyOnce to true or false',
  },
  {
    name: 'fails on a StreamsApp principal that is a number',
    build: streams({ principal: 42 }),
    path: 'sales/sales/enrich',
    field: 'principal',
    fix: 'pass the ServiceAccount',
  },
  {
    name: 'fails on environment names given as one string',
    build: () => Environment.select(Testing.app(), 'dev,prod' as never),
    path: '(app)',
    field: 'environments',
    fix: "Environment.select(app, ['dev'",
  },
  {
    name: 'fails on onlyIn given one name instead of a list',
    build: () => new Environment(Testing.app(), 'dev', { mesh: { cluster } }).onlyIn('dev' as never, () => 1),
    path: 'dev',
    field: 'onlyIn',
    fix: "onlyIn(['dev'], ...)",
  },
]);
