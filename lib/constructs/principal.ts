import { z } from 'zod';
import { fail } from '../errors';
import { validateProps, withFix } from '../private/validation';
import { normalizePrincipal, principalName } from '../model/naming';

/**
 * Someone who can be granted access to a data product: a {@link Domain} (its principal) or a
 * {@link Principal} declared by name. Grants reference principals by name only, so a
 * producing domain's stack never needs another stack's state to plan.
 */
export interface IGrantee {
  /** The Kafka principal, e.g. `User:marketing`. */
  readonly principal: string;
  /** Prefix of the consumer groups this grantee uses, e.g. `marketing.`. */
  readonly consumerGroupPrefix: string;
  /** Who this is, for the catalog and review output (a domain or service name). */
  readonly granteeName: string;
}

export interface PrincipalOptions {
  /**
   * Prefix of the consumer groups this principal uses.
   * @default `<user name>.`, e.g. `analytics.` for `User:analytics`
   */
  readonly consumerGroupPrefix?: string;
}

const optionsSchema = z.object({
  // An empty prefix is the wildcard: the governance rule NO_WILDCARDS judges it at synth.
  consumerGroupPrefix: withFix(
    z.string({ error: 'must be a consumer group prefix' }).regex(/^[A-Za-z0-9._-]*$/, { error: 'must be letters, digits, ".", "_" and "-"' }),
    "e.g. 'analytics.'",
  ).optional(),
});

/** A principal referenced by name. It must be declared somewhere in the mesh to be granted. */
export class Principal implements IGrantee {
  /** `Principal.fromName('User:analytics')`; a bare `analytics` means `User:analytics`. */
  public static fromName(name: string, options: PrincipalOptions = {}): Principal {
    if (typeof name !== 'string')
      fail({ path: 'Principal.fromName', field: 'name', value: name, problem: 'must be a principal name', fix: "Principal.fromName('User:<name>')" });
    const o = validateProps(optionsSchema, options, `Principal.fromName(${JSON.stringify(name)})`);
    return new Principal(normalizePrincipal(name), o);
  }

  public readonly principal: string;
  public readonly consumerGroupPrefix: string;
  public readonly granteeName: string;

  private constructor(principal: string, options: PrincipalOptions) {
    this.principal = principal;
    this.granteeName = principalName(principal);
    this.consumerGroupPrefix = options.consumerGroupPrefix ?? `${this.granteeName}.`;
  }
}

export function isGrantee(x: unknown): x is IGrantee {
  return (
    typeof x === 'object' && x !== null && typeof (x as IGrantee).principal === 'string' && typeof (x as IGrantee).consumerGroupPrefix === 'string'
  );
}
