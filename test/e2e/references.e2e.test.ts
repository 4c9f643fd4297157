import { registry } from './cluster';
import { SmallMesh } from './small-mesh';

/**
 * An Avro product that references a shared type of its own stack, deployed to the real registry
 * through the restapi backend and evolved: its own compatible change, then the shared type's
 * new version, each followed by a plan that shows nothing left to do.
 */
const money = (extra: object[] = []) => ({
  type: 'record',
  name: 'Money',
  namespace: 'com.example.common',
  fields: [{ name: 'cents', type: 'long' }, ...extra],
});
const order = (extra: object[] = []) => ({
  type: 'record',
  name: 'Order',
  namespace: 'com.example.sales',
  fields: [{ name: 'id', type: 'string' }, { name: 'total', type: 'com.example.common.Money' }, ...extra],
});
const ref = (schema: object, version: number) =>
  JSON.stringify({ entity: 'money', name: 'com.example.common.Money', schema: JSON.stringify(schema), version });

const mesh = new SmallMesh('refs');
const subject = 'refs.orders-value';
const versions = async (s: string) => (await registry(`/subjects/${s}/versions`)).body;
const latest = async (s: string) => (await registry(`/subjects/${s}/versions/latest`)).body;

function expectCleanPlan() {
  const plan = mesh.tofu('plan', '-detailed-exitcode');
  expect(`exit ${plan.status}${plan.status === 0 ? '' : `\n${plan.output.slice(-3000)}`}`).toBe('exit 0');
}

describe('an Avro product with a reference, on the real registry', () => {
  it('registers the shared type first, then the product with its reference', async () => {
    const r = mesh.deploy({ E2E_PRODUCTS: 'orders', E2E_SCHEMA: JSON.stringify(order()), E2E_REF: ref(money(), 1) });
    expect(r.output).toMatch(/Apply complete!/);
    expect(await versions('refs.money-value')).toEqual([1]);
    const o = await latest(subject);
    expect(o.references).toEqual([{ name: 'com.example.common.Money', subject: 'refs.money-value', version: 1 }]);
    expect(JSON.parse(o.schema)).toEqual(order());
    expectCleanPlan();
  });

  it('deploys a compatible change of the product as a new version, keeping its reference', async () => {
    const r = mesh.deploy({
      E2E_PRODUCTS: 'orders',
      E2E_SCHEMA: JSON.stringify(order([{ name: 'note', type: 'string', default: '' }])),
      E2E_REF: ref(money(), 1),
    });
    expect(r.output).toMatch(/Apply complete!/);
    expect(await versions(subject)).toEqual([1, 2]);
    expect((await latest(subject)).references).toEqual([{ name: 'com.example.common.Money', subject: 'refs.money-value', version: 1 }]);
    expectCleanPlan();
  });

  it('moves the product to the shared type’s next version: the same text, registered again with the new reference', async () => {
    const r = mesh.deploy({
      E2E_PRODUCTS: 'orders',
      E2E_SCHEMA: JSON.stringify(order([{ name: 'note', type: 'string', default: '' }])),
      E2E_REF: ref(money([{ name: 'currency', type: 'string', default: 'EUR' }]), 2),
    });
    expect(r.output).toMatch(/Apply complete!/);
    expect(await versions('refs.money-value')).toEqual([1, 2]);
    expect(await versions(subject)).toEqual([1, 2, 3]);
    expect((await latest(subject)).references).toEqual([{ name: 'com.example.common.Money', subject: 'refs.money-value', version: 2 }]);
    expectCleanPlan();
  });
});
