import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { ownerAcls } from '../model/grants';
import { KafkaMesh } from './kafka-mesh';
import { MeshResources } from '../terraform/mesh-resources';
import { fail } from '../errors';
import { deferGroupPrefixCheck } from '../private/namespace';
import { DOMAIN_NAME, ENTITY_NAME, keySubject, normalizePrincipal, PRINCIPAL, topicName, valueSubject } from '../model/naming';
import { IGrantee } from './principal';
import {
  constructId,
  intRange,
  kafkaTopicName,
  nonEmpty,
  refuseEmbeddedSecrets,
  validateProps,
  validatePropsWithDefault,
  withFix,
} from '../private/validation';

export interface DecommissionOptions {
  /** Why the data may be deleted: recorded in the catalog and the review output. */
  readonly reason: string;
  /** The product's version, when it had one (`.v<N>` topics). @default none */
  readonly version?: number;
  /**
   * The topic's name, for a product adopted under the name it had before the mesh
   * (`existingTopicName`). @default `<domain>.<entity>` (with `.v<version>`)
   */
  readonly existingTopicName?: string;
  /** The subjects to delete with it. @default `<topic>-value` and `<topic>-key` */
  readonly subjects?: string[];
}

export interface DomainProps {
  /**
   * The domain's name: its topics are `<name>.<entity>`.
   * @default the construct id
   */
  readonly name?: string;
  /** The owning team, e.g. `sales-team@example.com`. Shown in the catalog and on every product. */
  readonly owner: string;
  /** How to reach the team (chat channel, on-call, e-mail). @default the owner */
  readonly contact?: string;
  /** What the domain is about. @default none */
  readonly description?: string;
  /** The domain's Kafka principal, e.g. `User:sales`; a bare `sales` means `User:sales`. */
  readonly principal: string;
  /** Prefix of the domain's consumer groups. @default `<name>.` */
  readonly consumerGroupPrefix?: string;
  /**
   * Give the domain's principal access to everything under its own prefix with PREFIXED ACLs:
   * Read, Write and Describe on topics `<name>.*`, Read on groups `<consumerGroupPrefix>*`, and
   * IdempotentWrite on the cluster. Literal grants to the domain on its own topics are then
   * already covered and are not written twice. A product adopted under its own name
   * (`existingTopicName`, outside the prefix) gets literal Read, Write and Describe instead.
   * @default true
   */
  readonly ownerAccess?: boolean;
}

const propsSchema = z.object({
  name: withFix(
    z
      .string({ error: 'must be a string' })
      .regex(DOMAIN_NAME, { error: 'must be lower-case letters, digits and dashes, starting with a letter (at most 63)' }),
    "name the domain like 'sales' or 'customer-support'",
  ).optional(),
  owner: nonEmpty('must name the owning team', "set owner to the team's e-mail or name"),
  contact: nonEmpty().optional(),
  description: nonEmpty().optional(),
  principal: withFix(
    z
      .string({ error: 'must be a string' })
      .transform(normalizePrincipal)
      .pipe(z.string().regex(PRINCIPAL, { error: 'must look like User:<name>' })),
    "set principal to the domain's Kafka principal, e.g. 'User:sales'",
  ),
  consumerGroupPrefix: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, { error: 'must be a consumer group prefix such as "sales."' })
    .optional(),
  ownerAccess: z.boolean().optional(),
});

const decommissionSchema = z.object({
  reason: nonEmpty(
    'must say why the data may be deleted',
    "decommission('orders', { reason: 'replaced by sales.orders.v2, consumers moved on 2026-11-01' })",
  ),
  version: intRange(1, 999).optional(),
  existingTopicName: kafkaTopicName("give the adopted product's existingTopicName, e.g. 'legacy_payments'").optional(),
  subjects: z.array(nonEmpty('must be a subject name'), { error: 'must be a list of subjects' }).optional(),
});

/**
 * A business domain that owns data products: it owns the topic prefix `<name>.` and nothing
 * else. Its products are its children:
 *
 * ```ts
 * const sales = new Domain(this, 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
 * new DomainDataProduct(sales, 'orders', { description: 'Orders placed in the web shop' });
 * ```
 *
 * A Domain is also a grantee: `product.grantRead(sales)` grants its principal.
 */
export class Domain extends Construct implements IGrantee {
  public readonly name: string;
  public readonly owner: string;
  public readonly contact: string;
  public readonly description?: string;
  public readonly principal: string;
  public readonly consumerGroupPrefix: string;
  /** `<name>.` */
  public readonly topicPrefix: string;
  /** Whether the domain's principal has access to everything the domain owns (see {@link DomainProps.ownerAccess}). */
  public readonly ownerAccess: boolean;
  public readonly mesh: KafkaMesh;
  private readonly decommissions: { topic: string; reason: string }[] = [];

  constructor(scope: Construct, id: string, props: DomainProps) {
    super(scope, constructId(scope, id, 'Domain'));
    const { props: p, value: name } = validatePropsWithDefault(propsSchema, props, this.node.path, 'name', () => id, DOMAIN_NAME);
    this.name = name;
    this.owner = p.owner;
    this.contact = p.contact ?? p.owner;
    this.description = p.description;
    this.principal = p.principal;
    this.consumerGroupPrefix = p.consumerGroupPrefix ?? `${this.name}.`;
    this.topicPrefix = `${this.name}.`;
    this.mesh = KafkaMesh.of(this);
    this.mesh._registerDomain(this);
    const ownerAccess = (this.ownerAccess = p.ownerAccess ?? true);
    this.mesh.declarePrincipal({
      principal: this.principal,
      declaredBy: this.node.path,
      description: `principal of the ${this.name} domain`,
      stack: TerraformStack.of(this),
      ...(ownerAccess
        ? { ownsGroupPrefix: this.consumerGroupPrefix, aclOwner: this.node.path, aclOwnerRank: 2 }
        : { groupPrefix: this.consumerGroupPrefix }),
    });
    MeshResources.of(this).protectDomain();
    deferGroupPrefixCheck(this.mesh, (check) => MeshResources.of(this).defer(check), this.node.path, this.principal, this.consumerGroupPrefix);
    if (ownerAccess) {
      MeshResources.of(this).addAcls(ownerAcls(this.principal, this.topicPrefix, this.consumerGroupPrefix));
    }
  }

  public get granteeName(): string {
    return this.name;
  }

  /**
   * Deletes a product on purpose: its topic, all its data, and its schema subjects. Required to
   * remove a protected product; delete the product's declaration and add this instead.
   * Terraform plans it as a move to `kafka_topic.decommissioned[...]` followed by a destroy.
   * Keep the line until the change is deployed everywhere; then it may go.
   */
  public decommission(entity: string, options: DecommissionOptions): void {
    const path = `${this.node.path}/decommission(${entity})`;
    if (typeof entity !== 'string' || !ENTITY_NAME.test(entity)) {
      fail({
        path,
        field: 'entity',
        value: entity,
        problem: 'must be the entity of the removed product',
        fix: "decommission('orders', { reason: '...' }) for the topic <domain>.orders",
      });
    }
    refuseEmbeddedSecrets(options, path);
    const o = validateProps(decommissionSchema, options, path);
    const reason = o.reason;
    if (o.existingTopicName !== undefined && o.version !== undefined)
      fail({
        path,
        field: 'version',
        value: o.version,
        problem: `is set together with existingTopicName ${JSON.stringify(o.existingTopicName)}, which names the topic`,
        fix: 'drop version',
      });
    const topic = o.existingTopicName ?? topicName(this.name, entity, o.version);
    MeshResources.of(this).decommission({ topic, subjects: o.subjects ?? [valueSubject(topic), keySubject(topic)], reason, path });
    this.decommissions.push({ topic, reason });
  }

  /** Products decommissioned in this domain, with the reasons. */
  public get decommissioned(): readonly { topic: string; reason: string }[] {
    return this.decommissions;
  }
}
