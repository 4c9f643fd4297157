import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { closest, fail, formatValue } from '../errors';
import { refuseEmbeddedSecrets, validateProps, withFix } from '../private/validation';
import { isoDate, ISO_DATE } from './dates';
import { knownRules } from './rule';
import { addWaiver, waiversOn, WaiverRecord } from './state';

/** Shortest reason a waiver accepts, in characters: a sentence, not a placeholder. */
export const MIN_WAIVER_REASON = 10;

export interface WaiverOptions {
  /**
   * The last day the waiver applies, `YYYY-MM-DD`. From the day after, synth fails naming the
   * waiver, so that an exemption granted for a while is reviewed rather than forgotten.
   * @default none: the waiver does not expire
   */
  readonly expires?: string;
}

const optionsSchema = z.object({
  expires: withFix(
    z
      .string({ error: 'must be a date written YYYY-MM-DD' })
      .regex(ISO_DATE, { error: 'must be a date written YYYY-MM-DD' })
      .refine((d) => isoDate(d) !== undefined, { error: 'must be a date that exists' }),
    "write the last day the waiver applies as 'YYYY-MM-DD', e.g. { expires: '2027-01-31' }",
  ).optional(),
});

/**
 * Exempts a construct (and everything under it) from one rule, with a written reason. The
 * finding is still shown, as an info annotation naming the waiver and its reason, and the
 * waiver is in the catalog. A waiver that covers no finding is a warning.
 *
 * ```ts
 * Waivers.of(profileUpdated).waive('PII_CROSS_DOMAIN_READ', 'Marketing needs e-mail and opt-in for campaigns; approved by the privacy office');
 * ```
 */
export class Waivers {
  public static of(scope: IConstruct): Waivers {
    if (!scope || typeof scope !== 'object' || !('node' in scope)) {
      fail({
        path: '(waivers)',
        field: 'Waivers.of',
        value: formatValue(scope),
        problem: 'needs a construct',
        fix: 'pass the product, domain or stack the waiver covers',
      });
    }
    return new Waivers(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /** Waives `rule` for this construct and its children, for `reason`, until `options.expires` if set. */
  public waive(rule: string, reason: string, options: WaiverOptions = {}): this {
    const path = this.scope.node.path;
    const rules = knownRules();
    if (typeof rule !== 'string' || !rules.has(rule)) {
      const hint = typeof rule === 'string' ? closest(rule, rules.keys()) : undefined;
      fail({
        path,
        field: 'waive',
        value: rule,
        problem: 'names no rule',
        fix: hint ? `did you mean '${hint}'?` : `name one of ${[...rules.keys()].join(', ')}`,
      });
    }
    const text = typeof reason === 'string' ? reason.trim() : '';
    if (text.length < MIN_WAIVER_REASON) {
      fail({
        path,
        field: `waive(${JSON.stringify(rule)}) reason`,
        value: reason,
        problem: `must say why the rule does not apply here, in at least ${MIN_WAIVER_REASON} characters`,
        fix: `write the reason and who accepted it, e.g. waive('${rule}', 'Marketing needs the e-mail for campaigns; approved by the privacy office')`,
      });
    }
    refuseEmbeddedSecrets(reason, path, `waive(${JSON.stringify(rule)}) reason`);
    const o = validateProps(optionsSchema, options, path, `waive(${JSON.stringify(rule)})`);
    if (waiversOn(this.scope).some((w) => w.rule === rule)) {
      fail({
        path,
        field: `waive(${JSON.stringify(rule)})`,
        value: rule,
        problem: 'is already waived on this construct',
        fix: 'waive each rule once per construct; put every reason in that one waiver',
      });
    }
    addWaiver(this.scope, { rule, reason: text, path, ...(o.expires ? { expires: o.expires } : {}) });
    return this;
  }

  /** The waivers declared on this construct itself. */
  public get waivers(): readonly WaiverRecord[] {
    return waiversOn(this.scope);
  }
}
