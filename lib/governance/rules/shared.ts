import type { ProductFacts } from '../../model/governance';

/** Whether other domains use the product: a shared topic, or one read or written by another domain. */
export function isShared(p: ProductFacts): boolean {
  return p.kind === 'shared' || p.grants.some((g) => g.external);
}

/** Principals of other domains that read the product, sorted, each once. */
export function externalReaders(p: ProductFacts): string[] {
  return [...new Set(p.grants.filter((g) => g.external && g.access === 'read').map((g) => g.principal))].sort();
}

/** Who makes the product shared, for messages. */
export function sharedBecause(p: ProductFacts): string {
  const users = [...new Set(p.grants.filter((g) => g.external).map((g) => g.principal))].sort();
  if (users.length) return `other domains use it (${users.join(', ')})`;
  return 'it is a shared topic';
}
