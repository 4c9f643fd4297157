import { CompatibilityDirection, CompatibilityLevel } from './types';

/** What a compatibility level asks for: which directions, against which versions. */
export interface LevelPlan {
  readonly directions: readonly CompatibilityDirection[];
  /** true: against every version in history; false: against the latest only. */
  readonly transitive: boolean;
}

const PLANS: Readonly<Record<CompatibilityLevel, LevelPlan>> = {
  NONE: { directions: [], transitive: false },
  BACKWARD: { directions: ['BACKWARD'], transitive: false },
  BACKWARD_TRANSITIVE: { directions: ['BACKWARD'], transitive: true },
  FORWARD: { directions: ['FORWARD'], transitive: false },
  FORWARD_TRANSITIVE: { directions: ['FORWARD'], transitive: true },
  FULL: { directions: ['BACKWARD', 'FORWARD'], transitive: false },
  FULL_TRANSITIVE: { directions: ['BACKWARD', 'FORWARD'], transitive: true },
};

/** All levels, in the order the registry documents them. */
export const COMPATIBILITY_LEVELS: readonly CompatibilityLevel[] = Object.keys(PLANS) as CompatibilityLevel[];

export function isCompatibilityLevel(value: unknown): value is CompatibilityLevel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PLANS, value);
}

export function planFor(level: CompatibilityLevel): LevelPlan {
  const plan = PLANS[level];
  if (!plan) {
    throw new Error(`unknown compatibility level ${JSON.stringify(level)} (expected one of ${COMPATIBILITY_LEVELS.join(', ')})`);
  }
  return plan;
}

/**
 * The 1-based versions a level checks, newest first (the registry checks in reverse
 * chronological order): all of them when transitive, else only the latest.
 */
export function versionsToCheck(plan: LevelPlan, historyLength: number): number[] {
  if (historyLength === 0 || plan.directions.length === 0) {
    return [];
  }
  if (!plan.transitive) {
    return [historyLength];
  }
  const versions: number[] = [];
  for (let v = historyLength; v >= 1; v--) {
    versions.push(v);
  }
  return versions;
}
