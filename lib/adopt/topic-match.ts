/**
 * Whether a topic on the cluster matches its declaration: the one comparison behind
 * `kafka-mesh doctor`'s drift findings and the deploy's pre-apply adoption (tools/deploy/adopt.ts),
 * which imports a topic missing from a stack's state only when nothing differs.
 */

/** What a declaration says of a topic (the replication factor when it is compared). */
export interface DeclaredTopicShape {
  readonly partitions: number;
  readonly replicationFactor?: number;
  readonly config: Readonly<Record<string, string>>;
}

/** What the cluster has of a topic: configs set on the topic itself, not broker defaults. */
export interface LiveTopicShape {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: Readonly<Record<string, string>>;
}

/**
 * One difference: partitions, the replication factor, or a config key (absent on one side:
 * the broker's default applies there).
 */
export type TopicDifference =
  | { readonly kind: 'partitions' | 'replicationFactor'; readonly declared: number; readonly live: number }
  | { readonly kind: 'config'; readonly key: string; readonly declared?: string; readonly live?: string };

/**
 * Every difference between a live topic and its declaration, in a stable order: partitions,
 * replication factor, then config keys sorted. A config the topic has but the declaration does
 * not set counts (an apply would remove it). Empty when the topic matches.
 */
export function topicDifferences(declared: DeclaredTopicShape, live: LiveTopicShape): TopicDifference[] {
  const out: TopicDifference[] = [];
  if (live.partitions !== declared.partitions) out.push({ kind: 'partitions', declared: declared.partitions, live: live.partitions });
  if (declared.replicationFactor !== undefined && live.replicationFactor !== declared.replicationFactor)
    out.push({ kind: 'replicationFactor', declared: declared.replicationFactor, live: live.replicationFactor });
  const want = declared.config ?? {};
  for (const key of [...new Set([...Object.keys(want), ...Object.keys(live.config)])].sort()) {
    if (want[key] !== live.config[key]) out.push({ kind: 'config', key, declared: want[key], live: live.config[key] });
  }
  return out;
}
