/**
 * `kafka-mesh import` and `kafka-mesh doctor` on the real local cluster: a cluster made by hand
 * (topics, ACLs, SCRAM users, a quota, subjects) is imported, the generated mesh deployed with
 * OpenTofu (the plan only imports; the next plan is empty), while a producer and a consumer keep
 * running; then doctor finds changes made by hand and nothing once they are reverted.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { adminClient, adminKafka, brokerWithoutAuthorizer, clusterEnv, kafkaConfigs, localDir, registry, repo, runTofu, sh } from './cluster';

const out = path.join(localDir, `adopt-${process.pid}`);
const passwords: Record<string, string> = { 'shop-app': 'shop-app-pw-1', 'billing-app': 'billing-app-pw-1', reporting: 'reporting-pw-1' };
const domains: Record<string, string[]> = {
  shop: ['orders', 'order-lines', 'carts', 'payments', 'refunds', 'returns', 'reviews', 'wishlists', 'coupons', 'order_lines_v0'],
  billing: ['invoices', 'credit-notes', 'ledger', 'payouts', 'tax-rates', 'dunning', 'statements', 'fees', 'settlements', 'disputes'],
  stock: ['levels', 'moves', 'reservations', 'warehouses', 'suppliers', 'counts', 'adjustments', 'transfers'],
};
// Names that do not fit <domain>.<entity>: adopted as they are (existingTopicName, with a waiver).
const misfits = ['legacy_payments', 'ORDERS-v1', 'shop_returns_old'];
const misfitMessages = 25;
const allTopics = [...Object.entries(domains).flatMap(([d, es]) => es.map((e) => `${d}.${e}`)), ...misfits];
const avro = (fields: string[]) =>
  JSON.stringify({ type: 'record', name: 'Rec', namespace: 'adopt', fields: fields.map((f) => ({ name: f, type: 'string', default: '' })) });

const acl = (principal: string, operation: number, resourceType: number, resourceName: string, prefixed = false) => ({
  principal,
  host: '*',
  operation,
  permissionType: AclPermissionTypes.ALLOW,
  resourceType,
  resourceName,
  resourcePatternType: prefixed ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
});
const { READ, WRITE, DESCRIBE, IDEMPOTENT_WRITE } = AclOperationTypes;
const { TOPIC, GROUP, CLUSTER } = AclResourceTypes;

function meshCli(args: string[], extra: Record<string, string> = {}) {
  return sh('node', [path.join(repo, 'bin', 'kafka-mesh.js'), ...args], extra);
}

/** Synthesizes the generated mesh in `out` and runs tofu in each stack. */
function synthGenerated() {
  return sh(
    'npx',
    ['ts-node', '--transpile-only', 'main.ts'],
    { TS_NODE_PROJECT: path.join(repo, 'tsconfig.json'), CDKTF_OUTDIR: path.join(out, 'cdktf.out'), MESH_CATALOG: 'none' },
    { cwd: out },
  );
}
function tofu(stack: string, ...args: string[]) {
  const tfvars = Object.fromEntries(Object.entries(passwords).map(([u, p]) => [`TF_VAR_scram_password_${u.replace(/[^A-Za-z0-9]/g, '_')}`, p]));
  return runTofu([args[0], '-input=false', '-no-color', ...args.slice(1)], tfvars, { cwd: path.join(out, 'cdktf.out', 'stacks', stack) });
}

describe('kafka-mesh import and doctor on a cluster made by hand', () => {
  let clients: ChildProcess | undefined;
  const result = path.join(localDir, `adopt-result-${process.pid}.json`);

  beforeAll(async () => {
    const admin = adminClient();
    await admin.connect();
    await admin.createTopics({
      topics: allTopics.map((t, i) => ({
        topic: t,
        numPartitions: 1 + (i % 3),
        replicationFactor: 1,
        configEntries: [
          ...(i % 4 === 0 ? [{ name: 'retention.ms', value: String(86_400_000 * (1 + (i % 5))) }] : []),
          ...(t === 'stock.warehouses' ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
          ...(i % 5 === 0 ? [{ name: 'min.insync.replicas', value: '1' }] : []),
        ],
      })),
    });
    for (const [user, pw] of Object.entries(passwords)) kafkaConfigs(user, `SCRAM-SHA-512=[password=${pw}]`);
    kafkaConfigs('reporting', 'consumer_byte_rate=10485760');
    const acls = [];
    for (const [owner, domain] of [
      ['User:shop-app', 'shop'],
      ['User:billing-app', 'billing'],
    ]) {
      acls.push(
        acl(owner, READ, TOPIC, `${domain}.`, true),
        acl(owner, WRITE, TOPIC, `${domain}.`, true),
        acl(owner, DESCRIBE, TOPIC, `${domain}.`, true),
      );
      acls.push(acl(owner, READ, GROUP, `${domain}.`, true), acl(owner, IDEMPOTENT_WRITE, CLUSTER, 'kafka-cluster'));
    }
    acls.push(acl('User:reporting', READ, GROUP, 'reporting.', true), acl('User:reporting', IDEMPOTENT_WRITE, CLUSTER, 'kafka-cluster'));
    for (const t of ['shop.orders', 'billing.invoices', 'stock.levels'])
      acls.push(acl('User:reporting', READ, TOPIC, t), acl('User:reporting', DESCRIBE, TOPIC, t));
    acls.push(acl('User:shop-app', READ, TOPIC, 'billing.invoices'), acl('User:shop-app', DESCRIBE, TOPIC, 'billing.invoices'));
    acls.push(acl('User:legacy', READ, TOPIC, 'shop.orders')); // no grant explains it
    // On the names that do not fit: the shop domain's owner on its own old topic, grants on the others.
    for (const op of [READ, WRITE, DESCRIBE]) acls.push(acl('User:shop-app', op, TOPIC, 'shop_returns_old'));
    acls.push(acl('User:reporting', READ, TOPIC, 'ORDERS-v1'), acl('User:reporting', DESCRIBE, TOPIC, 'ORDERS-v1'));
    acls.push(acl('User:billing-app', WRITE, TOPIC, 'legacy_payments'), acl('User:billing-app', DESCRIBE, TOPIC, 'legacy_payments'));
    acls.push(acl('User:reporting', READ, TOPIC, 'legacy_payments'), acl('User:reporting', DESCRIBE, TOPIC, 'legacy_payments'));
    await admin.createAcls({ acl: acls });
    // Data in the topics whose names do not fit: the deploy must keep every record.
    const producer = adminKafka('adopt-misfits').producer();
    await producer.connect();
    for (const topic of misfits)
      await producer.send({ topic, acks: -1, messages: Array.from({ length: misfitMessages }, (_, i) => ({ key: `${i}`, value: `${topic} ${i}` })) });
    await producer.disconnect();
    await admin.disconnect();
    for (const [subject, versions] of [
      ['shop.orders-value', [['id'], ['id', 'note']]],
      ['billing.invoices-value', [['id']]],
      ['stock.levels-value', [['sku']]],
      ['legacy-value', [['x']]],
      ['legacy_payments-value', [['id'], ['id', 'amount']]],
      ['ORDERS-v1-value', [['id']]],
    ] as const) {
      await registry(`/config/${subject}`, { method: 'PUT', body: JSON.stringify({ compatibility: 'BACKWARD' }) });
      for (const fields of versions) {
        const r = await registry(`/subjects/${subject}/versions`, { method: 'POST', body: JSON.stringify({ schema: avro([...fields]) }) });
        expect(r.status).toBe(200);
      }
    }
    // A producer and a consumer that keep working through import and deploy, in their own process.
    const ready = path.join(localDir, `adopt-ready-${process.pid}`);
    fs.rmSync(ready, { force: true });
    clients = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'test/e2e/fixtures/adopt-clients.ts'], {
      cwd: repo,
      stdio: 'ignore',
      env: {
        ...process.env,
        ...clusterEnv(),
        ADOPT_READY: ready,
        ADOPT_RESULT: result,
        ADOPT_WRITER_PASSWORD: passwords['shop-app'],
        ADOPT_READER_PASSWORD: passwords.reporting,
      },
    });
    const deadline = Date.now() + 60_000;
    while (!fs.existsSync(ready) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(fs.existsSync(ready)).toBe(true);
  }, 120_000);

  afterAll(() => {
    if (clients && clients.exitCode === null) clients.kill('SIGKILL');
  });

  test('import writes the mesh; the deploy only imports; the next plan is empty; no message is lost', async () => {
    const r = meshCli(['import', '--out', out]);
    expect(r.output).toContain('5 domain(s), 31 topic(s)');
    expect(r.output).toContain('adopted under their own names: 3 topic(s)');
    expect(r.status).toBe(0);
    const shop = fs.readFileSync(path.join(out, 'stacks', 'shop.ts'), 'utf8');
    expect(shop).toContain('new Domain(this, "shop", { owner: "shop-team (set the owning team)", principal: "User:shop-app" })');
    expect(shop).toContain('orders.grantRead(reportingPrincipal);');
    expect(shop).toContain("Waivers.of(orderLinesV0).waive('TOPIC_NAMING'");
    expect(fs.readFileSync(path.join(out, 'stacks', 'billing.ts'), 'utf8')).toContain('invoices.grantRead(shopAppPrincipal);');
    expect(fs.readFileSync(path.join(out, 'stacks', 'platform.ts'), 'utf8')).toContain('// quota: {"consumerByteRate":10485760}');
    // The names that do not fit: kept as they are, in the domain they suggest, with a waiver.
    expect(shop).toContain('existingTopicName: "shop_returns_old",');
    expect(shop).toContain("Waivers.of(shopReturnsOld).waive('TOPIC_NAMING'");
    const orders = fs.readFileSync(path.join(out, 'stacks', 'orders.ts'), 'utf8');
    expect(orders).toContain('existingTopicName: "ORDERS-v1",');
    expect(orders).toContain('ordersV1.grantRead(reportingPrincipal);');
    const legacy = fs.readFileSync(path.join(out, 'stacks', 'legacy.ts'), 'utf8');
    expect(legacy).toContain('legacyPayments.grantWrite(billingAppPrincipal);');
    expect(legacy).toContain('legacyPayments.grantRead(reportingPrincipal);');
    expect(legacy).toContain('valueSchema: Schema.avro(fromFile("schemas/legacy/legacy-payments.avsc"))');
    const report = fs.readFileSync(path.join(out, 'IMPORT.md'), 'utf8');
    expect(report).toContain('`ORDERS-v1`: does not fit <domain>.<entity>; adopted under its own name in the orders domain');
    expect(report).not.toContain('User:shop-app * Allow Read Topic:shop_returns_old');
    expect(report).toContain('`User:legacy * Allow Read Topic:shop.orders`');
    expect(report).toContain('`legacy-value`');
    const lock = JSON.parse(fs.readFileSync(path.join(out, 'mesh.lock', 'shop.json'), 'utf8'));
    expect(lock.subjects['shop.orders-value'].versions).toHaveLength(2);

    const s = synthGenerated();
    expect(s.output).not.toMatch(/error/i);
    expect(s.status).toBe(0);
    const summary: Record<string, { imports: number; updates: number }> = {};
    const offsets = async () => {
      const admin = adminClient();
      await admin.connect();
      const out: Record<string, string> = {};
      for (const t of misfits) out[t] = (await admin.fetchTopicOffsets(t)).map((p) => `${p.low}-${p.high}`).join(',');
      await admin.disconnect();
      return out;
    };
    const before = await offsets();
    for (const t of misfits) expect(before[t]).not.toMatch(/^0-0(,0-0)*$/);
    for (const stack of ['platform', 'billing', 'legacy', 'orders', 'shop', 'stock']) {
      expect(tofu(stack, 'init').status).toBe(0);
      const plan = tofu(stack, 'plan', '-out=adopt.plan');
      // The plan's own words when it fails, not just its exit code.
      expect({ stack, status: plan.status, output: plan.status === 0 ? '' : plan.output.slice(-4000) }).toEqual({ stack, status: 0, output: '' });
      expect(plan.output).toContain('to import');
      const json = JSON.parse(sh('tofu', ['show', '-json', 'adopt.plan'], {}, { cwd: path.join(out, 'cdktf.out', 'stacks', stack) }).output);
      const changes = json.resource_changes as { address: string; change: { actions: string[]; importing?: unknown } }[];
      const bad = changes.filter((c) => !c.change.importing || c.change.actions.some((a) => a === 'create' || a === 'delete'));
      expect(bad.map((c) => `${c.address} ${c.change.actions}`)).toEqual([]);
      summary[stack] = { imports: changes.length, updates: changes.filter((c) => c.change.actions.includes('update')).length };
      const apply = tofu(stack, 'apply', 'adopt.plan');
      expect(apply.output).toContain('Apply complete');
      const again = tofu(stack, 'plan', '-detailed-exitcode');
      expect(again.output).toContain('No changes');
      expect(again.status).toBe(0);
    }
    process.stderr.write(`adopt e2e: ${JSON.stringify(summary)}\n`);
    expect(summary.shop.imports).toBeGreaterThan(10);
    // The subjects registered no new version; the topics whose names do not fit kept every record.
    expect((await registry('/subjects/shop.orders-value/versions')).body).toEqual([1, 2]);
    expect((await registry('/subjects/legacy_payments-value/versions')).body).toEqual([1, 2]);
    expect(await offsets()).toEqual(before);
    expect(summary.orders.imports).toBeGreaterThanOrEqual(3);
    // Producer and consumer kept working: every message sent arrives, none failed.
    clients!.kill('SIGTERM');
    const deadline = Date.now() + 60_000;
    while (!fs.existsSync(result) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    const traffic = JSON.parse(fs.readFileSync(result, 'utf8'));
    process.stderr.write(
      `adopt e2e: ${traffic.sent} messages sent during import and deploy, ${traffic.missing.length} missing, ${traffic.errors.length} send errors\n`,
    );
    expect(traffic.errors).toEqual([]);
    expect(traffic.sent).toBeGreaterThan(20);
    expect(traffic.missing).toEqual([]);
  }, 600_000);

  test('doctor finds a changed config, an extra ACL and a subject registered by hand, and nothing once reverted', async () => {
    const synth = path.join(out, 'cdktf.out');
    const clean = meshCli(['doctor', '--synth', synth, '--prefix', 'shop.', '--format', 'json']);
    expect(clean.output).not.toContain('"kind": "drift"');
    expect(clean.status).toBe(0);
    expect(JSON.parse(clean.output).drift).toBe(0);
    const admin = adminClient();
    await admin.connect();
    const before = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: 'shop.carts' }] });
    const own = before.resources[0].configEntries
      .filter((e) => (e as { configSource?: number }).configSource === 1)
      .map((e) => ({ name: e.configName, value: e.configValue }));
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        { type: 2, name: 'shop.carts', configEntries: [...own.filter((e) => e.name !== 'retention.ms'), { name: 'retention.ms', value: '1234567' }] },
      ],
    });
    const extra = acl('User:reporting', WRITE, TOPIC, 'shop.orders');
    await admin.createAcls({ acl: [extra] });
    const byHand = await registry('/subjects/shop.orders-value/versions', {
      method: 'POST',
      body: JSON.stringify({ schema: avro(['id', 'note', 'extra']) }),
    });
    expect(byHand.status).toBe(200);
    const drift = meshCli(['doctor', '--synth', synth, '--prefix', 'shop.']);
    expect(drift.status).toBe(1);
    expect(drift.output).toMatch(/config-drift\s+shop\.carts: retention\.ms: declared \(broker default\), cluster has 1234567/);
    expect(drift.output).toMatch(/excess-acl\s+User:reporting \* Allow Write Topic:shop\.orders: grants User:reporting more than the mesh declares/);
    expect(drift.output).toMatch(/subject-outside-mesh\s+shop\.orders-value: latest version 3/);
    expect(meshCli(['doctor', '--synth', synth, '--prefix', 'shop.', '--fail-on', 'never']).status).toBe(0);
    // Revert by hand: the doctor is clean again.
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: 'shop.carts', configEntries: own }] });
    await admin.deleteAcls({ filters: [extra] });
    await admin.disconnect();
    expect((await registry('/subjects/shop.orders-value/versions/3', { method: 'DELETE' })).status).toBe(200);
    const after = meshCli(['doctor', '--synth', synth, '--prefix', 'shop.', '--format', 'json']);
    expect(JSON.parse(after.output).findings.filter((f: { kind: string }) => f.kind === 'drift')).toEqual([]);
    expect(after.status).toBe(0);
  }, 300_000);

  test('bad input: a clear error naming the setting, and nothing written', async () => {
    const dir = path.join(localDir, `adopt-bad-${process.pid}`);
    const cases: [Record<string, string>, RegExp][] = [
      [
        { KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1' },
        /cannot reach the Kafka cluster at KAFKA_BOOTSTRAP_SERVERS=127\.0\.0\.1:1[\s\S]*setting: KAFKA_BOOTSTRAP_SERVERS/,
      ],
      [{ KAFKA_SASL_PASSWORD: 'wrong' }, /refused the credentials of admin[\s\S]*setting: KAFKA_SASL_USERNAME \/ KAFKA_SASL_PASSWORD/],
      [
        { SCHEMA_REGISTRY_URL: `http://127.0.0.1:${await unauthorizedRegistry()}` },
        /answered 401[\s\S]*setting: SCHEMA_REGISTRY_USERNAME \/ REST_API_PASSWORD/,
      ],
    ];
    for (const [env, message] of cases) {
      const r = meshCli(['import', '--out', dir], env);
      expect(r.output).toMatch(message);
      expect(r.output).toContain('Nothing was written.');
      expect(r.status).toBe(2);
      expect(fs.existsSync(dir)).toBe(false);
    }
  }, 120_000);

  test('a cluster without an authorizer: import and doctor name authorizer.class.name and write nothing', async () => {
    const bare = await brokerWithoutAuthorizer(path.join(localDir, `adopt-bare-broker-${process.pid}`));
    try {
      const dir = path.join(localDir, `adopt-no-authorizer-${process.pid}`);
      // A synth output for doctor to compare with (it reads it before it connects).
      const synth = path.join(localDir, `adopt-no-authorizer-synth-${process.pid}`);
      fs.mkdirSync(path.join(synth, 'stacks', 'shop'), { recursive: true });
      fs.writeFileSync(path.join(synth, 'stacks', 'shop', 'cdk.tf.json'), '{}');
      const env = {
        KAFKA_BOOTSTRAP_SERVERS: bare.bootstrap,
        KAFKA_ENABLE_TLS: 'false',
        KAFKA_SASL_USERNAME: '',
        KAFKA_SASL_PASSWORD: '',
        SCHEMA_REGISTRY_URL: '',
      };
      for (const args of [
        ['import', '--out', dir],
        ['doctor', '--synth', synth],
      ]) {
        const r = meshCli(args, env);
        expect(r.output).toContain(`the cluster at ${bare.bootstrap} has no authorizer, so it has no ACLs to read and enforces none`);
        expect(r.output).toContain('setting: authorizer.class.name (broker configuration)');
        expect(r.output).toContain('Nothing was written.');
        expect(r.status).toBe(2);
      }
      expect(fs.existsSync(dir)).toBe(false);
      expect(fs.readdirSync(path.dirname(dir)).filter((f) => f.startsWith('.kafka-mesh-import-'))).toEqual([]);
      fs.rmSync(synth, { recursive: true, force: true });
    } finally {
      await bare.stop();
    }
    expect(() => process.kill(bare.pid, 0)).toThrow();
  }, 180_000);
});

/** A loopback HTTP server answering 401 to everything, in a child process (the CLI runs in a child that blocks this one); returns its port. */
const children: { kill: () => void }[] = [];
afterAll(() => children.forEach((c) => c.kill()));
async function unauthorizedRegistry(): Promise<number> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require('http').createServer((q,s)=>{s.writeHead(401,{'Content-Type':'application/json'});s.end('{"error_code":401,"message":"Unauthorized"}')}).listen(0,'127.0.0.1',function(){console.log(this.address().port)})`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  children.push(child);
  return await new Promise((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
}
