import { defineRule } from '../rule';
import type { RuleFinding } from '../../model/governance';

/**
 * No ACL names every principal (`User:*`), every resource (the literal name `*`), or a whole
 * prefix of topics its principal does not own (the prefixed ACLs a Domain gives itself on its
 * own prefix are fine). This covers grants and `kafka_acl` resources written with the L1
 * binding directly.
 */
export const NO_WILDCARDS = defineRule({
  id: 'NO_WILDCARDS',
  summary: 'No ACL for a wildcard principal (`User:*`), a wildcard resource (`*`, an empty prefix) or a prefix of topics its principal does not own',
  fix: 'Grant named principals on named topics (product.grantRead / grantWrite)',
  level: 'error',
  checkAcl(a) {
    const out: RuleFinding[] = [];
    if (a.principal === '*' || a.principal.endsWith(':*')) {
      out.push({
        field: 'principal',
        value: a.principal,
        problem: 'is a wildcard: the ACL would apply to every client',
        fix: 'grant named principals; wildcard access is not allowed in the mesh',
      });
    }
    const name = `${a.resourceType}:${a.resourceName}`;
    if (a.patternType === 'Literal' && a.resourceName === '*') {
      out.push({
        field: 'resourceName',
        value: name,
        problem: `is Kafka's wildcard: ${a.operation} on every ${a.resourceType.toLowerCase()}`,
        fix: 'name the topic or consumer group (grantRead takes consumerGroup for one group)',
      });
    } else if (a.patternType === 'Prefixed' && a.resourceName === '') {
      out.push({
        field: 'resourceName',
        value: name,
        problem: `is an empty prefix: ${a.operation} on every ${a.resourceType.toLowerCase()}`,
        fix: 'use a non-empty prefix, such as the consumer group prefix <name>.',
      });
    } else if (a.patternType === 'Prefixed' && a.resourceType === 'Topic' && !a.ownedPrefixes.some((p) => a.resourceName.startsWith(p))) {
      out.push({
        field: 'resourceName',
        value: `${name}*`,
        problem: `grants ${a.operation} on every topic starting with "${a.resourceName}", a prefix ${a.principal} does not own`,
        fix: 'grant the topics one by one (product.grantRead / grantWrite), so that each grant is reviewed',
      });
    }
    return out;
  },
});
