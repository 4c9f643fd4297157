import { fail } from './errors';
import { Domain } from './domain';
import { DomainDataProduct, DomainDataProductProps } from './data-product';
import { IGrantee } from './principal';

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
  public readonly producers: readonly IGrantee[];
  public readonly consumers: readonly IGrantee[];

  constructor(scope: Domain, id: string, props: SharedTopicProps) {
    const { producers = [], consumers = [], ...productProps } = props ?? ({} as SharedTopicProps);
    super(scope, id, productProps);
    for (const [field, list] of [['producers', producers], ['consumers', consumers]] as const) {
      if (!Array.isArray(list)) fail({ path: this.node.path, field, value: list, problem: 'must be a list of grantees', fix: `set ${field}: [domain, Principal.fromName('User:<name>')]` });
    }
    if (!this.valueSchema) {
      fail({ path: this.node.path, field: 'valueSchema', problem: 'is required: a shared topic needs a contract every producer follows', fix: 'set valueSchema (and compatibility)' });
    }
    if (this.compatibility === 'NONE') {
      fail({ path: this.node.path, field: 'compatibility', value: 'NONE', problem: 'must not be NONE for a shared topic: any producer could break every consumer', fix: "use 'BACKWARD', 'FULL' or a _TRANSITIVE level" });
    }
    if (producers.length === 0 && consumers.length === 0) {
      fail({ path: this.node.path, field: 'producers', value: [], problem: 'and consumers are both empty: nothing is shared', fix: 'declare the other domains that publish or read, or use a DomainDataProduct' });
    }
    this.producers = producers;
    this.consumers = consumers;
    producers.forEach((p) => this.grantWrite(p));
    consumers.forEach((c) => this.grantRead(c));
  }
}
