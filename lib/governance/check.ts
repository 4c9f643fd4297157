/**
 * Runs rules over facts: pure, no constructs. The Aspect (see `pack.ts`) builds the facts from
 * a stack and turns the findings into annotations; tests and tools may call this directly.
 */
import type {
  AclFacts,
  DomainFacts,
  GovernanceFinding,
  GovernanceRule,
  ProductFacts,
  RawTopicFacts,
  RuleFinding,
  RuleLevel,
  Standards,
} from '../model/governance';

export interface FactsInput {
  readonly products?: readonly ProductFacts[];
  readonly domains?: readonly DomainFacts[];
  readonly topics?: readonly RawTopicFacts[];
  readonly acls?: readonly AclFacts[];
}

export interface CheckOptions {
  /** The platform's standards. */
  readonly standards: Standards;
  /** The standards of a domain (with its overrides). @default the platform's */
  readonly standardsOf?: (domain: string) => Standards;
  /** Levels by rule id. @default each rule's own */
  readonly levels?: Readonly<Record<string, RuleLevel>>;
}

/** The findings of `rules` on `facts`, rule by rule, in the order of the facts. */
export function checkFacts(rules: readonly GovernanceRule[], facts: FactsInput, options: CheckOptions): GovernanceFinding[] {
  const findings: GovernanceFinding[] = [];
  const forDomain = options.standardsOf ?? (() => options.standards);
  for (const rule of rules) {
    const level = options.levels?.[rule.id] ?? rule.level;
    if (level === 'off') continue;
    const add = (path: string, found: RuleFinding[]) => {
      for (const f of found) findings.push({ ...f, rule: rule.id, level, path: f.path ?? path });
    };
    if (rule.checkDomain) for (const d of facts.domains ?? []) add(d.path, rule.checkDomain(d, forDomain(d.name)));
    if (rule.checkProduct) for (const p of facts.products ?? []) add(p.path, rule.checkProduct(p, forDomain(p.domain)));
    if (rule.checkTopic) for (const t of facts.topics ?? []) add(t.path, rule.checkTopic(t, options.standards));
    if (rule.checkAcl) for (const a of facts.acls ?? []) add(a.path, rule.checkAcl(a, options.standards));
  }
  return findings;
}
