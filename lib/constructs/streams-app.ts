import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { fail } from '../errors';
import { aclKey, AclSpec, allow, CLUSTER_RESOURCE, readAcls, writeAcls } from '../model/grants';
import { DomainDataProduct, ImportedDataProduct } from './data-product';
import type { IDataProduct } from './interfaces';
import { Domain } from './domain';
import { MeshResources } from '../terraform/mesh-resources';
import type { ApplicationModel, IApplication } from '../model/model';
import { normalizePrincipal, PRINCIPAL, topicNameProblem } from '../model/naming';
import { IGrantee, isGrantee, Principal } from './principal';
import { nonEmpty, validateProps, withFix, constructId } from '../private/validation';

/**
 * What an application reads: a data product of this app, or a product owned by another stack or
 * repository, `DomainDataProduct.fromTopicName(scope, 'inventory.stock-level-updated')`. A bare
 * topic name string is still accepted and means the same as `fromTopicName`.
 */
export type ApplicationInput = IDataProduct | string;

/** The principal an application runs as: a ServiceAccount, a Domain, a Principal, or `'User:<name>'`. */
export type ApplicationPrincipal = IGrantee | string;

export interface StreamsAppProps {
  /**
   * Kafka Streams' `application.id`: the consumer group, and the prefix of the internal topics
   * and transactional ids. Must start with the domain's prefix, so that all the app creates
   * stays in the domain's namespace. Letters, digits, `.`, `_` and `-`, at most 200 characters
   * (internal topic names add to it and Kafka allows 249).
   * @default `<domain>.<construct id>`, e.g. `sales.processOrder`
   */
  readonly applicationId?: string;
  /** What the app does, for the catalog. @default none */
  readonly description?: string;
  /**
   * The principal the app authenticates as. It must be declared in the mesh (a ServiceAccount,
   * a Domain's principal, or the mesh's `principals`); checked at synth.
   */
  readonly principal: ApplicationPrincipal;
  /**
   * What the app reads. Products of the app's own domain are granted here. Products of other
   * domains must be granted by their owner (`product.grantRead(...)` in the owner's stack, to
   * the app's principal); synth fails naming the missing grant otherwise.
   */
  readonly inputs: ApplicationInput[];
  /** Products of the app's own domain it writes. @default none */
  readonly outputs?: DomainDataProduct[];
  /**
   * `processing.guarantee=exactly_once_v2`: adds the transactional-id ACLs.
   * @default false (`at_least_once`)
   */
  readonly exactlyOnce?: boolean;
}

/** Kafka accepts these characters in names that become part of topic names. */
const KAFKA_NAME = /^[A-Za-z0-9._-]+$/;
const MAX_APPLICATION_ID = 200;

const productInstance = z.custom<DomainDataProduct>((v) => v instanceof DomainDataProduct, { error: 'must be a DomainDataProduct' });
const importedProduct = z.custom<ImportedDataProduct>((v) => v instanceof ImportedDataProduct, {
  error: 'must be DomainDataProduct.fromTopicName(...)',
});

/** zod schema of an application's principal: a grantee, or `User:<name>` (a bare name means `User:<name>`). */
export const applicationPrincipalSchema = withFix(
  z.union(
    [
      z.custom<IGrantee>((v) => isGrantee(v)),
      z
        .string()
        .transform(normalizePrincipal)
        .pipe(z.string().regex(PRINCIPAL, { error: "must look like 'User:<name>'" })),
    ],
    { error: "must be a ServiceAccount, a Domain, a Principal or 'User:<name>'" },
  ),
  "pass the ServiceAccount the platform declared for the app, or its principal as 'User:<name>'",
);

/** zod schema of an application's inputs. */
export const applicationInputsSchema = z.array(
  withFix(
    z.union(
      [
        productInstance,
        importedProduct,
        z.string().refine((t) => topicNameProblem(t) === undefined, { error: 'must be a DomainDataProduct or the topic name of one' }),
      ],
      {
        error: 'must be a DomainDataProduct or the topic name of one',
      },
    ),
    "pass the product, or its topic name such as 'inventory.stock-level-updated'",
  ),
  { error: 'must be a list of data products' },
);

/** zod schema of an application's outputs. */
export const applicationOutputsSchema = z.array(withFix(productInstance, 'pass the DomainDataProduct the app writes'), {
  error: 'must be a list of data products',
});

const propsSchema = z.object({
  applicationId: withFix(
    z
      .string({ error: 'must be a string' })
      .regex(KAFKA_NAME, { error: 'must use only letters, digits, ".", "_" and "-"' })
      .max(MAX_APPLICATION_ID, { error: `must be at most ${MAX_APPLICATION_ID} characters (Kafka Streams appends to it in topic names)` }),
    "set applicationId like 'sales.order-processor'",
  ).optional(),
  description: nonEmpty().optional(),
  principal: applicationPrincipalSchema,
  inputs: withFix(applicationInputsSchema.min(1, { error: 'must list at least one input' }), 'list the products the app reads'),
  outputs: applicationOutputsSchema.optional(),
  exactlyOnce: z.boolean({ error: 'must be true or false' }).optional(),
});

/**
 * The ACLs of a Kafka Streams app that do not depend on its inputs and outputs. With
 * `application.id` A (Kafka Streams 3.x, classic rebalance protocol):
 *
 * - internal topics `A-<name>-repartition` / `A-<name>-changelog`, PREFIXED on `A-`:
 *   `Create` (they are created at startup), `Read` and `Write` (repartitioning, changelogs and
 *   restoration), `Delete` (repartition topics are purged with DeleteRecords), `Describe`
 *   (metadata, offsets). Not `DescribeConfigs` or `Alter`: Kafka Streams 3.9 does neither on
 *   its internal topics. The prefix ends with `-` so that it never covers a data product.
 * - its consumer group, LITERAL `A`: `Read` (joins, commits, and the offset fetch that Read
 *   implies Describe for). Restore and global consumers use no group.
 * - `IdempotentWrite` on the cluster: Kafka Streams always enables idempotence (brokers since
 *   2.8 imply it from Write; older ones need it).
 * - with exactly-once, the transactional ids `A-<process id>-<thread>`, PREFIXED on `A-`:
 *   `Write` and `Describe`.
 */
export function streamsAppAcls(principal: string, applicationId: string, exactlyOnce: boolean): AclSpec[] {
  const internal = `${applicationId}-`;
  const acls: AclSpec[] = [
    ...(['Create', 'Read', 'Write', 'Delete', 'Describe'] as const).map((op) => allow(principal, op, 'Topic', internal, 'Prefixed')),
    allow(principal, 'Read', 'Group', applicationId),
    allow(principal, 'IdempotentWrite', 'Cluster', CLUSTER_RESOURCE),
  ];
  if (exactlyOnce)
    acls.push(
      allow(principal, 'Write', 'TransactionalID', internal, 'Prefixed'),
      allow(principal, 'Describe', 'TransactionalID', internal, 'Prefixed'),
    );
  return acls;
}

/** ACLs in a stable order (by key), without duplicates. */
export function sortedAcls(acls: readonly AclSpec[]): AclSpec[] {
  const byKey = new Map<string, AclSpec>();
  for (const acl of acls) byKey.set(aclKey(acl), acl);
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

/** The grantee of an application's principal (a string becomes a {@link Principal}). */
export function applicationGrantee(principal: IGrantee | string): IGrantee {
  return typeof principal === 'string' ? Principal.fromName(principal) : principal;
}

/** Identifies the application for the shared input and output wiring. */
export interface ApplicationWiring {
  readonly domain: Domain;
  readonly path: string;
  readonly grantee: IGrantee;
  /** How the app is named in messages, e.g. `the streams app sales.processOrder`. */
  readonly what: string;
}

/** Where an error points: `inputs` names `inputs[i]`; a function names each item itself. */
export type ItemField = string | ((i: number) => string);

function itemField(field: ItemField, i: number): string {
  return typeof field === 'string' ? `${field}[${i}]` : field(i);
}

/**
 * Resolves an application's inputs to topic names. Products of the app's domain are granted
 * here (`grantRead` with the app's consumer group, or the grantee's group prefix when it is
 * undefined); products of other domains are checked at synth for a read grant to the app's
 * principal by their owner.
 */
export function wireInputs(
  app: ApplicationWiring,
  inputs: readonly ApplicationInput[],
  consumerGroup: string | undefined,
  field: ItemField = 'inputs',
): string[] {
  const mesh = app.domain.mesh;
  const resources = MeshResources.of(app.domain);
  const topics: string[] = [];
  inputs.forEach((input, i) => {
    const where = itemField(field, i);
    const topic = typeof input === 'string' ? input : input.topicName;
    const product = input instanceof DomainDataProduct ? input : mesh.findProduct(topic);
    if (topics.includes(topic)) fail({ path: app.path, field: where, value: topic, problem: 'is listed twice', fix: 'list each input once' });
    topics.push(topic);
    if (product && product.domain === app.domain) {
      product.grantRead(app.grantee, consumerGroup === undefined ? {} : { consumerGroup });
      return;
    }
    if (product && product.domain.mesh !== mesh) {
      fail({
        path: app.path,
        field: where,
        value: topic,
        problem: 'is a product of another mesh (another environment)',
        fix: "pass the product of this environment's mesh, or its topic name",
      });
    }
    resources.defer(() => {
      const found = mesh.findProduct(topic);
      if (!found) {
        fail({
          path: app.path,
          field: where,
          value: topic,
          problem: 'is not a data product of the mesh',
          fix: `declare the product, or correct the topic name (products: ${mesh.products.map((p) => p.topicName).join(', ') || 'none'})`,
        });
      }
      if (found.domain === app.domain) {
        fail({
          path: app.path,
          field: where,
          value: topic,
          problem: `is a product of the app's own domain, declared after ${app.what}`,
          fix: 'pass the DomainDataProduct itself, so that the grant is made here',
        });
      }
      const granted = found.grants.some((g) => g.access === 'read' && g.principal === app.grantee.principal);
      if (!granted) {
        fail({
          path: app.path,
          field: where,
          value: topic,
          problem: `is owned by the ${found.domain.name} domain, which grants no read to ${app.grantee.principal}`,
          fix: `the owner grants it in stack ${TerraformStack.of(found).node.id}: ${found.node.id}.grantRead(Principal.fromName('${app.grantee.principal}'))`,
        });
      }
    });
  });
  return topics;
}

/**
 * Grants an application write on its outputs, products of its own domain (`grantWrite`).
 */
export function wireOutputs(
  app: ApplicationWiring,
  outputs: readonly DomainDataProduct[],
  transactionalIdPrefix?: string,
  field: ItemField = 'outputs',
): string[] {
  const topics: string[] = [];
  outputs.forEach((product, i) => {
    const where = itemField(field, i);
    if (product.domain !== app.domain) {
      fail({
        path: app.path,
        field: where,
        value: product.topicName,
        problem: `is a product of the ${product.domain.name} domain; ${app.what} runs in the ${app.domain.name} domain and writes only its own products`,
        fix: `declare the output as a product of ${app.domain.name}, or run the app in the ${product.domain.name} domain`,
      });
    }
    if (topics.includes(product.topicName))
      fail({ path: app.path, field: where, value: product.topicName, problem: 'is listed twice', fix: 'list each output once' });
    topics.push(product.topicName);
    product.grantWrite(app.grantee, transactionalIdPrefix ? { transactionalIdPrefix } : {});
  });
  return topics;
}

/** Refuses an application created outside a Domain: `what` names it (`the ksqlDB cluster`), `className` its class. */
export function requireDomainScope(app: Construct, scope: unknown, what: string, className: string): asserts scope is Domain {
  if (!(scope instanceof Domain)) {
    fail({
      path: app.node.path,
      field: 'scope',
      problem: `must be the Domain that runs ${what}`,
      fix: `create it as new ${className}(domain, id, props)`,
    });
  }
}

/** Defers the check that the principal is declared, and refuses a wildcard principal now. */
export function checkApplicationPrincipal(app: ApplicationWiring): void {
  if (app.grantee.principal.endsWith(':*')) {
    fail({
      path: app.path,
      field: 'principal',
      value: app.grantee.principal,
      problem: 'is a wildcard: every principal would get the app’s access',
      fix: 'run the app as a principal of its own (a ServiceAccount)',
    });
  }
  const mesh = app.domain.mesh;
  MeshResources.of(app.domain).defer(() => {
    mesh.requirePrincipal(app.grantee.principal, app.path, 'principal');
    const other = mesh.domains.find((d) => d !== app.domain && d.principal === app.grantee.principal && app.domain.principal !== d.principal);
    if (other) {
      fail({
        path: app.path,
        field: 'principal',
        value: app.grantee.principal,
        problem: `is the principal of the ${other.name} domain; ${app.what} runs in the ${app.domain.name} domain and would act with all of ${other.name}'s access`,
        fix: `run it as a principal of its own (a ServiceAccount) or as ${app.domain.principal}`,
      });
    }
  });
}

/** What {@link applicationModel} reads from an application construct. */
export interface ApplicationParts extends Construct {
  readonly domain: Domain;
  readonly principal: string;
  readonly description?: string;
  readonly inputTopics: readonly string[];
  readonly outputTopics: readonly string[];
}

/** An application's entry in the mesh model. */
export function applicationModel(
  app: ApplicationParts,
  name: string,
  kind: ApplicationModel['kind'],
  external?: ApplicationModel['external'],
  extra: Pick<ApplicationModel, 'externals' | 'queries'> = {},
): ApplicationModel {
  return {
    name,
    kind,
    domain: app.domain.name,
    principal: app.principal,
    ...(app.description ? { description: app.description } : {}),
    inputs: [...app.inputTopics],
    outputs: [...app.outputTopics],
    ...(external ? { external } : {}),
    ...(extra.externals?.length ? { externals: extra.externals } : {}),
    ...(extra.queries?.length ? { queries: extra.queries } : {}),
    stack: TerraformStack.of(app).node.id,
    constructPath: app.node.path,
  };
}

/**
 * Terraform outputs with an application's settings, `<prefix>_<name>` each (`cdktf output
 * <stack>` shows them): `{ name: [value, description] }`.
 */
export function settingOutputs(scope: Construct, prefix: string, outputs: Record<string, [string, string]>): void {
  for (const [name, [value, description]] of Object.entries(outputs)) {
    new TerraformOutput(scope, name, { value, description }).overrideLogicalId(`${prefix}_${name}`);
  }
}

/** A Terraform name (output, resource) from a Kafka name: other characters become `_`. */
export function terraformName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(safe) ? safe : `_${safe}`;
}

/**
 * A Kafka Streams application of a domain: its inputs and outputs, and exactly the ACLs it
 * needs for its principal, derived from them.
 *
 * ```ts
 * new StreamsApp(sales, 'processOrder', {
 *   principal: orderProcessor,            // a ServiceAccount of the platform stack
 *   inputs: [orders],
 *   outputs: [processedOrders],
 *   exactlyOnce: true,
 * });
 * ```
 *
 * With `application.id` A and principal P it creates:
 * - each input of its own domain: `grantRead(P, { consumerGroup: A })`: Read and Describe on
 *   the topic; inputs of other domains must be granted by their owner (checked at synth);
 * - each output: `grantWrite(P)`: Write and Describe on the topic, IdempotentWrite on the
 *   cluster, and with exactly-once Write and Describe on TransactionalID `A-*`;
 * - {@link streamsAppAcls}: Create, Read, Write, Delete and Describe on topics `A-*` (its
 *   internal topics), Read on group `A`, IdempotentWrite on the cluster, and with exactly-once
 *   Write and Describe on TransactionalID `A-*`.
 *
 * ACLs the principal's ServiceAccount (or Domain) writes already, such as IdempotentWrite, are
 * left to it, as for every grant. Terraform outputs give the client settings:
 * `streams_<A>_application_id`, `..._bootstrap_servers`, `..._principal` and
 * `..._processing_guarantee` (A with other characters than letters, digits, `_`, `-` as `_`).
 * The app is registered with the mesh for the catalog's lineage (`inputs -> A -> outputs`).
 */
export class StreamsApp extends Construct implements IApplication {
  public readonly domain: Domain;
  public readonly applicationId: string;
  public readonly description?: string;
  /** The Kafka principal the app runs as. */
  public readonly principal: string;
  public readonly exactlyOnce: boolean;
  /** Topics it reads. */
  public readonly inputTopics: readonly string[];
  /** Topics it writes. */
  public readonly outputTopics: readonly string[];
  /**
   * Every ACL the app needs, wherever it is written (the app's stack, the owners' stacks for
   * inputs of other domains, the ServiceAccount's stack for principal-level ACLs).
   */
  public readonly acls: readonly AclSpec[];
  /** The client settings for the app's configuration: `application.id`, `bootstrap.servers`, `processing.guarantee`. */
  public readonly clientSettings: Readonly<Record<string, string>>;

  constructor(scope: Domain, id: string, props: StreamsAppProps) {
    super(scope, constructId(scope, id, 'StreamsApp'));
    if (!(scope instanceof Domain)) {
      fail({
        path: this.node.path,
        field: 'scope',
        problem: 'must be the Domain that runs the app',
        fix: 'create the app as new StreamsApp(domain, id, props)',
      });
    }
    const p = validateProps(propsSchema, props, this.node.path);
    this.domain = scope;
    this.applicationId = p.applicationId ?? `${scope.name}.${id}`;
    if (p.applicationId === undefined) validateProps(propsSchema, { ...props, applicationId: this.applicationId }, this.node.path);
    if (!this.applicationId.startsWith(scope.topicPrefix)) {
      fail({
        path: this.node.path,
        field: 'applicationId',
        value: this.applicationId,
        problem: `must start with the domain's prefix "${scope.topicPrefix}": the app's internal topics and consumer group are named after it`,
        fix: `set applicationId to '${scope.topicPrefix}${this.applicationId}' or another name under ${scope.topicPrefix}`,
      });
    }
    const mesh = scope.mesh;
    const twin = mesh.applications.find((a): a is StreamsApp => a instanceof StreamsApp && a.applicationId === this.applicationId);
    if (twin)
      fail({
        path: this.node.path,
        field: 'applicationId',
        value: this.applicationId,
        problem: `is already the application id of ${twin.node.path}`,
        fix: 'give each Kafka Streams app its own applicationId',
      });
    this.description = p.description;
    this.exactlyOnce = p.exactlyOnce ?? false;
    const grantee = applicationGrantee(p.principal);
    this.principal = grantee.principal;
    const app: ApplicationWiring = { domain: scope, path: this.node.path, grantee, what: `the streams app ${this.applicationId}` };
    checkApplicationPrincipal(app);

    const internalPrefix = `${this.applicationId}-`;
    this.inputTopics = wireInputs(app, p.inputs, this.applicationId);
    this.outputTopics = wireOutputs(app, p.outputs ?? [], this.exactlyOnce ? internalPrefix : undefined);
    const own = streamsAppAcls(this.principal, this.applicationId, this.exactlyOnce);
    const resources = MeshResources.of(this);
    resources.addAcls({ acls: own, source: `streams app ${this.applicationId}` });
    resources.defer(() => {
      const covered = mesh.products.find((prod) => prod.topicName.startsWith(internalPrefix));
      if (covered) {
        fail({
          path: this.node.path,
          field: 'applicationId',
          value: this.applicationId,
          problem: `makes the internal-topic prefix "${internalPrefix}" cover the product ${covered.topicName}: the app could create, write and delete it`,
          fix: 'choose an applicationId that no product topic starts with (followed by "-")',
        });
      }
    });

    this.acls = sortedAcls([
      ...this.inputTopics.flatMap((t) => readAcls(this.principal, t, { name: this.applicationId })),
      ...this.outputTopics.flatMap((t) => writeAcls(this.principal, t, this.exactlyOnce ? internalPrefix : undefined)),
      ...own,
    ]);
    this.clientSettings = {
      'application.id': this.applicationId,
      'bootstrap.servers': mesh.cluster.bootstrapServers.join(','),
      'processing.guarantee': this.exactlyOnce ? 'exactly_once_v2' : 'at_least_once',
    };
    settingOutputs(this, `streams_${terraformName(this.applicationId)}`, {
      application_id: [this.applicationId, 'application.id of the Kafka Streams app'],
      bootstrap_servers: [this.clientSettings['bootstrap.servers'], 'bootstrap.servers for the app'],
      principal: [this.principal, 'The Kafka principal the app authenticates as'],
      processing_guarantee: [this.clientSettings['processing.guarantee'], 'processing.guarantee the ACLs were made for'],
    });
    mesh.registerApplication(this);
  }

  /** The keys of {@link acls} (`User:x Read Topic:sales.orders`), sorted. */
  public get aclKeys(): string[] {
    return this.acls.map(aclKey);
  }

  public toApplicationModel(): ApplicationModel {
    return applicationModel(this, this.applicationId, 'streams');
  }
}
