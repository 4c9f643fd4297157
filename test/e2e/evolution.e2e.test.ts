import * as fs from 'fs';
import * as path from 'path';
import { registry } from './cluster';
import { SmallMesh } from './small-mesh';

/** Schema evolution against the real registry: compatible changes deploy, incompatible ones never land. */
const v1 = { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] };
const v2 = { ...v1, fields: [...v1.fields, { name: 'note', type: 'string', default: '' }] };
// A new field without a default: readers on v3 cannot read v2 data, so BACKWARD refuses it.
const v3 = { ...v2, fields: [...v2.fields, { name: 'currency', type: 'string' }] };

const mesh = new SmallMesh('evolve');
const subject = 'evolve.orders-value';
const versions = async () => (await registry(`/subjects/${subject}/versions`)).body;
const latest = async () => JSON.parse((await registry(`/subjects/${subject}/versions/latest`)).body.schema);
const lock = path.join(mesh.dir, 'lock');

describe('schema evolution on the real registry', () => {
  it('deploys the first version', async () => {
    const r = mesh.deploy({ E2E_PRODUCTS: 'orders', E2E_SCHEMA: JSON.stringify(v1) });
    expect(r.output).toMatch(/Apply complete!/);
    expect(await versions()).toEqual([1]);
    expect((await registry(`/config/${subject}`)).body.compatibilityLevel).toBe('BACKWARD');
  });

  it('deploys a compatible change (an optional field) as a new version', async () => {
    const r = mesh.deploy({ E2E_PRODUCTS: 'orders', E2E_SCHEMA: JSON.stringify(v2) });
    expect(r.output).toMatch(/Apply complete!/);
    expect(await versions()).toEqual([1, 2]);
    expect(await latest()).toEqual(v2);
  });

  it('refuses an incompatible change at synth, from the mesh lock, naming the field', async () => {
    fs.mkdirSync(lock, { recursive: true });
    fs.writeFileSync(
      path.join(lock, 'evolve.json'),
      JSON.stringify({
        lockVersion: 1,
        stack: 'evolve',
        topics: { 'evolve.orders': { partitions: 1, replicationFactor: 1, protected: true, config: { 'min.insync.replicas': '1' } } },
        subjects: { [subject]: { type: 'AVRO', compatibility: 'BACKWARD', versions: [JSON.stringify(v1), JSON.stringify(v2)] } },
      }),
    );
    const r = mesh.synth({ E2E_PRODUCTS: 'orders', E2E_SCHEMA: JSON.stringify(v3), E2E_LOCK: lock });
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/evolve\/evolve\/orders: valueSchema .*`currency`.*BACKWARD/);
    expect(r.output).not.toMatch(/\n\s+at /);
  });

  it('is refused by the registry too when the lock is bypassed, and the deployed schema is unchanged', async () => {
    const r = mesh.deploy({ E2E_PRODUCTS: 'orders', E2E_SCHEMA: JSON.stringify(v3) });
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/incompatible|409/i);
    expect(await versions()).toEqual([1, 2]);
    expect(await latest()).toEqual(v2);
  });
});
