import { KAFKA_TOPIC_CONFIGS, TOPIC_CONFIG_TYPES, topicConfigValueProblem } from '../lib/model/topic-config';

describe('topic config values', () => {
  it('accept what Kafka 3.9 accepts, as numbers, booleans or strings', () => {
    const ok: [string, unknown][] = [
      ['segment.ms', 3_600_000],
      ['segment.ms', '3600000'],
      ['segment.ms', ' 3600000 '],
      ['segment.ms', '9223372036854775807'],
      ['retention.ms', -1],
      ['retention.ms', '-1'],
      ['retention.bytes', -1],
      ['local.retention.ms', -2],
      ['cleanup.policy', 'compact,delete'],
      ['cleanup.policy', 'delete, compact'],
      ['compression.type', 'zstd'],
      ['unclean.leader.election.enable', false],
      ['preallocate', 'TRUE'],
      ['compression.gzip.level', -1],
      ['compression.zstd.level', -5],
      ['min.cleanable.dirty.ratio', '0.25'],
      ['min.cleanable.dirty.ratio', 0],
      ['message.timestamp.type', 'LogAppendTime'],
      ['leader.replication.throttled.replicas', '*'],
      ['follower.replication.throttled.replicas', '0:101, 1:102'],
      ['leader.replication.throttled.replicas', ''],
      ['message.format.version', '3.0-IV1'],
      ['max.message.bytes', 2147483647],
    ];
    for (const [key, value] of ok) expect([key, value, topicConfigValueProblem(key, value)]).toEqual([key, value, undefined]);
  });

  it('type every topic config Kafka knows', () => {
    expect([...KAFKA_TOPIC_CONFIGS].filter((k) => !TOPIC_CONFIG_TYPES[k])).toEqual([]);
    expect(KAFKA_TOPIC_CONFIGS.size).toBe(36);
  });
});
