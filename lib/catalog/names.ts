/**
 * Names and escaping shared by the catalog writers: file names, identifiers each format
 * accepts, and text escaped for HTML.
 */
import type { DomainModel, MeshModel, ProductModel } from '../model/model';

/** A file name for a topic or domain (topic names are already file-safe; this keeps it so). */
export function fileSafe(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return safe === '' || safe === '.' || safe === '..' ? `_${safe}` : safe;
}

/** Where a product's files go, relative to the catalog folder. */
export const paths = {
  catalogJson: 'catalog.json',
  contract: (topic: string) => `contracts/${fileSafe(topic)}.odcs.yaml`,
  asyncapi: (domain: string) => `asyncapi/${fileSafe(domain)}.asyncapi.yaml`,
  backstage: 'backstage/catalog-info.yaml',
  lineageJson: 'lineage.json',
  lineageMermaid: 'lineage.mmd',
  lineageDot: 'lineage.dot',
  html: 'index.html',
  /** The style sheet every page links. */
  css: 'catalog.css',
  /** The `n`th shard of a large catalog's search index (a script index.html loads when a search starts). */
  searchShard: (n: number) => `search/index-${n}.js`,
  productPage: (topic: string) => `products/${fileSafe(topic)}.html`,
};

/** `User:sales` -> `sales`. */
export function principalName(principal: string): string {
  return principal.replace(/^User:/, '');
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const HTML_SPECIAL = /[&<>"']/;

/** Text safe inside HTML elements and double-quoted attributes. */
export function escapeHtml(text: string): string {
  // Most text (names, types, descriptions) has nothing to escape: it is returned as it is.
  return HTML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]) : text;
}

const TEXT_SPECIAL = /[&<>]/;

/**
 * Text safe inside HTML elements, and only there: quotes are left as they are, so never use it
 * in an attribute. For code shown as it is (a schema's text, where every JSON key has two quotes).
 */
export function escapeHtmlText(text: string): string {
  return TEXT_SPECIAL.test(text) ? text.replace(/[&<>]/g, (c) => HTML_ESCAPES[c]) : text;
}

/** The domain a product belongs to (the model guarantees it exists). */
export function domainOf(model: MeshModel, product: ProductModel): DomainModel | undefined {
  return domainNamed(model, product.domain);
}

/**
 * Groups of a list by `key`, each in the list's order, made once per list (again when its length
 * changes): the writers look up every product's domain, and each domain's products.
 */
export function indexBy<T>(key: (item: T) => string): (list: readonly T[]) => ReadonlyMap<string, readonly T[]> {
  return indexByEach((item) => [key(item)]);
}

/** {@link indexBy} for items found under several keys (each key once per item). */
export function indexByEach<T>(keys: (item: T) => Iterable<string>): (list: readonly T[]) => ReadonlyMap<string, readonly T[]> {
  const cache = new WeakMap<readonly T[], { readonly length: number; readonly index: Map<string, T[]> }>();
  return (list) => {
    let cached = cache.get(list);
    if (cached?.length !== list.length) {
      const index = new Map<string, T[]>();
      for (const item of list) {
        for (const k of new Set(keys(item))) {
          const group = index.get(k);
          if (group) group.push(item);
          else index.set(k, [item]);
        }
      }
      cached = { length: list.length, index };
      cache.set(list, cached);
    }
    return cached.index;
  };
}

const domainsByName = indexBy((d: DomainModel) => d.name);

/** The first domain named `name` (a scan each was a thousand domains times 20,000 products). */
export function domainNamed(model: MeshModel, name: string): DomainModel | undefined {
  return domainsByName(model.domains).get(name)?.[0];
}

/** The owner's e-mail address, when the owner or contact is one. */
export function emailOf(...candidates: (string | undefined)[]): string | undefined {
  return candidates.find((c): c is string => typeof c === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c));
}

/**
 * Gives each key a name made by `base`, unique among the names given so far: a clash gets
 * `-2`, `-3`… appended. `maxLength` shortens names (keeping them unique) for formats with a
 * length limit.
 */
export class NameAllocator {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(private readonly maxLength = Infinity) {}

  public name(key: string, base: string): string {
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    const fit = (s: string) => trimEnd(s.slice(0, this.maxLength));
    let name = fit(base);
    for (let n = 2; this.taken.has(name); n++) {
      const suffix = `-${n}`;
      name = `${trimEnd(base.slice(0, this.maxLength - suffix.length))}${suffix}`;
    }
    this.taken.add(name);
    this.byKey.set(key, name);
    return name;
  }

  public get(key: string): string | undefined {
    return this.byKey.get(key);
  }
}

/** Drops separators a name may not end with. */
function trimEnd(s: string): string {
  return s.replace(/[-_.]+$/, '');
}
