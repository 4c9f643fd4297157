/**
 * A topic that existed before the mesh, adopted under its own name (`existingTopicName`): the
 * topic and its subjects keep the name, the owning domain's principal gets literal access once,
 * TOPIC_NAMING flags it until waived, and bad names are refused with path, field, value and fix.
 */
import * as fs from 'fs';
import { readLock } from '../lib/lock/lock';
import { diffMesh, readSynthOutput } from '../lib/diff';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { Domain, DomainDataProduct, GovernancePolicy, Principal, Schema, ServiceAccount, StreamsApp, Waivers } from '../lib';
import { OWNERSHIP_BOUNDARY, TOPIC_NAMING } from '../lib/governance/rules';
import { errorOf, forEach, synthJson, testMesh } from './helpers';
import { collect, notesOf } from './governance/helpers';

const AVRO = { type: 'record', name: 'Payment', fields: [{ name: 'id', type: 'string' }] };

function mesh(options: { ownerAccess?: boolean; policy?: boolean; lockDir?: string } = {}) {
  const { app, mesh } = testMesh(options.lockDir ? { lock: { dir: options.lockDir, update: true } } : {});
  const platform = new TerraformStack(app, 'platform');
  const analytics = new ServiceAccount(platform, 'analytics', { description: 'The analytics warehouse loader' });
  if (options.policy) new GovernancePolicy(platform, 'governance');
  const stack = new TerraformStack(app, 'legacy');
  const legacy = new Domain(stack, 'legacy', {
    owner: 'payments-team@example.com',
    principal: 'User:legacy-app',
    ...(options.ownerAccess === false ? { ownerAccess: false } : {}),
  });
  const marketingStack = new TerraformStack(app, 'marketing');
  const marketing = new Domain(marketingStack, 'marketing', { owner: 'marketing-team@example.com', principal: 'User:marketing' });
  return { app, mesh, platform, analytics, stack, legacy, marketingStack, marketing };
}

const adopt = (domain: Domain, id: string, name: string, extra: Partial<ConstructorParameters<typeof DomainDataProduct>[2]> = {}) =>
  new DomainDataProduct(domain, id, { description: `Adopted ${name}`, existingTopicName: name, ...extra });

describe('DomainDataProduct existingTopicName', () => {
  it('keeps the topic and its subjects under the exact name', () => {
    const m = mesh();
    const p = adopt(m.legacy, 'legacy-payments', 'legacy_payments', { valueSchema: Schema.avro(AVRO), keySchema: Schema.avro(AVRO) });
    expect(p.topicName).toBe('legacy_payments');
    expect(p.entity).toBe('legacy-payments');
    expect(p.subjects).toEqual(['legacy_payments-value', 'legacy_payments-key']);
    const json = synthJson(m.stack);
    expect(Object.keys(forEach(json, 'kafka_topic', 'protected'))).toEqual(['legacy_payments']);
    expect(Object.keys(forEach(json, 'restapi_object', 'subject')).sort()).toEqual(['legacy_payments-key', 'legacy_payments-value']);
  });

  it('keeps a topic named __proto__ (a legal Kafka name) and its subjects as keys like any other', () => {
    const m = mesh();
    adopt(m.legacy, 'proto', '__proto__', { valueSchema: Schema.avro(AVRO) });
    const json = synthJson(m.stack);
    expect(Object.keys(forEach(json, 'kafka_topic', 'protected'))).toEqual(['__proto__']);
    expect(forEach(json, 'kafka_topic', 'protected')['__proto__']).toMatchObject({ partitions: 3 });
    expect(Object.keys(forEach(json, 'restapi_object', 'subject'))).toEqual(['__proto__-value']);
    expect(Object.keys(forEach(json, 'kafka_acl', 'allow'))).toEqual(expect.arrayContaining(['User:legacy-app Read Topic:__proto__']));
  });

  it("gives the owning domain's principal literal Read and Write on it (Describe is implied), once, in the domain's stack", () => {
    const m = mesh();
    adopt(m.legacy, 'orders-v1', 'ORDERS-v1');
    const keys = (stack: TerraformStack) => Object.keys(forEach(synthJson(stack), 'kafka_acl', 'allow'));
    const legacy = keys(m.stack);
    expect(legacy).toEqual(expect.arrayContaining(['User:legacy-app Read Topic:ORDERS-v1', 'User:legacy-app Write Topic:ORDERS-v1']));
    expect(legacy.filter((k) => k.includes('ORDERS-v1'))).toHaveLength(2);
    // The prefixed ACLs on legacy. stay; nothing of the topic is written by another stack.
    expect(legacy).toContain('User:legacy-app Read Topic:legacy.*');
    expect([...keys(m.platform), ...keys(m.marketingStack)].filter((k) => k.includes('ORDERS-v1'))).toEqual([]);
  });

  it('writes no owner ACL on it when the domain has ownerAccess false', () => {
    const m = mesh({ ownerAccess: false });
    adopt(m.legacy, 'orders-v1', 'ORDERS-v1');
    expect(Object.keys(forEach(synthJson(m.stack), 'kafka_acl', 'allow')).filter((k) => k.includes('ORDERS-v1'))).toEqual([]);
  });

  it('grants read and write on the name; an app of another domain reads it through fromTopicName with its domain', () => {
    const m = mesh();
    const p = adopt(m.legacy, 'legacy-payments', 'legacy_payments');
    p.grantRead(m.analytics);
    p.grantWrite(Principal.fromName('User:marketing'));
    const keys = Object.keys(forEach(synthJson(m.stack), 'kafka_acl', 'allow'));
    expect(keys).toEqual(expect.arrayContaining(['User:analytics Read Topic:legacy_payments', 'User:marketing Write Topic:legacy_payments']));
    p.grantRead(m.marketing);
    const ref = DomainDataProduct.fromTopicName(m.marketing, 'legacy_payments', { domain: 'legacy' });
    expect(ref).toEqual({ topicName: 'legacy_payments', domainName: 'legacy' });
    const out = new DomainDataProduct(m.marketing, 'payments', { description: 'Payments, cleaned' });
    const app = new StreamsApp(m.marketing, 'clean', { principal: m.marketing, inputs: [ref], outputs: [out] });
    expect(app.inputTopics).toEqual(['legacy_payments']);
    expect(() => Testing.synth(m.marketingStack)).not.toThrow();
  });

  it('is recorded in the catalog model and the mesh lock under its name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-existing-'));
    const m = mesh({ lockDir: dir });
    adopt(m.legacy, 'orders-v1', 'ORDERS-v1', { valueSchema: Schema.avro(AVRO) });
    const product = m.mesh.toModel().products.find((x) => x.topic === 'ORDERS-v1');
    expect(product).toMatchObject({ existingTopicName: true, domain: 'legacy', entity: 'orders-v1' });
    expect(product?.valueSchema?.subject).toBe('ORDERS-v1-value');
    Testing.synth(m.stack);
    const lock = readLock(dir, 'legacy')!;
    expect(Object.keys(lock.topics)).toEqual(['ORDERS-v1']);
    expect(Object.keys(lock.subjects)).toEqual(['ORDERS-v1-value']);
  });
});

describe('decommissioning a product adopted under its own name', () => {
  it('moves the topic and its subjects under that name to the decommissioned blocks', () => {
    const m = mesh();
    m.legacy.decommission('legacy-payments', { reason: 'replaced by legacy.payments; consumers moved', existingTopicName: 'legacy_payments' });
    const moved = synthJson(m.stack).moved as { from: string; to: string }[];
    expect(moved).toEqual(
      expect.arrayContaining([
        { from: 'kafka_topic.protected["legacy_payments"]', to: 'kafka_topic.decommissioned["legacy_payments"]' },
        expect.objectContaining({ from: 'restapi_object.subject["legacy_payments-value"]' }),
      ]),
    );
    expect(m.legacy.decommissioned).toEqual([{ topic: 'legacy_payments', reason: 'replaced by legacy.payments; consumers moved' }]);
  });

  it('refuses a bad name and a version with it', () => {
    const m = mesh();
    expect(errorOf(() => m.legacy.decommission('x', { reason: 'replaced by legacy.payments', existingTopicName: 'bad name' }))).toMatch(
      /^legacy\/legacy\/decommission\(x\): existingTopicName must use only letters, digits/,
    );
    expect(errorOf(() => m.legacy.decommission('x', { reason: 'replaced by legacy.payments', existingTopicName: 'x_y', version: 2 }))).toMatch(
      /version is set together with existingTopicName "x_y"/,
    );
  });
});

describe('governance of a topic adopted under its own name', () => {
  it('TOPIC_NAMING flags it once, naming the field and the expected name; OWNERSHIP_BOUNDARY does not', () => {
    const m = mesh({ policy: true });
    adopt(m.legacy, 'orders-v1', 'ORDERS-v1');
    const errors = notesOf(m.stack).filter((n) => n.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('TOPIC_NAMING');
    expect(errors[0].message).toContain('existingTopicName is not <domain>.<entity> (legacy.orders-v1)');
    expect(errors[0].message).not.toContain('OWNERSHIP_BOUNDARY');
  });

  it('is clean once TOPIC_NAMING is waived with a reason', () => {
    const m = mesh({ policy: true });
    const p = adopt(m.legacy, 'orders-v1', 'ORDERS-v1');
    Waivers.of(p).waive('TOPIC_NAMING', 'Adopted as it is: consumers outside the mesh read ORDERS-v1');
    Testing.synth(m.stack);
    expect(collect(m.stack).filter((n) => n.level === 'error')).toEqual([]);
  });

  it('the rules: adopted names are judged by TOPIC_NAMING alone', () => {
    const facts = {
      path: 'legacy/legacy/orders-v1',
      stack: 'legacy',
      topic: 'ORDERS-v1',
      existingTopicName: 'ORDERS-v1',
      kind: 'product' as const,
      domain: 'legacy',
      domainStack: 'legacy',
      entity: 'orders-v1',
      description: 'x',
      owner: 'o',
      classification: 'internal',
      partitions: 1,
      replicationFactor: 1,
      config: {},
      hasValueSchema: false,
      hasKeySchema: false,
      grants: [],
    };
    const std = { entityPattern: '^[a-z][a-z0-9-]*$' } as Parameters<NonNullable<typeof TOPIC_NAMING.checkProduct>>[1];
    expect(TOPIC_NAMING.checkProduct!(facts, std)).toEqual([
      expect.objectContaining({ field: 'existingTopicName', value: 'ORDERS-v1', fix: expect.stringMatching(/waive/) }),
    ]);
    expect(OWNERSHIP_BOUNDARY.checkProduct!(facts, std)).toEqual([]);
    expect(OWNERSHIP_BOUNDARY.checkProduct!({ ...facts, stack: 'other' }, std)).toHaveLength(1);
  });
});

describe('existingTopicName refuses bad input', () => {
  it('fails when the name is not a legal Kafka topic name', () => {
    const m = mesh();
    expect(errorOf(() => adopt(m.legacy, 'bad', 'legacy payments!'))).toMatch(
      /^legacy\/legacy\/bad: existingTopicName must use only letters, digits, "\.", "_" and "-" .*\(got "legacy payments!"\)\. Fix: give the topic's exact name on the cluster/,
    );
    expect(errorOf(() => adopt(m.legacy, 'long', 'x'.repeat(250)))).toMatch(/existingTopicName must be at most 249 characters/);
  });

  it('fails when another product declares the same topic', () => {
    const m = mesh();
    adopt(m.legacy, 'legacy-payments', 'legacy_payments');
    expect(errorOf(() => adopt(m.marketing, 'payments-copy', 'legacy_payments'))).toMatch(
      /^marketing\/marketing\/payments-copy: topic is already declared by legacy\/legacy\/legacy-payments \(got "legacy_payments"\)/,
    );
    expect(errorOf(() => adopt(m.marketing, 'dotted', 'legacy.payments'))).toMatch(/collides with legacy_payments/);
  });

  it("fails at synth when the name is inside another domain's prefix", () => {
    const m = mesh();
    adopt(m.legacy, 'old-campaigns', 'marketing.old-campaigns');
    expect(errorOf(() => Testing.synth(m.stack))).toContain(
      'legacy/legacy/old-campaigns: existingTopicName is inside the prefix marketing. that the marketing domain owns (got "marketing.old-campaigns"). Fix: declare the product in the marketing domain',
    );
  });

  it('fails when version is set with it', () => {
    const m = mesh();
    expect(errorOf(() => adopt(m.legacy, 'v', 'legacy_payments', { version: 2 }))).toMatch(
      /^legacy\/legacy\/v: version is set together with existingTopicName "legacy_payments".*\(got 2\)\. Fix: drop version/,
    );
  });

  it('fromTopicName needs the domain of a name that does not say it', () => {
    const m = mesh();
    expect(errorOf(() => DomainDataProduct.fromTopicName(m.marketing, 'legacy_payments'))).toContain(
      'marketing/marketing: fromTopicName is not <domain>.<entity>, so it does not name its domain (got "legacy_payments"). Fix: for a topic adopted under its own name, name its domain: fromTopicName(scope, "legacy_payments", { domain: \'payments\' })',
    );
    expect(errorOf(() => DomainDataProduct.fromTopicName(m.marketing, 'legacy_payments', { domain: 'Legacy!' }))).toContain(
      'fromTopicName.domain must be a domain name',
    );
  });
});

describe('the diff of a change to a product adopted under its own name', () => {
  it('names the topic, its domain, the grant and the partition change', () => {
    const synth = (partitions: number, reader: boolean) => {
      const { app } = testMesh();
      const analyticsStack = new TerraformStack(app, 'platform');
      const analytics = new ServiceAccount(analyticsStack, 'analytics', { description: 'The analytics warehouse loader' });
      const legacy = new Domain(new TerraformStack(app, 'legacy'), 'legacy', { owner: 'payments-team', principal: 'User:legacy-app' });
      const p = adopt(legacy, 'orders-v1', 'ORDERS-v1', { partitions, valueSchema: Schema.avro(AVRO) });
      if (reader) p.grantRead(analytics);
      app.synth();
      return readSynthOutput(app.outdir, `${partitions}`);
    };
    const diff = diffMesh({ base: synth(3, false), head: synth(6, true) });
    const product = diff.stacks.find((s) => s.stack === 'legacy')!.products.find((x) => x.topic === 'ORDERS-v1')!;
    expect(product).toMatchObject({ status: 'changed', domain: 'legacy' });
    expect(product.topicDiff?.partitions).toEqual({ from: 3, to: 6 });
    expect(product.access.map((a) => a.principal)).toContain('User:analytics');
  });
});
