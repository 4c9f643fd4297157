import { TerraformStack, Testing } from 'cdktf';
import { Domain, DomainProps, KafkaMesh, KafkaMeshProps, ServiceAccount, ServiceAccountProps } from '../../lib';
import { testMesh } from '../helpers';
import { corpus } from './corpus';

const cluster = { bootstrapServers: ['localhost:9092'] };

function mesh(props: Record<string, unknown>) {
  return () => new KafkaMesh(Testing.app(), 'mesh', { cluster, ...props } as unknown as KafkaMeshProps);
}

function domain(props: Record<string, unknown>) {
  return () => {
    const { app } = testMesh();
    new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales-team@example.com', principal: 'User:sales', ...props } as DomainProps);
  };
}

function account(props: Record<string, unknown>) {
  return () => {
    const { app } = testMesh();
    new ServiceAccount(new TerraformStack(app, 'platform'), 'analytics', { description: 'The analytics loader', ...props } as ServiceAccountProps);
  };
}

corpus('KafkaMesh props', [
  {
    name: 'fails on a principal listed twice',
    build: mesh({
      principals: [
        { principal: 'User:analytics', description: 'The analytics loader' },
        { principal: 'User:analytics', description: 'Analytics again' },
      ],
    }),
    path: 'mesh',
    field: 'principals[1].principal',
    fix: 'list each principal once',
  },
  {
    name: 'fails when no broker is listed',
    build: mesh({ cluster: { bootstrapServers: [] } }),
    path: 'mesh',
    field: 'cluster.bootstrapServers',
    fix: "list the brokers as ['host:9092', ...]",
  },
  {
    name: 'fails when a broker has no port',
    build: mesh({ cluster: { bootstrapServers: ['localhost'] } }),
    path: 'mesh',
    field: 'cluster.bootstrapServers[0]',
    fix: 'host:9092',
  },
  {
    name: 'fails on an unknown SASL mechanism',
    build: mesh({ cluster: { ...cluster, sasl: { mechanism: 'gssapi', username: 'admin' } } }),
    path: 'mesh',
    field: 'cluster.sasl.mechanism',
    fix: 'scram-sha512',
  },
  {
    name: 'fails on a registry password written into the code',
    build: mesh({ schemaRegistry: { url: 'http://localhost:8081', username: 'u', password: 'hunter2' } }),
    path: 'mesh',
    field: 'schemaRegistry.password',
    fix: 'never put a secret in the code',
  },
  {
    name: 'fails on a SASL password variable that is not a Terraform name',
    build: mesh({ cluster: { ...cluster, sasl: { mechanism: 'plain', username: 'a', password: { variable: 'kafka password' } } } }),
    path: 'mesh',
    field: 'cluster.sasl.password.variable',
    fix: 'make cluster.sasl.password.variable match /^[a-zA-Z_]',
  },
  {
    name: 'fails on a registry URL that is not a URL',
    build: mesh({ schemaRegistry: { url: 'registry' } }),
    path: 'mesh',
    field: 'schemaRegistry.url',
    fix: 'set schemaRegistry.url to a valid url',
  },
  {
    name: 'fails when the default partitions is 0',
    build: mesh({ topicDefaults: { partitions: 0 } }),
    path: 'mesh',
    field: 'topicDefaults.partitions',
    fix: 'at least 1',
  },
  {
    name: 'fails when the replication cap is 0',
    build: mesh({ topicDefaults: { maxReplicationFactor: 0 } }),
    path: 'mesh',
    field: 'topicDefaults.maxReplicationFactor',
    fix: 'set topicDefaults.maxReplicationFactor to at least 1',
  },
  {
    name: 'fails on a declared principal without User:',
    build: mesh({ principals: [{ principal: 'analytics', description: 'Analytics' }] }),
    path: 'mesh',
    field: 'principals[0].principal',
    fix: 'make principals[0].principal match /^(User|Group):',
  },
  {
    name: 'fails on a misspelt prop, suggesting the right one',
    build: mesh({ topicDefault: { partitions: 3 } }),
    path: 'mesh',
    field: 'topicDefault',
    fix: 'did you mean `topicDefaults`?',
  },
  {
    name: 'fails on a Kafka version that is not a version',
    build: mesh({ cluster: { ...cluster, kafkaVersion: 'latest' } }),
    path: 'mesh',
    field: 'cluster.kafkaVersion',
    fix: 'make cluster.kafkaVersion match',
  },
  {
    name: 'fails on a timeout of 0 seconds',
    build: mesh({ cluster: { ...cluster, timeoutSeconds: 0 } }),
    path: 'mesh',
    field: 'cluster.timeoutSeconds',
    fix: 'set cluster.timeoutSeconds to at least 1',
  },
]);

corpus('Domain props', [
  {
    name: 'fails when the owner is blank',
    build: domain({ owner: '  ' }),
    path: 'sales/sales',
    field: 'owner',
    fix: "set owner to the team's e-mail or name",
  },
  {
    name: 'fails on a principal with a space',
    build: domain({ principal: 'User:sales team' }),
    path: 'sales/sales',
    field: 'principal',
    fix: "'User:sales'",
  },
  {
    name: 'fails on a consumer group prefix with a space',
    build: domain({ consumerGroupPrefix: 'sales groups' }),
    path: 'sales/sales',
    field: 'consumerGroupPrefix',
    fix: 'make consumerGroupPrefix match /^[A-Za-z0-9._-]+$/',
  },
  {
    name: 'fails on a domain name with an underscore',
    build: domain({ name: 'sales_team' }),
    path: 'sales/sales',
    field: 'name',
    fix: "'customer-support'",
  },
  {
    name: 'fails on an empty description',
    build: domain({ description: '' }),
    path: 'sales/sales',
    field: 'description',
    fix: 'set description to at least 1 character(s)',
  },
  { name: 'fails on an unknown prop', build: domain({ owners: ['a'] }), path: 'sales/sales', field: 'owners', fix: 'did you mean `owner`?' },
]);

corpus('ServiceAccount props', [
  {
    name: 'fails without a description',
    build: account({ description: undefined }),
    path: 'platform/analytics',
    field: 'description',
    fix: 'set description: it is required',
  },
  {
    name: 'fails on an unknown SCRAM mechanism',
    build: account({ scram: { mechanisms: ['SCRAM-SHA-1'] } }),
    path: 'platform/analytics',
    field: 'scram.mechanisms[0]',
    fix: 'SCRAM-SHA-512',
  },
  {
    name: 'fails on a password variable that is not a Terraform name',
    build: account({ scram: { passwordVariable: 'analytics-password' } }),
    path: 'platform/analytics',
    field: 'scram.passwordVariable',
    fix: 'make scram.passwordVariable match',
  },
  {
    name: 'fails on a negative request percentage',
    build: account({ quota: { requestPercentage: -5 } }),
    path: 'platform/analytics',
    field: 'quota.requestPercentage',
    fix: 'set quota.requestPercentage to more than 0',
  },
  {
    name: 'fails on a producer byte rate of 0',
    build: account({ quota: { producerByteRate: 0 } }),
    path: 'platform/analytics',
    field: 'quota.producerByteRate',
    fix: 'set quota.producerByteRate to at least 1',
  },
  {
    name: 'fails on a principal with no name',
    build: account({ principal: 'Group:' }),
    path: 'platform/analytics',
    field: 'principal',
    fix: "'User:<name>'",
  },
]);
