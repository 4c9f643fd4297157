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
import { buildLineage, catalogPaths, LISTED_PRODUCTS, SEARCH_SHARD_SIZE, writeCatalog } from '../../lib/catalog';
import type { MeshModel } from '../../lib/model/model';
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
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
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

  it('the product page shows its schema, owners, grants, a link to its contract and a drawn lineage picture', async () => {
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
    expect(fs.readFileSync(path.join(example.catalogDir, 'products', contractHref as string), 'utf8')).toContain('apiVersion: v3.0.2');
    // The page links the contract rather than repeating it (a third of a page's bytes).
    expect(await page.$('#contract pre')).toBeNull();

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
    // The picture is styled by the catalog's style sheet: colours by kind, the focus emphasized, edges as lines.
    const style = await page.$eval('#lineage', (lineage) => {
      // Runs in the page: the browser's getComputedStyle (this project compiles without the DOM's types).
      type Style = Record<'fill' | 'strokeWidth' | 'fontWeight' | 'markerEnd' | 'backgroundColor', string>;
      const { getComputedStyle } = globalThis as unknown as { getComputedStyle(element: unknown): Style };
      const css = (selector: string) => getComputedStyle(lineage.querySelector(selector));
      return {
        topic: css('g.node.focus rect').fill,
        focusWidth: css('g.node.focus rect').strokeWidth,
        focusWeight: css('g.node.focus text.name').fontWeight,
        client: css('g.node.client rect').fill,
        clientWidth: css('g.node.client rect').strokeWidth,
        edgeFill: css('g.edge path').fill,
        edgeMarker: css('g.edge path').markerEnd,
        swatch: css('.legend i.topic').backgroundColor,
      };
    });
    expect(style).toEqual({
      topic: 'rgb(232, 241, 251)',
      focusWidth: '3px',
      focusWeight: '700',
      client: 'rgb(238, 247, 234)',
      clientWidth: '1.2px',
      edgeFill: 'none',
      edgeMarker: 'url("#arrow")',
      swatch: 'rgb(232, 241, 251)',
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'product-sales.orders.png'), fullPage: true });
    await page.close();
  });

  it('applications, external systems and undeclared topics appear in the lineage; topic nodes link to their pages', async () => {
    const page = await open(path.join(fixtureCatalog, 'products', 'payments.transactions.html'));
    const nodes = await page.$$eval('#lineage svg g.node', (gs) => gs.map((g) => g.getAttribute('data-id')));
    expect(nodes).toEqual(
      expect.arrayContaining(['app:ledger-source', 'external:postgresql:ledger', 'app:refund-enricher', 'topic:payments.refunds.v2']),
    );
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
    expect(await page.$$eval('h3 + .scroll table a', (as) => as.map((a) => a.getAttribute('href')))).toEqual(['products/payments.transactions.html']);
    await page.close();
  });

  it('search covers grants: User:marketing finds the products it reads (and says so)', async () => {
    const page = await open(path.join(example.catalogDir, 'index.html'));
    const reads = example.model.products.filter((p) => p.consumers.includes('User:marketing')).map((p) => p.topic);
    expect(reads.length).toBeGreaterThan(1);
    await page.fill('#search', 'User:marketing');
    const shown = await visibleTopics(page);
    expect(shown).toEqual(expect.arrayContaining(reads));
    // The rest match for another reason: marketing's own products (User:marketing writes them).
    expect(
      shown
        .filter((t) => !reads.includes(t as string))
        .every((t) => example.model.products.find((p) => p.topic === t)?.producers.includes('User:marketing')),
    ).toBe(true);
    expect(await page.textContent('li[data-topic="sales.orders"] .matched')).toBe('read by User:marketing');
    await page.close();
  });

  it('a new #q= in an open tab runs that search', async () => {
    const page = await open(path.join(example.catalogDir, 'index.html'));
    expect(await visibleTopics(page)).toHaveLength(example.model.products.length);
    await page.evaluate("location.hash = '#q=unitPriceCents'");
    await page.waitForFunction("document.getElementById('search').value === 'unitPriceCents'");
    expect(await visibleTopics(page)).toEqual(['sales.orders']);
    await page.evaluate("location.hash = '#q=User%3Amarketing'");
    await page.waitForFunction("document.getElementById('search').value === 'User:marketing'");
    expect(await visibleTopics(page)).toContain('sales.orders');
    await page.close();
  });

  it('a product page says what a consumer needs: field docs, timestamps, retention in words, service level, how to get access', async () => {
    const sourceBase = 'https://git.example.com/acme/mesh/blob/main';
    const dir = writeCatalog(example.model, fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-access-')), { ...example.options, sourceBase });
    const page = await open(path.join(dir, 'products', 'sales.orders.html'));
    const fact = async (name: string) => page.$eval(`xpath=//dl[@class="facts"]/dt[.="${name}"]/following-sibling::dd[1]`, (dd) => dd.textContent);
    expect(await fact('Retention')).toBe('1 day');
    expect(await fact('Topic config')).toContain('retention.ms=86400000 (1 day)');
    // Every field of every Avro product of the example has its documentation on the page.
    const rows = await page.$$eval('#schema table.fields tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect(r[4]).not.toBe('');
    expect(rows.find((r) => r[0] === 'placedAt')?.[2]).toBe('timestamp (ms, UTC)');

    const access = (await page.textContent('#getting-access')) as string;
    expect(access).toContain("orders.grantRead(Principal.fromName('User:your-team', { consumerGroupPrefix: 'your-team.' }));");
    expect(access).toContain('sales-team@example.com (#sales-data)');
    const conn = example.options.connection!;
    expect(access).toContain(conn.bootstrapServers.join(','));
    expect(access).toContain(conn.schemaRegistryUrl as string);
    const orders = example.model.products.find((p) => p.topic === 'sales.orders')!;
    expect(orders.source?.file).toBe('stacks/sales.ts');
    const href = await page.getAttribute('#getting-access a.source', 'href');
    expect(href).toBe(`${sourceBase}/stacks/sales.ts#L${orders.source?.line}`);
    // The line is where the product is declared, where its owner adds the grant.
    expect(fs.readFileSync(path.join(REPO, 'stacks', 'sales.ts'), 'utf8').split('\n')[(orders.source?.line as number) - 1]).toContain(
      "new DomainDataProduct(this.domain, 'orders'",
    );
    await page.close();

    const noSla = example.model.products.find((p) => !p.sla)!;
    const other = await open(path.join(dir, 'products', `${noSla.topic}.html`));
    expect(await other.$eval('xpath=//dl[@class="facts"]/dt[.="Service level"]/following-sibling::dd[1]', (dd) => dd.textContent)).toBe(
      'none declared',
    );
    await other.close();
    const forever = example.model.products.find((p) => p.config['retention.ms'] === '-1')!;
    const kept = await open(path.join(dir, 'products', `${forever.topic}.html`));
    expect(await kept.$eval('xpath=//dl[@class="facts"]/dt[.="Retention"]/following-sibling::dd[1]', (dd) => dd.textContent)).toBe('forever');
    await kept.close();
  });

  it('written inside the project, a product page links the stack file relative to the catalog, and the link resolves', async () => {
    const dir = writeCatalog(example.model, path.join(REPO, 'test-output', 'catalog-in-project'), example.options);
    const page = await open(path.join(dir, 'products', 'sales.orders.html'));
    const href = (await page.getAttribute('#getting-access a.source', 'href')) as string;
    expect(href).toBe('../../../../stacks/sales.ts');
    expect(fs.existsSync(path.resolve(dir, 'products', href))).toBe(true);
    await page.close();
  });

  it('fits a phone: at 390 px no page is wider than the screen (and at 1280 px none wider than the window)', async () => {
    const widths: Record<string, number> = {};
    for (const [width, height] of [
      [390, 844],
      [1280, 900],
    ]) {
      const phone = await context.browser()?.newContext({ viewport: { width, height } });
      const ctx = phone ?? context;
      for (const file of ['index.html', ...fs.readdirSync(path.join(example.catalogDir, 'products')).map((f) => `products/${f}`)]) {
        const page = await ctx.newPage();
        page.on('pageerror', (e) => pageErrors.push(`${file}: ${e.message}`));
        await page.setViewportSize({ width, height });
        await page.goto(pathToFileURL(path.join(example.catalogDir, file)).href);
        widths[`${width} ${file}`] = (await page.evaluate('document.documentElement.scrollWidth')) as number;
        if (file === 'index.html' || file === 'products/sales.orders.html') {
          await page.screenshot({ path: path.join(SCREENSHOTS, `${width}px-${file.replace('/', '-')}.png`), fullPage: true });
        }
        await page.close();
      }
      if (phone) await phone.close();
    }
    for (const [key, scrollWidth] of Object.entries(widths))
      expect({ key, scrollWidth: Math.min(scrollWidth, Number(key.split(' ')[0])) }).toEqual({ key, scrollWidth });
  });

  it('at 5,000 products the index lists the first products, loads its search index in shards only when a search starts, and answers', async () => {
    const total = 5000;
    const template = example.model.products[0];
    const model: MeshModel = {
      ...example.model,
      products: [
        ...example.model.products,
        ...Array.from({ length: total - example.model.products.length }, (_, i) => ({
          ...template,
          topic: `${template.domain}.many-${i}`,
          entity: `many-${i}`,
          description: `copy ${i} of ${template.topic}`,
        })),
      ],
    };
    const dir = writeCatalog(model, path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-large-')), 'out'));
    const shards = fs.readdirSync(path.join(dir, 'search'));
    expect(shards).toHaveLength(total / SEARCH_SHARD_SIZE);
    const page = await open(path.join(dir, 'index.html'));
    const loadedShards = () => page.$$eval('script.search-shard', (s) => s.length);
    expect(await page.$$eval('#products li', (l) => l.length)).toBe(LISTED_PRODUCTS);
    expect(await page.textContent('#count')).toBe(`${total} products (the first ${LISTED_PRODUCTS} listed; search finds the others)`);
    expect(await loadedShards()).toBe(0);

    // A product in the last shard: found once every shard has come in.
    const wanted = `${template.domain}.many-${total - example.model.products.length - 1}`;
    await page.fill('#search', wanted);
    await page.waitForFunction(() => !/searching/.test((globalThis as any).document.getElementById('count').textContent));
    expect(await loadedShards()).toBe(shards.length);
    expect(await visibleTopics(page)).toEqual([wanted]);
    expect(await page.textContent('#count')).toBe(`1 of ${total} products match`);
    const href = await page.getAttribute(`li[data-topic="${wanted}"] a.name`, 'href');
    expect(fs.existsSync(path.join(dir, href as string))).toBe(true);

    // A broad search lists the first matches and says how many there are; no shard loads twice.
    await page.fill('#search', 'copy');
    expect(await page.$$eval('#products li', (l) => l.length)).toBe(LISTED_PRODUCTS);
    expect(await page.textContent('#count')).toBe(
      `${total - example.model.products.length} of ${total} products match (the first ${LISTED_PRODUCTS} listed)`,
    );
    expect(await loadedShards()).toBe(shards.length);
    await page.fill('#search', '');
    expect(await page.$$eval('#products li', (l) => l.length)).toBe(LISTED_PRODUCTS);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'index-5000.png') });
    await page.close();

    // A product page of a large catalog loads the shared style sheet.
    const product = await open(path.join(dir, 'products', `${wanted}.html`));
    expect(await product.$eval('header.top', (el) => (globalThis as any).getComputedStyle(el).backgroundColor)).toBe('rgb(22, 50, 79)');
    await product.close();
  });

  it('a product page: the legend names the kinds its picture draws, a node tells its kind, the schema shows as registered, no script may run', async () => {
    let cutLabels = 0;
    for (const [dir, model] of [
      [example.catalogDir, example.model],
      [fixtureCatalog, fixtureModel()],
    ] as const) {
      expect(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).toContain("script-src 'self'");
      for (const p of model.products) {
        const file = path.join(dir, 'products', path.basename(catalogPaths.productPage(p.topic)));
        const html = fs.readFileSync(file, 'utf8');
        // A page without a script forbids them all (default-src 'none').
        expect({ file, script: html.includes('<script'), allowed: html.includes('script-src') }).toEqual({ file, script: false, allowed: false });
        const page = await open(file);
        const legend = await page.$$eval('#lineage .legend i', (is) => is.map((i) => i.getAttribute('class')));
        const nodes = await page.$$eval('#lineage svg g.node', (gs) =>
          gs.map((g) => ({
            kind: (g.getAttribute('class') ?? '').split(' ')[1],
            title: g.querySelector('title')?.textContent ?? '',
            cut: [...g.querySelectorAll('text')].some((t) => (t.textContent ?? '').endsWith('…')),
          })),
        );
        expect({ file, legend: [...legend].sort() }).toEqual({ file, legend: [...new Set(nodes.map((n) => n.kind))].sort() });
        for (const n of nodes) {
          if (n.cut) cutLabels++;
          // The kind alone, or with the whole text when the label shows only its start.
          expect({ file, n, ok: n.cut ? n.title.startsWith(`${n.kind}: `) && !n.title.includes('…') : n.title === n.kind }).toEqual({
            file,
            n,
            ok: true,
          });
        }
        const schemas = await page.$$eval('#schema details pre code', (cs) => cs.map((c) => c.textContent));
        expect({ file, schemas }).toEqual({ file, schemas: [p.valueSchema?.schema, p.keySchema?.schema].filter((s) => s !== undefined) });
        await page.close();
      }
    }
    // The fixture's long names are cut, so both kinds of tooltip were seen.
    expect(cutLabels).toBeGreaterThan(0);
  });

  it('every page loads nothing but files from disk, and runs without script errors', async () => {
    for (const dir of [example.catalogDir, fixtureCatalog]) {
      for (const file of fs.readdirSync(path.join(dir, 'products'))) (await open(path.join(dir, 'products', file))).close();
    }
    expect(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
