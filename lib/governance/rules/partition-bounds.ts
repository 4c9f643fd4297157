import { defineRule } from '../rule';

/** The partition count is within the platform's bounds. */
export const PARTITION_BOUNDS = defineRule({
  id: 'PARTITION_BOUNDS',
  summary: 'partitions is within `partitions.min` and `partitions.max`',
  fix: 'Set partitions within the bounds (partitions can grow later, never shrink)',
  level: 'error',
  checkProduct(p, s) {
    const { min, max } = s.partitions;
    if (p.partitions >= min && p.partitions <= max) return [];
    return [
      {
        field: 'partitions',
        value: p.partitions,
        problem: `must be from ${min} to ${max}`,
        fix:
          p.partitions > max
            ? `set partitions to at most ${max} (more partitions cost broker memory and rebalance time)`
            : `set partitions to at least ${min}`,
      },
    ];
  },
});
