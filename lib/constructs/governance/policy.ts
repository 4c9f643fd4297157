import { Construct, IConstruct } from 'constructs';
import { z } from 'zod';
import { closest, fail, MeshErrorDetails, MeshValidationError } from '../../errors';
import { KafkaMesh } from '../kafka-mesh';
import { constructId, validateProps, withFix } from '../../private/validation';
import { isoDate, ISO_DATE } from '../../governance/dates';
import { GovernancePack, MeshStandards } from './pack';
import { StandardsInput, validateBounds, validateStandards } from '../../governance/standards';
import { policyOf, setPolicy } from '../../governance/state';
import type { OverrideBounds, RuleLevel, Standards } from '../../model/governance';

export const RULE_LEVELS = ['error', 'warning', 'off'] as const;

export interface GovernancePolicyProps {
  /**
   * The platform-wide standards: naming, replication floors, retention and partition bounds,
   * restricted classifications, compatibility levels for shared products, the ACL budget.
   * @default DEFAULT_STANDARDS for each one left out
   */
  readonly standards?: StandardsInput;
  /**
   * How far a domain may loosen each standard with {@link DomainOverrides}. A domain may
   * always be stricter; a standard without a bound here cannot be loosened.
   * @default none: no loosening
   */
  readonly overrideBounds?: OverrideBounds;
  /** The level of a rule, by id: `error` fails synth, `warning` shows, `off` skips it. @default each rule's own */
  readonly levels?: Record<string, RuleLevel>;
  /** The rule packs to run on every stack of the mesh. @default [new MeshStandards()] */
  readonly packs?: GovernancePack[];
  /**
   * The date waivers' `expires` is checked against, `YYYY-MM-DD` (tests and reproducible
   * builds set it). @default the current date, in UTC
   */
  readonly today?: string;
}

const propsSchema = z.object({
  standards: z.record(z.string(), z.unknown(), { error: 'must be an object of standards' }).optional(),
  overrideBounds: z.record(z.string(), z.unknown(), { error: 'must be an object of bounds' }).optional(),
  levels: z
    .record(z.string(), z.enum(RULE_LEVELS, { error: `must be one of ${RULE_LEVELS.join(', ')}` }), {
      error: 'must be an object of rule ids to levels',
    })
    .optional(),
  packs: z
    .array(z.instanceof(GovernancePack, { error: 'must be a GovernancePack, e.g. new MeshStandards()' }))
    .min(1, { error: 'must name at least one pack' })
    .optional(),
  today: withFix(
    z
      .string({ error: 'must be a date written YYYY-MM-DD' })
      .regex(ISO_DATE, { error: 'must be a date written YYYY-MM-DD' })
      .refine((d) => isoDate(d) !== undefined, { error: 'must be a date that exists' }),
    "write it as 'YYYY-MM-DD', e.g. today: '2027-01-31', or leave it out for the current date",
  ).optional(),
});

/**
 * The platform's governance policy, declared once per mesh, in the platform stack. Its packs
 * run as Aspects on every stack holding mesh resources, with these standards; domains may
 * loosen them only within `overrideBounds` ({@link DomainOverrides}), and a single construct
 * may be exempted from a rule only by a {@link Waivers} entry with a reason.
 *
 * ```ts
 * new GovernancePolicy(platformStack, 'governance', {
 *   standards: { minReplicationFactor: 3, minInsyncReplicas: 2, retentionMs: { min: 3_600_000, max: 2_592_000_000 } },
 *   overrideBounds: { retentionMs: { max: 'infinite' } },
 * });
 * ```
 *
 * Violations are error annotations: `cdktf synth` fails, naming the rule, the construct path
 * and the fix. (`Testing.synth` does not fail on annotations; use `Testing.fullSynth` or
 * `app.synth()` in tests.)
 */
export class GovernancePolicy extends Construct {
  /** The policy of the mesh `scope` belongs to, if one is declared. */
  public static of(scope: IConstruct): GovernancePolicy | undefined {
    const record = policyOf(KafkaMesh.of(scope));
    if (!record) return undefined;
    return scope.node.root.node.findAll().find((c): c is GovernancePolicy => c instanceof GovernancePolicy && c.node.path === record.path);
  }

  public readonly standards: Standards;
  public readonly overrideBounds: OverrideBounds;
  public readonly levels: Readonly<Record<string, RuleLevel>>;
  public readonly packs: readonly GovernancePack[];
  /** The date waivers' expiry is checked against, when set. */
  public readonly today?: string;

  constructor(scope: Construct, id: string, props: GovernancePolicyProps = {}) {
    super(scope, constructId(scope, id, 'GovernancePolicy'));
    const path = this.node.path;
    const p = validateProps(propsSchema, props, path);
    const mesh = KafkaMesh.of(this);
    const existing = policyOf(mesh);
    if (existing) {
      fail({
        path,
        field: 'GovernancePolicy',
        problem: `is already declared at ${existing.path}: a mesh has one platform policy`,
        fix: 'declare the policy once, in the platform stack; let domains differ with DomainOverrides.of(domain).set(...)',
      });
    }
    this.standards = validateStandards(p.standards ?? {}, path);
    this.overrideBounds = validateBounds(p.overrideBounds ?? {}, this.standards, path);
    this.packs = (p.packs as GovernancePack[] | undefined) ?? [new MeshStandards()];
    const rules = new Map(this.packs.flatMap((pack) => pack.rules.map((r) => [r.id, r] as const)));
    const problems: MeshErrorDetails[] = [];
    const names = new Set<string>();
    for (const pack of this.packs) {
      if (names.has(pack.name))
        problems.push({ path, field: 'packs', value: pack.name, problem: 'names the same pack twice', fix: 'list each pack once' });
      names.add(pack.name);
    }
    for (const id of Object.keys(p.levels ?? {})) {
      if (rules.has(id)) continue;
      const hint = closest(id, rules.keys());
      problems.push({
        path,
        field: `levels.${id}`,
        value: id,
        problem: "is not a rule of the policy's packs",
        fix: hint ? `did you mean ${hint}?` : `use one of ${[...rules.keys()].join(', ')}`,
      });
    }
    if (problems.length) throw new MeshValidationError(problems);
    const levels: Record<string, RuleLevel> = {};
    for (const [id, rule] of rules) levels[id] = p.levels?.[id] ?? rule.level;
    this.levels = levels;
    this.today = p.today;
    setPolicy(mesh, {
      path,
      standards: this.standards,
      bounds: this.overrideBounds,
      levels,
      packs: this.packs.map((pack) => pack.name),
      ...(p.today ? { today: p.today } : {}),
    });
    for (const pack of this.packs) mesh.addStackAspect(pack);
  }
}
