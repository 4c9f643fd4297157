import { Construct } from 'constructs';
import { z } from 'zod';
import { fail } from '../errors';
import { aclKey, AclSpec, allow, CLUSTER_RESOURCE, readAcls, writeAcls } from '../model/grants';
import { DomainDataProduct } from './data-product';
import { Domain } from './domain';
import { MeshResources } from '../terraform/mesh-resources';
import type { ApplicationModel, IApplication } from '../model/model';
import {
  ApplicationInput,
  applicationGrantee,
  applicationInputsSchema,
  applicationModel,
  applicationOutputsSchema,
  ApplicationPrincipal,
  applicationPrincipalSchema,
  ApplicationWiring,
  checkApplicationPrincipal,
  settingOutputs,
  sortedAcls,
  terraformName,
  wireInputs,
  wireOutputs,
} from './application';
import { nonEmpty, validatePropsWithDefault, withFix, constructId } from '../private/validation';

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
    const { props: p, value: applicationId } = validatePropsWithDefault(
      propsSchema,
      props,
      this.node.path,
      'applicationId',
      () => `${scope.name}.${id}`,
    );
    this.domain = scope;
    this.applicationId = applicationId;
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
    this.outputTopics.forEach((topic, i) => {
      if (this.inputTopics.includes(topic))
        fail({
          path: this.node.path,
          field: `outputs[${i}]`,
          value: topic,
          problem: 'is also one of the inputs: the app would read back every record it writes, without end',
          fix: 'write the result to a product of its own (for example a new entity), and keep the input as it is',
        });
    });
    const own = streamsAppAcls(this.principal, this.applicationId, this.exactlyOnce);
    const resources = MeshResources.of(this);
    resources.addAcls(own);
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
      applicationId: [this.applicationId, 'application.id of the Kafka Streams app'],
      bootstrapServers: [this.clientSettings['bootstrap.servers'], 'bootstrap.servers for the app'],
      principal: [this.principal, 'The Kafka principal the app authenticates as'],
      processingGuarantee: [this.clientSettings['processing.guarantee'], 'processing.guarantee the ACLs were made for'],
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
