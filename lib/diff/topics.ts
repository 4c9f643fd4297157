import type { FlagDraft } from './flags';
import type { TopicValue } from './snapshot';
import type { Change, ConfigChange } from './types';
import { configValue, duration, size } from './words';
import { lookupTable } from '../model/records';

/** Kafka's broker defaults for the settings whose change can delete records. */
const BROKER_DEFAULTS: Readonly<Record<string, string>> = lookupTable({
  'retention.ms': '604800000',
  'retention.bytes': '-1',
  'cleanup.policy': 'delete',
});

/** What changes between two versions of one topic, and what that does to its records. */
export interface TopicFindings {
  readonly partitions?: Change<number>;
  readonly replicationFactor?: Change<number>;
  readonly config: ConfigChange[];
  readonly notes: string[];
  readonly flags: FlagDraft[];
}

/**
 * Compares two versions of a topic. The rules are the provider's and Kafka's: partitions can
 * only grow (a decrease makes the provider delete and recreate the topic), config changes are
 * applied in place (so a shorter retention deletes records at once), and a replication change
 * is a reassignment on brokers from Kafka 2.4 and a replacement before.
 */
export function compareTopicValues(topic: string, from: TopicValue, to: TopicValue): TopicFindings {
  const notes: string[] = [];
  const flags: FlagDraft[] = [];
  let partitions: Change<number> | undefined;
  let replicationFactor: Change<number> | undefined;

  if (from.partitions !== to.partitions) {
    partitions = { from: from.partitions, to: to.partitions };
    if (to.partitions < from.partitions) {
      flags.push({
        kind: 'partition-decrease',
        object: topic,
        topic,
        message: `${topic} goes from ${from.partitions} to ${to.partitions} partitions. Kafka cannot remove partitions, so the provider deletes the topic and creates it again: every record in it is lost and consumers' committed offsets point nowhere.`,
      });
    } else {
      notes.push(
        `Partitions grow from ${from.partitions} to ${to.partitions}: records with a given key may go to another partition from now on, so per-key order holds only among records written after the change.`,
      );
    }
  }

  if (from.replicationFactor !== to.replicationFactor) {
    replicationFactor = { from: from.replicationFactor, to: to.replicationFactor };
    const fewer =
      to.replicationFactor < from.replicationFactor
        ? ` With fewer copies, losing ${to.replicationFactor} broker${to.replicationFactor === 1 ? '' : 's'} at once can lose records.`
        : '';
    flags.push({
      kind: 'replication-change',
      object: topic,
      topic,
      message: `${topic} goes from ${from.replicationFactor} to ${to.replicationFactor} replicas. On brokers from Kafka 2.4 the provider reassigns the replicas in place (every partition is copied); on older brokers it deletes the topic and creates it again, losing every record. A plan (--plan) shows which.${fewer}`,
    });
  }

  const config = compareConfig(from.config, to.config);
  const retention = retentionCut(topic, from.config, to.config);
  if (retention) flags.push(retention);
  const cleanup = cleanupPolicyChange(topic, from.config, to.config);
  if (cleanup?.flag) flags.push(cleanup.flag);
  if (cleanup?.note) notes.push(cleanup.note);
  return { ...(partitions ? { partitions } : {}), ...(replicationFactor ? { replicationFactor } : {}), config, notes, flags };
}

/** Every key whose value differs, sorted by key. */
export function compareConfig(from: Record<string, string>, to: Record<string, string>): ConfigChange[] {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  const out: ConfigChange[] = [];
  for (const key of keys) {
    if (from[key] === to[key]) continue;
    out.push({ key, ...(from[key] !== undefined ? { from: from[key] } : {}), ...(to[key] !== undefined ? { to: to[key] } : {}) });
  }
  return out;
}

function effective(config: Record<string, string>, key: string): { value: string; isDefault: boolean } {
  const value = config[key];
  return value === undefined ? { value: BROKER_DEFAULTS[key], isDefault: true } : { value, isDefault: false };
}

/** -1 (or any negative) means no limit. */
const limit = (value: string): number => {
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : Infinity;
};

function retentionCut(topic: string, from: Record<string, string>, to: Record<string, string>): FlagDraft | undefined {
  const sentences: string[] = [];
  const defaultNote = " (the broker's default, unless the cluster sets another)";
  const ms = { a: effective(from, 'retention.ms'), b: effective(to, 'retention.ms') };
  if (limit(ms.b.value) < limit(ms.a.value)) {
    const was = limit(ms.a.value) === Infinity ? 'forever' : duration(limit(ms.a.value));
    const now = duration(limit(ms.b.value));
    sentences.push(
      `${topic} keeps records for ${now} instead of ${was}${ms.a.isDefault ? defaultNote : ''} (retention.ms ${configValue('retention.ms', from['retention.ms'])} -> ${configValue('retention.ms', to['retention.ms'])}): once applied, Kafka deletes the records older than ${now}.`,
    );
  }
  const bytes = { a: effective(from, 'retention.bytes'), b: effective(to, 'retention.bytes') };
  if (limit(bytes.b.value) < limit(bytes.a.value)) {
    const was = limit(bytes.a.value) === Infinity ? 'no limit' : size(limit(bytes.a.value));
    const now = size(limit(bytes.b.value));
    sentences.push(
      `${topic} keeps at most ${now} per partition instead of ${was}${bytes.a.isDefault ? defaultNote : ''} (retention.bytes ${configValue('retention.bytes', from['retention.bytes'])} -> ${configValue('retention.bytes', to['retention.bytes'])}): once applied, Kafka deletes the oldest records beyond that.`,
    );
  }
  return sentences.length ? { kind: 'retention-cut', object: topic, topic, message: sentences.join(' ') } : undefined;
}

const policies = (value: string): Set<string> =>
  new Set(
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

function cleanupPolicyChange(
  topic: string,
  from: Record<string, string>,
  to: Record<string, string>,
): { flag?: FlagDraft; note?: string } | undefined {
  const a = effective(from, 'cleanup.policy');
  const b = effective(to, 'cleanup.policy');
  const before = policies(a.value);
  const after = policies(b.value);
  if ([...before].sort().join(',') === [...after].sort().join(',')) return undefined;
  const change = `cleanup.policy ${a.value}${a.isDefault ? ' (default)' : ''} -> ${b.value}${b.isDefault ? ' (default)' : ''}`;
  const consequences: string[] = [];
  if (after.has('compact') && !before.has('compact')) {
    consequences.push(
      'compaction keeps only the latest record of each key, so older records of every key are deleted, and records without a key are refused',
    );
  }
  const retentionMs = limit(effective(to, 'retention.ms').value);
  const retentionBytes = limit(effective(to, 'retention.bytes').value);
  if (after.has('delete') && !before.has('delete') && (retentionMs !== Infinity || retentionBytes !== Infinity)) {
    const bound =
      retentionMs !== Infinity
        ? `older than the retention (${duration(retentionMs)})`
        : `beyond the size limit (${size(retentionBytes)} per partition)`;
    consequences.push(
      `records ${bound} are deleted, even the latest record of a key that has not changed since, so the topic no longer holds the full state`,
    );
  }
  if (consequences.length) {
    return { flag: { kind: 'cleanup-policy-flip', object: topic, topic, message: `${topic}: ${change}: ${consequences.join('; ')}.` } };
  }
  return {
    note: `${change}: no records are deleted by this change${before.has('compact') ? ', but keys are no longer compacted, so the topic grows' : ''}.`,
  };
}
