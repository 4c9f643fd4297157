import * as path from 'path';
import { diffExample, ExampleSynth, synthesizeExample } from './example-change-set';

/**
 * The scripted change set of the example mesh (the sample in docs/diff.md): HEAD against HEAD
 * with sales.orders shrunk, a grant removed, an incompatible schema and more.
 */
const REPO = path.resolve(__dirname, '..', '..');
jest.setTimeout(300_000);

let example: ExampleSynth;
beforeAll(() => {
  example = synthesizeExample(REPO);
});
afterAll(() => example?.dispose());

describe('kafka-mesh diff on the example mesh with a scripted change set', () => {
  it('flags each risky change and fails', () => {
    const run = diffExample(example, REPO, ['--format', 'json']);
    expect(run.exitCode).toBe(1);
    const diff = JSON.parse(run.stdout);
    expect(diff.flags.map((f: { id: string; category: string }) => [f.id, f.category])).toEqual([
      ['retention-cut:inventory.stock-level-updated', 'data-loss'],
      ['partition-decrease:sales.orders', 'data-loss'],
      ['access-lost:User:marketing@Topic:sales.orders', 'risk'],
      ['compatibility-relaxed:sales.order-placed-value', 'risk'],
      ['schema-incompatible:sales.orders-value', 'risk'],
    ]);
    const orders = diff.flags.find((f: { id: string }) => f.id === 'partition-decrease:sales.orders');
    expect(orders.affects).toEqual(expect.arrayContaining(['domain marketing (User:marketing)']));
  });

  it('shows the new grant and groups the changes by stack and product', () => {
    const run = diffExample(example, REPO);
    expect(run.stdout).toContain('Base `main`, head `example change set`.');
    expect(run.stdout).toContain('### Stack `sales`: domain sales (owner sales-team@example.com)');
    expect(run.stdout).toContain('- domain finance (User:finance) can now read topic sales.processed_orders (ACLs added: Read).');
    expect(run.stdout).toContain('- domain marketing (User:marketing) can no longer read topic sales.orders (ACLs removed: Read).');
  });

  it('passes once every flag is acknowledged, and merges the real plan’s findings', () => {
    const plan = path.join('test', 'diff', 'fixtures', 'plans', 'sales-example.json');
    const run = diffExample(example, REPO, [
      '--ack',
      'retention-cut:*',
      '--ack',
      'partition-decrease:sales.orders',
      '--ack',
      'access-lost:*',
      '--ack',
      '*:sales.order*-value',
      '--plan',
      `sales=${plan}`,
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('#### Planned actions (`test/diff/fixtures/plans/sales-example.json`, version 1.11.6)');
    expect(run.stdout).toContain('  - Seen in the synthesized code and the plan.');
  });
});
