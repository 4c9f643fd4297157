/**
 * Where governance keeps what constructs declared: the policy of each mesh, the waivers on each
 * construct, the overrides of each domain. Kept apart from the constructs so that the mesh model
 * can read it without importing them.
 */
import type { IConstruct } from 'constructs';
import type { OverrideBounds, RuleLevel, Standards, StandardsOverride } from '../model/governance';

export interface PolicyRecord {
  readonly path: string;
  readonly standards: Standards;
  readonly bounds: OverrideBounds;
  /** Each rule's level after the policy's `levels`, for every rule of its packs. */
  readonly levels: Readonly<Record<string, RuleLevel>>;
  readonly packs: readonly string[];
  /** The date waivers' expiry is checked against, `YYYY-MM-DD`. @default the current UTC date */
  readonly today?: string;
}

export interface WaiverRecord {
  readonly rule: string;
  readonly reason: string;
  readonly path: string;
  /** Last day the waiver applies, `YYYY-MM-DD`; absent when it does not expire. */
  readonly expires?: string;
}

export interface OverrideRecord {
  readonly standards: StandardsOverride;
  readonly reason?: string;
  readonly path: string;
}

const policies = new WeakMap<IConstruct, PolicyRecord>();
const waivers = new WeakMap<IConstruct, WaiverRecord[]>();
const overrides = new WeakMap<IConstruct, OverrideRecord>();

export function policyOf(mesh: IConstruct): PolicyRecord | undefined {
  return policies.get(mesh);
}

export function setPolicy(mesh: IConstruct, record: PolicyRecord): void {
  policies.set(mesh, record);
}

/** Waivers declared on `scope` itself. */
export function waiversOn(scope: IConstruct): readonly WaiverRecord[] {
  return waivers.get(scope) ?? [];
}

export function addWaiver(scope: IConstruct, record: WaiverRecord): void {
  const list = waivers.get(scope);
  if (list) list.push(record);
  else waivers.set(scope, [record]);
}

/** Waivers that cover `scope`: on it and on every construct above it, nearest first. */
export function waiversCovering(scope: IConstruct): WaiverRecord[] {
  const out: WaiverRecord[] = [];
  for (let cur: IConstruct | undefined = scope; cur; cur = cur.node.scope) {
    const list = waivers.get(cur);
    if (list) out.push(...list);
  }
  return out;
}

export function overridesOf(domain: IConstruct): OverrideRecord | undefined {
  return overrides.get(domain);
}

export function setOverrides(domain: IConstruct, record: OverrideRecord): void {
  overrides.set(domain, record);
}
