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
import { App } from 'cdktf';
import { buildExampleMesh, connectionFromEnv } from '../stacks';
import { buildExampleEnvironments } from '../stacks/apps';

/** Fake credentials, distinct enough that a match is never a coincidence. */
const SECRETS: Record<string, string> = {
  KAFKA_SASL_PASSWORD: 'fake-sasl-Secret-9f2c71e4',
  SCHEMA_REGISTRY_PASSWORD: 'fake-registry-Secret-3b8d05aa',
  TF_VAR_kafka_sasl_password: 'fake-tfvar-sasl-Secret-61d2e9',
  TF_VAR_schema_registry_password: 'fake-tfvar-registry-Secret-c04f17',
  TF_VAR_ledger_db_password: 'fake-ledger-db-Secret-5e0a93',
  ...Object.fromEntries(['sales', 'marketing', 'finance', 'inventory', 'customer', 'analytics'].map((n, i) => [`TF_VAR_scram_password_${n}`, `fake-scram-${n}-Secret-${1000 + i}`])),
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
  const rest = inner.replace(/var\.[A-Za-z0-9_-]+/g, '').replace(/"[^"]*"/g, '').replace(/\[each\.key\]/g, '');
  return /^[\s{}=,]*$/.test(rest) ? vars : undefined;
}

function expectPasswordsAreSensitiveVariables(outdir: string): PasswordAttribute[] {
  const attrs = passwordAttributes(outdir);
  for (const a of attrs) {
    if (a.value === undefined || a.value === null) continue;
    const vars = variablesRead(a.value);
    expect({ at: `${a.stack}${a.at}`, readsOnlyVariables: vars !== undefined, value: a.value }).toEqual({ at: `${a.stack}${a.at}`, readsOnlyVariables: true, value: a.value });
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
    process.env.CDKTF_OUTDIR = outdir;
    try {
      jest.isolateModules(() => {
        require(`../examples/${name}/main`);
      });
    } finally {
      delete process.env.CDKTF_OUTDIR;
    }
    expectNoSecretIn(outdir);
    expectPasswordsAreSensitiveVariables(outdir);
  });

  it('would notice a leak (the check is not vacuous)', () => {
    const outdir = tmp('leak');
    fs.mkdirSync(path.join(outdir, 'stacks', 'x'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'stacks', 'x', 'cdk.tf.json'), JSON.stringify({ provider: { kafka: [{ sasl_password: Buffer.from(SECRETS.KAFKA_SASL_PASSWORD).toString('base64') }] } }));
    expect(() => expectNoSecretIn(outdir)).toThrow(/holds the value of KAFKA_SASL_PASSWORD/);
    expect(() => expectPasswordsAreSensitiveVariables(outdir)).toThrow(/readsOnlyVariables/);
    expect(variablesRead('${var.a}-${var.b}')).toBeUndefined();
    expect(variablesRead('${{ "x" = var.a, "y" = var.b }[each.key]}')).toEqual(['a', 'b']);
  });
});
