/**
 * A synth writes its output whole or not at all: a refused synth leaves the previous output (and
 * the mesh lock) byte for byte as it was, and concurrent synths into one folder each leave a
 * whole tree, never a mix.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, GovernancePolicy, KafkaMesh, Principal } from '../lib';
import { catalogFiles, connectionOf } from '../lib/catalog';
import { BACKGROUND_WRITES_MIN_PRODUCTS } from '../lib/constructs/kafka-mesh';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-synth-out-'));

/** Every file under `dir` with its content (undefined when `dir` does not exist). */
function tree(dir: string): Record<string, string> | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/**
 * A mesh of two domain stacks; `refuse` makes the second one fail at synth, after the first (and
 * the catalog) would have been written: a grant to an undeclared principal, or a governance error.
 */
function twoStacks(outdir: string, description: string, refuse?: 'undeclared-principal' | 'governance', lockDir?: string, products = 1) {
  const app = new App({ outdir });
  new KafkaMesh(app, 'mesh', {
    cluster: { bootstrapServers: ['localhost:9092'] },
    catalog: 'full',
    lock: lockDir ? { dir: lockDir, update: true } : false,
  });
  if (refuse === 'governance') new GovernancePolicy(new TerraformStack(app, 'platform'), 'governance');
  const sales = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
  new DomainDataProduct(sales, 'orders', { description, partitions: 3, replicationFactor: 3 });
  for (let i = 1; i < products; i++)
    new DomainDataProduct(sales, `orders-${i}`, { description: `Orders, part ${i}`, partitions: 3, replicationFactor: 3 });
  const marketing = new Domain(new TerraformStack(app, 'marketing'), 'marketing', {
    owner: 'marketing-team@example.com',
    principal: 'User:marketing',
  });
  const campaigns = new DomainDataProduct(marketing, 'campaigns', {
    description: 'Campaigns and their audiences',
    partitions: 3,
    replicationFactor: refuse === 'governance' ? 1 : 3,
  });
  if (refuse === 'undeclared-principal') campaigns.grantRead(Principal.fromName('User:nobody'));
  return app;
}

describe('a refused synth leaves no partial output', () => {
  it.each(['undeclared-principal', 'governance'] as const)(
    'keeps the previous output byte-identical when the second stack is refused (%s)',
    (refuse) => {
      const outdir = path.join(tmp(), 'cdktf.out');
      twoStacks(outdir, 'Orders placed in the web shop').synth();
      const before = tree(outdir)!;
      expect(Object.keys(before)).toEqual(
        expect.arrayContaining(['manifest.json', 'stacks/sales/cdk.tf.json', 'stacks/marketing/cdk.tf.json', 'catalog/catalog.json']),
      );

      expect(() => twoStacks(outdir, 'Orders placed in the new web shop', refuse).synth()).toThrow(
        refuse === 'governance' ? /REPLICATION_FLOOR/ : /User:nobody/,
      );
      expect(tree(outdir)).toEqual(before);
      // nothing left next to it either
      expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
    },
  );

  it('leaves nothing when there was no previous output', () => {
    const parent = tmp();
    const outdir = path.join(parent, 'cdktf.out');
    expect(() => twoStacks(outdir, 'Orders placed in the web shop', 'undeclared-principal').synth()).toThrow(/User:nobody/);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('leaves the mesh lock as it was', () => {
    const lockDir = path.join(tmp(), 'mesh.lock');
    twoStacks(path.join(tmp(), 'out'), 'Orders placed in the web shop', undefined, lockDir).synth();
    const before = tree(lockDir);
    expect(Object.keys(before!).sort()).toEqual(['marketing.json', 'sales.json']);
    const app = twoStacks(path.join(tmp(), 'out'), 'Orders', 'undeclared-principal', lockDir);
    new DomainDataProduct(
      app.node.findAll().find((c): c is Domain => c instanceof Domain && c.name === 'sales')!,
      'returns',
      { description: 'Returned orders' },
    );
    expect(() => app.synth()).toThrow(/User:nobody/);
    expect(tree(lockDir)).toEqual(before);
  });

  it('replaces the previous output whole when the synth succeeds, stale files included', () => {
    const outdir = path.join(tmp(), 'cdktf.out');
    twoStacks(outdir, 'Orders placed in the web shop').synth();
    fs.writeFileSync(path.join(outdir, 'stacks', 'sales', 'stale.json'), '{}');
    twoStacks(outdir, 'Orders placed in the new web shop').synth();
    const after = tree(outdir)!;
    expect(after['stacks/sales/stale.json']).toBeUndefined();
    expect(after['catalog/catalog.json']).toContain('Orders placed in the new web shop');
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
  });
});

describe('a large mesh, whose catalog a worker writes while the stacks are synthesized', () => {
  const products = BACKGROUND_WRITES_MIN_PRODUCTS;

  it('writes the catalog the catalog writers make, whole', () => {
    const outdir = path.join(tmp(), 'cdktf.out');
    const app = twoStacks(outdir, 'Orders placed in the web shop', undefined, undefined, products);
    app.synth();
    const mesh = app.node.findChild('mesh') as KafkaMesh;
    const written = tree(path.join(outdir, 'catalog'))!;
    const made = Object.fromEntries(catalogFiles(mesh.toModel(), { connection: connectionOf(mesh) }));
    expect(Object.keys(written).length).toBeGreaterThan(2 * products);
    expect(written).toEqual(made);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
  });

  it.each(['undeclared-principal', 'governance'] as const)(
    'keeps the previous output byte-identical when a later stack is refused (%s)',
    (refuse) => {
      const outdir = path.join(tmp(), 'cdktf.out');
      twoStacks(outdir, 'Orders placed in the web shop', undefined, undefined, products).synth();
      const before = tree(outdir)!;
      expect(() => twoStacks(outdir, 'Orders placed in the new web shop', refuse, undefined, products).synth()).toThrow(
        refuse === 'governance' ? /REPLICATION_FLOOR/ : /User:nobody/,
      );
      expect(tree(outdir)).toEqual(before);
      expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
    },
  );
});

/** Runs the child synth script; resolves with its exit code and stderr. */
function child(outdir: string, writer: string, rounds: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(
      process.execPath,
      ['-r', 'ts-node/register', path.join(__dirname, 'fixtures', 'synth-child.ts'), outdir, writer, String(rounds)],
      {
        cwd: path.join(__dirname, '..'),
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', MESH_CATALOG: 'full' },
      },
    );
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('concurrent synths into one folder', () => {
  it('both succeed and the folder holds one whole tree', async () => {
    const outdir = path.join(tmp(), 'cdktf.out');
    const results = await Promise.all([child(outdir, '1', 4), child(outdir, '2', 4)]);
    expect(results).toEqual([
      { code: 0, stderr: '' },
      { code: 0, stderr: '' },
    ]);
    const files = tree(outdir)!;
    const manifest = JSON.parse(files['manifest.json']);
    expect(Object.keys(manifest.stacks).sort()).toEqual(['finance', 'inventory', 'marketing', 'sales']);
    // every stack file and the catalog come from the same writer
    const writers = new Set<string>();
    for (const [file, text] of Object.entries(files)) {
      for (const m of text.matchAll(/written by writer-(\d)/g)) writers.add(m[1]);
      for (const m of text.matchAll(/"retention.ms": "(\d+)"/g)) writers.add(String(Number(m[1]) / 3_600_000));
      if (file.endsWith('.json')) expect(() => JSON.parse(text)).not.toThrow();
    }
    expect(writers.size).toBe(1);
    for (const stack of Object.keys(manifest.stacks)) expect(files[`stacks/${stack}/cdk.tf.json`]).toMatch(/"retention.ms": "[0-9]+"/);
    expect(files['catalog/catalog.json']).toContain('written by');
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
  }, 120_000);
});
