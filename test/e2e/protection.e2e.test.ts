import { adminClient, adminKafka, consume, produce } from './cluster';
import { SmallMesh } from './small-mesh';

/** Nothing lost by default, on a real broker: protected topics survive, decommissions are clean. */
const mesh = new SmallMesh('guard');
const topics = async () => {
  const admin = adminClient();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((t) => t.startsWith('guard.')).sort();
  } finally {
    await admin.disconnect();
  }
};

describe('protection on a real broker', () => {
  it('creates a protected and an unprotected product', async () => {
    expect(mesh.deploy({ E2E_PRODUCTS: 'ledger,scratch:destroy' }).output).toMatch(/Apply complete!/);
    expect(await topics()).toEqual(['guard.ledger', 'guard.scratch']);
    expect(await produce(adminKafka(), 'guard.ledger', 'entry-1')).toBeUndefined();
  });

  it('refuses to destroy the protected topic when its product is deleted, and keeps its messages', async () => {
    const r = mesh.deploy({ E2E_PRODUCTS: 'scratch:destroy' });
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/Instance cannot be destroyed/);
    expect(r.output).toMatch(/kafka_topic\.protected\["guard\.ledger"\]/);
    expect(await topics()).toEqual(['guard.ledger', 'guard.scratch']);
    expect((await consume(adminKafka(), 'guard.ledger', 'guard.e2e-check')).values).toEqual(['entry-1']);
  });

  it('removes an unprotected product cleanly', async () => {
    expect(mesh.deploy({ E2E_PRODUCTS: 'ledger' }).output).toMatch(/Apply complete! Resources: 0 added, 0 changed, 1 destroyed/);
    expect(await topics()).toEqual(['guard.ledger']);
  });

  it('deletes a protected product only through decommission', async () => {
    const r = mesh.deploy({ E2E_PRODUCTS: '', E2E_DECOMMISSION: 'ledger' });
    expect(r.output).toMatch(
      /kafka_topic\.protected\["guard\.ledger"\] was moved to kafka_topic\.decommissioned\["guard\.ledger"\], which is not in configuration/,
    );
    expect(r.output).toMatch(/Apply complete! Resources: 0 added, 0 changed, 1 destroyed/);
    expect(await topics()).toEqual([]);
  });
});
