import { fail } from '../errors';
import { Domain } from './domain';
import { z } from 'zod';
import { DomainDataProduct, DomainDataProductProps, productShape } from './data-product';
import { IGrantee, isGrantee } from './principal';
import { withFix } from '../private/validation';

const grantees = (field: string) =>
  withFix(
    z.array(
      z.custom<IGrantee>((v) => isGrantee(v), { error: 'must be a Domain, a ServiceAccount or a Principal' }),
      { error: 'must be a list of grantees' },
    ),
    `set ${field}: [domain, Principal.fromName('User:<name>')]`,
  );

export interface SharedTopicProps extends DomainDataProductProps {
  /** Who publishes to the topic besides the owning domain. Each gets {@link DomainDataProduct.grantWrite}. */
  readonly producers?: IGrantee[];
  /** Who reads the topic. Each gets {@link DomainDataProduct.grantRead}. */
  readonly consumers?: IGrantee[];
}

/**
 * A topic several domains publish to or read from. One domain owns it (the topic is under its
 * prefix and lives in its stack); the others are declared as producers and consumers, and all
 * of them are bound by a contract: a value schema and a compatibility level other than NONE.
 *
 * ```ts
 * new SharedTopic(customer, 'profile-updated', {
 *   description: 'Customer profile changes, from every channel',
 *   valueSchema: Schema.avro(fromFile('schemas/customer/profile-updated.avsc')),
 *   compatibility: 'FULL_TRANSITIVE',
 *   producers: [sales, marketing],
 *   consumers: [finance],
 * });
 * ```
 */
export class SharedTopic extends DomainDataProduct {
  /** @internal */
  protected static readonly propsSchema = z.object({
    ...productShape,
    producers: grantees('producers').optional(),
    consumers: grantees('consumers').optional(),
  }) as unknown as z.ZodObject<typeof productShape>;

  public readonly producers: readonly IGrantee[];
  public override get kind(): 'product' | 'shared' {
    return 'shared';
  }

  public readonly consumers: readonly IGrantee[];

  constructor(scope: Domain, id: string, props: SharedTopicProps) {
    super(scope, id, props);
    const { producers = [], consumers = [] } = props;
    if (!this.valueSchema) {
      fail({
        path: this.node.path,
        field: 'valueSchema',
        problem: 'is required: a shared topic needs a contract every producer follows',
        fix: 'set valueSchema (and compatibility)',
      });
    }
    if (this.compatibility === 'NONE') {
      fail({
        path: this.node.path,
        field: 'compatibility',
        value: 'NONE',
        problem: 'must not be NONE for a shared topic: any producer could break every consumer',
        fix: "use 'BACKWARD', 'FULL' or a _TRANSITIVE level",
      });
    }
    if (producers.length === 0 && consumers.length === 0) {
      fail({
        path: this.node.path,
        field: 'producers',
        value: [],
        problem: 'and consumers are both empty: nothing is shared',
        fix: 'declare the other domains that publish or read, or use a DomainDataProduct',
      });
    }
    this.producers = producers;
    this.consumers = consumers;
    producers.forEach((p) => this.grantWrite(p));
    consumers.forEach((c) => this.grantRead(c));
  }
}
