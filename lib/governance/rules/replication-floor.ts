import { defineRule } from '../rule';
import type { RuleFinding } from '../../model/governance';

/**
 * Replication factor and `min.insync.replicas` are at least the platform's floors. The check
 * reads the values the code declares, not what an environment's `maxReplicationFactor` lowers
 * them to: the same code deploys to production, and a one-broker local cluster must still
 * synthesize. The cap is the platform's own setting on the KafkaMesh, out of a domain's reach.
 */
export const REPLICATION_FLOOR = defineRule({
  id: 'REPLICATION_FLOOR',
  summary: 'Declared replication factor and min.insync.replicas are at least the floors (`minReplicationFactor`, `minInsyncReplicas`)',
  fix: 'Raise replicationFactor / minInsyncReplicas, or leave them to the mesh topicDefaults',
  level: 'error',
  checkProduct(p, s) {
    const out: RuleFinding[] = [];
    if (p.replicationFactor < s.minReplicationFactor) {
      out.push({
        field: 'replicationFactor',
        value: p.replicationFactor,
        problem: `must be at least ${s.minReplicationFactor}, the replication floor: with fewer replicas a broker failure can lose data`,
        fix: `set replicationFactor to ${s.minReplicationFactor} or more (for a small local cluster, cap it with the mesh's topicDefaults.maxReplicationFactor instead)`,
      });
    }
    const minIsr = p.minInsyncReplicas ?? s.brokerMinInsyncReplicas;
    if (minIsr < s.minInsyncReplicas) {
      out.push({
        field: 'minInsyncReplicas',
        value: p.minInsyncReplicas === undefined ? `not set (the brokers' ${s.brokerMinInsyncReplicas})` : minIsr,
        problem: `must be at least ${s.minInsyncReplicas}, the floor: acks=all writes would be acknowledged by too few replicas`,
        fix: `set minInsyncReplicas to ${s.minInsyncReplicas} (below the replication factor, so that one broker may be down)`,
      });
    }
    return out;
  },
});
