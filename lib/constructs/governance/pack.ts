/**
 * Packs: named sets of rules that run as cdktf Aspects on a stack (cdk-nag style). A violation
 * becomes an error annotation, which fails synth; a waived one an info annotation naming the
 * waiver and its reason; a rule at level `warning` a warning.
 */
import { Annotations, IAspect, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { formatDetails, MeshErrorDetails, MeshValidationError } from '../../errors';
import { KafkaMesh } from '../kafka-mesh';
import { checkFacts } from '../../governance/check';
import { collectFacts } from './facts';
import { MESH_RULES } from '../../governance/rules';
import { todayUtc } from '../../governance/dates';
import { applyOverride, DEFAULT_STANDARDS, overrideProblems } from '../../governance/standards';
import { overridesOf, policyOf, WaiverRecord, waiversCovering, waiversOn } from '../../governance/state';
import type { GovernanceFinding, GovernanceRule, Standards } from '../../model/governance';

/**
 * A named set of rules, run on a stack as an Aspect. The platform's {@link GovernancePolicy}
 * adds its packs to every stack of the mesh; a stack outside any policy may add one itself:
 * `Aspects.of(stack).add(new MeshStandards())` (the default standards then apply).
 */
export class GovernancePack implements IAspect {
  public readonly name: string;
  public readonly rules: readonly GovernanceRule[];

  constructor(name: string, rules: readonly GovernanceRule[]) {
    this.name = name;
    this.rules = rules;
  }

  public visit(node: IConstruct): void {
    if (TerraformStack.isStack(node)) evaluateStack(node, this);
  }
}

/** The mesh's standard rules: every built-in rule at its default level. */
export class MeshStandards extends GovernancePack {
  constructor() {
    super('MeshStandards', MESH_RULES);
  }
}

/** The findings of `pack` on `stack`, waivers applied. Throws when a domain's overrides leave the platform's bounds. */
export function evaluateStack(stack: TerraformStack, pack: GovernancePack): GovernanceFinding[] {
  const mesh = meshOf(stack);
  const policy = mesh && policyOf(mesh);
  const platform = policy?.standards ?? DEFAULT_STANDARDS;
  const facts = collectFacts(stack, mesh);

  const problems: MeshErrorDetails[] = [];
  const byDomain = new Map<string, Standards>();
  for (const { node, facts: d } of facts.domains) {
    const o = overridesOf(node);
    if (!o) continue;
    problems.push(
      ...overrideProblems(platform, policy?.bounds ?? {}, o.standards, {
        path: o.path,
        policyPath: policy?.path ?? '(none: the default standards, which allow no loosening)',
      }),
    );
    byDomain.set(d.name, applyOverride(platform, o.standards));
  }
  problems.push(...expiredWaivers(facts.nodes, policy?.today ?? todayUtc()));
  if (problems.length) throw new MeshValidationError(problems);

  const plain = {
    domains: facts.domains.map((x) => x.facts),
    products: facts.products.map((x) => x.facts),
    topics: facts.topics.map((x) => x.facts),
    acls: facts.acls.map((x) => x.facts),
  };
  const findings = checkFacts(pack.rules, plain, {
    standards: platform,
    standardsOf: (name) => byDomain.get(name) ?? platform,
    levels: policy?.levels,
  });
  const nodes = new Map<string, IConstruct>();
  for (const list of [facts.domains, facts.products, facts.topics, facts.acls]) for (const { node, facts: f } of list) nodes.set(f.path, node);

  const used = new Set<WaiverRecord>();
  const out: GovernanceFinding[] = [];
  for (const f of findings) {
    const node = nodes.get(f.path) ?? stack;
    const waiver = waiversCovering(node).find((w) => w.rule === f.rule);
    if (waiver) used.add(waiver);
    const finding: GovernanceFinding = waiver ? { ...f, waiver: { reason: waiver.reason, path: waiver.path } } : f;
    out.push(finding);
    annotate(node, finding);
  }

  const ruleIds = new Set(pack.rules.map((r) => r.id));
  for (const node of facts.nodes) {
    for (const w of waiversOn(node)) {
      if (!ruleIds.has(w.rule) || used.has(w)) continue;
      const off = policy?.levels[w.rule] === 'off' ? ' (the policy turns the rule off)' : '';
      addOnce(node, 'warning', `${w.rule}: ${w.path}: waiver covers no finding${off}: remove it (its reason: ${JSON.stringify(w.reason)})`);
    }
  }
  const adjusted = facts.products.filter((p) => p.facts.environment !== undefined).length;
  if (adjusted) {
    addOnce(
      stack,
      'info',
      `governance: ${adjusted} product(s) of this stack are written as the environment's topicDefaults caps and overlays adjust them; REPLICATION_FLOOR, PARTITION_BOUNDS and RETENTION_BOUNDS check the values the code declares`,
    );
  }
  return out;
}

/** Waivers of the stack whose `expires` is before `today`: each fails synth, naming the waiver, the rule and the construct. */
function expiredWaivers(nodes: readonly IConstruct[], today: string): MeshErrorDetails[] {
  const out: MeshErrorDetails[] = [];
  for (const node of nodes) {
    for (const w of waiversOn(node)) {
      if (w.expires === undefined || w.expires >= today) continue;
      out.push({
        path: w.path,
        field: `waive(${JSON.stringify(w.rule)})`,
        value: w.expires,
        problem: `has expired: its last day was ${w.expires} (today is ${today}), so the waiver of ${w.rule} on ${w.path} (${JSON.stringify(w.reason)}) no longer applies`,
        fix: `review it: fix what ${w.rule} finds and remove the waiver, or renew it with a later expires and the reason it still holds`,
      });
    }
  }
  return out;
}

/** The message of a finding, as annotations and errors show it: rule, path, field, problem, fix. */
export function findingMessage(f: GovernanceFinding): string {
  const text = formatDetails({ path: f.path, field: f.field, ...('value' in f ? { value: f.value } : {}), problem: f.problem, fix: f.fix });
  if (f.waiver) return `${f.rule} (waived at ${f.waiver.path}: ${JSON.stringify(f.waiver.reason)}): ${text}`;
  return `${f.rule}: ${text}`;
}

function annotate(node: IConstruct, f: GovernanceFinding): void {
  addOnce(node, f.waiver ? 'info' : f.level, findingMessage(f));
}

const TYPES = { error: '@cdktf/error', warning: '@cdktf/warn', info: '@cdktf/info' } as const;

/** Adds an annotation unless the construct has it already (a stack may be synthesized twice). */
function addOnce(node: IConstruct, level: keyof typeof TYPES, message: string): void {
  if (node.node.metadata.some((m) => m.type === TYPES[level] && m.data === message)) return;
  const a = Annotations.of(node);
  if (level === 'error') a.addError(message);
  else if (level === 'warning') a.addWarning(message);
  else a.addInfo(message);
}

function meshOf(stack: TerraformStack): KafkaMesh | undefined {
  try {
    return KafkaMesh.of(stack);
  } catch {
    return undefined;
  }
}
