/**
 * The static HTML catalog: `index.html` with a search over every product (name, description,
 * tags, owner, domain, fields) and one page per product with its schema, a link to its contract, owners,
 * grants and a lineage picture. The pages need nothing but the catalog's own files (its style
 * sheet, inline scripts and SVG; no network, no server): open them from disk.
 */
import type { MeshModel, ProductModel, SchemaModel } from '../model/model';
import { applicationExternals } from './applications';
import { describeSchema, FieldInfo, fieldPaths } from './fields';
import { capNeighbourhood, Lineage, LineageNode, LineageNodeKind, neighbourhood, nodeId, nodeText } from './lineage';
import { domainOf, escapeHtml as h, escapeHtmlText, paths } from './names';
import type { CatalogOptions } from './options';
import { LINEAGE_CSS, lineageSvg } from './svg';
import { configValue, duration } from './units';

export interface HtmlInputs {
  readonly lineage: Lineage;
  /** The cluster's address and where the project's files are (for "Getting access"). */
  readonly options?: CatalogOptions;
}

/** One entry of the search index embedded in index.html. */
export interface SearchEntry {
  readonly topic: string;
  readonly domain: string;
  readonly description: string;
  readonly owner: string;
  readonly tags: string[];
  readonly classification: string;
  readonly fields: string[];
  /** Principals that may read it (grants, other than the owner) and that may write it. */
  readonly readers: string[];
  readonly writers: string[];
  /** Who the grants name (a domain, a service account, a principal). */
  readonly grantees: string[];
  readonly href: string;
}

/** Up to this many products, index.html holds the search index and lists every product; above, both come in shards. */
export const INLINE_INDEX_LIMIT = 1000;
/** Products per search-index shard (`search/index-<n>.js`). */
export const SEARCH_SHARD_SIZE = 1000;
/** Products a sharded index page lists before a search, and at most shown for one search. */
export const LISTED_PRODUCTS = 100;
/** Nodes a product page's lineage picture draws per column; the others are listed under it. */
export const LINEAGE_COLUMN_LIMIT = 8;
/** Nodes left out of a picture that its page lists by name (the rest are counted). */
const LISTED_OMITTED = 40;

/** The pages, by path relative to the catalog folder. */
export function htmlCatalog(model: MeshModel, inputs: HtmlInputs): Map<string, string> {
  const pages = new Map<string, string>(htmlIndexFiles(model));
  for (const p of model.products) pages.set(paths.productPage(p.topic), productPage(model, p, inputs.lineage, inputs.options));
  return pages;
}

/**
 * What the index needs, one file at a time: index.html, the style sheet every page links and,
 * for more than {@link INLINE_INDEX_LIMIT} products, the search-index shards the index page
 * loads when a search starts.
 */
export function* htmlIndexFiles(model: MeshModel): Generator<[string, string]> {
  yield [paths.css, CSS];
  const sharded = model.products.length > INLINE_INDEX_LIMIT;
  yield [paths.html, indexPage(model, sharded)];
  if (!sharded) return;
  for (let i = 0, n = 0; i < model.products.length; i += SEARCH_SHARD_SIZE, n++)
    yield [paths.searchShard(n), `meshSearchShard(${n}, ${scriptJson(searchEntries(model.products.slice(i, i + SEARCH_SHARD_SIZE)))});\n`];
}

/** The search index: what a query is matched against. */
export function searchIndex(model: MeshModel): SearchEntry[] {
  return searchEntries(model.products);
}

function searchEntries(products: readonly ProductModel[]): SearchEntry[] {
  return products.map((p) => ({
    topic: p.topic,
    domain: p.domain,
    description: p.description,
    owner: p.owner,
    tags: [...p.tags],
    classification: p.classification,
    fields: [p.valueSchema, p.keySchema].flatMap((s) => (s ? fieldPaths(describeSchema(s).fields) : [])),
    readers: [...p.consumers],
    writers: [...p.producers],
    grantees: [...new Set(p.grants.map((g) => g.grantee))],
    href: paths.productPage(p.topic),
  }));
}

/** JSON safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const CSS = `
:root { --fg:#1a1a1a; --muted:#5b6470; --line:#d9dee5; --accent:#2f6fb3; --bg:#fbfcfd; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color:var(--fg); background:var(--bg); }
header.top { background:#16324f; color:#fff; padding:14px 28px; }
header.top a { color:#cfe3ff; }
header.top h1 { margin:0; font-size:22px; }
main { max-width:1100px; margin:0 auto; padding:20px 28px 60px; }
dd, dd code, h1, h3 { overflow-wrap:anywhere; }
table.fields td:first-child { white-space:nowrap; }
.scroll { overflow-x:auto; max-width:100%; }
a { color:var(--accent); }
h2 { font-size:18px; margin:28px 0 10px; border-bottom:1px solid var(--line); padding-bottom:4px; }
.muted { color:var(--muted); }
input[type=search] { width:100%; font-size:17px; padding:10px 12px; border:1px solid #aab4c0; border-radius:6px; }
ul.products { list-style:none; padding:0; margin:12px 0; }
ul.products li { border:1px solid var(--line); border-radius:8px; background:#fff; padding:10px 14px; margin:8px 0; }
ul.products li .name { font-weight:600; font-size:16px; }
.chip { display:inline-block; font-size:12px; padding:1px 8px; border-radius:10px; background:#eef2f7; margin:2px 4px 2px 0; }
.badge { display:inline-block; font-size:12px; padding:1px 8px; border-radius:4px; background:#fff4e0; border:1px solid #e8c27a; }
.badge.pii, .badge.confidential { background:#fdecec; border-color:#e59a9a; }
.matched { font-size:13px; color:var(--muted); }
table { border-collapse:collapse; width:100%; background:#fff; }
th, td { text-align:left; border:1px solid var(--line); padding:5px 8px; vertical-align:top; font-size:14px; }
th { background:#f2f5f8; }
dl.facts { display:grid; grid-template-columns:max-content minmax(0, 1fr); gap:4px 18px; margin:0; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; }
pre { background:#f6f8fa; border:1px solid var(--line); border-radius:6px; padding:10px; overflow:auto; font-size:13px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.lineage-wrap { overflow:auto; border:1px solid var(--line); border-radius:8px; background:#fff; padding:6px; }
.lineage-wrap svg { max-width:100%; height:auto; display:block; margin:0 auto; }
.legend span { margin-right:14px; font-size:13px; }
.legend i { display:inline-block; width:12px; height:12px; border:1px solid; margin-right:4px; vertical-align:-1px; }
ol.access li { margin:6px 0; }
${LINEAGE_CSS}
@media (max-width: 640px) {
  header.top { padding:12px 14px; }
  main { padding:14px 12px 40px; }
  dl.facts { grid-template-columns:minmax(0, 1fr); gap:0; }
  dl.facts dt { margin-top:8px; }
  th, td { padding:4px 5px; font-size:13px; }
}
`;

/** A page `up` folders below the catalog folder (`../` for product pages). */
function page(title: string, body: string, script = '', up = ''): string {
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    // Nothing may load from anywhere but the catalog's own files: the style sheet every page
    // shares and the search-index shards of a large catalog; pictures are inline. A page without
    // a script (a product page) runs none.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self' file: 'unsafe-inline';${script ? " script-src 'self' file: 'unsafe-inline';" : ''} img-src data:">` +
    `<title>${h(title)}</title><link rel="stylesheet" href="${up}${paths.css}"></head><body>${body}${script ? `<script>${script}</script>` : ''}</body></html>\n`
  );
}

/** A table that scrolls sideways inside the page when it is wider than the screen. */
function table(head: string, rows: string, cls = ''): string {
  return `<div class="scroll"><table${cls ? ` class="${cls}"` : ''}><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
}

function chips(values: readonly string[]): string {
  return values.map((v) => `<span class="chip">${h(v)}</span>`).join('');
}

function badge(classification: string): string {
  return `<span class="badge ${h(classification)}">${h(classification)}</span>`;
}

// ---------------------------------------------------------------- index

const SEARCH_SCRIPT = `
(function () {
  var meta = JSON.parse(document.getElementById('search-meta').textContent);
  var inline = document.getElementById('search-index');
  var input = document.getElementById('search');
  var count = document.getElementById('count');
  var list = document.getElementById('products');
  // A small catalog holds its index and lists every product; a large one loads its index in
  // shards when a search starts, and lists the first products and then the matches.
  var index = inline ? JSON.parse(inline.textContent) : null;
  var items = list.querySelectorAll('li');
  var listed = list.innerHTML;
  var shards = [], loaded = 0, requested = false;
  window.meshSearchShard = function (n, entries) { if (!shards[n]) { shards[n] = entries; loaded++; run(); } };
  function load() {
    if (index || requested) return;
    requested = true;
    meta.shards.forEach(function (src) {
      var s = document.createElement('script');
      s.src = src;
      s.className = 'search-shard';
      document.body.appendChild(s);
    });
  }
  function norm(s) { return String(s).toLowerCase(); }
  function contains(x, words) { return words.some(function (w) { return norm(x).indexOf(w) >= 0; }); }
  function match(e, words) {
    var hay = [e.topic, e.domain, e.description, e.owner, e.classification].concat(e.tags, e.fields, e.readers, e.writers, e.grantees).map(norm);
    if (!words.every(function (w) { return hay.some(function (x) { return x.indexOf(w) >= 0; }); })) return null;
    var hits = function (l) { return words.length ? l.filter(function (x) { return contains(x, words); }) : []; };
    var fields = hits(e.fields), readers = hits(e.readers), writers = hits(e.writers), notes = [];
    if (fields.length) notes.push('matching fields: ' + fields.join(', '));
    if (readers.length) notes.push('read by ' + readers.join(', '));
    if (writers.length) notes.push('written by ' + writers.join(', '));
    return notes.join(' · ');
  }
  function item(e, notes) {
    var li = document.createElement('li'), a = document.createElement('a'), b = document.createElement('span');
    li.className = 'product';
    li.setAttribute('data-topic', e.topic);
    a.className = 'name';
    a.href = e.href;
    a.textContent = e.topic;
    b.className = 'badge ' + e.classification;
    b.textContent = e.classification;
    li.append(a, ' ', b);
    [e.description, 'domain ' + e.domain + ' · owner ' + e.owner, e.tags.join(' · '), notes].forEach(function (text, i) {
      var d = document.createElement('div');
      d.className = ['', 'muted', 'muted', 'matched'][i];
      d.textContent = text;
      li.append(d);
    });
    return li;
  }
  function run() {
    var words = norm(input.value).split(/\\s+/).filter(Boolean);
    var shown = 0;
    if (index) {
      index.forEach(function (e, i) {
        var notes = match(e, words);
        items[i].hidden = notes === null;
        items[i].querySelector('.matched').textContent = notes || '';
        if (notes !== null) shown++;
      });
      count.textContent = words.length ? shown + ' of ' + index.length + ' products match' : index.length + ' products';
    } else if (!words.length) {
      list.innerHTML = listed;
      count.textContent = meta.total + ' products (the first ' + meta.listed + ' listed; search finds the others)';
    } else {
      load();
      var found = document.createDocumentFragment();
      shards.forEach(function (entries) {
        entries.forEach(function (e) {
          var notes = match(e, words);
          if (notes !== null && shown++ < meta.listed) found.append(item(e, notes));
        });
      });
      list.replaceChildren(found);
      count.textContent = shown + ' of ' + meta.total + ' products match' + (shown > meta.listed ? ' (the first ' + meta.listed + ' listed)' : '') +
        (loaded < meta.shards.length ? ' so far: searching (' + loaded + ' of ' + meta.shards.length + ' parts of the index loaded)' : '');
    }
    var q = input.value ? '#q=' + encodeURIComponent(input.value) : '#';
    if (location.hash !== q) history.replaceState(null, '', q === '#' ? location.pathname : q);
  }
  function fromHash() {
    var m = /^#q=(.*)$/.exec(location.hash);
    input.value = m ? decodeURIComponent(m[1]) : '';
    run();
  }
  input.addEventListener('input', run);
  // A new #q= typed into the address bar (or a link to another search) runs that search.
  window.addEventListener('hashchange', fromHash);
  fromHash();
})();
`;

function productItem(p: ProductModel): string {
  return (
    `<li class="product" data-topic="${h(p.topic)}"><a class="name" href="${h(paths.productPage(p.topic))}">${h(p.topic)}</a> ${badge(p.classification)}` +
    `<div>${h(p.description)}</div>` +
    `<div class="muted">domain ${h(p.domain)} · owner ${h(p.owner)}${p.valueSchema ? ` · ${h(p.valueSchema.type)} schema` : ''} · ${p.consumers.length} consumer${p.consumers.length === 1 ? '' : 's'}</div>` +
    `<div>${chips(p.tags)}</div><div class="matched"></div></li>`
  );
}

/** The index page: the search, every domain and application, governance, the machine-readable files. Sharded: see {@link htmlIndexFiles}. */
function indexPage(model: MeshModel, sharded: boolean): string {
  const listed = sharded ? model.products.slice(0, LISTED_PRODUCTS) : model.products;
  const list = listed.map(productItem).join('');
  const perDomain = new Map<string, number>();
  for (const p of model.products) perDomain.set(p.domain, (perDomain.get(p.domain) ?? 0) + 1);
  const domains = model.domains
    .map((d) => {
      const n = perDomain.get(d.name) ?? 0;
      return `<tr><td>${h(d.name)}</td><td>${h(d.description ?? '')}</td><td>${h(d.owner)}</td><td>${h(d.contact)}</td><td>${n}</td><td><a href="${h(paths.asyncapi(d.name))}">AsyncAPI</a></td></tr>`;
    })
    .join('');
  const apps = model.applications
    .map(
      (a) =>
        `<tr><td>${h(a.name)}</td><td>${h(a.kind)}</td><td>${h(a.domain)}</td><td>${h(a.inputs.join(', '))}</td><td>${h(a.outputs.join(', '))}</td><td>${applicationExternals(
          a,
        )
          .map((e) => `${h(e.direction)}: ${h(e.system)}`)
          .join(', ')}</td></tr>`,
    )
    .join('');
  const body =
    `<header class="top"><h1>Data products</h1><div>${model.products.length} products in ${model.domains.length} domains</div></header><main>` +
    `<label for="search" class="muted">Search by name, description, tag, owner, domain, field or who may read or write it</label>` +
    `<input id="search" type="search" placeholder="e.g. orders, pii, customerId" autocomplete="off" autofocus>` +
    `<p id="count" class="muted">${model.products.length} products${sharded ? ` (the first ${listed.length} listed; search finds the others)` : ''}</p>` +
    `<ul id="products" class="products">${list}</ul>` +
    `<h2>Domains</h2>${table('<tr><th>Domain</th><th>About</th><th>Owner</th><th>Contact</th><th>Products</th><th>Interface</th></tr>', domains)}` +
    (apps
      ? `<h2>Applications</h2>${table('<tr><th>Name</th><th>Kind</th><th>Domain</th><th>Reads</th><th>Writes</th><th>External</th></tr>', apps)}`
      : '') +
    governanceSection(model) +
    `<h2>Machine-readable</h2><ul>` +
    `<li><a href="${paths.catalogJson}">catalog.json</a>: the whole mesh model</li>` +
    `<li><a href="${paths.backstage}">Backstage entities</a> (catalog-info YAML)</li>` +
    `<li>Lineage: <a href="${paths.lineageJson}">JSON</a>, <a href="${paths.lineageMermaid}">Mermaid</a>, <a href="${paths.lineageDot}">Graphviz DOT</a></li>` +
    `<li>Data contracts (ODCS v3): one per product, linked from its page</li></ul>` +
    `<script type="application/json" id="search-meta">${scriptJson({ total: model.products.length, listed: listed.length, shards: sharded ? Array.from({ length: Math.ceil(model.products.length / SEARCH_SHARD_SIZE) }, (_, n) => paths.searchShard(n)) : [] })}</script>` +
    (sharded ? '' : `<script type="application/json" id="search-index">${scriptJson(searchIndex(model))}</script>`) +
    '</main>';
  return page('Data products', body, SEARCH_SCRIPT);
}

/** A waiver's reason, with its expiry when it has one. */
function waiverReason(w: { reason: string; expires?: string }): string {
  return w.expires ? `${w.reason} (expires ${w.expires})` : w.reason;
}

/** The platform's policy, each domain's overrides and every waiver, when the model has them. */
function governanceSection(model: MeshModel): string {
  const g = model.governance;
  const overrides = model.domains.filter((d) => d.overrides);
  const waivers = model.products.flatMap((p) => (p.waivers ?? []).map((w) => ({ topic: p.topic, ...w })));
  if (!g && overrides.length === 0 && waivers.length === 0) return '';
  const levels = g
    ? Object.entries(g.levels)
        .map(([rule, level]) => `<code>${h(rule)}</code> ${h(level)}`)
        .join(' · ')
    : '';
  return (
    `<h2>Governance</h2>` +
    (g ? `<p>Policy declared at <code>${h(g.policy)}</code>, rule packs ${h(g.packs.join(', '))}.</p><p class="muted">${levels}</p>` : '') +
    (overrides.length
      ? `<h3>Domain overrides</h3>${table(
          '<tr><th>Domain</th><th>Standards</th><th>Reason</th></tr>',
          overrides
            .map(
              (d) =>
                `<tr><td>${h(d.name)}</td><td><code>${h(JSON.stringify(d.overrides?.standards ?? {}))}</code></td><td>${h(d.overrides?.reason ?? '')}</td></tr>`,
            )
            .join(''),
        )}`
      : '') +
    (waivers.length
      ? `<h3>Waivers</h3>${table(
          '<tr><th>Product</th><th>Rule</th><th>Reason</th></tr>',
          waivers
            .map(
              (w) =>
                `<tr><td><a href="${h(paths.productPage(w.topic))}">${h(w.topic)}</a></td><td><code>${h(w.rule)}</code></td><td>${h(waiverReason(w))}</td></tr>`,
            )
            .join(''),
        )}`
      : '')
  );
}

// ---------------------------------------------------------------- product pages

function fieldRows(fields: readonly FieldInfo[], depth = 0, prefix = ''): string {
  return fields
    .map((f) => {
      const path = prefix ? `${prefix}.${f.name}` : f.name;
      const enumText = f.enumValues ? ` one of: ${f.enumValues.join(', ')}` : '';
      const row =
        `<tr data-field="${h(path)}"><td style="padding-left:${8 + depth * 18}px"><code>${h(f.name)}</code></td><td><code>${h(f.physicalType)}</code></td>` +
        `<td>${f.semanticType ? h(f.semanticType) : `${h(f.logicalType ?? '')}${f.format ? ` (${h(f.format)})` : ''}`}</td><td>${f.required ? 'yes' : 'no'}</td><td>${h((f.description ?? '') + enumText)}</td></tr>`;
      const children = f.fields ? fieldRows(f.fields, depth + 1, path) : f.items?.fields ? fieldRows(f.items.fields, depth + 1, `${path}[]`) : '';
      return row + children;
    })
    .join('');
}

/** What each kind of lineage node is, in the order the legend lists them. */
const LEGEND: ReadonlyArray<readonly [LineageNodeKind, string]> = [
  ['topic', 'topic'],
  ['client', 'clients of a principal (no declared app)'],
  ['application', 'application'],
  ['external', 'external system'],
];

/** The legend of a lineage picture: the kinds of node it draws, and no others. */
function legend(nodes: readonly LineageNode[]): string {
  const kinds = new Set(nodes.map((n) => n.kind));
  return `<p class="legend">${LEGEND.filter(([kind]) => kinds.has(kind))
    .map(([kind, text]) => `<span><i class="${kind}"></i>${text}</span>`)
    .join('')}</p>`;
}

function schemaSection(title: string, s: SchemaModel): string {
  const info = describeSchema(s);
  return (
    `<h3>${h(title)}: <code>${h(s.subject)}</code> <span class="muted">(${h(s.type)}${info.name ? `, ${h(info.namespace ? `${info.namespace}.${info.name}` : info.name)}` : ''})</span></h3>` +
    (info.description ? `<p>${h(info.description)}</p>` : '') +
    (info.error ? `<p class="muted">Fields could not be read: ${h(info.error)}</p>` : '') +
    table('<tr><th>Field</th><th>Type</th><th>Logical type</th><th>Required</th><th>Description</th></tr>', fieldRows(info.fields), 'fields') +
    `<details><summary>Schema as registered (${h(s.origin)})</summary><pre><code>${escapeHtmlText(s.schema)}</code></pre></details>`
  );
}

/** The topics products declare, once per model (every product page links to its neighbours). */
const declaredCache = new WeakMap<MeshModel, ReadonlySet<string>>();
function declaredTopics(model: MeshModel): ReadonlySet<string> {
  let set = declaredCache.get(model);
  if (!set) declaredCache.set(model, (set = new Set(model.products.map((x) => x.topic))));
  return set;
}

/** The nodes a lineage picture left out, by name (topics with a page linked), then how many more. */
function omittedList(omitted: readonly LineageNode[], href: (n: LineageNode) => string | undefined): string {
  if (omitted.length === 0) return '';
  const named = omitted.slice(0, LISTED_OMITTED).map((n) => {
    const text = `${h(n.kind)} ${h(nodeText(n).replace('\n', ', '))}`;
    const to = href(n);
    return `<li>${to ? `<a href="${h(to)}">${text}</a>` : text}</li>`;
  });
  const rest = omitted.length - named.length;
  return (
    `<div class="lineage-more"><p class="muted">Not drawn (at most ${LINEAGE_COLUMN_LIMIT} per column): ${omitted.length} more.</p><ul>${named.join('')}</ul>` +
    (rest > 0 ? `<p class="muted">and ${rest} more: the whole graph is in <a href="../${paths.lineageJson}">lineage.json</a>.</p>` : '') +
    '</div>'
  );
}

/** A product's page; it links its data contract (its own file) rather than repeating it. */
export function productPage(model: MeshModel, p: ProductModel, lineage: Lineage, options: CatalogOptions | undefined): string {
  const domain = domainOf(model, p);
  const up = '../';
  const focus = nodeId.topic(p.topic);
  const graph = capNeighbourhood(neighbourhood(lineage, focus, 2), LINEAGE_COLUMN_LIMIT);
  const declared = declaredTopics(model);
  const href = (n: LineageNode) =>
    n.kind === 'topic' && n.label !== p.topic && declared.has(n.label) ? `${up}${paths.productPage(n.label)}` : undefined;
  const svg = lineageSvg(graph, graph.layer, { focus, href, title: `Lineage of ${p.topic}`, more: graph.more });
  const config = Object.entries(p.config)
    .map(([k, v]) => {
      const words = configValue(k, v);
      return `<code>${h(k)}=${h(v)}</code>${words ? ` (${h(words)})` : ''}`;
    })
    .join('<br>');
  const retentionMs = p.config['retention.ms'];
  const retentionBytes = p.config['retention.bytes'];
  const retention =
    (retentionMs !== undefined
      ? h(duration(Number(retentionMs)))
      : `<span class="muted">the broker's default (<code>log.retention.ms</code>; 7 days unless the platform changed it)</span>`) +
    (retentionBytes !== undefined && Number(retentionBytes) >= 0
      ? `, or until a partition holds ${h(configValue('retention.bytes', retentionBytes) ?? retentionBytes)}`
      : '');
  const sla = p.sla
    ? [
        p.sla.availabilityPercent !== undefined ? `availability ${p.sla.availabilityPercent}%` : '',
        p.sla.maxLatencyMs !== undefined ? `latency at most ${p.sla.maxLatencyMs} ms` : '',
        p.sla.support ? `support ${p.sla.support}` : '',
      ]
        .filter(Boolean)
        .join(' · ')
    : '';
  const grants = p.grants
    .map(
      (g) =>
        `<tr><td>${h(g.principal)}</td><td>${h(g.grantee)}</td><td>${h(g.access)}</td><td>${g.acls.map((a) => `<code>${h(a)}</code>`).join('<br>')}</td></tr>`,
    )
    .join('');
  const facts: [string, string][] = [
    ['Topic', `<code>${h(p.topic)}</code>${p.kind === 'shared' ? ' (shared: more than one domain writes it)' : ''}`],
    ['Domain', `${h(p.domain)}${domain?.description ? ` <span class="muted">— ${h(domain.description)}</span>` : ''}`],
    ['Owner', h(p.owner)],
    ...(domain ? ([['Contact', h(domain.contact)]] as [string, string][]) : []),
    ['Classification', badge(p.classification)],
    ['Tags', chips(p.tags) || '<span class="muted">none</span>'],
    ['Service level', sla ? h(sla) : '<span class="muted">none declared</span>'],
    ['Retention', p.config['cleanup.policy'] === 'compact' ? `the latest record of each key, kept forever (compacted)` : retention],
    ['Partitions', String(p.partitions)],
    ['Replication factor', String(p.replicationFactor)],
    ['Topic config', config || '<span class="muted">defaults</span>'],
    ...(p.compatibility ? ([['Schema compatibility', h(p.compatibility)]] as [string, string][]) : []),
    ['Producers', h(p.producers.join(', ') || 'none')],
    ['Consumers', h(p.consumers.join(', ') || 'none')],
    ...(p.declared && (p.declared.partitions !== p.partitions || p.declared.replicationFactor !== p.replicationFactor)
      ? ([
          [
            'As declared in code',
            `${p.declared.partitions} partitions, replication factor ${p.declared.replicationFactor} (this environment changes them)`,
          ],
        ] as [string, string][])
      : []),
    [
      'Declared in',
      `${p.source ? `${sourceLink(p.source, options?.sourceBase)}, ` : ''}stack <code>${h(p.stack)}</code>, construct <code>${h(p.constructPath)}</code>`,
    ],
  ];
  const waivers = p.waivers ?? [];
  const waiverSection = waivers.length
    ? `<section id="waivers"><h2>Governance waivers</h2>${table(
        '<tr><th>Rule</th><th>Reason</th><th>Declared at</th></tr>',
        waivers
          .map((w) => `<tr><td><code>${h(w.rule)}</code></td><td>${h(waiverReason(w))}</td><td><code>${h(w.declaredAt)}</code></td></tr>`)
          .join(''),
      )}</section>`
    : '';
  const body =
    `<header class="top"><a href="${up}${paths.html}">← All data products</a><h1>${h(p.topic)}</h1><div>${h(p.description)}</div></header><main>` +
    `<section id="about"><h2>About</h2><dl class="facts">${facts.map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`).join('')}</dl></section>` +
    `<section id="schema"><h2>Schema</h2>${
      p.valueSchema || p.keySchema
        ? [p.valueSchema ? schemaSection('Value', p.valueSchema) : '', p.keySchema ? schemaSection('Key', p.keySchema) : ''].join('')
        : '<p class="muted">No schema is registered for this topic.</p>'
    }</section>` +
    `<section id="lineage"><h2>Lineage</h2>${legend(graph.nodes)}<div class="lineage-wrap">${svg}</div>${omittedList(graph.omitted, href)}</section>` +
    gettingAccess(p, domain?.contact, options) +
    `<section id="access"><h2>Access grants</h2>${
      grants ? table('<tr><th>Principal</th><th>Granted to</th><th>Access</th><th>ACLs</th></tr>', grants) : '<p class="muted">No grants.</p>'
    }</section>` +
    waiverSection +
    `<section id="contract"><h2>Data contract</h2><p><a href="${up}${h(paths.contract(p.topic))}">${h(paths.contract(p.topic))}</a> (Open Data Contract Standard v3) · <a href="${up}${h(paths.asyncapi(p.domain))}">AsyncAPI of the ${h(p.domain)} domain</a></p></section></main>`;
  return page(`${p.topic} — data product`, body, '', up);
}

/** A variable name for the product in the copy-paste grant: its construct id in camelCase. */
function variableName(p: ProductModel): string {
  const id = p.constructPath.slice(p.constructPath.lastIndexOf('/') + 1);
  const camel = id.replace(/[-_.]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9_$]/g, '');
  return /^[A-Za-z_$]/.test(camel) ? camel : `product${camel}`;
}

/** The file and line declaring the product, linked: into the repository browser or relative to the catalog. */
function sourceLink(source: { readonly file: string; readonly line: number }, base: string | undefined): string {
  const text = `<code>${h(source.file)}:${source.line}</code>`;
  if (base === undefined) return text;
  const href = /^[a-z][a-z0-9+.-]*:/i.test(base)
    ? `${base.replace(/\/+$/, '')}/${source.file}#L${source.line}`
    : `../${base ? `${base.replace(/\/+$/, '')}/` : ''}${source.file}`;
  return `<a class="source" href="${h(href)}">${text}</a>`;
}

/** How to get read access, step by step: whom to ask, the line to add and where, and how to connect. */
function gettingAccess(p: ProductModel, contact: string | undefined, options: CatalogOptions | undefined): string {
  const conn = options?.connection;
  const grant = `${variableName(p)}.grantRead(Principal.fromName('User:your-team', { consumerGroupPrefix: 'your-team.' }));`;
  const where = p.source
    ? `in ${sourceLink(p.source, options?.sourceBase)}, where the product is declared (stack <code>${h(p.stack)}</code>)`
    : `in stack <code>${h(p.stack)}</code>, next to the product (construct <code>${h(p.constructPath)}</code>)`;
  const connect = conn
    ? `<dl class="facts"><dt>Bootstrap servers</dt><dd><code>${h(conn.bootstrapServers.join(','))}</code></dd>` +
      `<dt>Security</dt><dd>${conn.tls === false ? 'no TLS' : 'TLS'}${conn.saslMechanism ? `, SASL ${h(conn.saslMechanism)} with your principal's credentials` : ''}</dd>` +
      `<dt>Schema registry</dt><dd>${conn.schemaRegistryUrl ? `<code>${h(conn.schemaRegistryUrl)}</code>, subject <code>${h(p.valueSchema?.subject ?? `${p.topic}-value`)}</code>` : '<span class="muted">none configured</span>'}</dd>` +
      `<dt>Topic</dt><dd><code>${h(p.topic)}</code>, consumer groups starting <code>your-team.</code></dd></dl>`
    : `<p class="muted">This catalog was written without the cluster's address; <code>npm run catalog</code> adds it. Ask the platform team.</p>`;
  return (
    `<section id="getting-access"><h2>Getting access</h2><ol class="access">` +
    `<li>Ask the owner, ${h(p.owner)}${contact && contact !== p.owner ? ` (${h(contact)})` : ''}, for a read grant. Grants live in the owning domain's code, so they add it.</li>` +
    `<li>The grant is one line ${where}; your principal must be declared in the mesh (a domain's principal, a ServiceAccount or KafkaMesh's <code>principals</code>):` +
    `<pre><code>${escapeHtmlText(grant)}</code></pre></li>` +
    `<li>After the next deploy of stack <code>${h(p.stack)}</code>, connect:${connect}</li></ol></section>`
  );
}
