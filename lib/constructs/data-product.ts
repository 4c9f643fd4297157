import { callerLocation, SourceLocation } from '../private/source-location';
import { Construct } from 'constructs';
import { z } from 'zod';
import { checkAll, fail } from '../errors';
import { checkNamespace, domainsOf, NamespaceUse } from '../private/namespace';
import { AclSpec, ownerTopicAcls, readAcls, writeAcls } from '../model/grants';
import { Domain } from './domain';
import { MeshResources } from '../terraform/mesh-resources';
import { CLASSIFICATIONS } from '../model/model';
import type { Classification, Grant, GrantAccess, Protection, ServiceLevel } from '../model/model';
import type { GrantReadOptions, GrantWriteOptions, IDataProduct, IMeshProduct } from './interfaces';
import { DOMAIN_NAME, ENTITY_NAME, kafkaTopicNameProblem, keySubject, topicName, topicNameProblem, valueSubject } from '../model/naming';
import { IGrantee, isGrantee } from './principal';
import { CompatibilityLevel, COMPATIBILITY_LEVELS } from '../compat';
import { Schema } from '../model/schema';
import { ResolvedTopic, resolveTopic, TopicSettings, topicSettingsShape } from '../model/topic-config';
import { intRange, kafkaTopicName, nonEmpty, validateProps, validatePropsWithDefault, withFix, constructId } from '../private/validation';

export { CLASSIFICATIONS } from '../model/model';
export type { Classification, Grant, GrantAccess, ServiceLevel } from '../model/model';

export interface DomainDataProductProps extends TopicSettings {
  /**
   * The entity; the topic is `<domain>.<entity>` (plus `.v<version>`).
   * @default the construct id
   */
  readonly entity?: string;
  /** A product version; `version: 2` makes the topic `<domain>.<entity>.v2`. @default none */
  readonly version?: number;
  /**
   * Adopt a topic that existed before the mesh under its own name (`legacy_payments`,
   * `ORDERS-v1`) instead of `<domain>.<entity>`: renaming a topic in Kafka means a new topic and
   * moving every consumer. The topic and its subjects (`<name>-value`, `<name>-key`) use this
   * name; the entity still names the product in the catalog. Any legal Kafka topic name that no
   * other product declares and that is not inside another domain's prefix `<other>.`. The
   * TOPIC_NAMING rule flags it until waived with a reason
   * (`Waivers.of(product).waive('TOPIC_NAMING', '...')`); with `ownerAccess` the domain's
   * principal gets literal Read, Write and Describe on it, as its prefixed ACLs do not cover it.
   * `kafka-mesh import` writes it for topics whose names do not fit.
   * @default none: the topic is `<domain>.<entity>`
   */
  readonly existingTopicName?: string;
  /** What the product holds, for the people who will consume it. */
  readonly description: string;
  /** The owning team. @default the domain's owner */
  readonly owner?: string;
  /** Free-form tags for discovery. @default none */
  readonly tags?: string[];
  /** How sensitive the data is. @default 'internal' */
  readonly classification?: Classification;
  /** Service level the owner promises. @default none */
  readonly sla?: ServiceLevel;
  /** Schema of record values; registered as `<topic>-value`. @default none */
  readonly valueSchema?: Schema;
  /** Schema of record keys; registered as `<topic>-key`. @default none */
  readonly keySchema?: Schema;
  /**
   * Compatibility level of the product's subjects: which schema changes the registry accepts.
   * @default 'BACKWARD' (consumers on the new schema can read old data), when a schema is set
   */
  readonly compatibility?: CompatibilityLevel;
  /**
   * Whether Terraform may destroy the topic and subjects. `'retain'` writes `prevent_destroy`;
   * `'destroy'` is for scratch products whose data nobody needs.
   * @default 'retain'
   */
  readonly removalPolicy?: 'retain' | 'destroy';
  /**
   * Accepts, for this change, that the topic loses its data: a partition decrease (Kafka then
   * deletes and recreates the topic). Say why. Lifts `prevent_destroy` for the topic while set.
   * @default none: such changes fail at synth against the mesh lock
   */
  readonly acknowledgeDataLoss?: string;
}

export type { GrantReadOptions, GrantWriteOptions, IDataProduct } from './interfaces';

/** A consumer group id or transactional-id prefix: a non-empty name without `*` or spaces. */
const kafkaName = (example: string) =>
  withFix(
    z
      .string({ error: 'must be a non-empty name of letters, digits, ".", "_" and "-"' })
      .regex(/^[A-Za-z0-9._-]+$/, { error: 'must be a non-empty name of letters, digits, ".", "_" and "-"' }),
    `use ${example}`,
  );
const grantReadSchema = z.object({ consumerGroup: kafkaName("a consumer group id such as 'marketing.orders-loader'").optional() });
const grantWriteSchema = z.object({ transactionalIdPrefix: kafkaName("a prefix such as 'sales.checkout-'").optional() });

const schemaInstance = withFix(
  z.custom<Schema>((v) => v instanceof Schema, { error: 'must be a Schema (Schema.avro(...), Schema.jsonSchema(...) or Schema.protobuf(...))' }),
  "wrap the schema: Schema.avro(fromFile('schemas/<domain>/<entity>.avsc')) or Schema.avro({ type: 'record', ... })",
);

export const productShape = {
  ...topicSettingsShape,
  entity: withFix(
    z.string({ error: 'must be a string' }).regex(ENTITY_NAME, { error: 'must be lower-case letters, digits, "-" and "_" (dots between parts)' }),
    "name the entity like 'orders' or 'stock-level-updated'",
  ).optional(),
  version: intRange(1, 999).optional(),
  existingTopicName: kafkaTopicName("give the topic's exact name on the cluster, e.g. 'legacy_payments'").optional(),
  description: nonEmpty('must describe the product', 'say in a sentence what the product holds, for its consumers'),
  owner: nonEmpty().optional(),
  tags: z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { error: 'must be lower-case words' })).optional(),
  classification: withFix(
    z.enum(CLASSIFICATIONS, { error: `must be one of ${CLASSIFICATIONS.join(', ')}` }),
    "use 'pii' for personal data",
  ).optional(),
  sla: z
    .object({
      availabilityPercent: z
        .number({ error: 'must be a percentage from 0 to 100' })
        .min(0, { error: 'must be a percentage from 0 to 100' })
        .max(100, { error: 'must be a percentage from 0 to 100' })
        .optional(),
      maxLatencyMs: intRange(0, Number.MAX_SAFE_INTEGER, 'give the latency in whole milliseconds, e.g. 5000').optional(),
      support: nonEmpty().optional(),
    })
    .strict()
    .optional(),
  valueSchema: schemaInstance.optional(),
  keySchema: schemaInstance.optional(),
  compatibility: withFix(
    z.enum(COMPATIBILITY_LEVELS, { error: `must be one of ${COMPATIBILITY_LEVELS.join(', ')}` }),
    "'BACKWARD' suits most products",
  ).optional(),
  removalPolicy: z.enum(['retain', 'destroy'], { error: "must be 'retain' or 'destroy'" }).optional(),
  acknowledgeDataLoss: nonEmpty(
    'must say why the data may be lost',
    "acknowledgeDataLoss: 'reprocessed from the source; consumers informed'",
  ).optional(),
};

const propsSchema = z.object(productShape);

/** The tags of a product given none: one shared empty list. */
const NO_TAGS: readonly string[] = Object.freeze([]);

/**
 * A data product: a topic `<domain>.<entity>` owned by a domain, with its schemas and
 * compatibility policy, typed topic settings, product metadata, and access grants.
 *
 * ```ts
 * const orders = new DomainDataProduct(sales, 'orders', {
 *   description: 'Orders placed in the web shop',
 *   partitions: 3, replicationFactor: 3, retentionMs: 86_400_000,
 *   valueSchema: Schema.avro(fromFile('schemas/sales/orders.avsc')), compatibility: 'BACKWARD',
 * });
 * orders.grantRead(marketing);
 * ```
 *
 * Terraform: `kafka_topic.protected["sales.orders"]`, `restapi_object.subject["sales.orders-value"]` (with the default restapi schema backend)
 * and the grants' `kafka_acl.allow[...]` entries, in the stack holding the domain.
 */
export class DomainDataProduct extends Construct implements IMeshProduct {
  /** @internal the zod schema of the props; a subclass with more props extends it */
  protected static readonly propsSchema: z.ZodObject<typeof productShape> = propsSchema;

  public readonly domain: Domain;
  public readonly entity: string;
  public readonly version?: number;
  public readonly topicName: string;
  /** The name the topic had before the mesh, when adopted under it (see {@link DomainDataProductProps.existingTopicName}). */
  public readonly existingTopicName?: string;
  public readonly description: string;
  public readonly owner: string;
  public readonly tags: readonly string[];
  public readonly classification: Classification;
  public readonly sla?: ServiceLevel;
  public readonly valueSchema?: Schema;
  public readonly keySchema?: Schema;
  public readonly compatibility?: CompatibilityLevel;
  public readonly protection: Protection;
  public readonly acknowledgeDataLoss?: string;
  public readonly topic: ResolvedTopic;
  /** Where the product is declared in the user's code (see {@link callerLocation}). */
  public readonly source?: SourceLocation;
  private readonly grantList: ProductGrant[] = [];
  private readonly resources: MeshResources;
  /** `node.path`, made once: constructs build it anew on every read, and a product names it in every check it defers. */
  private cachedPath?: string;

  constructor(scope: Domain, id: string, props: DomainDataProductProps) {
    super(scope, constructId(scope, id, 'DomainDataProduct'));
    if (!(scope instanceof Domain)) {
      fail({
        path: this.constructPath,
        field: 'scope',
        problem: 'must be the Domain that owns the product',
        fix: 'create the product as new DomainDataProduct(domain, id, props)',
      });
    }
    // A subclass with more props (SharedTopic) validates them all here, so that an unknown prop
    // is told every known one.
    const schema = (new.target as unknown as { readonly propsSchema: typeof propsSchema }).propsSchema;
    const { props: p, value: entity } = validatePropsWithDefault(schema, props, this.constructPath, 'entity', () => id, ENTITY_NAME);
    this.source = callerLocation();
    this.domain = scope;
    this.entity = entity;
    this.version = p.version;
    if (p.existingTopicName !== undefined && p.version !== undefined) {
      fail({
        path: this.constructPath,
        field: 'version',
        value: p.version,
        problem: `is set together with existingTopicName ${JSON.stringify(p.existingTopicName)}, which names the topic as it is`,
        fix: 'drop version; a new version is a new product under <domain>.<entity>.v<N>',
      });
    }
    this.existingTopicName = p.existingTopicName;
    this.topicName = p.existingTopicName ?? topicName(scope.name, this.entity, p.version);
    const nameProblem = p.existingTopicName === undefined ? topicNameProblem(this.topicName) : undefined;
    if (nameProblem) fail({ path: this.constructPath, field: 'topic', value: this.topicName, problem: nameProblem, fix: 'shorten the entity name' });
    this.description = p.description;
    this.owner = p.owner ?? scope.owner;
    this.tags = p.tags ?? NO_TAGS;
    this.classification = p.classification ?? 'internal';
    this.sla = p.sla;
    this.valueSchema = p.valueSchema;
    this.keySchema = p.keySchema;
    if (p.compatibility && !p.valueSchema && !p.keySchema) {
      fail({
        path: this.constructPath,
        field: 'compatibility',
        value: p.compatibility,
        problem: 'is set but the product has no schema',
        fix: 'add a valueSchema (or keySchema), or drop compatibility',
      });
    }
    this.compatibility = p.valueSchema || p.keySchema ? (p.compatibility ?? 'BACKWARD') : undefined;
    this.protection = p.removalPolicy === 'destroy' || p.acknowledgeDataLoss ? 'unprotected' : 'protected';
    this.acknowledgeDataLoss = p.acknowledgeDataLoss;
    this.topic = resolveTopic(this.constructPath, p, scope.mesh.topicDefaults);

    scope.mesh._registerProduct(this);
    this.resources = MeshResources.of(this);
    if (this.existingTopicName !== undefined) this.adoptExistingName(this.existingTopicName);
    this.resources.addTopic({
      name: this.topicName,
      partitions: this.topic.partitions,
      replicationFactor: this.topic.replicationFactor,
      config: this.topic.config,
      protection: this.protection,
      path: this.constructPath,
      dataLossAcknowledged: this.acknowledgeDataLoss,
      declared: this.topic.declared,
    });
    for (const [field, schema, subject] of [
      ['valueSchema', this.valueSchema, valueSubject(this.topicName)],
      ['keySchema', this.keySchema, keySubject(this.topicName)],
    ] as const) {
      if (!schema) continue;
      schema.validate(this.constructPath, field);
      this.resources.addSchema({
        subject,
        schema: schema.text(this.constructPath, field),
        type: schema.type,
        compatibility: this.compatibility!,
        ...(schema.references.length ? { references: schema.references.map((r) => ({ name: r.name, subject: r.subject, version: r.version })) } : {}),
        protection: this.protection,
        path: this.constructPath,
        registration: schema.registration,
      });
    }
  }

  /**
   * A product owned by another stack or repository, by its topic name (`'inventory.stock-level-updated'`),
   * as an input of a StreamsApp or Connector: its owner grants the read in its own stack, and
   * synth checks that grant when the owner's stack is in the same app. A product adopted under
   * its own name (`existingTopicName`, e.g. `'legacy_payments'`) is referenced by that name; its
   * domain is then `options.domain` (or, when the product is declared in the same app, its own).
   */
  public static fromTopicName(scope: Construct, topicName: string, options: { readonly domain?: string } = {}): IDataProduct {
    const where = scope.node.path || '(root)';
    const problem = typeof topicName !== 'string' ? 'must be a topic name' : kafkaTopicNameProblem(topicName);
    if (problem)
      fail({
        path: where,
        field: 'fromTopicName',
        value: topicName,
        problem,
        fix: "pass the product's topic name, such as 'inventory.stock-level-updated'",
      });
    const domain = options.domain ?? (DOMAIN_NAME.test(topicName.split('.')[0]) && topicName.includes('.') ? topicName.split('.')[0] : undefined);
    if (domain === undefined || !DOMAIN_NAME.test(domain))
      fail({
        path: where,
        field: options.domain === undefined ? 'fromTopicName' : 'fromTopicName.domain',
        value: options.domain ?? topicName,
        problem:
          options.domain === undefined
            ? 'is not <domain>.<entity>, so it does not name its domain'
            : 'must be a domain name (lower-case letters, digits and dashes, starting with a letter)',
        fix: `for a topic adopted under its own name, name its domain: fromTopicName(scope, ${JSON.stringify(topicName)}, { domain: 'payments' })`,
      });
    return new ImportedDataProduct(topicName, domain);
  }

  /**
   * A topic adopted under its own name: refused (at synth, when every domain is known) inside
   * another domain's prefix; with `ownerAccess`, the domain's principal gets literal access to
   * it, since its prefixed ACLs on `<domain>.` do not cover the name. Written once, here, in the
   * stack that declares the topic.
   */
  private adoptExistingName(name: string): void {
    const mesh = this.domain.mesh;
    const own = this.domain.name;
    const path = this.constructPath;
    this.resources.defer(() => {
      const other = mesh.domains.find((d) => d.name !== own && name.startsWith(d.topicPrefix));
      if (other)
        fail({
          path,
          field: 'existingTopicName',
          value: name,
          problem: `is inside the prefix ${other.topicPrefix} that the ${other.name} domain owns`,
          fix: `declare the product in the ${other.name} domain (new DomainDataProduct(${other.name}, ...)), whose prefix it is under`,
        });
    });
    if (this.domain.ownerAccess) this.resources.addAcls(ownerTopicAcls(this.domain.principal, name));
  }

  private get constructPath(): string {
    return (this.cachedPath ??= this.node.path);
  }

  /** `'shared'` for a SharedTopic. */
  public get kind(): 'product' | 'shared' {
    return 'product';
  }

  /** The owning domain's name. */
  public get domainName(): string {
    return this.domain.name;
  }

  /** Subjects of the product's schemas (`<topic>-value`, `<topic>-key`). */
  public get subjects(): string[] {
    return [this.valueSchema && valueSubject(this.topicName), this.keySchema && keySubject(this.topicName)].filter((s): s is string => !!s);
  }

  /** Every grant made on this product. */
  public get grants(): readonly Grant[] {
    return this.grantList;
  }

  /**
   * Lets `consumer` read the product. Creates, for its principal:
   * - `Read` and `Describe` on the topic (LITERAL `<topic>`);
   * - `Read` on its consumer groups (PREFIXED on its consumer group prefix, or LITERAL on
   *   `options.consumerGroup`).
   * The group ACL is written here only when nothing else writes it: a Domain (with
   * `ownerAccess`) and a ServiceAccount write their principal's group ACLs in their own stack.
   * The principal must be declared somewhere in the mesh (checked at synth).
   */
  public grantRead(consumer: IGrantee, options: GrantReadOptions = {}): Grant {
    const grantee = this.checkGrantee(consumer, 'grantRead');
    const o = validateProps(grantReadSchema, options, this.constructPath, 'grantRead');
    const grant =
      o.consumerGroup !== undefined
        ? new ProductGrant(grantee, 'read', this.topicName, o.consumerGroup, 'literal')
        : new ProductGrant(grantee, 'read', this.topicName, grantee.consumerGroupPrefix, 'prefix');
    return this.addGrant(grant);
  }

  /**
   * Lets `producer` write to the product. Creates, for its principal:
   * - `Write` and `Describe` on the topic (LITERAL `<topic>`);
   * - `IdempotentWrite` on the cluster (idempotent producers, the default since Kafka 3.0),
   *   unless the Domain or ServiceAccount declaring the principal writes it already;
   * - with `transactionalIdPrefix`: `Write` and `Describe` on TransactionalID (PREFIXED).
   * The principal must be declared somewhere in the mesh (checked at synth).
   */
  public grantWrite(producer: IGrantee, options: GrantWriteOptions = {}): Grant {
    const grantee = this.checkGrantee(producer, 'grantWrite');
    const o = validateProps(grantWriteSchema, options, this.constructPath, 'grantWrite');
    return this.addGrant(new ProductGrant(grantee, 'write', this.topicName, o.transactionalIdPrefix, 'prefix'));
  }

  /** Grants read and write. */
  public grantReadWrite(grantee: IGrantee): Grant[] {
    return [this.grantRead(grantee), this.grantWrite(grantee)];
  }

  /**
   * The checks of the product's grants, run at synth when every domain and principal is known:
   * each grantee's principal is declared somewhere in the mesh, and a consumer group or
   * transactional id it is given lies in no other domain's namespace (only the owner, this
   * product's domain, and the grantee's own domain may hand out names under their prefix).
   * Every grant is checked; the problems of all are reported together.
   */
  private checkGrants(): void {
    const mesh = this.domain.mesh;
    const path = this.constructPath;
    checkAll(
      this.grantList.flatMap((grant) => {
        const namespace = grant.namespace();
        const { principal, access } = grant;
        return [
          ...(namespace ? [() => checkNamespace(mesh, { path, ...namespace, allowed: [this.domain.name, ...domainsOf(mesh, principal)] })] : []),
          () => mesh.requirePrincipal(principal, path, access === 'read' ? 'grantRead' : 'grantWrite'),
        ];
      }),
    );
  }

  private checkGrantee(grantee: unknown, method: string): IGrantee {
    if (!isGrantee(grantee)) {
      fail({
        path: this.constructPath,
        field: method,
        value: grantee,
        problem: 'needs a Domain, a ServiceAccount or a Principal',
        fix: "pass a Domain, or Principal.fromName('User:<name>')",
      });
    }
    if (grantee.principal.endsWith(':*')) {
      fail({
        path: this.constructPath,
        field: method,
        value: grantee.principal,
        problem: 'would grant every principal (a wildcard)',
        fix: 'grant named principals; wildcard access is a platform decision made with an explicit ACL',
      });
    }
    return grantee;
  }

  private addGrant(grant: ProductGrant): Grant {
    this.grantList.push(grant);
    this.resources.addAcls(grant.acls);
    if (this.grantList.length === 1) this.resources.defer(() => this.checkGrants());
    return grant;
  }
}

/**
 * A grant as a product keeps it: who, which access, and the one name the grant hands out (a
 * consumer group or its prefix; a transactional-id prefix). Its ACLs and its namespace are made
 * again when asked for: the stack's ACL index keeps each distinct ACL once, and a mesh of 20,000
 * products makes some 60,000 grants, whose ACLs and check records kept here were about 1 KB a
 * product.
 */
class ProductGrant implements Grant {
  public readonly grantee: string;
  public readonly principal: string;

  constructor(
    grantee: IGrantee,
    public readonly access: GrantAccess,
    private readonly topic: string,
    /** read: the consumer group (literal) or its prefix; write: the transactional-id prefix, if any. */
    private readonly name: string | undefined,
    private readonly kind: 'literal' | 'prefix',
  ) {
    this.grantee = grantee.granteeName;
    this.principal = grantee.principal;
  }

  public get acls(): AclSpec[] {
    if (this.access === 'write') return writeAcls(this.principal, this.topic, this.name);
    return readAcls(this.principal, this.topic, this.kind === 'literal' ? { name: this.name! } : { prefix: this.name! });
  }

  /** The namespace the grant hands out a name in, checked at synth; none for a write without transactions. */
  public namespace(): Pick<NamespaceUse, 'name' | 'kind' | 'field' | 'what'> | undefined {
    if (this.name === undefined) return undefined;
    if (this.access === 'write') return { name: this.name, kind: 'prefix', field: 'grantWrite.transactionalIdPrefix', what: 'transactional id' };
    return { name: this.name, kind: this.kind, field: this.kind === 'literal' ? 'grantRead.consumerGroup' : 'grantRead', what: 'consumer group' };
  }

  /** As JSON, the grant with its ACLs (as the plain object it was before its ACLs were made on demand). */
  public toJSON(): Grant {
    return { grantee: this.grantee, principal: this.principal, access: this.access, acls: this.acls };
  }
}

/** A product owned elsewhere, known by its topic name only (see {@link DomainDataProduct.fromTopicName}). */
export class ImportedDataProduct implements IDataProduct {
  constructor(
    public readonly topicName: string,
    public readonly domainName: string,
  ) {}
}
