/**
 * Credentials embedded in values (URLs with user:password@, password=/pwd=/secret=/token=
 * parameters in query and connection strings), in the props of every construct: each refused
 * where it is written, naming the path and the field, with the secret never in the message.
 */
import { App, TerraformStack } from 'cdktf';
import {
  Connector,
  ConnectorProps,
  Domain,
  DomainDataProduct,
  DomainOverrides,
  Environment,
  GovernancePolicy,
  KafkaMesh,
  KafkaMeshProps,
  ServiceAccount,
  SharedTopic,
  StreamsApp,
  Waivers,
} from '../../lib';
import { testMesh } from '../helpers';
import { BadInput, corpus, thrown } from './corpus';

/** Every secret below contains this, so a message that repeats one is caught. */
const S = 'Leak3d-s3cret';

const cluster = { bootstrapServers: ['localhost:9092'] };
const KAFKA = 'KAFKA_SASL_PASSWORD';
const REGISTRY = 'SCHEMA_REGISTRY_PASSWORD';
const CONNECT = 'KAFKA_CONNECT_BASIC_AUTH_PASSWORD';
const SENSITIVE = 'sensitiveConfig';
const NOWHERE = 'sensitive variables (TF_VAR_<name>)';

function mesh(props: Record<string, unknown>) {
  return () => new KafkaMesh(new App(), 'mesh', { cluster, ...props } as unknown as KafkaMeshProps);
}

function sales() {
  const { app } = testMesh();
  const platform = new TerraformStack(app, 'platform');
  const worker = new ServiceAccount(platform, 'worker', { description: 'Connect and streams workers' });
  const domain = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
  const orders = new DomainDataProduct(domain, 'orders', { description: 'Orders placed in the web shop' });
  return { app, platform, worker, domain, orders };
}

function connector(overrides: Record<string, unknown>, connect: Record<string, unknown> = { url: 'http://localhost:8083' }) {
  return () => {
    const m = sales();
    new Connector(m.domain, 'ledger', {
      type: 'source',
      connect,
      connectorClass: 'io.confluent.connect.jdbc.JdbcSourceConnector',
      principal: m.worker,
      outputs: [m.orders],
      external: 'postgresql:ledger',
      config: { 'connection.url': 'jdbc:postgresql://ledger-db:5432/ledger', 'topic.prefix': 'sales.', ...overrides },
    } as unknown as ConnectorProps);
  };
}

const connectionUrl = (url: string, name: string): BadInput => ({
  name,
  build: connector({ 'connection.url': url }),
  path: 'sales/sales/ledger',
  field: 'config["connection.url"]',
  fix: SENSITIVE,
});

const cases: BadInput[] = [
  // the mesh's cluster and registry
  {
    name: 'fails on user:password@ in the schema-registry URL',
    build: mesh({ schemaRegistry: { url: `https://mesh:${S}@registry.example.com` } }),
    path: 'mesh',
    field: 'schemaRegistry.url',
    fix: REGISTRY,
  },
  {
    name: 'fails on a registry URL with user:password@ and a port',
    build: mesh({ schemaRegistry: { url: `http://admin:${S}@localhost:8081/` } }),
    path: 'mesh',
    field: 'schemaRegistry.url',
    fix: REGISTRY,
  },
  {
    name: 'fails on a registry URL with an API key parameter',
    build: mesh({ schemaRegistry: { url: `https://registry.example.com/?api_key=${S}` } }),
    path: 'mesh',
    field: 'schemaRegistry.url',
    fix: REGISTRY,
  },
  {
    name: 'fails on a registry URL with a token parameter',
    build: mesh({ schemaRegistry: { url: `https://registry.example.com/subjects?token=${S}` } }),
    path: 'mesh',
    field: 'schemaRegistry.url',
    fix: REGISTRY,
  },
  {
    name: 'fails on a registry user name that is user:password',
    build: mesh({ schemaRegistry: { url: 'https://registry.example.com', username: `mesh:${S}@registry.example.com:443` } }),
    path: 'mesh',
    field: 'schemaRegistry.username',
    fix: REGISTRY,
  },
  {
    name: 'fails on user:password@ in a broker address',
    build: mesh({ cluster: { bootstrapServers: [`admin:${S}@broker-1:9092`] } }),
    path: 'mesh',
    field: 'cluster.bootstrapServers[0]',
    fix: KAFKA,
  },
  {
    name: 'fails on user:password@ in the second broker address',
    build: mesh({ cluster: { bootstrapServers: ['broker-1:9092', `SASL_SSL://admin:${S}@broker-2:9093`] } }),
    path: 'mesh',
    field: 'cluster.bootstrapServers[1]',
    fix: KAFKA,
  },
  {
    name: 'fails on a SASL user name carrying a password parameter',
    build: mesh({ cluster: { ...cluster, sasl: { mechanism: 'plain', username: `admin;password=${S}` } } }),
    path: 'mesh',
    field: 'cluster.sasl.username',
    fix: KAFKA,
  },
  {
    name: 'fails on a SASL user name carrying a JAAS password',
    build: mesh({ cluster: { ...cluster, sasl: { mechanism: 'plain', username: `admin password="${S}"` } } }),
    path: 'mesh',
    field: 'cluster.sasl.username',
    fix: KAFKA,
  },
  {
    name: 'fails on a declared principal description with a secret parameter',
    build: mesh({ principals: [{ principal: 'User:analytics', description: `Analytics, secret=${S}` }] }),
    path: 'mesh',
    field: 'principals[0].description',
    fix: NOWHERE,
  },
  {
    name: 'fails on a lock folder given as a URL with user:password@',
    build: mesh({ lock: { dir: `https://ci:${S}@git.example.com/mesh.lock` } }),
    path: 'mesh',
    field: 'lock.dir',
    fix: NOWHERE,
  },

  // Environment: its mesh props and overlay
  {
    name: 'fails on an environment registry URL with user:password@',
    build: () => new Environment(new App(), 'dev', { mesh: { cluster, schemaRegistry: { url: `https://dev:${S}@registry.dev.example.com` } } }),
    path: 'dev',
    field: 'mesh.schemaRegistry.url',
    fix: REGISTRY,
  },
  {
    name: 'fails on an environment broker with user:password@',
    build: () => new Environment(new App(), 'prod', { mesh: { cluster: { bootstrapServers: [`admin:${S}@prod-broker:9092`] } } }),
    path: 'prod',
    field: 'mesh.cluster.bootstrapServers[0]',
    fix: KAFKA,
  },
  {
    name: 'fails on an environment overlay written as a connection string with a password',
    build: () => new Environment(new App(), 'dev', { mesh: { cluster }, overlay: `Server=db;Pwd=${S}` as never }),
    path: 'dev',
    field: 'overlay',
    fix: NOWHERE,
  },

  // Connector: config values, the Connect URL
  connectionUrl(`jdbc:postgresql://ledger:${S}@ledger-db:5432/ledger`, 'fails on a PostgreSQL JDBC URL with user:password@'),
  connectionUrl(`jdbc:postgresql://ledger-db:5432/ledger?user=ledger&password=${S}`, 'fails on a PostgreSQL JDBC URL with ?password='),
  connectionUrl(
    `jdbc:postgresql://ledger-db:5432/ledger?sslmode=require&sslpassword=${S}`,
    'fails on a JDBC URL with the key password of sslpassword=',
  ),
  connectionUrl(
    `jdbc:mysql://ledger-db:3306/ledger?user=ledger&password=${S}&useSSL=true`,
    'fails on a MySQL JDBC URL with &password= between parameters',
  ),
  connectionUrl(`jdbc:sqlserver://ledger-db:1433;databaseName=ledger;user=sa;password=${S}`, 'fails on a SQL Server JDBC URL with ;password='),
  connectionUrl(
    `jdbc:sqlserver://ledger-db:1433;databaseName=ledger;user=sa;Password=${S};encrypt=true`,
    'fails on a SQL Server JDBC URL with ;Password= in the middle',
  ),
  connectionUrl(`jdbc:oracle:thin:ledger/${S}@//ledger-db:1521/ORCL`, 'fails on an Oracle thin URL with user/password@'),
  connectionUrl(`mongodb+srv://ledger:${S}@cluster0.example.net/ledger?retryWrites=true`, 'fails on a MongoDB URI with user:password@'),
  connectionUrl(`Server=ledger-db;Database=ledger;User Id=sa;Pwd=${S};`, 'fails on an ADO-style connection string with Pwd='),
  connectionUrl(`redis://:${S}@cache:6379/0`, 'fails on a Redis URL with only a password'),
  {
    name: 'fails on an Elasticsearch URL with user:password@ under another key',
    build: connector({ 'connection.url': 'jdbc:postgresql://ledger-db:5432/ledger', 'es.url': `https://elastic:${S}@es.example.com:9200` }),
    path: 'sales/sales/ledger',
    field: 'config["es.url"]',
    fix: SENSITIVE,
  },
  {
    name: 'fails on a storage connection string with AccountKey=',
    build: connector({ 'azblob.connection.string': `DefaultEndpointsProtocol=https;AccountName=ledger;AccountKey=${S};` }),
    path: 'sales/sales/ledger',
    field: 'config["azblob.connection.string"]',
    fix: SENSITIVE,
  },
  {
    name: 'fails on a SAS URL with sig=',
    build: connector({ 'azblob.sas.url': `https://ledger.blob.core.windows.net/c?sv=2022-11-02&sig=${S}` }),
    path: 'sales/sales/ledger',
    field: 'config["azblob.sas.url"]',
    fix: SENSITIVE,
  },
  {
    name: 'fails on an HTTP sink URL with an access_token parameter',
    build: connector({ 'http.api.url': `https://api.example.com/ingest?access_token=${S}` }),
    path: 'sales/sales/ledger',
    field: 'config["http.api.url"]',
    fix: SENSITIVE,
  },
  {
    name: 'fails on a client secret in a query string',
    build: connector({ 'oauth.url': `https://login.example.com/token?client_id=ledger&client_secret=${S}` }),
    path: 'sales/sales/ledger',
    field: 'config["oauth.url"]',
    fix: SENSITIVE,
  },
  {
    name: 'fails on JSON with a password inside a config value',
    build: connector({ 'extra.json': `{"user": "ledger", "password": "${S}"}` }),
    path: 'sales/sales/ledger',
    field: 'config["extra.json"]',
    fix: SENSITIVE,
  },
  {
    name: 'fails on the Connect cluster URL with user:password@',
    build: connector({}, { url: `https://deployer:${S}@connect.example.com:8083` }),
    path: 'sales/sales/ledger',
    field: 'connect.url',
    fix: CONNECT,
  },
  {
    name: 'fails on the Connect cluster URL with a token parameter',
    build: connector({}, { url: `https://connect.example.com:8083/?token=${S}` }),
    path: 'sales/sales/ledger',
    field: 'connect.url',
    fix: CONNECT,
  },
  {
    name: 'fails on a connector description with a JDBC password',
    build: () => {
      const m = sales();
      new Connector(m.domain, 'ledger', {
        type: 'source',
        description: `Reads jdbc:postgresql://db/ledger?password=${S}`,
        connect: { url: 'http://localhost:8083' },
        connectorClass: 'io.confluent.connect.jdbc.JdbcSourceConnector',
        principal: m.worker,
        outputs: [m.orders],
        external: 'postgresql:ledger',
      });
    },
    path: 'sales/sales/ledger',
    field: 'description',
    fix: NOWHERE,
  },
  {
    name: 'fails on a connector external system named by a URL with user:password@',
    build: () => {
      const m = sales();
      new Connector(m.domain, 'ledger', {
        type: 'source',
        connect: { url: 'http://localhost:8083' },
        connectorClass: 'io.confluent.connect.jdbc.JdbcSourceConnector',
        principal: m.worker,
        outputs: [m.orders],
        external: `postgresql://ledger:${S}@ledger-db/ledger`,
      });
    },
    path: 'sales/sales/ledger',
    field: 'external',
    fix: NOWHERE,
  },

  // Domain, products, shared topics, service accounts, streams apps
  {
    name: 'fails on a domain contact URL with user:password@',
    build: () =>
      new Domain(new TerraformStack(testMesh().app, 'sales'), 'sales', {
        owner: 'sales-team',
        principal: 'User:sales',
        contact: `https://oncall:${S}@pager.example.com/sales`,
      }),
    path: 'sales/sales',
    field: 'contact',
    fix: NOWHERE,
  },
  {
    name: 'fails on a domain description with a token parameter',
    build: () =>
      new Domain(new TerraformStack(testMesh().app, 'sales'), 'sales', {
        owner: 'sales-team',
        principal: 'User:sales',
        description: `Dashboard: https://bi.example.com/sales?token=${S}`,
      }),
    path: 'sales/sales',
    field: 'description',
    fix: NOWHERE,
  },
  {
    name: 'fails on a domain owner with a password parameter',
    build: () => new Domain(new TerraformStack(testMesh().app, 'sales'), 'sales', { owner: `sales-team;password=${S}`, principal: 'User:sales' }),
    path: 'sales/sales',
    field: 'owner',
    fix: NOWHERE,
  },
  {
    name: 'fails on a product description with a JDBC URL carrying user:password@',
    build: () => new DomainDataProduct(sales().domain, 'returns', { description: `Loaded from jdbc:postgresql://etl:${S}@db:5432/shop` }),
    path: 'sales/sales/returns',
    field: 'description',
    fix: NOWHERE,
  },
  {
    name: 'fails on a product owner with a secret parameter',
    build: () => new DomainDataProduct(sales().domain, 'returns', { description: 'Returned orders', owner: `returns-team secret=${S}` }),
    path: 'sales/sales/returns',
    field: 'owner',
    fix: NOWHERE,
  },
  {
    name: 'fails on an SLA support link with user:password@',
    build: () =>
      new DomainDataProduct(sales().domain, 'returns', { description: 'Returned orders', sla: { support: `https://support:${S}@desk.example.com` } }),
    path: 'sales/sales/returns',
    field: 'sla.support',
    fix: NOWHERE,
  },
  {
    name: 'fails on a topic config value with a password parameter',
    build: () =>
      new DomainDataProduct(sales().domain, 'returns', {
        description: 'Returned orders',
        config: { 'message.downconversion.enable': `true;password=${S}` },
      }),
    path: 'sales/sales/returns',
    field: 'config["message.downconversion.enable"]',
    fix: NOWHERE,
  },
  {
    name: 'fails on a data-loss acknowledgement quoting a URL with user:password@',
    build: () =>
      new DomainDataProduct(sales().domain, 'returns', {
        description: 'Returned orders',
        acknowledgeDataLoss: `replayed from https://etl:${S}@replay.example.com`,
      }),
    path: 'sales/sales/returns',
    field: 'acknowledgeDataLoss',
    fix: NOWHERE,
  },
  {
    name: 'fails on a shared topic description with a token parameter',
    build: () => {
      const m = sales();
      new SharedTopic(m.domain, 'events', { description: `Events, see https://wiki.example.com/?token=${S}`, consumers: [m.worker] });
    },
    path: 'sales/sales/events',
    field: 'description',
    fix: NOWHERE,
  },
  {
    name: 'fails on a service account description with user:password@',
    build: () =>
      new ServiceAccount(new TerraformStack(testMesh().app, 'platform'), 'loader', { description: `Loads into https://loader:${S}@dw.example.com` }),
    path: 'platform/loader',
    field: 'description',
    fix: NOWHERE,
  },
  {
    name: 'fails on a SCRAM password version that holds a password parameter',
    build: () =>
      new ServiceAccount(new TerraformStack(testMesh().app, 'platform'), 'loader', {
        description: 'Loads the warehouse',
        scram: { passwordVersion: `2;password=${S}` },
      }),
    path: 'platform/loader',
    field: 'scram.passwordVersion',
    fix: NOWHERE,
  },
  {
    name: 'fails on a streams app description with a JDBC password',
    build: () => {
      const m = sales();
      new StreamsApp(m.domain, 'enrich', { principal: m.worker, inputs: [m.orders], description: `Joins jdbc:sqlserver://db;user=sa;password=${S}` });
    },
    path: 'sales/sales/enrich',
    field: 'description',
    fix: NOWHERE,
  },

  // free text outside props: reasons
  {
    name: 'fails on a waiver reason with user:password@',
    build: () => Waivers.of(sales().orders).waive('PII_CROSS_DOMAIN_READ', `Approved in https://privacy:${S}@tickets.example.com/123`),
    path: 'sales/sales/orders',
    field: 'waive("PII_CROSS_DOMAIN_READ") reason',
    fix: NOWHERE,
  },
  {
    name: 'fails on a decommission reason with a password parameter',
    build: () => sales().domain.decommission('returns', { reason: `replaced; old DSN Server=db;Pwd=${S}` }),
    path: 'sales/sales/decommission(returns)',
    field: 'reason',
    fix: NOWHERE,
  },
  {
    name: 'fails on an override reason with a token parameter',
    build: () => {
      const m = sales();
      new GovernancePolicy(m.platform, 'governance', { overrideBounds: { partitions: { max: 200 } } });
      DomainOverrides.of(m.domain).set({ partitions: { max: 150 } }, `Approved: https://tickets.example.com/1?token=${S}`);
    },
    path: 'sales/sales',
    field: 'overrides reason',
    fix: NOWHERE,
  },
];

corpus('credentials embedded in values', cases);

describe('the messages never repeat the secret', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const error = thrown(c.build);
    expect(error.message).not.toContain(S);
    expect(String(error.stack)).not.toContain(S);
    expect(error.message).toContain('****');
  });
});
