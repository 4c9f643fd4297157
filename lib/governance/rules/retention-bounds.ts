import { defineRule } from '../rule';

/**
 * `retention.ms` is within the platform's bounds. A topic that sets none gets the brokers'
 * retention (`brokerRetentionMs`); a compacted topic (`cleanup.policy=compact`) deletes nothing
 * by age and is not checked.
 */
export const RETENTION_BOUNDS = defineRule({
  id: 'RETENTION_BOUNDS',
  summary: "retention.ms is within `retentionMs.min` and `retentionMs.max` ('infinite' only when max is 'infinite'); compacted topics are exempt",
  fix: 'Set retentionMs within the bounds, or ask for a domain override within the platform bounds',
  level: 'error',
  checkProduct(p, s) {
    if (p.config['cleanup.policy'] === 'compact') return [];
    const written = p.config['retention.ms'];
    const value = written === undefined ? s.brokerRetentionMs : Number(written);
    const shown = written === undefined ? `not set (the brokers' ${s.brokerRetentionMs})` : value < 0 ? 'infinite' : value;
    const { min, max } = s.retentionMs;
    const range = `from ${min} to ${max === 'infinite' ? 'infinite' : max} ms`;
    if (value < 0 && max !== 'infinite') {
      return [
        {
          field: 'retentionMs',
          value: shown,
          problem: `must not be infinite: the platform keeps data at most ${max} ms`,
          fix: `set retentionMs to at most ${max}, or use cleanupPolicy 'compact' for a changelog`,
        },
      ];
    }
    if (value >= 0 && (value < min || (max !== 'infinite' && value > max))) {
      return [
        {
          field: 'retentionMs',
          value: shown,
          problem: `must be ${range}`,
          fix: `set retentionMs ${value < min ? `to at least ${min}` : `to at most ${max}`}`,
        },
      ];
    }
    return [];
  },
});
