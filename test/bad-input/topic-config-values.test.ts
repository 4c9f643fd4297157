import { product } from './builders';
import { BadInput, corpus } from './corpus';

/** A product whose `config[key]` is `value`, expected to fail naming that config with `fix`. */
function bad(key: string, value: unknown, fix: string | RegExp, why = ''): BadInput {
  return {
    name: `fails on ${key} = ${typeof value === 'string' ? JSON.stringify(value) : String(value)}${why}`,
    build: product({ config: { [key]: value } }),
    path: 'sales/sales/events',
    field: `config[${JSON.stringify(key)}]`,
    fix,
  };
}

const WHOLE = 'set it to a whole number such as';

corpus('topic config values (Kafka 3.9 types and ranges)', [
  bad('segment.ms', 'one day', WHOLE),
  bad('segment.ms', 0, WHOLE, ' (at least 1)'),
  bad('segment.ms', 1.5, WHOLE),
  bad('segment.ms', NaN, 'write the value as Kafka does'),
  bad('segment.ms', Infinity, 'write the value as Kafka does'),
  bad('segment.ms', '9223372036854775808', WHOLE, ' (beyond a long)'),
  bad('segment.jitter.ms', '10 ms', WHOLE),
  bad('retention.ms', -2, WHOLE, ' (-1 is the only negative)'),
  bad('retention.bytes', '1GB', WHOLE),
  bad('delete.retention.ms', -1, WHOLE),
  bad('file.delete.delay.ms', true, WHOLE),
  bad('min.compaction.lag.ms', -1, WHOLE),
  bad('max.compaction.lag.ms', 0, WHOLE),
  bad('message.timestamp.after.max.ms', -5, WHOLE),
  bad('message.timestamp.before.max.ms', 'forever', WHOLE),
  bad('flush.messages', 0, WHOLE),
  bad('local.retention.ms', -3, WHOLE),
  bad('local.retention.bytes', '', WHOLE),
  bad('index.interval.bytes', -1, WHOLE),
  bad('max.message.bytes', 2147483648, WHOLE, ' (beyond an int)'),
  bad('segment.bytes', 10, WHOLE),
  bad('segment.index.bytes', 2, WHOLE),
  bad('min.insync.replicas', 0, WHOLE),
  {
    name: 'fails on min.insync.replicas above the replication factor (no acks=all write could succeed)',
    build: product({ replicationFactor: 2, config: { 'min.insync.replicas': '3' } }),
    path: 'sales/sales/events',
    field: 'config["min.insync.replicas"]',
    fix: 'lower it to 1, or raise replicationFactor',
  },
  bad('compression.gzip.level', 0, WHOLE, ' (1 to 9, or -1)'),
  bad('compression.lz4.level', 18, WHOLE),
  bad('compression.zstd.level', 23, WHOLE),
  bad('unclean.leader.election.enable', 'yes', 'set it to true or false'),
  bad('message.downconversion.enable', 1, 'set it to true or false'),
  bad('preallocate', 'on', 'set it to true or false'),
  bad('remote.storage.enable', null, 'write the value as Kafka does'),
  bad('cleanup.policy', 'compacted', "did you mean 'compact'?"),
  bad('cleanup.policy', 'compact,remove', 'use one of compact, delete'),
  bad('cleanup.policy', '', 'use one of compact, delete', ' (an empty policy)'),
  bad('compression.type', 'GZIP', "did you mean 'gzip'?"),
  bad('compression.type', 'brotli', 'use one of uncompressed, zstd, lz4, snappy, gzip, producer'),
  bad('message.timestamp.type', 'createtime', "did you mean 'CreateTime'?"),
  bad('min.cleanable.dirty.ratio', 1.5, 'set it to a ratio such as 0.5'),
  bad('min.cleanable.dirty.ratio', 'half', 'set it to a ratio such as 0.5'),
  bad('leader.replication.throttled.replicas', '0-101', "set it like '0:101,1:102' or '*'"),
  bad('message.format.version', 'latest', 'set it to a version such as 3.0'),
]);
