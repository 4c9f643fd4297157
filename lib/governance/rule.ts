import { fail } from '../errors';
import type { GovernanceRule } from '../model/governance';

const RULE_ID = /^[A-Z][A-Z0-9_]*$/;
const known = new Map<string, GovernanceRule>();

/**
 * Declares a rule. Its id becomes known to waivers and levels, which refuse ids no rule has.
 * Two different rules may not share an id.
 */
export function defineRule(rule: GovernanceRule): GovernanceRule {
  if (!RULE_ID.test(rule.id)) {
    fail({
      path: `rule ${rule.id}`,
      field: 'id',
      value: rule.id,
      problem: 'must be upper-case letters, digits and underscores',
      fix: "name the rule like 'TOPIC_NAMING'",
    });
  }
  const existing = known.get(rule.id);
  if (existing && existing !== rule) {
    fail({
      path: `rule ${rule.id}`,
      field: 'id',
      value: rule.id,
      problem: 'is already the id of another rule',
      fix: 'give the rule an id of its own',
    });
  }
  known.set(rule.id, rule);
  return rule;
}

/** Every rule defined so far (the built-in ones and any custom rule created with {@link defineRule}). */
export function knownRules(): ReadonlyMap<string, GovernanceRule> {
  return known;
}
