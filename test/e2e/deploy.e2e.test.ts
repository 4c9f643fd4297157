import * as path from 'path';
import { adminClient, consume, localDir, produce, readJson, registry, runTofu, sh, userClient } from './cluster';
import { readLiveAcls } from '../../lib/adopt/read-cluster';
import { blockEntries } from '../../lib/model/for-each';
import { aclKey } from '../../lib/model/grants';

/**
 * Deploys the example mesh with `npm run deploy` (cdktf deploy '*' with OpenTofu and the real
 * providers) and checks what landed in Kafka and the registry with a Kafka admin client and the
 * registry's REST API, never Terraform's own word.
 */
const outdir = path.join(localDir, 'cdktf.out');
const stacks = ['platform', 'sales', 'marketing', 'finance', 'inventory', 'customer'];
let deployOutput = '';
let deploySeconds = 0;

beforeAll(() => {
  const t0 = Date.now();
  const r = sh('npm', ['run', '-s', 'deploy']);
  deploySeconds = (Date.now() - t0) / 1000;
  deployOutput = r.output;
  if (r.status !== 0) throw new Error(`npm run deploy failed (exit ${r.status}):\n${r.output.slice(-6000)}`);
  process.stderr.write(`e2e: npm run deploy took ${deploySeconds.toFixed(1)} s\n`);
});

const tf = (stack: string) => readJson(path.join(outdir, 'stacks', stack, 'cdk.tf.json'));
const topicsOf = (stack: string): Record<string, { partitions: number; config: Record<string, string> }> => ({
  ...blockEntries(tf(stack), 'kafka_topic', 'protected'),
  ...blockEntries(tf(stack), 'kafka_topic', 'unprotected'),
});

describe('the deployed example mesh', () => {
  it('reports every stack applied', () => {
    expect(deployOutput).toMatch(/Apply complete!/);
    for (const stack of stacks) expect(readJson(path.join(localDir, 'state', `${stack}.tfstate`)).resources.length).toBeGreaterThan(0);
  });

  it('has every topic with the declared partitions and configs', async () => {
    const admin = adminClient();
    await admin.connect();
    try {
      const expected = Object.assign({}, ...stacks.map(topicsOf)) as Record<string, { partitions: number; config: Record<string, string> }>;
      expect(Object.keys(expected).length).toBeGreaterThanOrEqual(7);
      const meta = await admin.fetchTopicMetadata({ topics: Object.keys(expected) });
      for (const t of meta.topics)
        expect({ topic: t.name, partitions: t.partitions.length }).toEqual({ topic: t.name, partitions: expected[t.name].partitions });
      const configs = await admin.describeConfigs({ includeSynonyms: false, resources: Object.keys(expected).map((name) => ({ type: 2, name })) });
      for (const r of configs.resources) {
        const actual = Object.fromEntries(r.configEntries.map((e) => [e.configName, e.configValue]));
        for (const [key, value] of Object.entries(expected[r.resourceName].config))
          expect(`${r.resourceName} ${key}=${actual[key]}`).toBe(`${r.resourceName} ${key}=${value}`);
      }
      expect(expected['sales.orders'].config['retention.ms']).toBe('86400000');
    } finally {
      await admin.disconnect();
    }
  });

  it('has exactly the synthesized ACLs', async () => {
    const admin = adminClient();
    await admin.connect();
    try {
      const actual = new Set((await readLiveAcls(admin)).map(aclKey));
      const expected = stacks.flatMap((s) => Object.keys(blockEntries(tf(s), 'kafka_acl', 'allow')));
      expect(expected.length).toBeGreaterThan(30);
      // Other e2e suites share the cluster with principals of their own: compare the mesh's.
      const principals = new Set(expected.map((k) => k.split(' ')[0]));
      expect([...actual].filter((k) => principals.has(k.split(' ')[0])).sort()).toEqual([...new Set(expected)].sort());
    } finally {
      await admin.disconnect();
    }
  });

  it('lets a granted consumer read and refuses one that is not granted', async () => {
    expect(await produce(userClient('sales'), 'sales.orders', '{"orderId":"o-1"}')).toBeUndefined();
    const marketing = await consume(userClient('marketing'), 'sales.orders', 'marketing.e2e-orders');
    expect(marketing).toEqual({ values: ['{"orderId":"o-1"}'] });
    const inventory = await consume(userClient('inventory'), 'sales.orders', 'inventory.e2e-orders', 1, 8000);
    expect(inventory.values).toEqual([]);
    expect(inventory.error).toMatch(/authoriz/i);
  });

  it('lets a granted producer write and refuses the others', async () => {
    expect(await produce(userClient('sales'), 'customer.profile-updated', '{"customerId":"c-1"}')).toBeUndefined();
    expect(await produce(userClient('marketing'), 'sales.orders', '{"orderId":"x"}')).toMatch(/authoriz/i);
    expect(await produce(userClient('analytics'), 'customer.profile-updated', '{}')).toMatch(/authoriz/i);
  });

  it('refuses a principal whose password is wrong', async () => {
    expect(await produce(userClient('sales', 'not-the-password'), 'sales.orders', 'x')).toMatch(/SASL|authenticat/i);
  });

  it('has every subject with the declared schema, references and compatibility level', async () => {
    const declared: Record<string, { schema: string; schemaType: string; references?: unknown[] }> = {};
    const levels: Record<string, string> = {};
    for (const s of stacks) {
      for (const block of ['subject', 'subject_referencing']) {
        for (const [subject, { body }] of Object.entries<{ body: string }>(blockEntries(tf(s), 'restapi_object', block)))
          declared[subject] = JSON.parse(body);
      }
      for (const [subject, { body }] of Object.entries<{ body: string }>(blockEntries(tf(s), 'restapi_object', 'subject_compatibility')))
        levels[subject] = JSON.parse(body).compatibility;
    }
    expect(Object.keys(declared).length).toBeGreaterThanOrEqual(9);
    expect(Object.values(declared).map((d) => d.schemaType)).toEqual(expect.arrayContaining(['AVRO', 'JSON', 'PROTOBUF']));
    for (const [subject, d] of Object.entries(declared)) {
      const latest = await registry(`/subjects/${encodeURIComponent(subject)}/versions/latest`);
      expect(`${subject} ${latest.status}`).toBe(`${subject} 200`);
      if (d.schemaType === 'PROTOBUF') expect(latest.body.schema.replace(/\s+/g, ' ').trim()).toBe(d.schema.replace(/\s+/g, ' ').trim());
      else expect(JSON.parse(latest.body.schema)).toEqual(JSON.parse(d.schema));
      expect(`${subject} ${latest.body.schemaType ?? 'AVRO'}`).toBe(`${subject} ${d.schemaType}`);
      expect(latest.body.references ?? []).toEqual(d.references ?? []);
      const config = await registry(`/config/${encodeURIComponent(subject)}`);
      expect(`${subject} ${config.body.compatibilityLevel}`).toBe(`${subject} ${levels[subject]}`);
    }
  });

  it('registers the Protobuf product with its reference, after the subject it references', async () => {
    const reserved = await registry('/subjects/inventory.stock-reserved-value/versions/latest');
    expect(reserved.body.schemaType).toBe('PROTOBUF');
    expect(reserved.body.references).toEqual([{ name: 'inventory/warehouse.proto', subject: 'inventory.warehouse-value', version: 1 }]);
    const warehouse = await registry('/subjects/inventory.warehouse-value/versions/1');
    expect(warehouse.status).toBe(200);
    expect(warehouse.body.schema).toContain('message Warehouse');
  });

  it('plans no change right after the deploy (no phantom diffs)', () => {
    for (const stack of stacks) {
      const r = runTofu(['plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock=false'], readCredentials(), {
        cwd: path.join(outdir, 'stacks', stack),
      });
      expect(`${stack}: exit ${r.status}${r.status === 0 ? '' : `\n${r.output.slice(-3000)}`}`).toBe(`${stack}: exit 0`);
    }
  });
});

function readCredentials(): Record<string, string> {
  return require('../../tools/deploy/deploy').parseEnvFile(path.join(localDir, 'credentials.env'));
}
