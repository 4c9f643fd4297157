import type { IConstruct } from 'constructs';
import { fail, formatValue } from '../../errors';
import { Domain } from '../domain';
import { refuseEmbeddedSecrets } from '../../private/validation';
import { validateOverride } from '../../governance/standards';
import { overridesOf, setOverrides } from '../../governance/state';
import type { StandardsOverride } from '../../model/governance';

/**
 * A domain's own standards, where they differ from the platform's. Stricter is always
 * allowed; looser only as far as the platform's `overrideBounds` (checked at synth: a value
 * outside the bounds fails, naming the bound).
 *
 * ```ts
 * DomainOverrides.of(finance).set({ retentionMs: { max: 'infinite' } }, 'The ledger is kept for ever (legal obligation)');
 * ```
 */
export class DomainOverrides {
  public static of(domain: Domain): DomainOverrides {
    if (!(domain instanceof Domain)) {
      const path = (domain as IConstruct | undefined)?.node?.path ?? formatValue(domain);
      fail({
        path,
        field: 'DomainOverrides.of',
        problem: 'needs a Domain: overrides apply to a domain and its products',
        fix: 'pass the Domain construct, e.g. DomainOverrides.of(this.domain)',
      });
    }
    return new DomainOverrides(domain);
  }

  private constructor(private readonly domain: Domain) {}

  /** Overrides standards for the domain's products; each standard may be set once. */
  public set(overrides: StandardsOverride, reason?: string): this {
    const path = this.domain.node.path;
    if (reason !== undefined && (typeof reason !== 'string' || reason.trim() === '')) {
      fail({
        path,
        field: 'reason',
        value: reason,
        problem: 'must say, in words, why the domain differs from the platform',
        fix: "set(overrides, 'orders are replayed from the source for 90 days')",
      });
    }
    const o = validateOverride(overrides, path);
    refuseEmbeddedSecrets(reason, path, 'overrides reason');
    const existing = overridesOf(this.domain);
    const merged: Record<string, unknown> = {};
    for (const source of [existing?.standards ?? {}, o]) {
      for (const [key, value] of Object.entries(source)) {
        if (value === undefined) continue;
        if (typeof value !== 'object') {
          if (source === o && key in merged)
            fail({ path, field: `overrides.${key}`, value, problem: 'is already overridden for this domain', fix: 'set each standard once' });
          merged[key] = value;
          continue;
        }
        const range = { ...(merged[key] as Record<string, unknown> | undefined) };
        for (const [bound, v] of Object.entries(value as Record<string, unknown>)) {
          if (v === undefined) continue;
          if (source === o && bound in range)
            fail({
              path,
              field: `overrides.${key}.${bound}`,
              value: v,
              problem: 'is already overridden for this domain',
              fix: 'set each standard once',
            });
          range[bound] = v;
        }
        merged[key] = range;
      }
    }
    const why = reason === undefined ? existing?.reason : [existing?.reason, reason.trim()].filter(Boolean).join('; ');
    setOverrides(this.domain, { standards: merged as StandardsOverride, ...(why ? { reason: why } : {}), path });
    return this;
  }

  /** The domain's overrides so far. */
  public get standards(): StandardsOverride {
    return overridesOf(this.domain)?.standards ?? {};
  }
}
