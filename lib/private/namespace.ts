import { fail } from '../errors';

/** The domains of a mesh, as the namespace checks need them. */
export interface MeshDomains {
  readonly domains: readonly { readonly name: string; readonly topicPrefix: string; readonly principal: string }[];
}

/** A consumer group, transactional id or prefix of them that someone uses, to check against the domains' namespaces. */
export interface NamespaceUse {
  /** Construct path and field for the error. */
  readonly path: string;
  readonly field: string;
  /** The name, or the prefix when `kind` is `'prefix'` (a PREFIXED ACL). */
  readonly name: string;
  readonly kind: 'literal' | 'prefix';
  /** What the name is, e.g. `consumer group`. */
  readonly what: string;
  /** The domains whose namespace the user may use (its own, the granting owner's). */
  readonly allowed: readonly string[];
}

/**
 * Refuses a consumer group or transactional id in another domain's namespace: a name starting
 * with `<domain>.` of a domain not allowed, or a prefix
 * that covers such a namespace (`'sal'` covers `sales.`). This is what keeps one team's
 * application from joining another team's consumer groups or fencing its transactions, as the
 * topic prefix keeps one team from another's topics. Principals of `KafkaMesh.principals` and
 * ServiceAccounts have no namespace of their own here: only domains do.
 */
export function checkNamespace(mesh: MeshDomains, use: NamespaceUse): void {
  if (use.name === '') return; // the wildcard: the NO_WILDCARDS rule's to judge
  if (!mayTrespass(indexOf(mesh.domains), use)) return;
  for (const domain of mesh.domains) {
    if (use.allowed.includes(domain.name)) continue;
    const ns = domain.topicPrefix;
    const inside = use.name.startsWith(ns);
    if (inside || (use.kind === 'prefix' && ns.startsWith(use.name))) {
      const own = use.allowed.length ? ` or under "${use.allowed.map((d) => `${d}.`).join('", "')}"` : '';
      fail({
        path: use.path,
        field: use.field,
        value: use.name,
        problem: inside
          ? `is in the ${domain.name} domain's namespace "${ns}": only the ${domain.name} domain uses ${use.what}s under it`
          : `is a prefix that covers the ${domain.name} domain's namespace "${ns}": it would reach every ${use.what} of that domain`,
        fix: `use a ${use.what}${use.kind === 'prefix' ? ' prefix' : ''} of the principal's own${own}, not under "${ns}"`,
      });
    }
  }
}

/** The domains whose principal is `principal` (their namespaces are its own). */
export function domainsOf(mesh: MeshDomains, principal: string): string[] {
  return [...(indexOf(mesh.domains).byPrincipal.get(principal) ?? [])];
}

type MeshDomain = MeshDomains['domains'][number];

/** The domains by namespace and by principal, for checks that run once per grant of a large mesh. */
interface DomainIndex {
  readonly byPrefix: ReadonlyMap<string, readonly MeshDomain[]>;
  /** The namespaces, sorted. */
  readonly prefixes: readonly string[];
  readonly byPrincipal: ReadonlyMap<string, readonly string[]>;
}

const indexes = new WeakMap<readonly MeshDomain[], DomainIndex>();

/** The index of a list of domains (KafkaMesh hands out one list until a domain is added). */
function indexOf(domains: readonly MeshDomain[]): DomainIndex {
  let index = indexes.get(domains);
  if (!index) {
    const byPrefix = new Map<string, MeshDomain[]>();
    const byPrincipal = new Map<string, string[]>();
    for (const d of domains) {
      byPrefix.set(d.topicPrefix, [...(byPrefix.get(d.topicPrefix) ?? []), d]);
      byPrincipal.set(d.principal, [...(byPrincipal.get(d.principal) ?? []), d.name]);
    }
    index = { byPrefix, prefixes: [...byPrefix.keys()].sort(), byPrincipal };
    indexes.set(domains, index);
  }
  return index;
}

/**
 * Whether some domain not allowed has a namespace that `use.name` starts with, or (for a prefix)
 * that starts with `use.name`: only then does {@link checkNamespace} look at each domain in turn.
 */
function mayTrespass(index: DomainIndex, use: NamespaceUse): boolean {
  const foreign = (prefix: string) => index.byPrefix.get(prefix)?.some((d) => !use.allowed.includes(d.name)) ?? false;
  for (let end = 0; end <= use.name.length; end++) if (foreign(use.name.slice(0, end))) return true;
  if (use.kind !== 'prefix') return false;
  let lo = 0;
  let hi = index.prefixes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.prefixes[mid] < use.name) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < index.prefixes.length && index.prefixes[i].startsWith(use.name); i++) if (foreign(index.prefixes[i])) return true;
  return false;
}

/** Defers to synth (when every domain is declared) the check of a principal's own consumer-group prefix. */
export function deferGroupPrefixCheck(mesh: MeshDomains, defer: (check: () => void) => void, path: string, principal: string, prefix: string): void {
  defer(() =>
    checkNamespace(mesh, {
      path,
      field: 'consumerGroupPrefix',
      name: prefix,
      kind: 'prefix',
      what: 'consumer group',
      allowed: domainsOf(mesh, principal),
    }),
  );
}
