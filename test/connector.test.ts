import { TerraformStack, Testing } from 'cdktf';
import { Connector, ConnectorProps, Domain, DomainDataProduct, Principal, ServiceAccount } from '../lib';
import { looksLikeSecret } from '../lib/constructs/connector';
import { buildExampleMesh } from '../stacks';
import { errorOf, forEach, synthJson, testMesh } from './helpers';

const W = 'User:connect';

/** A platform stack with the Connect workers' account; finance with transactions; analytics with a warehouse feed. */
function financeMesh() {
  const { app, mesh } = testMesh();
  const platform = new TerraformStack(app, 'platform');
  const worker = new ServiceAccount(platform, 'connect', { description: 'Kafka Connect workers' });
  const stack = new TerraformStack(app, 'finance');
  const finance = new Domain(stack, 'finance', { owner: 'finance-team', principal: 'User:finance' });
  const transactions = new DomainDataProduct(finance, 'transactions', { description: 'Transactions' });
  const rejected = new DomainDataProduct(finance, 'rejected-rows', { description: 'Rows the warehouse refused' });
  return { app, mesh, platform, worker, stack, finance, transactions, rejected };
}

const JDBC_SOURCE = {
  type: 'source' as const,
  connect: { url: 'http://localhost:8083' },
  connectorClass: 'io.confluent.connect.jdbc.JdbcSourceConnector',
  config: {
    'connection.url': 'jdbc:postgresql://ledger-db:5432/ledger',
    'connection.user': 'kafka_connect',
    'table.whitelist': 'transactions',
    'topic.prefix': 'finance.',
  },
  sensitiveConfig: { 'connection.password': { variable: 'ledger_db_password' } },
  external: 'postgresql:ledger',
};

function ledgerSource(overrides: Partial<ConnectorProps> = {}) {
  const m = financeMesh();
  const connector = new Connector(m.finance, 'ledger-transactions', {
    ...JDBC_SOURCE,
    principal: m.worker,
    outputs: [m.transactions],
    ...overrides,
  } as ConnectorProps);
  return { ...m, connector };
}

function warehouseSink(overrides: Partial<ConnectorProps> = {}) {
  const m = financeMesh();
  const connector = new Connector(m.finance, 'warehouse', {
    type: 'sink',
    connect: { url: 'https://connect.example.com', username: 'deployer', password: { variable: 'connect_password' } },
    connectorClass: 'io.confluent.connect.jdbc.JdbcSinkConnector',
    config: { 'connection.url': 'jdbc:postgresql://warehouse:5432/dw', 'insert.mode': 'upsert' },
    sensitiveConfig: { 'connection.password': { variable: 'warehouse_password' } },
    principal: m.worker,
    inputs: [m.transactions],
    external: 'postgresql:warehouse',
    ...overrides,
  } as ConnectorProps);
  return { ...m, connector };
}

function aclsOf(stack: TerraformStack, principal: string): string[] {
  return Object.keys(forEach(synthJson(stack), 'kafka_acl', 'allow')).filter((k) => k.startsWith(`${principal} `));
}

describe('Connector ACLs', () => {
  it('gives a source exactly Write and Describe on its outputs, and IdempotentWrite', () => {
    const { connector, stack, platform } = ledgerSource();
    expect(connector.aclKeys).toEqual([
      `${W} Describe Topic:finance.transactions`,
      `${W} IdempotentWrite Cluster:kafka-cluster`,
      `${W} Write Topic:finance.transactions`,
    ]);
    // written: Describe and IdempotentWrite are implied by Write (lib/grants.ts withoutImplied)
    expect(aclsOf(stack, W)).toEqual([`${W} Write Topic:finance.transactions`]);
    expect(aclsOf(platform, W)).toEqual([`${W} Read Group:connect.*`]);
  });

  it('gives a source without outputs PREFIXED access under its topic.prefix', () => {
    const { connector, stack } = ledgerSource({ outputs: undefined, config: { ...JDBC_SOURCE.config, 'topic.prefix': 'finance.ledger.' } });
    expect(connector.aclKeys).toEqual([
      `${W} Describe Topic:finance.ledger.*`,
      `${W} IdempotentWrite Cluster:kafka-cluster`,
      `${W} Write Topic:finance.ledger.*`,
    ]);
    expect(forEach(synthJson(stack), 'kafka_acl', 'allow')[`${W} Write Topic:finance.ledger.*`]).toMatchObject({
      resource_name: 'finance.ledger.',
      resource_pattern_type_filter: 'Prefixed',
    });
  });

  it('gives a sink Read and Describe on its inputs and Read on its group connect-<name>', () => {
    const { connector, stack } = warehouseSink();
    expect(connector.consumerGroup).toBe('connect-finance.warehouse');
    expect(connector.aclKeys).toEqual([
      `${W} Describe Topic:finance.transactions`,
      `${W} Read Group:connect-finance.warehouse`,
      `${W} Read Topic:finance.transactions`,
    ]);
    expect(aclsOf(stack, W)).toEqual(connector.aclKeys.filter((k) => !k.includes(' Describe ')));
  });

  it('uses the group of consumer.override.group.id', () => {
    const { connector } = warehouseSink({ config: { 'consumer.override.group.id': 'finance.warehouse-loader' } });
    expect(connector.aclKeys).toContain(`${W} Read Group:finance.warehouse-loader`);
    expect(connector.config['consumer.override.group.id']).toBe('finance.warehouse-loader');
  });

  it('adds Write on a sink’s dead letter queue', () => {
    const m = financeMesh();
    const sink = new Connector(m.finance, 'warehouse', {
      type: 'sink',
      connect: { url: 'http://localhost:8083' },
      connectorClass: 'io.confluent.connect.jdbc.JdbcSinkConnector',
      principal: m.worker,
      inputs: [m.transactions],
      deadLetterQueue: m.rejected,
      external: 'postgresql:warehouse',
    });
    expect(sink.aclKeys).toEqual([
      `${W} Describe Topic:finance.rejected-rows`,
      `${W} Describe Topic:finance.transactions`,
      `${W} IdempotentWrite Cluster:kafka-cluster`,
      `${W} Read Group:connect-finance.warehouse`,
      `${W} Read Topic:finance.transactions`,
      `${W} Write Topic:finance.rejected-rows`,
    ]);
    expect(sink.config['errors.deadletterqueue.topic.name']).toBe('finance.rejected-rows');
  });

  it('reads another domain’s product only when its owner granted it', () => {
    const m = financeMesh();
    const sales = new Domain(new TerraformStack(m.app, 'sales'), 'sales', { owner: 'sales-team', principal: 'User:sales' });
    new DomainDataProduct(sales, 'orders', { description: 'Orders' });
    new Connector(m.finance, 'orders-to-erp', {
      type: 'sink',
      connect: { url: 'http://localhost:8083' },
      connectorClass: 'com.example.ErpSink',
      principal: W,
      inputs: ['sales.orders'],
      external: 'erp',
    });
    expect(errorOf(() => Testing.synth(m.stack))).toBe(
      `finance/finance/orders-to-erp: inputs[0] is owned by the sales domain, which grants no read to ${W} (got "sales.orders"). Fix: the owner grants it in stack sales: orders.grantRead(Principal.fromName('${W}'))`,
    );
    m.mesh.findProduct('sales.orders')!.grantRead(Principal.fromName(W));
    expect(() => Testing.synth(m.stack)).not.toThrow();
  });
});

describe('Connector resource', () => {
  it('writes the connector with its config, and its secrets from sensitive variables', () => {
    const json = synthJson(ledgerSource().stack);
    expect(json.resource['kafka-connect_connector']).toEqual({
      'finance_ledger-transactions': {
        name: 'finance.ledger-transactions',
        provider: 'kafka-connect',
        config: {
          'connection.url': 'jdbc:postgresql://ledger-db:5432/ledger',
          'connection.user': 'kafka_connect',
          'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
          name: 'finance.ledger-transactions',
          'table.whitelist': 'transactions',
          'tasks.max': '1',
          'topic.prefix': 'finance.',
        },
        config_sensitive: { 'connection.password': '${var.ledger_db_password}' },
        depends_on: ['kafka_topic.protected', 'kafka_acl.allow'],
      },
    });
    expect(json.variable.ledger_db_password).toEqual({
      type: 'string',
      sensitive: true,
      nullable: false,
      description: 'connection.password of the connector finance.ledger-transactions',
    });
    expect(json.provider['kafka-connect']).toEqual([{ url: 'http://localhost:8083' }]);
    expect(json.terraform.required_providers['kafka-connect']).toMatchObject({ source: 'mongey/kafka-connect' });
  });

  it('sets a sink’s topics from its inputs, and the provider’s basic auth from a sensitive variable', () => {
    const json = synthJson(warehouseSink().stack);
    expect(json.resource['kafka-connect_connector'].finance_warehouse.config.topics).toBe('finance.transactions');
    expect(json.provider['kafka-connect']).toEqual([
      { url: 'https://connect.example.com', basic_auth_username: 'deployer', basic_auth_password: '${var.connect_password}' },
    ]);
    expect(json.variable.connect_password).toMatchObject({ sensitive: true });
  });

  it('leaves the basic-auth password to the provider’s environment by default', () => {
    const json = synthJson(warehouseSink({ connect: { url: 'https://connect.example.com', username: 'deployer' } }).stack);
    expect(json.provider['kafka-connect']).toEqual([{ url: 'https://connect.example.com', basic_auth_username: 'deployer' }]);
  });

  it('shares one provider per Connect cluster, with an alias for each further cluster', () => {
    const m = ledgerSource();
    new Connector(m.finance, 'other', { ...JDBC_SOURCE, principal: m.worker, outputs: [m.transactions] });
    new Connector(m.finance, 'elsewhere', {
      ...JDBC_SOURCE,
      connect: { url: 'http://connect-2:8083' },
      principal: m.worker,
      outputs: [m.transactions],
    });
    const json = synthJson(m.stack);
    expect(json.provider['kafka-connect']).toEqual([{ url: 'http://localhost:8083' }, { url: 'http://connect-2:8083', alias: 'connect_2' }]);
    expect(json.resource['kafka-connect_connector'].finance_other.provider).toBe('kafka-connect');
    expect(json.resource['kafka-connect_connector'].finance_elsewhere.provider).toBe('kafka-connect.connect_2');
  });

  it('synthesizes no secret value', () => {
    const text = JSON.stringify(synthJson(warehouseSink().stack));
    expect(text).not.toMatch(/"(connection\.password|basic_auth_password)":"[^$]/);
  });

  it('registers lineage from the external system', () => {
    const { mesh } = ledgerSource({ description: 'Bookings from the ledger' });
    expect(mesh.toModel().applications).toEqual([
      {
        name: 'finance.ledger-transactions',
        kind: 'connector',
        domain: 'finance',
        principal: W,
        description: 'Bookings from the ledger',
        inputs: [],
        outputs: ['finance.transactions'],
        external: { system: 'postgresql:ledger', direction: 'source' },
        stack: 'finance',
        constructPath: 'finance/finance/ledger-transactions',
      },
    ]);
  });

  it('registers lineage to the external system for a sink', () => {
    const { mesh } = warehouseSink();
    expect(mesh.toModel().applications[0]).toMatchObject({
      inputs: ['finance.transactions'],
      outputs: [],
      external: { system: 'postgresql:warehouse', direction: 'sink' },
    });
  });
});

describe('the example mesh', () => {
  const saved = { LEDGER_JDBC_URL: process.env.LEDGER_JDBC_URL, KAFKA_CONNECT_URL: process.env.KAFKA_CONNECT_URL };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('ingests the seeds’ ledger into finance.transactions with a JDBC source when a ledger database is configured', () => {
    process.env.LEDGER_JDBC_URL = 'jdbc:postgresql://ledger-db:5432/ledger';
    process.env.KAFKA_CONNECT_URL = 'http://connect.internal:8083';
    const example = buildExampleMesh(Testing.app());
    const json = synthJson(example.finance);
    expect(json.resource['kafka-connect_connector']['finance_ledger-transactions'].config).toMatchObject({
      'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector',
      'connection.url': 'jdbc:postgresql://ledger-db:5432/ledger',
      'topic.prefix': 'finance.',
    });
    expect(json.provider['kafka-connect']).toEqual([{ url: 'http://connect.internal:8083' }]);
    expect(json.resource['kafka-connect_connector']['finance_ledger-transactions'].config_sensitive).toEqual({
      'connection.password': '${var.ledger_db_password}',
    });
    expect(aclsOf(example.finance, W)).toEqual([`${W} Write Topic:finance.transactions`]);
    expect(example.mesh.toModel().applications.map((a) => a.name)).toEqual([
      'sales.processOrder',
      'sales.insights_',
      'customer.crm-sync',
      'finance.ledger-transactions',
    ]);
  });

  it('leaves the connector out without a ledger database, even with a Connect cluster', () => {
    delete process.env.LEDGER_JDBC_URL;
    process.env.KAFKA_CONNECT_URL = 'http://127.0.0.1:8083';
    const example = buildExampleMesh(Testing.app());
    expect(synthJson(example.finance).resource['kafka-connect_connector']).toBeUndefined();
  });
});

describe('looksLikeSecret', () => {
  it.each([
    'connection.password',
    'ssl.keystore.password',
    'sasl.jaas.config',
    'aws.secret.access.key',
    'basic.auth.user.info',
    'client.secret',
    'api.key',
    'oauth.token',
  ])('treats %s as a secret', (key) => {
    expect(looksLikeSecret(key)).toBe(true);
  });
  it.each([
    'connection.user',
    'ssl.truststore.location',
    'value.converter.basic.auth.credentials.source',
    'key.converter',
    'token.endpoint.url',
    'topic.prefix',
  ])('does not treat %s as a secret', (key) => {
    expect(looksLikeSecret(key)).toBe(false);
  });
});

describe('Connector refuses bad input, naming path, field, value and fix', () => {
  const P = 'finance/finance/ledger-transactions';

  it('refuses a literal password, without repeating it', () => {
    const err = errorOf(() => ledgerSource({ config: { ...JDBC_SOURCE.config, 'connection.password': 'hunter2' }, sensitiveConfig: undefined }));
    expect(err).toBe(
      `${P}: config["connection.password"] looks like a secret and must not be a literal in the code (it would be in the synthesized configuration, the plan and the repository) (got "<redacted: 7 characters>"). ` +
        "Fix: move it to sensitiveConfig: { 'connection.password': { variable: 'finance_connection_password' } } and set that variable (TF_VAR_<name>) when deploying",
    );
    expect(err).not.toContain('hunter2');
  });

  it('refuses a literal JAAS config', () => {
    expect(
      errorOf(() => ledgerSource({ config: { ...JDBC_SOURCE.config, 'producer.override.sasl.jaas.config': 'x required password="p";' } })),
    ).toMatch(
      /^finance\/finance\/ledger-transactions: config\["producer.override.sasl.jaas.config"\] embeds a credential parameter \(password=\.\.\.\).*\(got "x required password=\\"\*\*\*\*\\";"\)\. Fix: move it to sensitiveConfig: \{ 'producer.override.sasl.jaas.config'/,
    );
  });

  it('refuses a key set both in config and sensitiveConfig', () => {
    expect(errorOf(() => ledgerSource({ config: { ...JDBC_SOURCE.config, 'connection.password': '${var.x}' } }))).toBe(
      `${P}: config["connection.password"] is also in sensitiveConfig (got "<redacted>"). Fix: set it once, in sensitiveConfig`,
    );
  });

  it('writes config keys named like what every object has (constructor, toString), and refuses __proto__, which would be lost', () => {
    const { stack } = warehouseSink({ config: { 'connection.url': 'jdbc:x', constructor: 'a', toString: 'b' } as Record<string, string> });
    expect(synthJson(stack).resource['kafka-connect_connector'].finance_warehouse.config).toMatchObject({ constructor: 'a', toString: 'b' });
    expect(errorOf(() => warehouseSink({ config: JSON.parse('{"__proto__": "c"}') }))).toBe(
      'finance/finance/warehouse: config.__proto__ is a key no JavaScript object keeps as an entry (assigning __proto__ sets the prototype), so it would be lost. Fix: remove it or give it another name',
    );
  });

  it('refuses config keys a typed prop sets', () => {
    expect(errorOf(() => ledgerSource({ config: { 'connector.class': 'x.Y', 'topic.prefix': 'finance.' } }))).toBe(
      `${P}: config["connector.class"] is set by the typed prop \`connectorClass\` (got "x.Y"). Fix: remove it from config and use \`connectorClass\``,
    );
    expect(errorOf(() => warehouseSink({ config: { topics: 'finance.transactions' } }))).toBe(
      'finance/finance/warehouse: config["topics"] is set by the typed prop `inputs` (got "finance.transactions"). Fix: remove it from config and use `inputs`',
    );
  });

  it('fails on a source without outputs nor topic.prefix', () => {
    expect(errorOf(() => ledgerSource({ outputs: [], config: { 'connection.url': 'jdbc:x' } }))).toBe(
      `${P}: outputs is empty and config['topic.prefix'] is not set: the connector's topics are unknown (got []). Fix: list the products it writes in outputs (or set config['topic.prefix'] for prefixed access)`,
    );
  });

  it('fails on a topic.prefix outside the domain', () => {
    expect(errorOf(() => ledgerSource({ outputs: undefined, config: { 'topic.prefix': 'ledger.' } }))).toBe(
      `${P}: config["topic.prefix"] must start with the domain's prefix "finance.": a domain writes only its own topics (got "ledger."). Fix: use 'finance.' or a longer prefix under it`,
    );
  });

  it('fails on an output the topic.prefix never produces', () => {
    expect(errorOf(() => ledgerSource({ config: { 'topic.prefix': 'finance.ledger.' } }))).toBe(
      `${P}: outputs[0] does not start with config['topic.prefix'] "finance.ledger.", so the connector never writes it (got "finance.transactions"). Fix: correct topic.prefix, or the outputs`,
    );
  });

  it('fails on a topic config naming no output', () => {
    expect(
      errorOf(() =>
        ledgerSource({
          connectorClass: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
          config: { file: '/tmp/in.txt', topic: 'finance.other' },
        }),
      ),
    ).toBe(
      `${P}: config["topic"] names a topic that is not among the outputs, so the connector would have no access to it (got "finance.other"). Fix: add the product to outputs`,
    );
  });

  it('fails on a source with inputs', () => {
    expect(errorOf(() => ledgerSource({ inputs: ['finance.transactions'] }))).toBe(
      `${P}: inputs is for sink connectors; a source reads from its external system (got ["finance.transactions"]). Fix: remove inputs, or set type: 'sink'`,
    );
  });

  it('fails on a sink with outputs', () => {
    const m = financeMesh();
    expect(
      errorOf(
        () =>
          new Connector(m.finance, 'warehouse', {
            type: 'sink',
            connect: { url: 'http://localhost:8083' },
            connectorClass: 'a.B',
            principal: m.worker,
            inputs: [m.transactions],
            outputs: [m.rejected],
            external: 'dw',
          }),
      ),
    ).toBe(
      'finance/finance/warehouse: outputs is for source connectors; a sink writes to its external system (got ["finance.rejected-rows"]). Fix: remove outputs (a dead letter queue goes in deadLetterQueue), or set type: \'source\'',
    );
  });

  it('fails on a sink without inputs', () => {
    expect(errorOf(() => warehouseSink({ inputs: [] }))).toBe(
      'finance/finance/warehouse: inputs must list at least one input for a sink (got []). Fix: list the products the sink reads',
    );
  });

  it('fails on a Connect URL that is not http(s)', () => {
    expect(errorOf(() => ledgerSource({ connect: { url: 'connect:8083' } }))).toBe(
      `${P}: connect.url must be an http(s) URL (got "connect:8083"). Fix: set url to the Connect REST API, e.g. 'http://localhost:8083'`,
    );
  });

  it('fails on a literal basic-auth password', () => {
    expect(errorOf(() => ledgerSource({ connect: { url: 'http://localhost:8083', username: 'u', password: 'p' as never } }))).toMatch(
      /^finance\/finance\/ledger-transactions: connect.password must be \{ fromEnv: true \} or \{ variable: "<terraform variable name>" \} .*Fix: never put a secret in the code/,
    );
  });

  it('fails on a sensitive value that is not a variable', () => {
    expect(errorOf(() => ledgerSource({ sensitiveConfig: { 'connection.password': 'hunter2' as never } }))).toBe(
      `${P}: sensitiveConfig["connection.password"] must be { variable: "<terraform variable name>" } (letters, digits and _, not starting with a digit) (got "<redacted>"). ` +
        "Fix: write { variable: 'finance_connection_password' } and set TF_VAR_finance_connection_password when deploying",
    );
  });

  it('fails on a variable name Terraform refuses', () => {
    expect(errorOf(() => ledgerSource({ sensitiveConfig: { 'connection.password': { variable: 'ledger-db password' } } }))).toMatch(
      /^finance\/finance\/ledger-transactions: sensitiveConfig\["connection.password"\] must be \{ variable: "<terraform variable name>" \} \(letters, digits and _, not starting with a digit\) \(got \{"variable":"ledger-db password"\}\)\. Fix: write/,
    );
  });

  it('fails without the external system', () => {
    expect(errorOf(() => ledgerSource({ external: '' }))).toBe(
      `${P}: external must name the external system (got ""). Fix: name it for lineage, e.g. 'postgresql:ledger'`,
    );
  });

  it('fails on a connector class that is not a Java class name', () => {
    expect(errorOf(() => ledgerSource({ connectorClass: 'jdbc source' }))).toBe(
      `${P}: connectorClass must be a Java class name (got "jdbc source"). Fix: e.g. 'io.confluent.connect.jdbc.JdbcSourceConnector'`,
    );
  });

  it('fails on an unknown type', () => {
    expect(errorOf(() => ledgerSource({ type: 'both' as never }))).toBe(
      `${P}: type must be 'source' or 'sink' (got "both"). Fix: use 'source' for connectors that write to Kafka, 'sink' for those that read from it`,
    );
  });

  it('fails on two connectors with the same Terraform name', () => {
    const m = ledgerSource();
    expect(
      errorOf(
        () =>
          new Connector(m.finance, 'again', { ...JDBC_SOURCE, name: 'finance_ledger-transactions', principal: m.worker, outputs: [m.transactions] }),
      ),
    ).toBe(
      'finance/finance/again: name has the same Terraform name (finance_ledger-transactions) as the connector of finance/finance/ledger-transactions (got "finance_ledger-transactions"). Fix: give the connectors names that differ in more than punctuation',
    );
  });

  it('fails at synth when the principal is declared nowhere', () => {
    const m = ledgerSource({ principal: 'User:ghost' });
    expect(errorOf(() => Testing.synth(m.stack))).toMatch(
      /^finance\/finance\/ledger-transactions: principal names the principal User:ghost, which is not declared anywhere in the mesh \(got "User:ghost"\)/,
    );
  });

  it('fails when its scope is not a Domain', () => {
    const m = financeMesh();
    expect(errorOf(() => new Connector(m.stack as unknown as Domain, 'x', { ...JDBC_SOURCE, principal: m.worker, outputs: [m.transactions] }))).toBe(
      'finance/x: scope must be the Domain that runs the connector. Fix: create it as new Connector(domain, id, props)',
    );
  });
});

describe('Connector ordering', () => {
  it('waits for the stack’s topics and ACLs, so the worker never creates a topic itself', () => {
    const json = synthJson(ledgerSource().stack);
    const connector = Object.values<any>(json.resource['kafka-connect_connector'])[0];
    expect(connector.depends_on).toEqual(expect.arrayContaining(['kafka_topic.protected', 'kafka_acl.allow']));
  });
});
