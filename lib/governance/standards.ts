/**
 * The platform's standards: defaults, validation of what the platform and the domains write,
 * and how a domain's overrides combine with the platform's standards within the bounds.
 */
import { z } from 'zod';
import { COMPATIBILITY_LEVELS } from '../compat';
import { CLASSIFICATIONS } from '../model/model';
import { formatValue, MeshErrorDetails, MeshValidationError } from '../errors';
import { intRange, validateProps, withFix } from '../private/validation';
import type { OverrideBounds, Standards, StandardsOverride } from '../model/governance';

const DAY_MS = 86_400_000;

export const DEFAULT_STANDARDS: Standards = {
  entityPattern: '^[a-z0-9][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)*$',
  minReplicationFactor: 3,
  minInsyncReplicas: 2,
  partitions: { min: 1, max: 100 },
  retentionMs: { min: 3_600_000, max: 'infinite' },
  brokerRetentionMs: 7 * DAY_MS,
  brokerMinInsyncReplicas: 1,
  minDescriptionLength: 10,
  restrictedClassifications: ['pii'],
  sharedCompatibilityLevels: COMPATIBILITY_LEVELS.filter((l) => l !== 'NONE'),
  aclBudgetPerDomain: 200,
};

/** What the platform writes: any standard may be left out (then the default applies). */
export type StandardsInput = Partial<Omit<Standards, 'partitions' | 'retentionMs'>> & {
  readonly partitions?: { readonly min?: number; readonly max?: number };
  readonly retentionMs?: { readonly min?: number; readonly max?: number | 'infinite' };
};

const MAX_MS = Number.MAX_SAFE_INTEGER;
const ms = (fix: string) => intRange(1, MAX_MS, fix);
const msOrInfinite = (fix: string) =>
  withFix(
    z.union([z.literal('infinite'), z.number().int().min(1).max(MAX_MS)], {
      error: "must be a whole number of milliseconds of at least 1, or 'infinite'",
    }),
    fix,
  );
const replicas = (fix: string) => intRange(1, 32, fix);

const rangeShape = (min: z.ZodType, max: z.ZodType) => z.object({ min: min.optional(), max: max.optional() }).strict();

const standardsSchema = z.object({
  entityPattern: withFix(
    z.string({ error: 'must be a regular expression, as a string' }).min(1, { error: 'must not be empty' }),
    "e.g. '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' for kebab-case",
  ),
  minReplicationFactor: replicas('3 suits a production cluster'),
  minInsyncReplicas: replicas('2 with 3 replicas'),
  partitions: rangeShape(intRange(1, 10000), intRange(1, 10000)),
  retentionMs: rangeShape(ms('e.g. 3600000 (one hour)'), msOrInfinite("e.g. 2592000000 (30 days), or 'infinite'")),
  brokerRetentionMs: ms("the brokers' log.retention.ms (604800000 unless changed)"),
  brokerMinInsyncReplicas: replicas("the brokers' min.insync.replicas (1 unless changed)"),
  minDescriptionLength: intRange(0, 1000),
  restrictedClassifications: z.array(z.enum(CLASSIFICATIONS, { error: `must list classifications: ${CLASSIFICATIONS.join(', ')}` })),
  sharedCompatibilityLevels: z
    .array(z.enum(COMPATIBILITY_LEVELS as [string, ...string[]], { error: `must list compatibility levels: ${COMPATIBILITY_LEVELS.join(', ')}` }))
    .min(1, { error: 'must allow at least one level' }),
  aclBudgetPerDomain: intRange(1, 1_000_000),
});

const overrideSchema = z.object({
  minReplicationFactor: replicas('a domain may raise the floor freely; lowering it needs a bound').optional(),
  minInsyncReplicas: replicas('a domain may raise the floor freely; lowering it needs a bound').optional(),
  partitions: rangeShape(intRange(1, 10000), intRange(1, 10000)).optional(),
  retentionMs: rangeShape(ms('e.g. 3600000 (one hour)'), msOrInfinite("e.g. 2592000000 (30 days), or 'infinite'")).optional(),
  aclBudgetPerDomain: intRange(1, 1_000_000).optional(),
});

/** Bounds have the shape of overrides: the loosest value a domain may override to. */
const boundsSchema = overrideSchema;

export function validateStandards(input: unknown, path: string): Standards {
  const s = validateProps(standardsSchema.partial(), input, path, 'standards') as StandardsInput;
  const resolved: Standards = {
    ...DEFAULT_STANDARDS,
    ...definedOnly(s),
    partitions: { ...DEFAULT_STANDARDS.partitions, ...definedOnly(s.partitions ?? {}) },
    retentionMs: { ...DEFAULT_STANDARDS.retentionMs, ...definedOnly(s.retentionMs ?? {}) },
  };
  const problems: MeshErrorDetails[] = [];
  try {
    new RegExp(resolved.entityPattern);
  } catch (e) {
    problems.push({
      path,
      field: 'standards.entityPattern',
      value: resolved.entityPattern,
      problem: `is not a valid regular expression: ${(e as Error).message}`,
      fix: "e.g. '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' for kebab-case",
    });
  }
  problems.push(...rangeProblems(resolved, path, 'standards'));
  throwIf(problems);
  return resolved;
}

export function validateOverride(input: unknown, path: string): StandardsOverride {
  return validateProps(overrideSchema, input, path, 'overrides') as StandardsOverride;
}

export function validateBounds(input: unknown, standards: Standards, path: string): OverrideBounds {
  const bounds = validateProps(boundsSchema, input, path, 'overrideBounds') as OverrideBounds;
  // A bound is the loosest value a domain may reach: it must not be stricter than the standard.
  const problems: MeshErrorDetails[] = [];
  for (const knob of KNOBS) {
    const bound = knob.get(bounds);
    const standard = knob.get(standards);
    if (bound === undefined || standard === undefined) continue;
    if (knob.looser(bound, standard)) {
      problems.push({
        path,
        field: `overrideBounds.${knob.field}`,
        value: bound,
        problem: `must be at least as loose as the standard it bounds (${formatValue(standard)}): ${knob.direction}`,
        fix: `set it to ${formatValue(standard)} (no loosening) or a value past it, or remove it`,
      });
    }
  }
  throwIf(problems);
  return bounds;
}

/** The standards that apply to a domain: the platform's, with the domain's overrides. */
export function applyOverride(base: Standards, o: StandardsOverride | undefined): Standards {
  if (!o) return base;
  return {
    ...base,
    ...definedOnly({
      minReplicationFactor: o.minReplicationFactor,
      minInsyncReplicas: o.minInsyncReplicas,
      aclBudgetPerDomain: o.aclBudgetPerDomain,
    }),
    partitions: { ...base.partitions, ...definedOnly(o.partitions ?? {}) },
    retentionMs: { ...base.retentionMs, ...definedOnly(o.retentionMs ?? {}) },
  };
}

export interface OverrideContext {
  /** The domain's path, where the override was set. */
  readonly path: string;
  /** Where the platform's policy is declared. */
  readonly policyPath: string;
}

/**
 * Why a domain's override goes outside what the platform allows. A domain may always be
 * stricter than the platform; it may loosen a standard only as far as the bound, and not at all
 * where the platform set no bound.
 */
export function overrideProblems(base: Standards, bounds: OverrideBounds, o: StandardsOverride, ctx: OverrideContext): MeshErrorDetails[] {
  const problems: MeshErrorDetails[] = [];
  for (const knob of KNOBS) {
    const value = knob.get(o);
    if (value === undefined) continue;
    const standard = knob.get(base)!;
    if (!knob.looser(standard, value)) continue;
    const bound = knob.get(bounds);
    const field = `overrides.${knob.field}`;
    if (bound === undefined) {
      problems.push({
        path: ctx.path,
        field,
        value,
        problem: `loosens the platform standard ${formatValue(standard)} (${knob.direction}), and the platform sets no bound overrideBounds.${knob.field} (policy at ${ctx.policyPath})`,
        fix: `keep ${knob.field} at ${formatValue(standard)} or stricter, or ask the platform team for a bound overrideBounds.${knob.field}`,
      });
    } else if (knob.looser(bound, value)) {
      problems.push({
        path: ctx.path,
        field,
        value,
        problem: `is outside the bound the platform allows: overrideBounds.${knob.field} is ${formatValue(bound)} (policy at ${ctx.policyPath})`,
        fix: `stay within ${formatValue(bound)}, or ask the platform team to widen overrideBounds.${knob.field}`,
      });
    }
  }
  return [...problems, ...rangeProblems(applyOverride(base, o), ctx.path, 'overrides')];
}

type Shape = {
  minReplicationFactor?: number;
  minInsyncReplicas?: number;
  aclBudgetPerDomain?: number;
  partitions?: { min?: number; max?: number };
  retentionMs?: { min?: number; max?: number | 'infinite' };
};

interface Knob {
  readonly field: string;
  readonly direction: string;
  get(s: Shape): number | 'infinite' | undefined;
  /** Whether `candidate` is looser than `reference`. */
  looser(reference: number | 'infinite', candidate: number | 'infinite'): boolean;
}

const num = (v: number | 'infinite') => (v === 'infinite' ? Infinity : v);
const lowerIsLooser = (a: number | 'infinite', b: number | 'infinite') => num(b) < num(a);
const higherIsLooser = (a: number | 'infinite', b: number | 'infinite') => num(b) > num(a);

const KNOBS: readonly Knob[] = [
  { field: 'minReplicationFactor', direction: 'lower is looser', get: (s) => s.minReplicationFactor, looser: lowerIsLooser },
  { field: 'minInsyncReplicas', direction: 'lower is looser', get: (s) => s.minInsyncReplicas, looser: lowerIsLooser },
  { field: 'partitions.min', direction: 'lower is looser', get: (s) => s.partitions?.min, looser: lowerIsLooser },
  { field: 'partitions.max', direction: 'higher is looser', get: (s) => s.partitions?.max, looser: higherIsLooser },
  { field: 'retentionMs.min', direction: 'lower is looser', get: (s) => s.retentionMs?.min, looser: lowerIsLooser },
  { field: 'retentionMs.max', direction: 'higher is looser', get: (s) => s.retentionMs?.max, looser: higherIsLooser },
  { field: 'aclBudgetPerDomain', direction: 'higher is looser', get: (s) => s.aclBudgetPerDomain, looser: higherIsLooser },
];

function rangeProblems(s: Standards, path: string, prefix: string): MeshErrorDetails[] {
  const problems: MeshErrorDetails[] = [];
  if (s.partitions.min > s.partitions.max) {
    problems.push({
      path,
      field: `${prefix}.partitions`,
      value: s.partitions,
      problem: 'has min above max',
      fix: 'make partitions.min at most partitions.max',
    });
  }
  if (num(s.retentionMs.min) > num(s.retentionMs.max)) {
    problems.push({
      path,
      field: `${prefix}.retentionMs`,
      value: s.retentionMs,
      problem: 'has min above max',
      fix: 'make retentionMs.min at most retentionMs.max',
    });
  }
  return problems;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

function throwIf(problems: MeshErrorDetails[]): void {
  if (problems.length) throw new MeshValidationError(problems);
}
