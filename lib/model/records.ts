/**
 * Records keyed by names that come from users and clusters: topics, subjects, principals, ACL
 * keys, reference names. Every legal Kafka topic name is a legal key here, which a plain `{}`
 * does not guarantee: assigning `__proto__` to a plain object sets its prototype (the entry is
 * lost), and `constructor`, `toString` and the like are found on every plain object without
 * being keys of it.
 */

/**
 * An empty record without a prototype. V8 also keeps such an object in dictionary mode from the
 * start: on a plain `{}`, keys that no other object has (each stack's own topics and ACLs) make a
 * hidden class each, kept in the old generation until a full collection (some 25 MB during the
 * synth of 20,000 products).
 */
export function nameKeyed<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `record`'s entries sorted by key, as a {@link nameKeyed} record. */
export function sortedByKey<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out = nameKeyed<T>();
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}

/** `record[key]` when `key` is one of its own keys (never a property every object has). */
export function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * A fixed lookup table (what a type name or a format means) without a prototype: looking up a
 * name a user wrote (`constructor`, say) finds nothing instead of what every object inherits.
 */
export function lookupTable<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(nameKeyed<T>(), entries));
}
