/**
 * The static HTML catalog in a real headless Chromium (Debian's chromium, driven by
 * playwright-core), opened from disk: search finds products, a product page shows its schema
 * and lineage, nothing is fetched from anywhere. Screenshots go to test-output/catalog/.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { buildLineage, writeCatalog } from '../../lib/catalog';
import { fixtureModel } from './fixture';
import { REPO, runSetupScript, synthExample } from './helpers';

jest.setTimeout(15 * 60 * 1000);

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(REPO, 'test-output', 'catalog');

const example = synthExample();
const fixtureDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-html-')), 'out');
const fixtureCatalog = writeCatalog(fixtureModel(), fixtureDir);

let context: BrowserContext;
let userDataDir: string;
const requests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  runSetupScript('chromium.sh', 15 * 60 * 1000);
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  context.on('request', (r) => requests.push(r.url()));
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

async function open(file: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${file}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`${file}: console: ${m.text()}`);
  });
  await page.goto(pathToFileURL(file).href);
  return page;
}

const visibleTopics = (page: Page) => page.$$eval('#products li:not([hidden])', (lis) => lis.map((li) => li.getAttribute('data-topic')));

describe('the HTML catalog in headless Chromium', () => {
  it('search finds products by field, tag, owner and words of the description', async () => {
    const page = await open(path.join(example.catalogDir, 'index.html'));
    const all = example.model.products.map((p) => p.topic);
    expect(await visibleTopics(page)).toEqual(all);
    await page.fill('#search', 'unitPriceCents');
    expect(await visibleTopics(page)).toEqual(['sales.orders']);
    expect(await page.textContent('li[data-topic="sales.orders"] .matched')).toBe('matching fields: items.unitPriceCents');
    expect(await page.textContent('#count')).toBe(`1 of ${all.length} products match`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'index-search.png'), fullPage: true });

    await page.fill('#search', 'web-shop');
    expect(await visibleTopics(page)).toEqual(example.model.products.filter((p) => p.tags.includes('web-shop')).map((p) => p.topic));
    await page.fill('#search', 'inventory-team');
    expect(await visibleTopics(page)).toEqual(example.model.products.filter((p) => p.owner.startsWith('inventory-team')).map((p) => p.topic));
    await page.fill('#search', 'ORDERS web');
    expect(await visibleTopics(page)).toEqual(['sales.orders']);
    await page.fill('#search', 'no such thing anywhere');
    expect(await visibleTopics(page)).toEqual([]);
    await page.fill('#search', '');
    expect(await visibleTopics(page)).toEqual(all);
    await page.close();
  });

  it('a query in the address (#q=) is searched on load', async () => {
    const page = await context.newPage();
    await page.goto(`${pathToFileURL(path.join(example.catalogDir, 'index.html')).href}#q=customerId`);
    const expected = example.model.products.filter((p) => p.valueSchema?.schema.includes('"customerId"')).map((p) => p.topic);
    expect(expected.length).toBeGreaterThan(0);
    expect(await visibleTopics(page)).toEqual(expected);
    await page.close();
  });

  it('the product page shows its schema, owners, grants, contract and a drawn lineage picture', async () => {
    const page = await open(path.join(example.catalogDir, 'index.html'));
    await page.fill('#search', 'unitPriceCents');
    await page.click('li[data-topic="sales.orders"] a.name');
    await page.waitForURL(/products\/sales\.orders\.html$/);
    const orders = example.model.products.find((p) => p.topic === 'sales.orders');
    if (!orders) throw new Error('the example mesh has no sales.orders');
    expect(await page.textContent('h1')).toBe('sales.orders');
    const fields = await page.$$eval('#schema table.fields tr[data-field]', (rows) => rows.map((r) => r.getAttribute('data-field')));
    expect(fields).toEqual(expect.arrayContaining(['orderId', 'customerId', 'items', 'items[].sku', 'items[].unitPriceCents', 'placedAt']));
    expect(await page.textContent('#about')).toContain(orders.owner);
    const grants = await page.$$eval('#access tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
    expect(grants).toEqual(orders.grants.map((g) => g.principal));
    const contractHref = await page.getAttribute('#contract a', 'href');
    expect(contractHref).toBe('../contracts/sales.orders.odcs.yaml');
    expect(fs.existsSync(path.join(example.catalogDir, 'products', contractHref as string))).toBe(true);
    expect(await page.textContent('#contract pre')).toContain('apiVersion: v3.0.2');

    const nodes = await page.$$eval('#lineage svg g.node', (gs) => gs.map((g) => g.getAttribute('data-id')));
    // Everything that writes or reads the topic directly: principals, or the applications running as them.
    const direct = buildLineage(example.model).edges.filter((e) => e.to === 'topic:sales.orders' || e.from === 'topic:sales.orders');
    expect(direct.length).toBeGreaterThanOrEqual(orders.producers.length + orders.consumers.length);
    expect(nodes).toEqual(expect.arrayContaining(['topic:sales.orders', ...direct.map((e) => (e.to === 'topic:sales.orders' ? e.from : e.to))]));
    const edges = await page.$$eval('#lineage svg g.edge', (es) => es.map((e) => `${e.getAttribute('data-from')} ${e.getAttribute('data-to')}`));
    expect(edges).toEqual(expect.arrayContaining(direct.map((e) => `${e.from} ${e.to}`)));
    const box = await page.locator('#lineage svg').boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(box?.height).toBeGreaterThan(50);
    // The focus node is drawn, with its label laid out inside it.
    const focus = await page.locator('#lineage g.node.focus text').boundingBox();
    expect(focus?.width).toBeGreaterThan(20);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'product-sales.orders.png'), fullPage: true });
    await page.close();
  });

  it('applications, external systems and undeclared topics appear in the lineage; topic nodes link to their pages', async () => {
    const page = await open(path.join(fixtureCatalog, 'products', 'payments.transactions.html'));
    const nodes = await page.$$eval('#lineage svg g.node', (gs) => gs.map((g) => g.getAttribute('data-id')));
    expect(nodes).toEqual(expect.arrayContaining(['app:ledger-source', 'external:postgresql:ledger', 'app:refund-enricher', 'topic:payments.refunds.v2']));
    // Protobuf fields with comments, JSON-escaped text stays text.
    expect(await page.textContent('#schema')).toContain('Ledger id of the booking.');
    expect(await page.$$eval('#waivers tbody tr td', (tds) => tds.map((td) => td.textContent))).toEqual([
      'PII_CROSS_DOMAIN_READ',
      'Logistics prints the <card holder> on "returns" labels',
      'payments/payments/transactions',
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'product-payments.transactions.png'), fullPage: true });
    await page.click('#lineage g.node[data-id="topic:payments.refunds.v2"] a');
    await page.waitForURL(/products\/payments\.refunds\.v2\.html$/);
    expect(await page.textContent('header.top div')).toBe('Refunds: "partial" or full <b>bold</b> & more\nsecond line');
    expect(await page.$$eval('header.top b', (b) => b.length)).toBe(0);
    await page.close();
  });

  it('the index lists governance waivers, linking to their products', async () => {
    const page = await open(path.join(fixtureCatalog, 'index.html'));
    expect(await page.$$eval('h3 + table a', (as) => as.map((a) => a.getAttribute('href')))).toEqual(['products/payments.transactions.html']);
    await page.close();
  });

  it('every page loads nothing but files from disk, and runs without script errors', async () => {
    for (const dir of [example.catalogDir, fixtureCatalog]) {
      for (const file of fs.readdirSync(path.join(dir, 'products'))) (await open(path.join(dir, 'products', file))).close();
    }
    expect(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

});
