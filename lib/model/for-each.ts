/**
 * Reading the instances of a synthesized `for_each` block back from a stack's JSON. The mesh
 * writes each block's entries as a local value named after the block
 * (`"for_each": "${local.kafka_topic_protected}"`, the map under `locals`); stacks synthesized
 * before that carry the map in the block itself. Both read the same here.
 */

type Json = Record<string, unknown>;

const LOCAL_REFERENCE = /^\$\{local\.([A-Za-z0-9_-]+)\}$/;

/**
 * The entries of a block's `for_each`: the map in the block, or the local value it names.
 * `undefined` when the block has no `for_each`, or one that is another expression.
 */
export function forEachEntries<T = unknown>(tf: Json, block: unknown): Record<string, T> | undefined {
  const forEach = isRecord(block) ? block.for_each : undefined;
  if (typeof forEach === 'string') {
    const local = LOCAL_REFERENCE.exec(forEach)?.[1];
    const value = local && isRecord(tf.locals) ? tf.locals[local] : undefined;
    return isRecord(value) ? (value as Record<string, T>) : undefined;
  }
  return isRecord(forEach) ? (forEach as Record<string, T>) : undefined;
}

/** The entries of block `resource.<type>.<name>` of a stack (`{}` without them), e.g. `blockEntries(tf, 'kafka_topic', 'protected')`. */
export function blockEntries<T = unknown>(tf: Json, type: string, name: string): Record<string, T> {
  const blocks = isRecord(tf.resource) ? tf.resource[type] : undefined;
  return forEachEntries<T>(tf, isRecord(blocks) ? blocks[name] : undefined) ?? {};
}

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
