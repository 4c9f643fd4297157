import { defineRule } from '../rule';

/**
 * A domain declares topics under its own prefix `<domain>.` only, in its own stack. The
 * constructs enforce this by naming topics after their domain; the rule checks what reaches
 * the stack anyway, including topics written with the L1 `kafka_topic` binding directly.
 */
export const OWNERSHIP_BOUNDARY = defineRule({
  id: 'OWNERSHIP_BOUNDARY',
  summary: 'A stack declares only topics under the prefix `<domain>.` of a domain it holds',
  fix: "Declare the topic in the owning domain's stack, through that Domain",
  level: 'error',
  checkProduct(p) {
    const prefix = `${p.domain}.`;
    // A topic adopted under its own name may lie outside the prefix (the construct refuses one
    // inside another domain's prefix); TOPIC_NAMING flags its name.
    if (p.existingTopicName === undefined && !p.topic.startsWith(prefix)) {
      return [
        {
          field: 'topic',
          value: p.topic,
          problem: `is outside the prefix ${prefix} that the ${p.domain} domain owns`,
          fix: `declare it in the stack of the domain that owns it, through that Domain`,
        },
      ];
    }
    if (p.stack !== p.domainStack) {
      return [
        {
          field: 'stack',
          value: p.stack,
          problem: `is not the stack ${p.domainStack} that holds the ${p.domain} domain`,
          fix: "declare the product under its Domain, in the domain's stack",
        },
      ];
    }
    return [];
  },
  checkTopic(t) {
    if (t.stackPrefixes.some((prefix) => t.name.startsWith(prefix))) return [];
    const owned = t.stackPrefixes.length
      ? `the prefixes this stack's domains own (${t.stackPrefixes.join(', ')})`
      : 'any domain: the stack holds none';
    return [
      {
        field: 'name',
        value: t.name,
        problem: `is outside ${owned}`,
        fix: 'declare the topic as a DomainDataProduct of the domain that owns its prefix, in that stack',
      },
    ];
  },
});
