import * as path from 'path';
import MarkdownIt from 'markdown-it';
import { runCli, synthesizeRef, TemporarySynth } from '../../lib/diff';
import { clonePullRequests } from './pull-requests';

jest.setTimeout(600_000);

const REPO = path.resolve(__dirname, '..', '..');
let clone: { dir: string; dispose(): void };
let base: TemporarySynth;

beforeAll(() => {
  clone = clonePullRequests(REPO);
  base = synthesizeRef({ ref: 'base', projectDir: clone.dir });
});
afterAll(() => {
  base?.dispose();
  clone?.dispose();
});

function diff(branch: string, extra: string[] = []) {
  let stdout = '';
  let stderr = '';
  const status = runCli(['diff', '--base', base.outDir, '--base-label', 'main', '--head-ref', branch, '--format', 'json', ...extra], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: clone.dir,
    env: {},
  });
  if (status === 2) throw new Error(stderr);
  const json = JSON.parse(stdout);
  return {
    status,
    json,
    flags: json.flags.map((f: { id: string }) => f.id),
    notices: json.notices.map((n: { kind: string; text: string }) => `${n.kind}: ${n.text}`) as string[],
    stderr,
  };
}

function markdown(branch: string, extra: string[] = []): string {
  let stdout = '';
  runCli(['diff', '--base', base.outDir, '--base-label', 'main', '--head-ref', branch, ...extra], {
    stdout: (t) => (stdout += t),
    stderr: () => undefined,
    cwd: clone.dir,
    env: {},
  });
  return stdout;
}

describe('scripted pull requests against the example mesh (--head-ref)', () => {
  it('a partition decrease without acknowledgeDataLoss: the refusal is the report, with product, rule and fix', () => {
    const r = diff('shrink-orders');
    expect(r.status).toBe(1);
    expect(r.flags).toEqual(['synth-refused:sales.orders:partitions']);
    expect(r.json.refusals[0]).toMatchObject({ path: 'sales/sales/orders', topic: 'sales.orders', rule: 'fewer partitions (the mesh lock)' });
    expect(r.json.refusals[0].fix).toContain('acknowledge the loss with acknowledgeDataLoss');
    expect(r.json.flags[0]).toMatchObject({ category: 'data-loss', stack: 'sales' });
    expect(r.json.flags[0].affects).toContain('streams app sales.processOrder (domain sales)');
  });

  it('an incompatible schema: refused, naming the field and the fix', () => {
    const r = diff('incompatible-orders');
    expect(r.status).toBe(1);
    expect(r.flags).toEqual(['synth-refused:sales.orders:valueSchema']);
    expect(r.json.refusals[0]).toMatchObject({ topic: 'sales.orders', rule: 'incompatible schema (the mesh lock)' });
    expect(r.json.refusals[0].problem).toContain('field `channel` was added without a default');
  });

  it('a product deleted without decommission: refused, telling how to decommission it', () => {
    const r = diff('drop-stock-reserved');
    expect(r.status).toBe(1);
    expect(r.flags).toEqual(['synth-refused:inventory.stock-reserved:topic']);
    expect(r.json.refusals[0]).toMatchObject({
      path: 'inventory',
      topic: 'inventory.stock-reserved',
      rule: 'product deleted without decommission (the mesh lock)',
    });
    expect(r.json.refusals[0].fix).toContain("domain.decommission('stock-reserved'");
  });

  it('partitions that grow: no flag, but the readers whose per-key order changes are named, and the out-of-date lock', () => {
    const r = diff('grow-orders');
    expect(r.status).toBe(0);
    expect(r.flags).toEqual([]);
    expect(r.notices.find((n) => n.startsWith('partitions-grow: '))).toContain(
      'sales.orders grows from 6 to 12 partitions: for User:analytics, domain marketing (User:marketing), User:sales-ksql, User:sales-order-processor, ksql app sales.insights_ (domain sales) and streams app sales.processOrder (domain sales), records of one key may land on another partition',
    );
    // The lock of sales is out of date because of this change; locks already out of date at the base are not repeated.
    expect(r.notices.filter((n) => n.startsWith('mesh-lock: '))).toEqual([
      expect.stringMatching(
        /^mesh-lock: The mesh lock mesh\.lock\/sales\.json is out of date \(topic sales\.orders changed(; .*)?\): run npx kafka-mesh lock and commit it\.$/,
      ),
    ]);
  });

  it('a new reader of a confidential product is named for review', () => {
    const r = diff('finance-reads-orders');
    expect(r.status).toBe(0);
    expect(r.flags).toEqual([]);
    expect(r.notices).toContain(
      'sensitive-reader: domain finance (User:finance) is a new reader of sales.orders, classified confidential: check that it may hold this data.',
    );
  });

  it('a partition decrease with acknowledgeDataLoss: acknowledged by the code, its reason next to the change', () => {
    const r = diff('shrink-orders-acknowledged');
    expect(r.status).toBe(0);
    expect(r.flags).toEqual(['partition-decrease:sales.orders']);
    expect(r.json.flags[0].acknowledged).toEqual({
      by: 'code',
      reason: 'acknowledgeDataLoss on sales.orders: orders are replayed from the shop database',
    });
    const product = r.json.stacks
      .find((s: { stack: string }) => s.stack === 'sales')
      .products.find((p: { topic: string }) => p.topic === 'sales.orders');
    expect(product.metadata).toContainEqual({ field: 'acknowledgeDataLoss', to: 'orders are replayed from the shop database' });
    // Acknowledged in the code, the data-loss flag does not fail a --fail-on data-loss run either.
    expect(diff('shrink-orders-acknowledged', ['--fail-on', 'data-loss']).status).toBe(0);
  });

  it('a mesh lock edited by hand (partitions, while the code is unchanged): flagged, and the lock said to be out of date', () => {
    const r = diff('lock-partitions-edited');
    expect(r.status).toBe(1);
    expect(r.flags).toEqual(['lock-edited:mesh.lock/sales.json']);
    expect(r.json.flags[0]).toMatchObject({ kind: 'lock-edited', category: 'risk', stack: 'sales' });
    expect(r.json.flags[0].message).toContain(
      'was edited by hand: it disagrees with the code about what this change does not touch (topic sales.orders changed)',
    );
    expect(r.notices).toEqual([
      'mesh-lock: The mesh lock mesh.lock/sales.json is out of date (topic sales.orders changed): run npx kafka-mesh lock and commit it.',
    ]);
    expect(diff('lock-partitions-edited', ['--ack', 'lock-edited:mesh.lock/sales.json']).status).toBe(0);
  });

  it('a mesh lock that loses a published schema version: flagged as edited by hand', () => {
    const r = diff('lock-version-removed');
    expect(r.status).toBe(1);
    expect(r.flags).toEqual(['lock-edited:mesh.lock/sales.json']);
    expect(r.json.flags[0].message).toContain('(subject sales.order-placed-value has a new schema version)');
  });

  it('a decommissioned topic that an application still reads: refused, naming the reader, its input and the fix', () => {
    const r = diff('decommission-stock-level');
    expect(r.status).toBe(1);
    expect(r.flags).toEqual(['synth-refused:inventory.stock-level-updated:queries[0].inputs[1]']);
    expect(r.json.refusals[0]).toMatchObject({
      path: 'sales/sales/insights',
      topic: 'inventory.stock-level-updated',
      rule: 'a live reader of a removed product',
    });
    expect(r.json.refusals[0].problem).toMatch(
      /^the ksql app \S+ \(domain sales, User:sales-ksql\) still reads inventory\.stock-level-updated \(queries\[0\]\.inputs\[1\]\)/,
    );
    expect(r.json.refusals[0].fix).toContain('off inventory.stock-level-updated first');
    expect(r.json.flags[0].affects).toEqual(expect.arrayContaining(['domain sales (User:sales)', 'User:sales-ksql']));
    // A refusal cannot be acknowledged.
    expect(diff('decommission-stock-level', ['--ack', 'synth-refused:*']).status).toBe(1);
  });

  it('a domain re-homed into another stack: the mesh lock refuses each of its products, with the rule and the fix', () => {
    const r = diff('rehome-customer');
    expect(r.status).toBe(1);
    expect(r.flags).toEqual(['synth-refused:customer.crm-sync-status:topic', 'synth-refused:customer.profile-updated:topic']);
    for (const refusal of r.json.refusals) {
      expect(refusal).toMatchObject({ path: 'customer', rule: 'product moves to another stack (the mesh lock)' });
      expect(refusal.problem).toBe(
        `topic ${refusal.topic} moved to stack marketing: this stack would delete the topic and its data, and marketing would create an empty one`,
      );
      expect(refusal.fix).toContain('move its state between the stacks first (tofu state mv)');
    }
    expect(r.json.flags.map((f: { category: string }) => f.category)).toEqual(['data-loss', 'data-loss']);
  });

  it('renders the new items as Markdown: the code acknowledgement, the edited lock, the live reader, the re-homed product', () => {
    const md = new MarkdownIt({ html: true });
    const acknowledged = md.render(markdown('shrink-orders-acknowledged'));
    expect(acknowledged).toContain('<li>Acknowledged (code): acknowledgeDataLoss on sales.orders: orders are replayed from the shop database.</li>');
    expect(acknowledged).toMatch(
      /<h4><code>sales\.orders<\/code> \(changed[^<]*<\/h4>[\s\S]*<li>partitions: 6 -&gt; 3<\/li>[\s\S]*<li>acknowledgeDataLoss: \(none\) -&gt; orders are replayed from the shop database<\/li>/,
    );
    const edited = md.render(markdown('lock-partitions-edited'));
    expect(edited).toContain(
      '<strong>Risk</strong> (mesh lock edited by hand) <code>lock-edited:mesh.lock/sales.json</code>: The mesh lock mesh.lock/sales.json was edited by hand',
    );
    const reader = md.render(markdown('decommission-stock-level'));
    expect(reader).toContain(
      '<code>synth-refused:inventory.stock-level-updated:queries[0].inputs[1]</code> data product <code>inventory.stock-level-updated</code>: <strong>a live reader of a removed product</strong>.',
    );
    const moved = md.render(markdown('rehome-customer'));
    expect(moved).toContain(
      '<code>synth-refused:customer.profile-updated:topic</code> data product <code>customer.profile-updated</code>: <strong>product moves to another stack (the mesh lock)</strong>.',
    );
    expect(moved).toContain(
      '<li>Fix: keep the product in stack customer, or move its state between the stacks first (tofu state mv), then run npx kafka-mesh lock.</li>',
    );
  });

  it('renders as Markdown: the table, the refusal, and the collapsed stack details', () => {
    const md = new MarkdownIt({ html: true });
    const refused = md.render(markdown('shrink-orders'));
    expect(refused).toContain('<h3>The mesh refuses the head</h3>');
    expect(refused).toContain(
      '<code>synth-refused:sales.orders:partitions</code> data product <code>sales.orders</code>: <strong>fewer partitions (the mesh lock)</strong>.',
    );

    const full = markdown('grow-orders');
    const html = md.render(full);
    expect(html).toContain('<table>');
    expect(html).toMatch(/<tr>\s*<td><code>sales<\/code><\/td>\s*<td style="text-align:right">0<\/td>\s*<td style="text-align:right">1<\/td>/);
    const whole = md.render(full);
    expect(whole).toMatch(
      /<details><summary>Details \(1 data product\)<\/summary>\s*<h4><code>sales\.orders<\/code> \(changed, owner sales-team@example\.com\)<\/h4>/,
    );
  });
});
