import { Construct } from 'constructs';
import { z } from 'zod';
import { fail } from '../errors';
import { aclKey, AclSpec, allow, CLUSTER_RESOURCE } from '../model/grants';
import { DomainDataProduct } from './data-product';
import { Domain } from './domain';
import { Connector } from './connector';
import { MeshResources } from '../terraform/mesh-resources';
import type { ApplicationModel, ExternalSystemModel, IApplication } from '../model/model';
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

/** A system outside Kafka that a NiFi flow reads from (`source`) or delivers to (`sink`). */
export interface ExternalSystem {
  /** The system, e.g. `salesforce:crm` or `sftp:partner-feeds`. */
  readonly system: string;
  /** `source`: the flow reads from it; `sink`: the flow delivers to it. */
  readonly direction: 'source' | 'sink';
}

export interface NiFiFlowProps {
  /**
   * The flow's name in the mesh and the catalog. Must start with the domain's prefix.
   * @default `<domain>.<construct id>`, e.g. `customer.crm-sync`
   */
  readonly name?: string;
  /** What the flow does, for the catalog. @default none */
  readonly description?: string;
  /**
   * The principal NiFi's Kafka processors authenticate as (the SASL user of the flow's Kafka
   * connection). It must be declared in the mesh (a ServiceAccount, typically).
   */
  readonly principal: ApplicationPrincipal;
  /**
   * The `ConsumeKafka` Group ID. Must start with the domain's prefix.
   * @default the flow's name
   */
  readonly consumerGroup?: string;
  /**
   * What its `ConsumeKafka` processors read: products of its domain, or topic names of other
   * domains' products, which their owners must grant to the flow's principal. @default none
   */
  readonly inputs?: ApplicationInput[];
  /** What its `PublishKafka` processors write: products of its own domain. @default none */
  readonly outputs?: DomainDataProduct[];
  /**
   * Whether `PublishKafka` publishes in transactions (its default): adds Write and Describe on
   * the transactional ids starting with `transactionalIdPrefix`. @default true when there are outputs
   */
  readonly transactions?: boolean;
  /**
   * `PublishKafka`'s transactional id prefix (NiFi appends a random id). Must start with the
   * domain's prefix. @default `<name>-`
   */
  readonly transactionalIdPrefix?: string;
  /** The systems outside Kafka the flow bridges, for lineage and the catalog (at least one). */
  readonly externals: ExternalSystem[];
}

const KAFKA_NAME = /^[A-Za-z0-9._-]+$/;
const kafkaName = (fix: string) =>
  withFix(
    z
      .string({ error: 'must be a string' })
      .regex(KAFKA_NAME, { error: 'must use only letters, digits, ".", "_" and "-"' })
      .max(200, { error: 'must be at most 200 characters' }),
    fix,
  );

const externalSchema = z
  .object({
    system: nonEmpty('must name the external system', "name it for lineage, e.g. 'salesforce:crm'"),
    direction: withFix(
      z.enum(['source', 'sink'], { error: "must be 'source' or 'sink'" }),
      "use 'source' for a system the flow reads from, 'sink' for one it delivers to",
    ),
  })
  .strict();

const propsSchema = z.object({
  name: kafkaName("name the flow like 'customer.crm-sync'").optional(),
  description: nonEmpty().optional(),
  principal: applicationPrincipalSchema,
  consumerGroup: kafkaName("use a group id like 'customer.crm-sync'").optional(),
  inputs: applicationInputsSchema.optional(),
  outputs: applicationOutputsSchema.optional(),
  transactions: z.boolean({ error: 'must be true or false' }).optional(),
  transactionalIdPrefix: kafkaName("use a prefix like 'customer.crm-sync-'").optional(),
  externals: withFix(
    z.array(externalSchema, { error: 'must be a list of { system, direction }' }).min(1, { error: 'must name at least one system outside Kafka' }),
    "list what the flow bridges, e.g. [{ system: 'salesforce:crm', direction: 'sink' }]",
  ),
});

/**
 * The ACLs of a NiFi flow beyond its products' grants: Read on its `ConsumeKafka` group
 * (LITERAL) when it reads, and with transactions Write and Describe on its `PublishKafka`
 * transactional ids (PREFIXED) and IdempotentWrite on the cluster.
 */
export function nifiFlowAcls(principal: string, options: { consumerGroup?: string; transactionalIdPrefix?: string }): AclSpec[] {
  const acls: AclSpec[] = [];
  if (options.consumerGroup) acls.push(allow(principal, 'Read', 'Group', options.consumerGroup));
  if (options.transactionalIdPrefix) {
    acls.push(
      allow(principal, 'Write', 'TransactionalID', options.transactionalIdPrefix, 'Prefixed'),
      allow(principal, 'Describe', 'TransactionalID', options.transactionalIdPrefix, 'Prefixed'),
      allow(principal, 'IdempotentWrite', 'Cluster', CLUSTER_RESOURCE),
    );
  }
  return acls;
}

/**
 * An Apache NiFi flow of a domain that consumes and publishes through `ConsumeKafka` and
 * `PublishKafka`, bridging systems outside Kafka, with exactly the ACLs its principal needs.
 *
 * ```ts
 * new NiFiFlow(customer, 'crm-sync', {
 *   principal: crmSync,                          // a ServiceAccount of the platform stack
 *   inputs: [profileUpdated],
 *   outputs: [crmSyncStatus],
 *   externals: [{ system: 'salesforce:crm', direction: 'sink' }],
 * });
 * ```
 *
 * With group G, transactional id prefix T and principal P it creates:
 * - each input of its own domain: `grantRead(P, { consumerGroup: G })`: Read and Describe on the
 *   topic; inputs of other domains must be granted by their owner (checked at synth);
 * - each output: `grantWrite(P)`: Write and Describe on the topic, IdempotentWrite on the
 *   cluster, with transactions Write and Describe on TransactionalID `T*`;
 * - {@link nifiFlowAcls}: Read on group G (LITERAL), and with transactions the TransactionalID
 *   prefix and IdempotentWrite.
 *
 * Terraform outputs give the processors' settings: `nifi_<name>_group_id`, `..._topics`,
 * `..._transactional_id_prefix`, `..._bootstrap_servers` and `..._principal`.
 */
export class NiFiFlow extends Construct implements IApplication {
  public readonly domain: Domain;
  public readonly flowName: string;
  public readonly description?: string;
  public readonly principal: string;
  /** The `ConsumeKafka` group, when the flow reads. */
  public readonly consumerGroup?: string;
  /** The `PublishKafka` transactional id prefix, when it publishes in transactions. */
  public readonly transactionalIdPrefix?: string;
  public readonly inputTopics: readonly string[];
  public readonly outputTopics: readonly string[];
  public readonly externals: readonly ExternalSystem[];
  /** Every ACL the flow's principal needs for it, wherever it is written. */
  public readonly acls: readonly AclSpec[];
  /** The Kafka settings of the flow's processors. */
  public readonly clientSettings: Readonly<Record<string, string>>;

  constructor(scope: Domain, id: string, props: NiFiFlowProps) {
    super(scope, id);
    requireDomainScope(this, scope, 'the flow', 'NiFiFlow');
    const path = this.node.path;
    const { props: p, value: flowName } = validatePropsWithDefault(propsSchema, props, path, 'name', () => `${scope.name}.${id}`);
    this.domain = scope;
    this.flowName = flowName;
    this.description = p.description;
    this.externals = p.externals.map((e) => ({ system: e.system, direction: e.direction }));
    const mesh = scope.mesh;
    const underPrefix = (field: string, value: string, example: string) => {
      if (!value.startsWith(scope.topicPrefix)) {
        fail({
          path,
          field,
          value,
          problem: `must start with the domain's prefix "${scope.topicPrefix}": what the flow names stays in its domain's namespace`,
          fix: `use '${example}' or another name under ${scope.topicPrefix}`,
        });
      }
    };
    underPrefix(p.name === undefined ? 'id' : 'name', this.flowName, `${scope.topicPrefix}${id}`);
    const twin = mesh.applications.find((a): a is NiFiFlow => a instanceof NiFiFlow && a.flowName === this.flowName);
    if (twin)
      fail({
        path,
        field: 'name',
        value: this.flowName,
        problem: `is already the name of the NiFi flow ${twin.node.path}`,
        fix: 'give each flow its own name',
      });

    const grantee = applicationGrantee(p.principal);
    this.principal = grantee.principal;
    const app: ApplicationWiring = { domain: scope, path, grantee, what: `the NiFi flow ${this.flowName}` };
    checkApplicationPrincipal(app);

    const inputs = p.inputs ?? [];
    const outputs = p.outputs ?? [];
    if (!inputs.length && !outputs.length) {
      fail({
        path,
        field: 'inputs',
        value: [],
        problem: 'and outputs are both empty: the flow neither consumes nor publishes',
        fix: 'list the products its ConsumeKafka processors read (inputs) or its PublishKafka processors write (outputs)',
      });
    }
    if (inputs.length) {
      this.consumerGroup = p.consumerGroup ?? this.flowName;
      underPrefix('consumerGroup', this.consumerGroup, this.flowName);
      const group = this.consumerGroup;
      const other = mesh.applications.find(
        (a) =>
          (a instanceof NiFiFlow && a.consumerGroup === group) ||
          (a instanceof StreamsApp && a.applicationId === group) ||
          (a instanceof Connector && a.consumerGroup === group),
      );
      if (other) {
        fail({
          path,
          field: 'consumerGroup',
          value: group,
          problem: `is already the consumer group of ${(other as unknown as Construct).node.path}: the two would share partitions and offsets`,
          fix: 'give each application its own consumer group',
        });
      }
    } else if (p.consumerGroup !== undefined) {
      fail({
        path,
        field: 'consumerGroup',
        value: p.consumerGroup,
        problem: 'is set but the flow has no inputs',
        fix: 'remove consumerGroup, or list the inputs it consumes',
      });
    }
    const transactions = p.transactions ?? outputs.length > 0;
    if (transactions && !outputs.length) {
      fail({
        path,
        field: 'transactions',
        value: true,
        problem: 'is set but the flow has no outputs to publish',
        fix: 'remove transactions, or list its outputs',
      });
    }
    if (!transactions && p.transactionalIdPrefix !== undefined) {
      fail({
        path,
        field: 'transactionalIdPrefix',
        value: p.transactionalIdPrefix,
        problem: 'is set but transactions is false',
        fix: 'remove transactionalIdPrefix, or set transactions: true',
      });
    }
    if (transactions) {
      this.transactionalIdPrefix = p.transactionalIdPrefix ?? `${this.flowName}-`;
      underPrefix('transactionalIdPrefix', this.transactionalIdPrefix, `${this.flowName}-`);
    }

    this.inputTopics = wireInputs(app, inputs, this.consumerGroup);
    this.outputTopics = wireOutputs(app, outputs, this.transactionalIdPrefix);
    const own = nifiFlowAcls(this.principal, { consumerGroup: this.consumerGroup, transactionalIdPrefix: this.transactionalIdPrefix });
    if (own.length) MeshResources.of(this).addAcls(own);
    this.acls = sortedAcls([
      ...this.inputTopics.flatMap((t) => [allow(this.principal, 'Read', 'Topic', t), allow(this.principal, 'Describe', 'Topic', t)]),
      ...this.outputTopics.flatMap((t) => [
        allow(this.principal, 'Write', 'Topic', t),
        allow(this.principal, 'Describe', 'Topic', t),
        allow(this.principal, 'IdempotentWrite', 'Cluster', CLUSTER_RESOURCE),
      ]),
      ...own,
    ]);
    this.clientSettings = {
      'bootstrap.servers': mesh.cluster.bootstrapServers.join(','),
      ...(this.consumerGroup ? { 'group.id': this.consumerGroup, topics: this.inputTopics.join(',') } : {}),
      ...(this.transactionalIdPrefix ? { 'transactional.id.prefix': this.transactionalIdPrefix } : {}),
    };
    settingOutputs(this, `nifi_${terraformName(this.flowName)}`, {
      bootstrapServers: [this.clientSettings['bootstrap.servers'], 'Bootstrap servers of the flow’s Kafka connection'],
      principal: [this.principal, 'The Kafka principal the flow’s Kafka processors authenticate as'],
      groupId: [this.consumerGroup ?? '', 'ConsumeKafka Group ID (empty: the flow does not consume)'],
      topics: [this.inputTopics.join(','), 'ConsumeKafka topics'],
      transactionalIdPrefix: [this.transactionalIdPrefix ?? '', 'PublishKafka transactional id prefix (empty: no transactions)'],
    });
    mesh.registerApplication(this);
  }

  /** The keys of {@link acls}, sorted. */
  public get aclKeys(): string[] {
    return this.acls.map(aclKey);
  }

  public toApplicationModel(): ApplicationModel {
    const externals: ExternalSystemModel[] = this.externals.map((e) => ({ ...e }));
    return applicationModel(this, this.flowName, 'nifi', undefined, { externals });
  }
}
