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
      'sales.orders grows from 6 to 12 partitions: for User:analytics, domain marketing (User:marketing), User:sales-order-processor and streams app sales.processOrder (domain sales), records of one key may land on another partition',
    );
    // The lock of sales is out of date because of this change; the others were already (not this change's doing).
    expect(r.notices.filter((n) => n.startsWith('mesh-lock: '))).toEqual([
      expect.stringMatching(
        /^mesh-lock: The mesh lock mesh\.lock\/sales\.json is out of date \(topic sales\.orders changed; .*\): run npx kafka-mesh lock and commit it\.$/,
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
