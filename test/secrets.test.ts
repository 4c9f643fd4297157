/**
 * No credential reaches the synthesized output. Every stack of the example mesh (and of the
 * examples/ apps) is synthesized with fake secrets in the environment, the way a deploy job has
 * them; the test fails if any of them appears in any file of the output (Terraform JSON, the
 * manifest, the catalog), in clear, base64 or URL-encoded, and checks that every password-like
 * attribute is absent or a reference to a sensitive Terraform variable.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import {
  Connector,
  Domain,
  DomainDataProduct,
  Environment,
  KafkaMesh,
  MeshValidationError,
  Schema,
  ServiceAccount,
  SharedTopic,
  StreamsApp,
} from '../lib';
import { buildExampleMesh, connectionFromEnv } from '../stacks';
import { errorOf } from './helpers';
import { findSecrets, maskSecrets } from '../lib/private/secrets';
import { buildExampleEnvironments } from '../stacks/apps';

/** Fake credentials, distinct enough that a match is never a coincidence. */
const SECRETS: Record<string, string> = {
  KAFKA_SASL_PASSWORD: 'fake-sasl-Secret-9f2c71e4',
  SCHEMA_REGISTRY_PASSWORD: 'fake-registry-Secret-3b8d05aa',
  TF_VAR_kafka_sasl_password: 'fake-tfvar-sasl-Secret-61d2e9',
  TF_VAR_schema_registry_password: 'fake-tfvar-registry-Secret-c04f17',
  TF_VAR_ledger_db_password: 'fake-ledger-db-Secret-5e0a93',
  ...Object.fromEntries(
    ['sales', 'marketing', 'finance', 'inventory', 'customer', 'analytics'].map((n, i) => [
      `TF_VAR_scram_password_${n}`,
      `fake-scram-${n}-Secret-${1000 + i}`,
    ]),
  ),
};

/** Attribute names that hold credentials. */
const PASSWORD_LIKE = /(password|secret|token|credential|api_key)/i;
/** Attributes with those words that are not credentials (a rotation counter, a mechanism, a variable's own block). */
const NOT_A_SECRET = /(_version|_mechanism|^sensitive$)$/i;

let saved: NodeJS.ProcessEnv;
beforeAll(() => {
  saved = { ...process.env };
  Object.assign(process.env, SECRETS);
});
afterAll(() => {
  process.env = saved;
});

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `mesh-secrets-${name}-`));

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The forms a leaked secret could take in a file. */
function forms(secret: string): string[] {
  return [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
}

/** Fails naming the file and the variable whose value leaked. */
function expectNoSecretIn(outdir: string): void {
  const all = files(outdir);
  expect(all.length).toBeGreaterThan(0);
  const leaks: string[] = [];
  for (const file of all) {
    const text = fs.readFileSync(file, 'latin1');
    for (const [name, secret] of Object.entries(SECRETS)) {
      if (forms(secret).some((f) => text.includes(f))) leaks.push(`${path.relative(outdir, file)} holds the value of ${name}`);
    }
  }
  expect(leaks).toEqual([]);
}

interface PasswordAttribute {
  readonly stack: string;
  readonly at: string;
  readonly value: unknown;
}

/** Every password-like attribute of every synthesized stack. */
function passwordAttributes(outdir: string): PasswordAttribute[] {
  const out: PasswordAttribute[] = [];
  const walk = (stack: string, node: unknown, at: string) => {
    if (Array.isArray(node)) return node.forEach((v, i) => walk(stack, v, `${at}[${i}]`));
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const here = `${at}.${key}`;
      // a variable's declaration names a secret without setting it; "//" is cdktf's metadata (override names)
      if ((at === '' && key === 'variable') || key === '//') continue;
      // values only: a resource type (kafka_user_scram_credential) or a block is not a credential
      if (PASSWORD_LIKE.test(key) && !NOT_A_SECRET.test(key) && (value === null || typeof value !== 'object')) out.push({ stack, at: here, value });
      walk(stack, value, here);
    }
  };
  const stacks = path.join(outdir, 'stacks');
  for (const name of fs.readdirSync(stacks)) walk(name, JSON.parse(fs.readFileSync(path.join(stacks, name, 'cdk.tf.json'), 'utf8')), '');
  return out;
}

/** The sensitive variables a value reads, or undefined when it holds anything but variable references. */
function variablesRead(value: unknown): string[] | undefined {
  if (typeof value !== 'string' || !/^\$\{[\s\S]*\}$/.test(value)) return undefined;
  const inner = value.slice(2, -1);
  const vars = [...inner.matchAll(/var\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]);
  if (!vars.length) return undefined;
  // what remains besides variable references: map syntax, quoted keys and the instance lookup
  const rest = inner
    .replace(/var\.[A-Za-z0-9_-]+/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\[each\.key\]/g, '');
  return /^[\s{}=,]*$/.test(rest) ? vars : undefined;
}

function expectPasswordsAreSensitiveVariables(outdir: string): PasswordAttribute[] {
  const attrs = passwordAttributes(outdir);
  for (const a of attrs) {
    if (a.value === undefined || a.value === null) continue;
    const vars = variablesRead(a.value);
    expect({ at: `${a.stack}${a.at}`, readsOnlyVariables: vars !== undefined, value: a.value }).toEqual({
      at: `${a.stack}${a.at}`,
      readsOnlyVariables: true,
      value: a.value,
    });
    const declared = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', a.stack, 'cdk.tf.json'), 'utf8')).variable ?? {};
    for (const v of vars!) expect({ variable: v, sensitive: declared[v]?.sensitive }).toEqual({ variable: v, sensitive: true });
  }
  return attrs;
}

describe('no credential in the synthesized output', () => {
  it('the example mesh, with the provider reading its passwords from the environment', () => {
    const app = new App({ outdir: tmp('mesh') });
    buildExampleMesh(app);
    app.synth();
    expectNoSecretIn(app.outdir);
    const attrs = expectPasswordsAreSensitiveVariables(app.outdir);
    // the SCRAM credentials are there, each a lookup of sensitive variables; the provider's password is not
    expect(attrs.map((a) => `${a.stack}${a.at}`)).toContain('platform.resource.kafka_user_scram_credential.user.password_wo');
    expect(attrs.filter((a) => /sasl_password|provider\.restapi.*password/.test(a.at))).toEqual([]);
    expect(variablesRead(attrs.find((a) => a.at.endsWith('password_wo'))!.value)).toEqual(
      expect.arrayContaining(['scram_password_analytics', 'scram_password_sales', 'scram_password_customer']),
    );
  });

  it('the example mesh, with the provider and registry passwords as sensitive variables', () => {
    const app = new App({ outdir: tmp('vars') });
    const conn = connectionFromEnv();
    buildExampleMesh(app, {
      cluster: { ...conn.cluster, sasl: { mechanism: 'scram-sha512', username: 'admin', password: { variable: 'kafka_sasl_password' } } },
      schemaRegistry: { url: 'https://registry.example.com', username: 'mesh', password: { variable: 'schema_registry_password' } },
    });
    app.synth();
    expectNoSecretIn(app.outdir);
    const attrs = expectPasswordsAreSensitiveVariables(app.outdir);
    const sales = attrs.filter((a) => a.stack === 'sales').map((a) => [a.at, a.value]);
    expect(sales).toEqual(
      expect.arrayContaining([
        ['.provider.kafka[0].sasl_password', '${var.kafka_sasl_password}'],
        ['.provider.restapi[0].password', '${var.schema_registry_password}'],
      ]),
    );
  });

  it('the example mesh with the ledger connector, whose database password is a sensitive variable', () => {
    const app = new App({ outdir: tmp('connector') });
    process.env.LEDGER_JDBC_URL = 'jdbc:postgresql://localhost:5432/ledger';
    try {
      buildExampleMesh(app);
    } finally {
      delete process.env.LEDGER_JDBC_URL;
    }
    app.synth();
    expectNoSecretIn(app.outdir);
    const attrs = expectPasswordsAreSensitiveVariables(app.outdir);
    expect(attrs.filter((a) => a.stack === 'finance').map((a) => a.value)).toContain('${var.ledger_db_password}');
  });

  it('every stack of the example environments (dev, staging, prod)', () => {
    const app = new App({ outdir: tmp('environments') });
    const envs = buildExampleEnvironments(app, { ...process.env, MESH_ENVIRONMENTS: 'dev,staging,prod' });
    expect(envs.map((e) => e.env.node.id)).toEqual(['dev', 'staging', 'prod']);
    app.synth();
    expect(fs.readdirSync(path.join(app.outdir, 'stacks'))).toHaveLength(18);
    expectNoSecretIn(app.outdir);
    expectPasswordsAreSensitiveVariables(app.outdir);
  });

  it.each(['ecommerce', 'retail', 'domain-team'])('the %s example app', (name) => {
    const outdir = tmp(name);
    const cwd = process.cwd();
    process.env.CDKTF_OUTDIR = outdir;
    // Run where its cdktf.json is, as cdktf synth does (the domain team's default lock is beside it).
    const dir = path.join(__dirname, '..', 'examples', name);
    if (fs.existsSync(path.join(dir, 'cdktf.json'))) process.chdir(dir);
    try {
      jest.isolateModules(() => {
        require(`../examples/${name}/main`);
      });
    } finally {
      delete process.env.CDKTF_OUTDIR;
      process.chdir(cwd);
    }
    expectNoSecretIn(outdir);
    expectPasswordsAreSensitiveVariables(outdir);
  });

  it('would notice a leak (the check is not vacuous)', () => {
    const outdir = tmp('leak');
    fs.mkdirSync(path.join(outdir, 'stacks', 'x'), { recursive: true });
    fs.writeFileSync(
      path.join(outdir, 'stacks', 'x', 'cdk.tf.json'),
      JSON.stringify({ provider: { kafka: [{ sasl_password: Buffer.from(SECRETS.KAFKA_SASL_PASSWORD).toString('base64') }] } }),
    );
    expect(() => expectNoSecretIn(outdir)).toThrow(/holds the value of KAFKA_SASL_PASSWORD/);
    expect(() => expectPasswordsAreSensitiveVariables(outdir)).toThrow(/readsOnlyVariables/);
    expect(variablesRead('${var.a}-${var.b}')).toBeUndefined();
    expect(variablesRead('${{ "x" = var.a, "y" = var.b }[each.key]}')).toEqual(['a', 'b']);
  });
});

/*
 * Credentials embedded in values: every string of every construct's props (found by walking a
 * complete props object of each construct), replaced by a URL with `user:password@`, a JDBC
 * query string with `password=` and a SQL Server connection string with `;password=`, must be
 * refused where it is written, naming the construct path and the field, with the secret masked.
 */
const EMBEDDED = 'Emb3dded-Secret-71c4';
const EMBEDDINGS: Record<string, string> = {
  'a URL with user:password@': `https://mesh-admin:${EMBEDDED}@host.example.com:8443/api`,
  'a JDBC query string with password=': `jdbc:postgresql://db.example.com:5432/ledger?user=ledger&password=${EMBEDDED}&ssl=true`,
  'a SQL Server connection string with ;password=': `jdbc:sqlserver://db.example.com:1433;databaseName=ledger;user=sa;password=${EMBEDDED}`,
};

interface Subject {
  /** Creates the construct with `props` in a fresh mesh. */
  readonly build: (props: Record<string, unknown>) => unknown;
  /** Its construct path. */
  readonly path: string;
  /** A complete props object: every prop the construct knows is set. */
  readonly props: Record<string, unknown>;
  /** What the fix must point to, by field. */
  readonly fix: (field: string) => RegExp;
}

const inMesh =
  <T>(build: (m: ReturnType<typeof meshFixture>) => T) =>
  () =>
    build(meshFixture());

function meshFixture() {
  const app = new App({ outdir: tmp('embedded') });
  const mesh = new KafkaMesh(app, 'mesh', {
    cluster: { bootstrapServers: ['localhost:9092'] },
    schemaRegistry: { url: 'http://localhost:8081' },
    lock: false,
  });
  const platform = new TerraformStack(app, 'platform');
  const worker = new ServiceAccount(platform, 'worker', { description: 'Workers of the shared apps' });
  const stack = new TerraformStack(app, 'sales');
  const sales = new Domain(stack, 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
  const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders placed in the web shop' });
  const processed = new DomainDataProduct(sales, 'processed', { description: 'Orders after processing' });
  return { app, mesh, platform, worker, sales, orders, processed };
}

const avro = Schema.avro({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] });
const NOWHERE = /remove the credential from .*sensitive variables \(TF_VAR_<name>\)/;
const productProps = {
  entity: 'returns',
  version: 2,
  description: 'Returned orders, one record per return',
  owner: 'sales-team@example.com',
  tags: ['returns'],
  classification: 'internal',
  sla: { availabilityPercent: 99.9, maxLatencyMs: 1000, support: 'business hours' },
  valueSchema: avro,
  keySchema: avro,
  compatibility: 'BACKWARD',
  removalPolicy: 'retain',
  acknowledgeDataLoss: 'replayed from the shop database',
  partitions: 3,
  replicationFactor: 3,
  retentionMs: 86_400_000,
  retentionBytes: 1_000_000,
  cleanupPolicy: 'delete',
  minInsyncReplicas: 2,
  maxMessageBytes: 1_000_000,
  config: { 'segment.ms': '3600000' },
};
const meshProps = {
  cluster: {
    bootstrapServers: ['localhost:9092'],
    tls: true,
    skipTlsVerify: false,
    sasl: { mechanism: 'scram-sha512', username: 'terraform', password: { variable: 'kafka_sasl_password' } },
    kafkaVersion: '3.9.0',
    timeoutSeconds: 60,
  },
  schemaRegistry: { url: 'https://registry.example.com', username: 'mesh', password: { fromEnv: true } },
  topicDefaults: {
    partitions: 3,
    replicationFactor: 3,
    minInsyncReplicas: 2,
    maxReplicationFactor: 3,
    partitionScale: 1,
    maxPartitions: 12,
    maxRetentionMs: 86_400_000,
    maxRetentionBytes: 1_000_000,
  },
  principals: [{ principal: 'User:analytics', description: 'Analytics tools' }],
  backend: () => undefined,
  lock: { dir: 'mesh.lock', update: false },
  catalog: 'json',
  artifactsSubdir: 'artifacts',
  repositoryUrl: 'https://git.example.com/mesh/blob/main',
};
const meshFix = (field: string) =>
  /(^|\.)cluster/.test(field)
    ? /password: \{ fromEnv: true \} \} \(the provider reads KAFKA_SASL_PASSWORD\).*sensitive variable/
    : /(^|\.)schemaRegistry/.test(field)
      ? /schemaRegistry.password: \{ fromEnv: true \}.*sensitive variable/
      : NOWHERE;

function connectorFix(field: string): RegExp {
  return field.startsWith('connect.') ? /connect.password: \{ fromEnv: true \}/ : field.startsWith('config') ? /sensitiveConfig/ : NOWHERE;
}

const SUBJECTS: Record<string, Subject> = {
  KafkaMesh: {
    path: 'mesh',
    props: meshProps,
    build: (props) => new KafkaMesh(new App({ outdir: tmp('embedded') }), 'mesh', props as never),
    fix: meshFix,
  },
  Environment: {
    path: 'dev',
    props: {
      name: 'dev',
      mesh: meshProps,
      overlay: { partitionScale: 1, maxPartitions: 3, maxReplicationFactor: 1, maxRetentionMs: 86_400_000, maxRetentionBytes: 1_000_000 },
    },
    build: (props) => new Environment(new App({ outdir: tmp('embedded') }), 'dev', props as never),
    fix: meshFix,
  },
  Domain: {
    path: 'marketing/marketing',
    props: {
      name: 'marketing',
      owner: 'marketing-team@example.com',
      contact: '#marketing on chat',
      description: 'Campaigns and their audiences',
      principal: 'User:marketing',
      consumerGroupPrefix: 'marketing.',
      ownerAccess: true,
    },
    build: (props) => inMesh((m) => new Domain(new TerraformStack(m.app, 'marketing'), 'marketing', props as never))(),
    fix: () => NOWHERE,
  },
  DomainDataProduct: {
    path: 'sales/sales/returns',
    props: productProps,
    build: (props) => inMesh((m) => new DomainDataProduct(m.sales, 'returns', props as never))(),
    fix: () => NOWHERE,
  },
  'DomainDataProduct (adopted under its own name)': {
    path: 'sales/sales/returns',
    props: { description: 'Returns, from before the mesh', existingTopicName: 'legacy_returns' },
    build: (props) => inMesh((m) => new DomainDataProduct(m.sales, 'returns', props as never))(),
    fix: () => NOWHERE,
  },
  'SharedTopic (adopted under its own name)': {
    path: 'sales/sales/returns',
    props: { description: 'Returns, from before the mesh', valueSchema: productProps.valueSchema, existingTopicName: 'legacy_returns' },
    build: (props) => inMesh((m) => new SharedTopic(m.sales, 'returns', { ...props, producers: [m.sales], consumers: [m.worker] } as never))(),
    fix: () => NOWHERE,
  },
  SharedTopic: {
    path: 'sales/sales/returns',
    props: { ...productProps, producers: [], consumers: [] },
    build: (props) => inMesh((m) => new SharedTopic(m.sales, 'returns', { ...props, producers: [m.sales], consumers: [m.worker] } as never))(),
    fix: () => NOWHERE,
  },
  ServiceAccount: {
    path: 'platform/loader',
    props: {
      principal: 'User:loader',
      description: 'Loads the warehouse',
      consumerGroupPrefix: 'loader.',
      scram: { mechanisms: ['SCRAM-SHA-512'], passwordVariable: 'loader_password', passwordVersion: '1' },
      quota: { producerByteRate: 1000, consumerByteRate: 1000, requestPercentage: 50 },
    },
    build: (props) => inMesh((m) => new ServiceAccount(m.platform, 'loader', props as never))(),
    fix: () => NOWHERE,
  },
  StreamsApp: {
    path: 'sales/sales/process',
    props: {
      applicationId: 'sales.process',
      description: 'Processes orders',
      principal: 'User:worker',
      inputs: ['sales.orders'],
      outputs: [],
      exactlyOnce: true,
    },
    build: (props) => inMesh((m) => new StreamsApp(m.sales, 'process', { ...props, outputs: [m.processed] } as never))(),
    fix: () => NOWHERE,
  },
  Connector: {
    path: 'sales/sales/ledger',
    props: {
      type: 'source',
      name: 'sales.ledger',
      description: 'Orders from the ledger database',
      connect: { url: 'https://connect.example.com:8083', username: 'deployer', password: { variable: 'connect_password' } },
      connectorClass: 'io.confluent.connect.jdbc.JdbcSourceConnector',
      tasksMax: 1,
      config: {
        'connection.url': 'jdbc:postgresql://ledger-db:5432/ledger',
        'connection.user': 'kafka_connect',
        'topic.prefix': 'sales.',
        'table.whitelist': 'orders',
      },
      sensitiveConfig: { 'connection.password': { variable: 'ledger_db_password' } },
      principal: 'User:worker',
      outputs: [],
      external: 'postgresql:ledger',
    },
    build: (props) => inMesh((m) => new Connector(m.sales, 'ledger', { ...props, outputs: [m.orders] } as never))(),
    fix: connectorFix,
  },
  'Connector (sink)': {
    path: 'sales/sales/warehouse',
    props: {
      type: 'sink',
      connect: { url: 'https://connect.example.com:8083' },
      connectorClass: 'io.confluent.connect.jdbc.JdbcSinkConnector',
      config: { 'connection.url': 'jdbc:postgresql://warehouse:5432/dw', 'insert.mode': 'upsert' },
      principal: 'User:worker',
      inputs: ['sales.orders'],
      deadLetterQueue: undefined,
      external: 'postgresql:warehouse',
    },
    build: (props) => inMesh((m) => new Connector(m.sales, 'warehouse', { ...props, deadLetterQueue: m.processed } as never))(),
    fix: connectorFix,
  },
};

/** Every string in `props`, with the path of keys to it (constructs and schemas are not props to walk). */
function stringLeaves(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...at, i]));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...at, k]));
  return [];
}

function setAt(value: unknown, at: (string | number)[], leaf: string): any {
  if (!at.length) return leaf;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[at[0]] = setAt(copy[at[0]], at.slice(1), leaf);
  return copy;
}

/** The field as error messages name it: `cluster.bootstrapServers[0]`, `config["connection.url"]`. */
function fieldName(at: (string | number)[]): string {
  return at.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? (out ? `${out}.${p}` : p) : `${out}[${JSON.stringify(p)}]`),
    '',
  );
}

const CASES = Object.entries(SUBJECTS).flatMap(([construct, s]) =>
  stringLeaves(s.props).flatMap((at) =>
    Object.entries(EMBEDDINGS).map(([how, leaf]) => ({ name: `${construct} ${fieldName(at)}: ${how}`, construct, s, at, leaf })),
  ),
);

describe('credentials embedded in any string prop are refused where they are written', () => {
  it.each(Object.entries(SUBJECTS))('the %s fixture is valid and, with its kind, sets every prop the construct knows', (construct, s) => {
    expect(() => s.build(s.props)).not.toThrow();
    const known = /known props are (.*)$/.exec(errorOf(() => s.build({ ...s.props, zzzzzzzzzzzzzzzz: 1 })))?.[1].split(', ') ?? [];
    expect(known.length).toBeGreaterThan(2);
    const kind = construct.split(' ')[0];
    const set = new Set(
      Object.entries(SUBJECTS)
        .filter(([name]) => name.split(' ')[0] === kind)
        .flatMap(([, other]) => Object.keys(other.props)),
    );
    expect(known.filter((k) => !set.has(k))).toEqual([]);
  });

  it('covers every string of every construct, three ways each', () => {
    expect(new Set(CASES.map((c) => c.construct))).toEqual(new Set(Object.keys(SUBJECTS)));
    expect(CASES.map((c) => c.name)).toContain('Connector config["connection.url"]: a URL with user:password@');
    expect(CASES.length).toBeGreaterThan(150);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let error: unknown;
    try {
      c.s.build(setAt(c.s.props, c.at, c.leaf));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MeshValidationError);
    const e = error as MeshValidationError;
    const field = fieldName(c.at);
    const detail = e.details.find((d) => d.field === field);
    expect({ path: detail?.path, field: detail?.field }).toEqual({ path: c.s.path, field });
    expect(String(detail!.value)).toContain('****');
    expect(detail!.fix).toMatch(c.s.fix(field));
    expect(e.message).not.toContain(EMBEDDED);
    expect(e.stack).not.toContain(EMBEDDED);
  });

  it('accepts values that only reference a secret kept elsewhere', () => {
    const m = meshFixture();
    expect(
      () =>
        new Connector(m.sales, 'ledger', {
          ...(SUBJECTS.Connector.props as any),
          config: {
            'connection.url': 'jdbc:postgresql://ledger-db:5432/ledger?password=${file:/etc/connect/secrets.properties:ledger}',
            'topic.prefix': 'sales.',
          },
          outputs: [m.orders],
        }),
    ).not.toThrow();
  });
});

describe('finding a credential in a URL', () => {
  it('finds it after a long word or a long chain of schemes, as before schemes were bounded', () => {
    expect(maskSecrets(`${'x'.repeat(100)}jdbc:postgresql://app:hunter2@db:5432/ledger`)).toBe(
      `${'x'.repeat(100)}jdbc:postgresql://app:****@db:5432/ledger`,
    );
    expect(maskSecrets('a:b:c:d:e:f:g:h://app:hunter2@db')).toBe('a:b:c:d:e:f:g:h://app:****@db');
    expect(findSecrets(`see ${'y'.repeat(64)}://u:p@h`)).toEqual([{ kind: 'url-userinfo' }]);
    expect(findSecrets('x'.repeat(1_000_000))).toEqual([]);
  });
});
