import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { Domain, DomainDataProduct, DomainDataProductProps, Environment, readLock, Schema } from '../lib';
import { errorOf, forEach, synthJson, testMesh } from './helpers';

const v1 = {
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'total', type: 'long' },
  ],
};

/** Builds the sales stack with the given products against a lock directory. */
function salesStack(
  dir: string,
  products: Record<string, Partial<DomainDataProductProps>>,
  opts: { update?: boolean; decommission?: string[]; otherStack?: string[] } = {},
) {
  const { app } = testMesh({ lock: { dir, update: opts.update ?? false } });
  const stack = new TerraformStack(app, 'sales');
  const sales = new Domain(stack, 'sales', { owner: 'o', principal: 'User:sales' });
  for (const [id, props] of Object.entries(products)) new DomainDataProduct(sales, id, { description: id, ...props });
  for (const entity of opts.decommission ?? []) sales.decommission(entity, { reason: 'replaced by orders.v2' });
  if (opts.otherStack) {
    const other = new Domain(new TerraformStack(app, 'sales-archive'), 'sales-archive', { owner: 'o', principal: 'User:archive' });
    for (const id of opts.otherStack) new DomainDataProduct(other, id, { description: id });
  }
  return { app, stack };
}

function lockedDir(products: Record<string, Partial<DomainDataProductProps>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lock-'));
  Testing.synth(salesStack(dir, products, { update: true }).stack);
  return dir;
}

describe('the mesh lock', () => {
  it('records topics and schema versions per stack when updated', () => {
    const dir = lockedDir({ orders: { partitions: 6, valueSchema: Schema.avro(v1) } });
    const lock = readLock(dir, 'sales')!;
    expect(lock.topics['sales.orders']).toEqual({ partitions: 6, replicationFactor: 3, protected: true, config: { 'min.insync.replicas': '2' } });
    expect(lock.subjects['sales.orders-value'].versions).toHaveLength(1);
    expect(lock.subjects['sales.orders-value'].compatibility).toBe('BACKWARD');
  });

  it('records and guards topics whose names every plain object has (__proto__, constructor)', () => {
    const products = {
      proto: { existingTopicName: '__proto__', valueSchema: Schema.avro(v1) },
      ctor: { existingTopicName: 'constructor', partitions: 6 },
    };
    const dir = lockedDir(products);
    const lock = readLock(dir, 'sales')!;
    expect(Object.keys(lock.topics)).toEqual(['__proto__', 'constructor']);
    expect(Object.keys(lock.subjects)).toEqual(['__proto__-value']);
    // The same code synthesizes against its lock; each topic is guarded by what the lock holds.
    expect(() => Testing.synth(salesStack(dir, products).stack)).not.toThrow();
    expect(errorOf(() => Testing.synth(salesStack(dir, { ctor: products.ctor }).stack))).toContain(
      'topic __proto__ is in the mesh lock but no product declares it any more',
    );
    expect(
      errorOf(() =>
        Testing.synth(
          salesStack(dir, { ...products, ctor: { existingTopicName: 'would shrink constructor from 6 partitions', partitions: 3 } }).stack,
        ),
      ),
    ).toContain('constructor');
  });

  it('fails when a locked product disappears from the code', () => {
    const dir = lockedDir({ orders: {}, returns: {} });
    const err = errorOf(() => Testing.synth(salesStack(dir, { returns: {} }).stack));
    expect(err).toBe(
      "sales: topic sales.orders is in the mesh lock but no product declares it any more: deploying would delete the topic and its data. Fix: declare the product again, or remove it on purpose with domain.decommission('orders', { reason: '...' })",
    );
  });

  it('accepts the removal with decommission, and sends the topic and its subjects out of the protected block', () => {
    const dir = lockedDir({ orders: { valueSchema: Schema.avro(v1) }, returns: {} });
    const { stack } = salesStack(dir, { returns: {} }, { decommission: ['orders'] });
    const json = synthJson(stack);
    expect(json.moved).toEqual(
      expect.arrayContaining([
        { from: 'kafka_topic.protected["sales.orders"]', to: 'kafka_topic.decommissioned["sales.orders"]' },
        { from: 'restapi_object.subject["sales.orders-value"]', to: 'restapi_object.subject_decommissioned["sales.orders-value"]' },
      ]),
    );
    expect(json.resource.kafka_topic.decommissioned).toBeUndefined();
  });

  it('refuses a decommission without a reason', () => {
    const { app } = testMesh();
    const sales = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'o', principal: 'User:sales' });
    expect(errorOf(() => sales.decommission('orders', { reason: ' ' }))).toMatch(
      /sales\/sales\/decommission\(orders\): reason must say why the data may be deleted/,
    );
  });

  it('refuses to decommission a product that is still declared', () => {
    const dir = lockedDir({ orders: {} });
    const { stack } = salesStack(dir, { orders: {} }, { decommission: ['orders'] });
    expect(errorOf(() => Testing.synth(stack))).toMatch(/decommission names a topic that sales\/sales\/orders still declares/);
  });

  it('fails on a partition decrease, naming the product and the fix', () => {
    const dir = lockedDir({ orders: { partitions: 6 } });
    const err = errorOf(() => Testing.synth(salesStack(dir, { orders: { partitions: 3 } }).stack));
    expect(err).toMatch(
      /^sales\/sales\/orders: partitions would shrink sales\.orders from 6 partitions; Kafka cannot remove partitions, so the topic would be deleted and recreated empty \(got 3\)\. Fix: keep partitions at 6/,
    );
  });

  it('accepts a partition decrease that is acknowledged, lifting prevent_destroy for it', () => {
    const dir = lockedDir({ orders: { partitions: 6 } });
    const json = synthJson(salesStack(dir, { orders: { partitions: 3, acknowledgeDataLoss: 'replayed from the web shop database' } }).stack);
    expect(forEach(json, 'kafka_topic', 'unprotected')['sales.orders'].partitions).toBe(3);
    expect(json.moved).toEqual(
      expect.arrayContaining([{ from: 'kafka_topic.protected["sales.orders"]', to: 'kafka_topic.unprotected["sales.orders"]' }]),
    );
  });

  it('fails when a topic moves to another stack', () => {
    const dir = lockedDir({ orders: {}, returns: {} });
    // sales-archive is another domain, so its topic differs; simulate the move by declaring the
    // same entity there under the sales stack's lock
    const err = errorOf(() => Testing.synth(salesStack(dir, { returns: {} }, { otherStack: ['orders'] }).stack));
    expect(err).toMatch(/sales: topic sales\.orders is in the mesh lock but no product declares it any more/);
  });

  it('fails on a schema change incompatible with the published version, naming the field and rule', () => {
    const dir = lockedDir({ orders: { valueSchema: Schema.avro(v1) } });
    const v2 = { ...v1, fields: [...v1.fields, { name: 'currency', type: 'string' }] };
    const err = errorOf(() => Testing.synth(salesStack(dir, { orders: { valueSchema: Schema.avro(v2) } }).stack));
    expect(err).toMatch(/^sales\/sales\/orders: valueSchema .*`currency`.*BACKWARD.*sales\.orders-value/);
    expect(err).toMatch(/Fix: make the change BACKWARD-compatible/);
  });

  it('accepts a compatible schema change and appends it to the history on update', () => {
    const dir = lockedDir({ orders: { valueSchema: Schema.avro(v1) } });
    const v2 = { ...v1, fields: [...v1.fields, { name: 'currency', type: 'string', default: 'EUR' }] };
    expect(() => Testing.synth(salesStack(dir, { orders: { valueSchema: Schema.avro(v2) } }).stack)).not.toThrow();
    Testing.synth(salesStack(dir, { orders: { valueSchema: Schema.avro(v2) } }, { update: true }).stack);
    expect(readLock(dir, 'sales')!.subjects['sales.orders-value'].versions).toEqual([{ schema: JSON.stringify(v1) }, { schema: JSON.stringify(v2) }]);
  });

  it('checks transitive levels against every published version', () => {
    const base = { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] };
    const dir = lockedDir({ orders: { valueSchema: Schema.avro(base), compatibility: 'FORWARD_TRANSITIVE' } });
    const withNote = { ...base, fields: [...base.fields, { name: 'note', type: 'string', default: '' }] };
    Testing.synth(salesStack(dir, { orders: { valueSchema: Schema.avro(withNote), compatibility: 'FORWARD_TRANSITIVE' } }, { update: true }).stack);
    // Removing `id` (no default) breaks old readers of every version: the transitive check names version 1
    const noId = { ...base, fields: [{ name: 'note', type: 'string', default: '' }] };
    const err = errorOf(() =>
      Testing.synth(salesStack(dir, { orders: { valueSchema: Schema.avro(noId), compatibility: 'FORWARD_TRANSITIVE' } }).stack),
    );
    expect(err).toMatch(/`id`/);
    expect(err).toMatch(/version 1/);
  });

  it('warns when the lock is out of date', () => {
    const dir = lockedDir({ orders: {} });
    const { app, stack } = salesStack(dir, { orders: {}, returns: {} });
    Testing.synth(stack);
    const warnings = stack.node.metadata.map((m) => String(m.data));
    expect(warnings.join('\n')).toMatch(
      /the mesh lock .*sales\.json is out of date \(topic sales\.returns is new\): run npx kafka-mesh lock and commit it/,
    );
    expect(app).toBeDefined();
  });

  it('keeps the protected block, so deleting the last product is refused by Terraform too', () => {
    const { app } = testMesh();
    const stack = new TerraformStack(app, 'sales');
    new Domain(stack, 'sales', { owner: 'o', principal: 'User:sales' });
    const json = synthJson(stack);
    expect(json.resource.kafka_topic.protected).toMatchObject({ for_each: '${local.kafka_topic_protected}', lifecycle: { prevent_destroy: true } });
    expect(json.resource.restapi_object.subject).toMatchObject({ for_each: '${local.restapi_object_subject}', lifecycle: { prevent_destroy: true } });
    expect(json.locals).toMatchObject({ kafka_topic_protected: {}, restapi_object_subject: {} });
  });
});

describe('the mesh lock and environment caps', () => {
  it('records and compares the declared values, so a capped environment shares the lock', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lock-'));
    const build = (cap: number | undefined, update: boolean) => {
      const { app } = testMesh({ lock: { dir, update }, topicDefaults: cap ? { maxReplicationFactor: cap } : {} });
      const stack = new TerraformStack(app, 'sales');
      new DomainDataProduct(new Domain(stack, 'sales', { owner: 'o', principal: 'User:sales' }), 'orders', {
        description: 'Orders',
        replicationFactor: 3,
      });
      return stack;
    };
    Testing.synth(build(undefined, true));
    const capped = build(1, false);
    const json = synthJson(capped);
    expect(forEach(json, 'kafka_topic', 'protected')['sales.orders'].replication_factor).toBe(1);
    expect(capped.node.metadata.map((m) => String(m.data)).join('\n')).not.toMatch(/out of date/);
    expect(readLock(dir, 'sales')!.topics['sales.orders'].replicationFactor).toBe(3);
  });
});

describe('the model and the mesh lock', () => {
  it('tells which published version each schema is, and when it is a new one', () => {
    const dir = lockedDir({ orders: { valueSchema: Schema.avro(v1) } });
    const v2 = { ...v1, fields: [...v1.fields, { name: 'note', type: 'string', default: '' }] };
    const { app } = testMesh({ lock: { dir } });
    const stack = new TerraformStack(app, 'sales');
    new DomainDataProduct(new Domain(stack, 'sales', { owner: 'o', principal: 'User:sales' }), 'orders', {
      description: 'Orders',
      valueSchema: Schema.avro(v2),
    });
    const model = (app.node.children.find((c) => c.node.id === 'mesh') as any).toModel();
    expect(model.products[0].valueSchema).toMatchObject({ registration: 'terraform', versions: { published: 1, current: 2 } });
  });
});

describe('the mesh lock of stacks that hold no mesh resources any more', () => {
  /** The lock of a mesh whose sales domain (orders, returns) lives in the stack `sales`. */
  const salesLocked = () => lockedDir({ orders: {}, returns: {} });

  /** The app now: the sales domain in stack `where` (or nowhere), the stack `sales` kept empty or not at all. */
  function moved(
    dir: string,
    where: string | undefined,
    opts: { keepEmptySales?: boolean; update?: boolean; decommission?: string[]; products?: string[] } = {},
  ) {
    const { app } = testMesh({ lock: { dir, update: opts.update ?? false } });
    if (opts.keepEmptySales) new TerraformStack(app, 'sales');
    const platform = new TerraformStack(app, 'platform');
    new Domain(platform, 'analytics', { owner: 'o', principal: 'User:analytics' });
    if (where) {
      const sales = new Domain(new TerraformStack(app, where), 'sales', { owner: 'o', principal: 'User:sales' });
      for (const id of opts.products ?? ['orders', 'returns']) new DomainDataProduct(sales, id, { description: id });
      for (const entity of opts.decommission ?? []) sales.decommission(entity, { reason: 'replaced by the v2 products' });
    }
    return { app, platform };
  }

  it('fails when a whole domain moved into another stack and its old stack is empty', () => {
    const err = errorOf(() => Testing.synth(moved(salesLocked(), 'commerce', { keepEmptySales: true }).platform));
    expect(err).toMatch(/^sales: topic sales\.orders moved to stack commerce: this stack would delete the topic and its data/m);
    expect(err).toMatch(/^sales: topic sales\.returns moved to stack commerce/m);
    expect(err).toMatch(/Fix: keep the product in stack sales, or move its state between the stacks first \(tofu state mv\)/);
  });

  it('fails when the stack is gone and its topics with it, naming the lock file', () => {
    const dir = salesLocked();
    const err = errorOf(() => Testing.synth(moved(dir, undefined).platform));
    expect(err).toMatch(
      /^sales: topic sales\.orders is in the mesh lock but no product declares it any more: deploying would delete the topic and its data \(stack sales is gone from the app; its lock .*sales\.json still holds the topic\)\. Fix: declare the product again, or remove it on purpose with domain\.decommission\('orders'/m,
    );
  });

  it('is checked by app.synth even when no stack holds mesh resources', () => {
    const dir = salesLocked();
    const { app } = testMesh({ lock: { dir } });
    new TerraformStack(app, 'sales');
    expect(errorOf(() => app.synth())).toMatch(/^sales: topic sales\.orders is in the mesh lock but no product declares it any more/m);
  });

  it("accepts topics decommissioned in the stack that now holds the domain, and drops the gone stack's lock on update", () => {
    const dir = salesLocked();
    expect(() => Testing.synth(moved(dir, 'commerce', { products: [], decommission: ['orders', 'returns'] }).platform)).not.toThrow();
    const { app } = moved(dir, 'commerce', { products: [], decommission: ['orders', 'returns'], update: true });
    app.synth();
    expect(fs.existsSync(path.join(dir, 'sales.json'))).toBe(false);
    expect(readLock(dir, 'commerce')).toBeDefined();
  });

  it('leaves alone the lock files of environments the synth did not build', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lock-'));
    fs.writeFileSync(
      path.join(dir, 'sales-prod.json'),
      JSON.stringify({
        lockVersion: 1,
        stack: 'sales-prod',
        topics: { 'sales.orders': { partitions: 3, replicationFactor: 3, protected: true, config: {} } },
        subjects: {},
      }),
    );
    const build = (selected: string) => {
      const { app } = testMesh();
      for (const name of Environment.select(app, ['dev', 'prod'], { MESH_ENVIRONMENTS: selected })) {
        const env = new Environment(app, name, { mesh: { cluster: { bootstrapServers: ['localhost:9092'] }, lock: { dir } } });
        new Domain(new TerraformStack(env, env.stackName('sales')), 'sales', { owner: 'o', principal: 'User:sales' });
      }
      return app;
    };
    expect(() => build('dev').synth()).not.toThrow();
    expect(errorOf(() => build('dev,prod').synth())).toMatch(
      /^sales-prod: topic sales\.orders is in the mesh lock but no product declares it any more/m,
    );
  });
});
