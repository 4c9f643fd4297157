import { z } from 'zod';
import { closest, MeshErrorDetails, MeshValidationError } from '../errors';
import { intRange, withFix } from '../private/validation';
import { lookupTable, sortedByKey } from './records';

/**
 * The type of a topic-level config value as Kafka 3.9 defines it (LogConfig), with its valid
 * values or range: what the broker would refuse at apply time is refused at synth.
 */
export type TopicConfigType =
  | { readonly type: 'int' | 'long'; readonly min?: number; readonly max?: number; readonly also?: number; readonly example: string }
  | { readonly type: 'double'; readonly min: number; readonly max: number; readonly example: string }
  | { readonly type: 'boolean' }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'list'; readonly values: readonly string[] }
  | { readonly type: 'replicas' }
  | { readonly type: 'version' };

const ms = (min: number, example = '86400000 (one day)'): TopicConfigType => ({ type: 'long', min, example });
const BOOLEAN: TopicConfigType = { type: 'boolean' };

/** Topic-level configs of Kafka 3.9 (`kafka-configs --entity-type topics`), by name, with their types. */
export const TOPIC_CONFIG_TYPES: Readonly<Record<string, TopicConfigType>> = lookupTable({
  'cleanup.policy': { type: 'list', values: ['compact', 'delete'] },
  'compression.type': { type: 'enum', values: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] },
  'compression.gzip.level': { type: 'int', min: 1, max: 9, also: -1, example: '6 (or -1, the codec default)' },
  'compression.lz4.level': { type: 'int', min: 1, max: 17, example: '9' },
  'compression.zstd.level': { type: 'int', min: -131072, max: 22, example: '3' },
  'delete.retention.ms': ms(0),
  'file.delete.delay.ms': ms(0, '60000 (one minute)'),
  'flush.messages': { type: 'long', min: 1, example: '10000' },
  'flush.ms': ms(0, '1000 (one second)'),
  'follower.replication.throttled.replicas': { type: 'replicas' },
  'index.interval.bytes': { type: 'int', min: 0, example: '4096' },
  'leader.replication.throttled.replicas': { type: 'replicas' },
  'local.retention.bytes': { type: 'long', min: -2, example: '1073741824 (-2: as retention.bytes)' },
  'local.retention.ms': { type: 'long', min: -2, example: '86400000 (-2: as retention.ms)' },
  'max.compaction.lag.ms': ms(1),
  'max.message.bytes': { type: 'int', min: 0, example: '1048588' },
  'message.downconversion.enable': BOOLEAN,
  'message.format.version': { type: 'version' },
  'message.timestamp.after.max.ms': ms(0, '3600000 (one hour)'),
  'message.timestamp.before.max.ms': ms(0),
  'message.timestamp.difference.max.ms': ms(0),
  'message.timestamp.type': { type: 'enum', values: ['CreateTime', 'LogAppendTime'] },
  'min.cleanable.dirty.ratio': { type: 'double', min: 0, max: 1, example: '0.5' },
  'min.compaction.lag.ms': ms(0, '0'),
  'min.insync.replicas': { type: 'int', min: 1, example: '2' },
  preallocate: BOOLEAN,
  'remote.log.copy.disable': BOOLEAN,
  'remote.log.delete.on.disable': BOOLEAN,
  'remote.storage.enable': BOOLEAN,
  'retention.bytes': { type: 'long', example: '1073741824 (-1: no limit)' },
  'retention.ms': { type: 'long', min: -1, example: '604800000 (seven days; -1: forever)' },
  'segment.bytes': { type: 'int', min: 14, example: '1073741824 (1 GiB)' },
  'segment.index.bytes': { type: 'int', min: 4, example: '10485760' },
  'segment.jitter.ms': ms(0, '0'),
  'segment.ms': ms(1, '604800000 (seven days)'),
  'unclean.leader.election.enable': BOOLEAN,
});

/** Topic-level configuration names Kafka 3.9 accepts (`kafka-configs --entity-type topics`). */
export const KAFKA_TOPIC_CONFIGS: ReadonlySet<string> = new Set(Object.keys(TOPIC_CONFIG_TYPES));

const BOUNDS = { int: [-(2n ** 31n), 2n ** 31n - 1n], long: [-(2n ** 63n), 2n ** 63n - 1n] } as const;

/**
 * Why `value` is not a valid value of the topic config `key`, with the fix; undefined when Kafka
 * would accept it. Values may be numbers, booleans or strings, as Kafka parses them.
 */
export function topicConfigValueProblem(key: string, value: unknown): { problem: string; fix: string } | undefined {
  const t = TOPIC_CONFIG_TYPES[key];
  if (!t) return undefined;
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  switch (t.type) {
    case 'int':
    case 'long': {
      const range = [t.min !== undefined ? `at least ${t.min}` : '', t.max !== undefined ? `at most ${t.max}` : ''].filter(Boolean).join(' and ');
      const problem = `must be a whole number${range ? ` ${range}` : ''}${t.also !== undefined ? `, or ${t.also}` : ''} (a Kafka ${t.type})`;
      const fix = `set it to a whole number such as ${t.example}`;
      if (typeof value === 'boolean' || text === undefined || !/^-?\d+$/.test(text)) return { problem, fix };
      if (typeof value === 'number' && !Number.isSafeInteger(value)) return { problem, fix };
      const n = BigInt(text);
      const [lo, hi] = BOUNDS[t.type];
      if (n < lo || n > hi) return { problem, fix };
      if (t.also !== undefined && n === BigInt(t.also)) return undefined;
      if ((t.min !== undefined && n < BigInt(t.min)) || (t.max !== undefined && n > BigInt(t.max))) return { problem, fix };
      return undefined;
    }
    case 'double': {
      const n = typeof value === 'boolean' || text === undefined || text === '' ? NaN : Number(text);
      return Number.isFinite(n) && n >= t.min && n <= t.max
        ? undefined
        : { problem: `must be a number from ${t.min} to ${t.max}`, fix: `set it to a ratio such as ${t.example}` };
    }
    case 'boolean':
      return text !== undefined && typeof value !== 'number' && /^(true|false)$/i.test(text)
        ? undefined
        : { problem: 'must be true or false', fix: 'set it to true or false' };
    case 'enum':
      return text !== undefined && t.values.includes(text)
        ? undefined
        : { problem: `must be one of ${t.values.join(', ')}`, fix: suggest(text, t.values) };
    case 'list': {
      const items = text === undefined ? [] : text.split(',').map((i) => i.trim());
      const bad = text === undefined || text === '' ? (text ?? '') : items.find((i) => !t.values.includes(i));
      return bad === undefined ? undefined : { problem: `must be a comma-separated list of ${t.values.join(', ')}`, fix: suggest(bad, t.values) };
    }
    case 'replicas':
      return text !== undefined && /^(\*|(\s*\d+\s*:\s*\d+\s*)(,\s*\d+\s*:\s*\d+\s*)*|)$/.test(text)
        ? undefined
        : { problem: 'must be * or a comma-separated list of <partition>:<broker id>', fix: "set it like '0:101,1:102' or '*'" };
    case 'version':
      return text !== undefined && /^\d+\.\d+(\.\d+)?(-IV\d+)?$/.test(text)
        ? undefined
        : { problem: 'must be a Kafka version such as 3.0', fix: 'set it to a version such as 3.0 (it is deprecated: better leave it out)' };
  }
}

function suggest(value: string | undefined, values: readonly string[]): string {
  const hint = value === undefined ? undefined : closest(value, values);
  return hint ? `did you mean '${hint}'?` : `use one of ${values.join(', ')}`;
}

export const CLEANUP_POLICIES = ['delete', 'compact', 'compact,delete'] as const;
export type CleanupPolicy = (typeof CLEANUP_POLICIES)[number];

/** The typed topic settings every topic-backed construct accepts. */
export interface TopicSettings {
  /**
   * Number of partitions. Can grow later; shrinking destroys the topic and is refused.
   * @default the mesh's `topicDefaults.partitions` (3)
   */
  readonly partitions?: number;
  /**
   * Replicas per partition.
   * @default the mesh's `topicDefaults.replicationFactor` (3)
   */
  readonly replicationFactor?: number;
  /**
   * How long messages are kept, in milliseconds (`retention.ms`), or `'infinite'`.
   * @default Kafka's broker default (7 days unless the cluster says otherwise)
   */
  readonly retentionMs?: number | 'infinite';
  /**
   * Largest size a partition may grow to before old segments are deleted (`retention.bytes`),
   * or `'infinite'`.
   * @default Kafka's broker default (infinite)
   */
  readonly retentionBytes?: number | 'infinite';
  /**
   * `cleanup.policy`: `delete`, `compact` or `compact,delete`.
   * @default Kafka's broker default (`delete`)
   */
  readonly cleanupPolicy?: CleanupPolicy;
  /**
   * `min.insync.replicas`: replicas that must acknowledge a write with `acks=all`. At most the
   * replication factor.
   * @default the mesh's `topicDefaults.minInsyncReplicas` (2), capped at the replication factor
   */
  readonly minInsyncReplicas?: number;
  /**
   * `max.message.bytes`: the largest record batch the topic accepts.
   * @default Kafka's broker default (about 1 MB)
   */
  readonly maxMessageBytes?: number;
  /**
   * Any other topic-level Kafka config by its Kafka name, e.g. `{ 'segment.ms': 3600000 }`.
   * Names are checked against Kafka's topic configs; a key that a typed prop above also sets
   * is refused. @default none
   */
  readonly config?: Record<string, string | number | boolean>;
}

const sizeOrInfinite = (field: string) => {
  const error = `must be a whole number of at least 1 or 'infinite'`;
  return withFix(
    z.union([z.literal('infinite', { error }), z.number({ error }).int({ error }).min(1, { error }).max(Number.MAX_SAFE_INTEGER, { error })], {
      error,
    }),
    `set ${field} to a positive whole number, or 'infinite' to keep data forever`,
  );
};

export const topicSettingsShape = {
  partitions: intRange(1, 10000, 'set partitions to a whole number of at least 1 (3 suits most products)').optional(),
  replicationFactor: intRange(1, 32, 'set replicationFactor to a whole number of at least 1 (3 in production)').optional(),
  retentionMs: sizeOrInfinite('retentionMs').optional(),
  retentionBytes: sizeOrInfinite('retentionBytes').optional(),
  cleanupPolicy: withFix(
    z.enum(CLEANUP_POLICIES, { error: `must be one of ${CLEANUP_POLICIES.map((p) => `'${p}'`).join(', ')}` }),
    `use 'delete' for event streams, 'compact' for changelogs keyed by id`,
  ).optional(),
  minInsyncReplicas: intRange(1, 32, 'set minInsyncReplicas to at most the replication factor (2 with 3 replicas)').optional(),
  maxMessageBytes: intRange(1, 2 ** 31 - 1).optional(),
  config: z
    .record(
      z.string(),
      withFix(
        z.union([z.string(), z.number(), z.boolean()], { error: 'values must be strings, numbers or booleans' }),
        'write the value as Kafka does, e.g. 3600000 or "compact"',
      ),
      {
        error: 'must be an object of Kafka topic config names to values',
      },
    )
    .optional(),
};

export interface TopicDefaults {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly minInsyncReplicas?: number;
  /**
   * Cap on replicas for the environment (a one-broker local cluster can hold one replica).
   * Applied after validation; `min.insync.replicas` is capped to match.
   */
  readonly maxReplicationFactor?: number;
  /**
   * Environment overlay: partitions of every topic are multiplied by this factor (rounded up,
   * at least 1), e.g. 0.5 in dev. Applied after validation, like the caps below.
   */
  readonly partitionScale?: number;
  /** Environment overlay: cap on partitions (after `partitionScale`). */
  readonly maxPartitions?: number;
  /**
   * Environment overlay: cap on `retention.ms` of topics that delete old data (not on
   * compact-only topics); topics without a retention, or with `'infinite'`, get the cap.
   */
  readonly maxRetentionMs?: number;
  /** Environment overlay: cap on `retention.bytes`, applied like `maxRetentionMs`. */
  readonly maxRetentionBytes?: number;
}

/** What a topic resolves to: the numbers Terraform sets and the `config` map, all strings. */
export interface ResolvedTopic {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: Record<string, string>;
  /**
   * What the code declared, when the environment's caps and overlays changed it: governance
   * policies judge these, so that a small cluster still synthesizes. @default absent: as resolved
   */
  readonly declared?: { readonly partitions: number; readonly replicationFactor: number; readonly config: Record<string, string> };
}

const TYPED_KEYS: Readonly<Record<string, keyof TopicSettings>> = lookupTable({
  'retention.ms': 'retentionMs',
  'retention.bytes': 'retentionBytes',
  'cleanup.policy': 'cleanupPolicy',
  'min.insync.replicas': 'minInsyncReplicas',
  'max.message.bytes': 'maxMessageBytes',
});

/**
 * Resolves validated settings against the mesh defaults into what Terraform writes.
 * Throws naming the construct path for unknown or conflicting config keys and a
 * `minInsyncReplicas` above the replication factor.
 */
export function resolveTopic(path: string, s: TopicSettings, defaults: TopicDefaults): ResolvedTopic {
  const problems: MeshErrorDetails[] = [];
  const partitions = scalePartitions(s.partitions ?? defaults.partitions, defaults);
  const replicationFactor = s.replicationFactor ?? defaults.replicationFactor;
  const config: Record<string, string> = {};
  const infinite = (v: number | 'infinite') => (v === 'infinite' ? '-1' : String(v));
  if (s.retentionMs !== undefined) config['retention.ms'] = infinite(s.retentionMs);
  if (s.retentionBytes !== undefined) config['retention.bytes'] = infinite(s.retentionBytes);
  if (s.cleanupPolicy !== undefined) config['cleanup.policy'] = s.cleanupPolicy;
  if (s.maxMessageBytes !== undefined) config['max.message.bytes'] = String(s.maxMessageBytes);
  const minIsr =
    s.minInsyncReplicas ?? (defaults.minInsyncReplicas !== undefined ? Math.min(defaults.minInsyncReplicas, replicationFactor) : undefined);
  if (s.minInsyncReplicas !== undefined && s.minInsyncReplicas > replicationFactor) {
    problems.push({
      path,
      field: 'minInsyncReplicas',
      value: s.minInsyncReplicas,
      problem: `must be at most the replication factor (${replicationFactor}), or no write with acks=all could ever succeed`,
      fix: `lower minInsyncReplicas to ${Math.max(1, replicationFactor - 1)} or raise replicationFactor`,
    });
  }
  if (minIsr !== undefined) config['min.insync.replicas'] = String(minIsr);
  for (const [key, value] of Object.entries(s.config ?? {})) {
    const field = `config[${JSON.stringify(key)}]`;
    if (!KAFKA_TOPIC_CONFIGS.has(key)) {
      const hint = closest(key, KAFKA_TOPIC_CONFIGS);
      problems.push({
        path,
        field,
        value,
        problem: 'is not a Kafka topic config',
        fix: hint ? `did you mean '${hint}'?` : 'use a topic-level config name from the Kafka documentation',
      });
      continue;
    }
    const typed = TYPED_KEYS[key];
    if (typed && s[typed] !== undefined) {
      problems.push({
        path,
        field,
        value,
        problem: `conflicts with the typed prop \`${typed}\` that also sets ${key}`,
        fix: `set it once, with \`${typed}\``,
      });
      continue;
    }
    const bad = topicConfigValueProblem(key, value);
    if (bad) {
      problems.push({ path, field, value, ...bad });
      continue;
    }
    if (key === 'min.insync.replicas' && Number(value) > replicationFactor) {
      problems.push({
        path,
        field,
        value,
        problem: `must be at most the replication factor (${replicationFactor}), or no write with acks=all could ever succeed`,
        fix: `lower it to ${Math.max(1, replicationFactor - 1)}, or raise replicationFactor (and prefer the typed prop minInsyncReplicas)`,
      });
      continue;
    }
    config[key] = String(value);
  }
  if (problems.length) throw new MeshValidationError(problems);
  const declared = { partitions: s.partitions ?? defaults.partitions, replicationFactor, config: sortedByKey({ ...config }) };
  capRetention(config, defaults);
  const cap = defaults.maxReplicationFactor;
  if (cap !== undefined && replicationFactor > cap) {
    if (config['min.insync.replicas'] !== undefined) config['min.insync.replicas'] = String(Math.min(Number(config['min.insync.replicas']), cap));
    return withDeclared({ partitions, replicationFactor: cap, config: sortedByKey(config) }, declared);
  }
  return withDeclared({ partitions, replicationFactor, config: sortedByKey(config) }, declared);
}

/** Adds what the code declared when the environment changed it. */
function withDeclared(resolved: ResolvedTopic, declared: NonNullable<ResolvedTopic['declared']>): ResolvedTopic {
  const same =
    resolved.partitions === declared.partitions &&
    resolved.replicationFactor === declared.replicationFactor &&
    JSON.stringify(resolved.config) === JSON.stringify(declared.config);
  return same ? resolved : { ...resolved, declared };
}

/** The environment overlay on partitions: `partitionScale`, then `maxPartitions`. */
function scalePartitions(partitions: number, defaults: TopicDefaults): number {
  const scaled = defaults.partitionScale === undefined ? partitions : Math.max(1, Math.ceil(partitions * defaults.partitionScale));
  return defaults.maxPartitions === undefined ? scaled : Math.min(scaled, defaults.maxPartitions);
}

/** The environment overlay on retention: `maxRetentionMs` and `maxRetentionBytes`, except on compact-only topics. */
function capRetention(config: Record<string, string>, defaults: TopicDefaults): void {
  if (config['cleanup.policy'] === 'compact') return;
  for (const [key, cap] of [
    ['retention.ms', defaults.maxRetentionMs],
    ['retention.bytes', defaults.maxRetentionBytes],
  ] as const) {
    if (cap === undefined) continue;
    const now = config[key] === undefined ? -1 : Number(config[key]);
    if (now < 0 || now > cap) config[key] = String(cap);
  }
}
