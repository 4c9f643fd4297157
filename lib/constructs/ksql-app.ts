import { Construct } from 'constructs';
import { z } from 'zod';
import { fail } from '../errors';
import { aclKey, AclSpec, allow, CLUSTER_RESOURCE } from '../model/grants';
import { DomainDataProduct } from './data-product';
import { Domain } from './domain';
import { MeshResources } from '../terraform/mesh-resources';
import type { ApplicationModel, IApplication, QueryModel } from '../model/model';
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
  requireDomainScope,
  settingOutputs,
  sortedAcls,
  terraformName,
  wireInputs,
  wireOutputs,
} from './application';
import { StreamsApp } from './streams-app';
import { nonEmpty, validatePropsWithDefault, withFix } from '../private/validation';

/** A persistent query of a ksqlDB cluster (`CREATE STREAM|TABLE ... AS SELECT`, `INSERT INTO`). */
export interface KsqlQuery {
  /** The query's name for lineage and the catalog, e.g. `CSAS_ORDERS_WITH_STOCK`. */
  readonly name: string;
  /** What the query computes. @default none */
  readonly description?: string;
  /**
   * The products it reads (`FROM` and `JOIN`): products of the cluster's domain, or topic names
   * of other domains' products, which their owners must grant to the cluster's principal.
   */
  readonly inputs: ApplicationInput[];
  /** The product it writes, its sink: a product of the cluster's domain. */
  readonly output: DomainDataProduct;
  /**
   * The query creates its sink topic (`CREATE STREAM ... AS SELECT` when the topic does not
   * exist yet): adds `Create` on the sink's topic. A product's topic is created by Terraform, so
   * this is needed only where ksqlDB may run the statement before the domain's stack is applied.
   * @default false
   */
  readonly createsSink?: boolean;
}

export interface KsqlAppProps {
  /**
   * `ksql.service.id` of the ksqlDB cluster: its internal topics, command topic and consumer
   * groups are named `_confluent-ksql-<service id>...`, its command-topic producer's
   * transactional id is the service id itself. Must start with the domain's prefix, so that
   * clusters of different domains never share a prefix; letters, digits, `.`, `_` and `-`.
   * @default `<domain>.<construct id>_`, e.g. `sales.insights_`
   */
  readonly serviceId?: string;
  /** What the cluster is for, for the catalog. @default none */
  readonly description?: string;
  /**
   * The principal the ksqlDB servers authenticate as to Kafka. It must be declared in the mesh
   * (a ServiceAccount, typically), and no other ksqlDB cluster may run as it.
   */
  readonly principal: ApplicationPrincipal;
  /**
   * Products the cluster reads besides its queries' inputs (streams and tables declared with
   * `CREATE STREAM|TABLE` for pull and push queries). @default none
   */
  readonly inputs?: ApplicationInput[];
  /** Products of its own domain it writes besides its queries' sinks (`INSERT INTO`). @default none */
  readonly outputs?: DomainDataProduct[];
  /** Its persistent queries: each one's inputs and sink, for the grants, lineage and the catalog. @default none */
  readonly queries?: KsqlQuery[];
  /**
   * `ksql.streams.processing.guarantee=exactly_once_v2`: the persistent queries write in
   * transactions under transactional ids `_confluent-ksql-<service id>...`.
   * @default false (`at_least_once`)
   */
  readonly exactlyOnce?: boolean;
  /**
   * The processing-log topic (`ksql.logging.processing.topic.name`), which the servers create
   * and write, or `false` when the cluster writes no processing log to Kafka. Must start with
   * the domain's prefix and be no product's topic.
   * @default `<service id>ksql_processing_log`, ksqlDB's own default name
   */
  readonly processingLogTopic?: string | false;
}

/** The prefix of every internal topic and consumer group of a ksqlDB cluster. */
export const KSQL_INTERNAL_PREFIX = '_confluent-ksql-';
const KAFKA_NAME = /^[A-Za-z0-9._-]+$/;
/** Internal topic names add to the service id; Kafka allows 249 characters. */
const MAX_SERVICE_ID = 150;

const kafkaName = (what: string, fix: string, max = 249) =>
  withFix(
    z
      .string({ error: 'must be a string' })
      .regex(KAFKA_NAME, { error: 'must use only letters, digits, ".", "_" and "-"' })
      .max(max, { error: `must be at most ${max} characters (${what})` }),
    fix,
  );

const querySchema = z
  .object({
    name: withFix(
      z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9_]+$/, { error: 'must be a ksqlDB query name: letters, digits and _' }),
      "name it like ksqlDB does, e.g. 'CSAS_ORDERS_WITH_STOCK'",
    ),
    description: nonEmpty().optional(),
    inputs: withFix(applicationInputsSchema.min(1, { error: 'must list at least one input' }), 'list the products the query reads (FROM and JOIN)'),
    output: withFix(
      z.custom<DomainDataProduct>((v) => v instanceof DomainDataProduct, { error: 'must be a DomainDataProduct' }),
      'pass the product the query writes (its sink)',
    ),
    createsSink: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict();

const propsSchema = z.object({
  serviceId: kafkaName('internal topic names add to it', "set serviceId like 'sales.insights_'", MAX_SERVICE_ID).optional(),
  description: nonEmpty().optional(),
  principal: applicationPrincipalSchema,
  inputs: applicationInputsSchema.optional(),
  outputs: applicationOutputsSchema.optional(),
  queries: z.array(querySchema, { error: 'must be a list of queries' }).optional(),
  exactlyOnce: z.boolean({ error: 'must be true or false' }).optional(),
  processingLogTopic: z
    .union([kafkaName('a topic name', "name it like '<service id>ksql_processing_log'"), z.literal(false)], {
      error: 'must be a topic name or false',
    })
    .optional(),
});

/**
 * The ACLs a ksqlDB server needs for itself, whatever its queries read and write, per ksqlDB's
 * security documentation (Kafka 2.0 and later). With service id S and principal P:
 *
 * - `DescribeConfigs` on the cluster: the servers read the brokers' configuration at startup;
 * - `All` on topics PREFIXED `_confluent-ksql-S`: the command topic `_confluent-ksql-S_command_topic`
 *   and the persistent queries' changelog and repartition topics, which the servers create,
 *   read, write, reconfigure and delete;
 * - `All` on groups PREFIXED `_confluent-ksql-S`: the queries' consumer groups (persistent
 *   `..query_<id>`, transient `..transient_<id>`), joined, committed and deleted with the query;
 * - `Write` and `Describe` on the TransactionalID S (LITERAL): the servers write the command
 *   topic in transactions under the service id;
 * - `IdempotentWrite` on the cluster: every producer of the servers is idempotent;
 * - with a processing log, `All` on its topic (LITERAL), which the servers create and write;
 * - with exactly-once, `Write` and `Describe` on TransactionalIDs PREFIXED `_confluent-ksql-S`
 *   (the queries' Kafka Streams transactional ids start with their application id).
 */
export function ksqlServerAcls(principal: string, serviceId: string, processingLogTopic: string | undefined, exactlyOnce: boolean): AclSpec[] {
  const internal = `${KSQL_INTERNAL_PREFIX}${serviceId}`;
  const acls: AclSpec[] = [
    allow(principal, 'DescribeConfigs', 'Cluster', CLUSTER_RESOURCE),
    allow(principal, 'IdempotentWrite', 'Cluster', CLUSTER_RESOURCE),
    allow(principal, 'All', 'Topic', internal, 'Prefixed'),
    allow(principal, 'All', 'Group', internal, 'Prefixed'),
    allow(principal, 'Write', 'TransactionalID', serviceId),
    allow(principal, 'Describe', 'TransactionalID', serviceId),
  ];
  if (processingLogTopic !== undefined) acls.push(allow(principal, 'All', 'Topic', processingLogTopic));
  if (exactlyOnce)
    acls.push(
      allow(principal, 'Write', 'TransactionalID', internal, 'Prefixed'),
      allow(principal, 'Describe', 'TransactionalID', internal, 'Prefixed'),
    );
  return acls;
}

/**
 * A ksqlDB cluster of a domain, identified by its `ksql.service.id`: the products its queries
 * read and write, and exactly the ACLs its servers need, derived from them.
 *
 * ```ts
 * new KsqlApp(sales, 'insights', {
 *   principal: ksqlServers,                      // a ServiceAccount of the platform stack
 *   queries: [{ name: 'CSAS_ORDERS_WITH_STOCK', inputs: [orders, 'inventory.stock-level-updated'], output: ordersWithStock }],
 * });
 * ```
 *
 * With service id S and principal P it creates:
 * - each input of its own domain: `grantRead(P)`: Read and Describe on the topic; inputs of
 *   other domains must be granted by their owner (checked at synth);
 * - each output (and each query's sink): `grantWrite(P)`: Write and Describe on the topic,
 *   IdempotentWrite on the cluster, with exactly-once Write and Describe on TransactionalID
 *   `_confluent-ksql-S*`; `Create` on the sink's topic for a query with `createsSink`;
 * - {@link ksqlServerAcls}: the cluster's own topics, groups, transactional id and processing log.
 *
 * Terraform outputs give the server's settings: `ksql_<S>_service_id`, `..._bootstrap_servers`,
 * `..._principal`, `..._processing_log_topic` and `..._processing_guarantee`. The cluster and
 * its queries are registered with the mesh for the catalog and its lineage.
 */
export class KsqlApp extends Construct implements IApplication {
  public readonly domain: Domain;
  /** `ksql.service.id`. */
  public readonly serviceId: string;
  public readonly description?: string;
  /** The Kafka principal the servers run as. */
  public readonly principal: string;
  public readonly exactlyOnce: boolean;
  /** The processing-log topic, when there is one. */
  public readonly processingLogTopic?: string;
  /** Topics it reads (its own inputs, then its queries'). */
  public readonly inputTopics: readonly string[];
  /** Topics it writes (its own outputs, then its queries' sinks). */
  public readonly outputTopics: readonly string[];
  /** Its persistent queries, by topic. */
  public readonly queries: readonly QueryModel[];
  /** Every ACL the servers need, wherever it is written. */
  public readonly acls: readonly AclSpec[];
  /** The servers' settings: `ksql.service.id`, `bootstrap.servers`, the processing log and guarantee. */
  public readonly clientSettings: Readonly<Record<string, string>>;

  constructor(scope: Domain, id: string, props: KsqlAppProps) {
    super(scope, id);
    requireDomainScope(this, scope, 'the ksqlDB cluster', 'KsqlApp');
    const path = this.node.path;
    const { props: p, value: serviceId } = validatePropsWithDefault(propsSchema, props, path, 'serviceId', () => `${scope.name}.${id}_`);
    this.domain = scope;
    this.serviceId = serviceId;
    if (!this.serviceId.startsWith(scope.topicPrefix)) {
      fail({
        path,
        field: 'serviceId',
        value: this.serviceId,
        problem: `must start with the domain's prefix "${scope.topicPrefix}": the cluster's internal topics, groups and processing log are named after it`,
        fix: `set serviceId to '${scope.topicPrefix}${this.serviceId}' or another name under ${scope.topicPrefix}`,
      });
    }
    this.processingLogTopic = p.processingLogTopic === false ? undefined : (p.processingLogTopic ?? `${this.serviceId}ksql_processing_log`);
    if (this.processingLogTopic !== undefined && !this.processingLogTopic.startsWith(scope.topicPrefix)) {
      fail({
        path,
        field: 'processingLogTopic',
        value: this.processingLogTopic,
        problem: `must start with the domain's prefix "${scope.topicPrefix}"`,
        fix: `name it '${this.serviceId}ksql_processing_log' (the default), or false for no processing log topic`,
      });
    }
    this.description = p.description;
    this.exactlyOnce = p.exactlyOnce ?? false;
    const grantee = applicationGrantee(p.principal);
    this.principal = grantee.principal;
    const mesh = scope.mesh;
    for (const other of mesh.applications) {
      if (!(other instanceof KsqlApp)) continue;
      if (other.serviceId.startsWith(this.serviceId) || this.serviceId.startsWith(other.serviceId)) {
        fail({
          path,
          field: 'serviceId',
          value: this.serviceId,
          problem:
            other.serviceId === this.serviceId
              ? `is already the service id of the ksqlDB cluster ${other.node.path}`
              : `collides with the service id "${other.serviceId}" of the ksqlDB cluster ${other.node.path}: one's prefix ${KSQL_INTERNAL_PREFIX}<service id> covers the other's internal topics and groups`,
          fix: 'give each ksqlDB cluster a service id that does not start with another one (end it with "_", e.g. \'sales.insights_\')',
        });
      }
      if (other.principal === this.principal) {
        fail({
          path,
          field: 'principal',
          value: this.principal,
          problem: `is already the principal of the ksqlDB cluster ${other.node.path}`,
          fix: 'run each ksqlDB cluster as a principal of its own (a ServiceAccount), so that no cluster can use another one’s internal topics',
        });
      }
    }
    const app: ApplicationWiring = { domain: scope, path, grantee, what: `the ksqlDB cluster ${this.serviceId}` };
    checkApplicationPrincipal(app);

    const internal = `${KSQL_INTERNAL_PREFIX}${this.serviceId}`;
    const txnPrefix = this.exactlyOnce ? internal : undefined;
    const inputs = wireInputs(app, p.inputs ?? [], undefined);
    const outputs = wireOutputs(app, p.outputs ?? [], txnPrefix);
    const queries: QueryModel[] = [];
    const sinksCreated: string[] = [];
    (p.queries ?? []).forEach((q, i) => {
      if (queries.some((other) => other.name === q.name))
        fail({
          path,
          field: `queries[${i}].name`,
          value: q.name,
          problem: 'is the name of another query of the cluster',
          fix: 'give each query its own name',
        });
      const newInputs = q.inputs
        .map((input, j) => ({ input, j }))
        .filter(({ input }) => !inputs.includes(typeof input === 'string' ? input : input.topicName));
      inputs.push(
        ...wireInputs(
          app,
          newInputs.map((x) => x.input),
          undefined,
          (k) => `queries[${i}].inputs[${newInputs[k].j}]`,
        ),
      );
      const queryInputs = q.inputs.map((input) => (typeof input === 'string' ? input : input.topicName));
      if (!outputs.includes(q.output.topicName)) outputs.push(...wireOutputs(app, [q.output], txnPrefix, () => `queries[${i}].output`));
      if (q.createsSink && !sinksCreated.includes(q.output.topicName)) sinksCreated.push(q.output.topicName);
      queries.push({ name: q.name, ...(q.description ? { description: q.description } : {}), inputs: queryInputs, outputs: [q.output.topicName] });
    });
    this.inputTopics = inputs;
    this.outputTopics = outputs;
    this.queries = queries;

    const own = [
      ...ksqlServerAcls(this.principal, this.serviceId, this.processingLogTopic, this.exactlyOnce),
      ...sinksCreated.map((t) => allow(this.principal, 'Create', 'Topic', t)),
    ];
    const resources = MeshResources.of(this);
    resources.addAcls(own);
    resources.defer(() => {
      const log = this.processingLogTopic;
      if (log === undefined) return;
      const product = mesh.products.find((prod) => prod.topicName === log);
      if (product) {
        fail({
          path,
          field: 'processingLogTopic',
          value: log,
          problem: `is the topic of the product ${product.node.path}: the servers would get All on it`,
          fix: `keep the default '${this.serviceId}ksql_processing_log', or name a topic no product uses`,
        });
      }
      const streams = mesh.applications.find((a): a is StreamsApp => a instanceof StreamsApp && log.startsWith(`${a.applicationId}-`));
      if (streams) {
        fail({
          path,
          field: 'processingLogTopic',
          value: log,
          problem: `lies under the internal-topic prefix "${streams.applicationId}-" of the streams app ${streams.node.path}`,
          fix: 'choose a service id (or processingLogTopic) that does not start with a Kafka Streams application id followed by "-"',
        });
      }
    });

    this.acls = sortedAcls([
      ...this.inputTopics.flatMap((t) => [allow(this.principal, 'Read', 'Topic', t), allow(this.principal, 'Describe', 'Topic', t)]),
      ...this.outputTopics.flatMap((t) => [allow(this.principal, 'Write', 'Topic', t), allow(this.principal, 'Describe', 'Topic', t)]),
      ...own,
    ]);
    const guarantee = this.exactlyOnce ? 'exactly_once_v2' : 'at_least_once';
    this.clientSettings = {
      'ksql.service.id': this.serviceId,
      'bootstrap.servers': mesh.cluster.bootstrapServers.join(','),
      'ksql.streams.processing.guarantee': guarantee,
      ...(this.processingLogTopic !== undefined
        ? { 'ksql.logging.processing.topic.name': this.processingLogTopic, 'ksql.logging.processing.topic.auto.create': 'true' }
        : { 'ksql.logging.processing.topic.auto.create': 'false' }),
    };
    settingOutputs(this, `ksql_${terraformName(this.serviceId)}`, {
      serviceId: [this.serviceId, 'ksql.service.id of the ksqlDB servers'],
      bootstrapServers: [this.clientSettings['bootstrap.servers'], 'bootstrap.servers for the ksqlDB servers'],
      principal: [this.principal, 'The Kafka principal the ksqlDB servers authenticate as'],
      processingLogTopic: [this.processingLogTopic ?? '', 'ksql.logging.processing.topic.name (empty: no processing log topic)'],
      processingGuarantee: [guarantee, 'ksql.streams.processing.guarantee the ACLs were made for'],
    });
    mesh.registerApplication(this);
  }

  /** The keys of {@link acls}, sorted. */
  public get aclKeys(): string[] {
    return this.acls.map(aclKey);
  }

  public toApplicationModel(): ApplicationModel {
    return applicationModel(this, this.serviceId, 'ksql', undefined, {
      queries: this.queries.map((q) => ({ ...q, inputs: [...q.inputs], outputs: [...q.outputs] })),
    });
  }
}
