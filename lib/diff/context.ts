import type { DomainModel, MeshModel, ProductModel } from '../model/model';

/**
 * What the catalogs say about people and products, for plain words: who a principal is, who
 * reads a topic. The base catalog speaks first (it describes what runs today, so who would be
 * hurt), the head's fills the gaps (new products, new principals).
 */
export class MeshContext {
  private readonly catalogs: MeshModel[];
  /** Read ACLs per topic, for meshes synthesized without a catalog. */
  private readonly readersFromAcls = new Map<string, Set<string>>();

  constructor(base?: MeshModel, head?: MeshModel) {
    this.catalogs = [base, head].filter((c): c is MeshModel => !!c);
  }

  /** Records that `principal` may read `topic` (from an ACL), for when no catalog says so. */
  public noteReader(topic: string, principal: string): void {
    let readers = this.readersFromAcls.get(topic);
    if (!readers) this.readersFromAcls.set(topic, (readers = new Set()));
    readers.add(principal);
  }

  public product(topic: string): ProductModel | undefined {
    for (const c of this.catalogs) {
      const p = c.products.find((x) => x.topic === topic);
      if (p) return p;
    }
    return undefined;
  }

  /** The product as one catalog describes it, to compare the base's fields with the head's. */
  public productIn(catalog: MeshModel | undefined, topic: string): ProductModel | undefined {
    return catalog?.products.find((x) => x.topic === topic);
  }

  public domainOfPrincipal(principal: string): DomainModel | undefined {
    for (const c of this.catalogs) {
      const d = c.domains.find((x) => x.principal === principal);
      if (d) return d;
    }
    return undefined;
  }

  /** Domains whose resources live in `stack`. */
  public domainsOfStack(stack: string): DomainModel[] {
    const seen = new Map<string, DomainModel>();
    for (const c of this.catalogs) for (const d of c.domains) if (d.stack === stack && !seen.has(d.name)) seen.set(d.name, d);
    return [...seen.values()];
  }

  /** The topic a schema subject belongs to (TopicNameStrategy: `<topic>-value`, `<topic>-key`). */
  public topicOfSubject(subject: string): string {
    for (const c of this.catalogs) {
      const p = c.products.find((x) => x.valueSchema?.subject === subject || x.keySchema?.subject === subject);
      if (p) return p.topic;
    }
    return subject.replace(/-(value|key)$/, '');
  }

  /** `domain marketing (User:marketing)`, `analytics (User:analytics)` or the bare principal. */
  public who(principal: string): string {
    const domain = this.domainOfPrincipal(principal);
    if (domain) return `domain ${domain.name} (${principal})`;
    for (const c of this.catalogs) {
      for (const p of c.products) {
        const g = p.grants.find((x) => x.principal === principal);
        if (g && g.grantee && `User:${g.grantee}` !== principal) return `${g.grantee} (${principal})`;
      }
    }
    return principal;
  }

  /**
   * Who reads `topic` besides its owner, as sentences' subjects: consumers granted in the
   * catalog (or by ACLs when there is none) and applications with the topic as input.
   */
  public downstreamOf(topic: string): string[] {
    const product = this.product(topic);
    const ownerPrincipal = product ? this.catalogs.map((c) => c.domains.find((d) => d.name === product.domain)?.principal).find(Boolean) : undefined;
    const principals = new Set<string>();
    if (product) for (const p of product.consumers) principals.add(p);
    for (const p of this.readersFromAcls.get(topic) ?? []) principals.add(p);
    if (ownerPrincipal) principals.delete(ownerPrincipal);
    const out = [...principals].sort().map((p) => this.who(p));
    const apps = new Set<string>();
    for (const c of this.catalogs) {
      for (const a of c.applications) if (a.inputs.includes(topic)) apps.add(`${a.kind} app ${a.name} (domain ${a.domain})`);
    }
    return [...out, ...[...apps].sort()];
  }

  /** `who(principal)` and the applications that run as it. */
  public principalAndApps(principal: string): string[] {
    const apps = new Set<string>();
    for (const c of this.catalogs) for (const a of c.applications) if (a.principal === principal) apps.add(`${a.kind} app ${a.name}`);
    return [this.who(principal), ...[...apps].sort()];
  }
}
