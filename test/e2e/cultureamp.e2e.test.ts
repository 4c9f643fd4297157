import { clusterEnv, registry } from './cluster';
import { SmallMesh } from './small-mesh';

/**
 * The opt-in cultureamp backend, deployed for real where its provider can be installed. The Go
 * module proxy does not serve it, so the toolchain build may leave it out (MESH_PROVIDERS_MISSING
 * in the toolchain's env.sh); then this suite is reported as skipped, with that reason.
 */
const missing = (clusterEnv().MESH_PROVIDERS_MISSING ?? '').split(' ').some((p) => p.startsWith('cultureamp/schemaregistry='));
const suite = missing ? describe.skip : describe;
const reason = missing
  ? ' (skipped: the cultureamp/schemaregistry provider is not installable on this machine; the Go module proxy does not serve it)'
  : '';

suite(`the cultureamp schema backend on the real registry${reason}`, () => {
  const mesh = new SmallMesh('legacy');
  const v1 = { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] };

  it('registers an Avro subject with its level, and plans nothing more', async () => {
    const r = mesh.deploy({ E2E_PRODUCTS: 'orders', E2E_SCHEMA: JSON.stringify(v1), E2E_BACKEND: 'cultureamp' });
    expect(r.output).toMatch(/Apply complete!/);
    expect(JSON.parse((await registry('/subjects/legacy.orders-value/versions/latest')).body.schema)).toEqual(v1);
    expect(mesh.tofu('plan', '-detailed-exitcode').status).toBe(0);
  });
});
