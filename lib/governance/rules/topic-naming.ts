import { topicName, topicNameProblem } from '../../model/naming';
import { defineRule } from '../rule';
import type { RuleFinding } from '../../model/governance';

const patterns = new Map<string, RegExp>();

/** The compiled entity pattern (compiled once per pattern). */
function entityRegExp(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(pattern)));
  return re;
}

const RENAME =
  'a rename creates a new topic: publish the new one, move the consumers, then decommission the old one; or waive the rule with a reason';

/**
 * Topics follow the mesh's convention, `<domain>.<entity>` with an optional `.v<N>`, are legal
 * for Kafka, and the entity matches the platform's `entityPattern`. A topic adopted under the
 * name it had before the mesh (`existingTopicName`) is flagged until waived with a reason.
 */
export const TOPIC_NAMING = defineRule({
  id: 'TOPIC_NAMING',
  summary: "A topic is `<domain>.<entity>[.v<N>]`, Kafka-legal, and its entity matches the platform's `entityPattern`",
  fix: 'Choose an entity that matches the pattern (renaming an existing topic means a new product and a decommission), or waive with a reason',
  level: 'error',
  checkProduct(p, s) {
    const out: RuleFinding[] = [];
    const expected = topicName(p.domain, p.entity, p.version);
    if (p.existingTopicName !== undefined) {
      // Adopted under the name it had before the mesh: Kafka-legal (the construct checks), not the convention.
      out.push({
        field: 'existingTopicName',
        value: p.existingTopicName,
        problem: `is not <domain>.<entity> (${expected}): the topic keeps the name it had before the mesh`,
        fix: `waive the rule with a reason (Waivers.of(product).waive('TOPIC_NAMING', '...')) while consumers use the old name; or publish ${expected}, move the consumers, then delete the old topic`,
      });
    } else if (p.topic !== expected) {
      out.push({
        field: 'topic',
        value: p.topic,
        problem: `must be ${expected}: <domain>.<entity>${p.version === undefined ? '' : '.v<N>'}`,
        fix: 'declare the product through its Domain, which names the topic',
      });
    }
    const legal = p.existingTopicName === undefined ? topicNameProblem(p.topic) : undefined;
    if (legal) out.push({ field: 'topic', value: p.topic, problem: legal, fix: 'choose a shorter, lower-case entity name' });
    if (!entityRegExp(s.entityPattern).test(p.entity)) {
      out.push({
        field: 'entity',
        value: p.entity,
        problem: `must match the platform's naming convention /${s.entityPattern}/`,
        fix: `choose an entity name that matches; ${RENAME}`,
      });
    }
    return out;
  },
  checkTopic(t) {
    const legal = topicNameProblem(t.name);
    return legal ? [{ field: 'name', value: t.name, problem: legal, fix: 'use a lower-case, Kafka-legal <domain>.<entity> name' }] : [];
  },
});
