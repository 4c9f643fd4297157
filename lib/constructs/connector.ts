import { Lazy, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { fail } from '../errors';
import { checkNamespace, domainsOf } from '../private/namespace';
import { aclKey, AclSpec, allow, CLUSTER_RESOURCE, readAcls, writeAcls } from '../model/grants';
import { DomainDataProduct } from './data-product';
import { Domain } from './domain';
import type { SecretSource } from './kafka-mesh';
import { MeshResources } from '../terraform/mesh-resources';
import type { ApplicationModel, IApplication } from '../model/model';
import {
  ApplicationInput,
  applicationGrantee,
  applicationModel,
  applicationInputsSchema,
  applicationOutputsSchema,
  ApplicationPrincipal,
  applicationPrincipalSchema,
  ApplicationWiring,
  checkApplicationPrincipal,
  sortedAcls,
  terraformName,
  wireInputs,
  wireOutputs,
} from './application';
import { lookupTable, nameKeyed, sortedByKey } from '../model/records';
import { constructId, intRange, nonEmpty, validatePropsWithDefault, withFix, withSecretFix } from '../private/validation';
import { NO_SECRETS_HERE } from '../private/secrets';
import { connector as connectorL1, provider as connectProvider } from '../gen/providers/kafka-connect';

/** How Terraform reaches a Kafka Connect cluster's REST API (the mongey/kafka-connect provider). */
export interface ConnectClusterProps {
  /** The REST API's URL, e.g. `https://connect.example.com:8083`. */
  readonly url: string;
  /** Basic-auth user name. @default none (no basic auth) */
  readonly username?: string;
  /**
   * Basic-auth password: `{ fromEnv: true }` lets the provider read
   * `KAFKA_CONNECT_BASIC_AUTH_PASSWORD`; `{ variable: 'connect_password' }` declares a sensitive
   * Terraform variable. @default { fromEnv: true } when a username is set
   */
  readonly password?: SecretSource;
}

/** A sensitive connector config value: read from a sensitive Terraform variable at plan time. */
export interface SensitiveValue {
  /** The variable's name; set it with `TF_VAR_<name>` or a `.tfvars` file. */
  readonly variable: string;
}

export type ConnectorType = 'source' | 'sink';

export interface ConnectorProps {
  /** `source` (an external system into Kafka) or `sink` (Kafka into an external system). */
  readonly type: ConnectorType;
  /**
   * The connector's name in Kafka Connect. A sink's consumer group is `connect-<name>`.
   * @default `<domain>.<construct id>`
   */
  readonly name?: string;
  /** What the connector does, for the catalog. @default none */
  readonly description?: string;
  /** The Kafka Connect cluster the connector runs on. */
  readonly connect: ConnectClusterProps;
  /** `connector.class`, e.g. `io.confluent.connect.jdbc.JdbcSourceConnector`. */
  readonly connectorClass: string;
  /** `tasks.max`. @default 1 */
  readonly tasksMax?: number;
  /**
   * The connector's other config, by its Connect names. Values that look like secrets (keys
   * naming a password, secret, token, key or credentials) are refused here: put them in
   * `sensitiveConfig`. A sink's `topics` is derived from `inputs`. @default none
   */
  readonly config?: Record<string, string | number | boolean>;
  /**
   * Config values taken from sensitive Terraform variables, e.g.
   * `{ 'connection.password': { variable: 'ledger_db_password' } }`. Sent as the provider's
   * `config_sensitive`, never written in the synthesized configuration. @default none
   */
  readonly sensitiveConfig?: Record<string, SensitiveValue>;
  /**
   * The principal the connector's tasks use against Kafka: the Connect worker's principal, or
   * the principal its `producer.override.*` / `consumer.override.*` settings log in as. Must be
   * declared in the mesh (checked at synth).
   */
  readonly principal: ApplicationPrincipal;
  /**
   * Source only: the products it writes, of its own domain. Without outputs, a source writes
   * under `config['topic.prefix']` (granted PREFIXED). @default none
   */
  readonly outputs?: DomainDataProduct[];
  /**
   * Sink only: what it reads. Products of other domains must be granted by their owner to the
   * principal (checked at synth). @default none (required for a sink)
   */
  readonly inputs?: ApplicationInput[];
  /**
   * Sink only: a product of its own domain for records it cannot write
   * (`errors.deadletterqueue.topic.name`). @default none
   */
  readonly deadLetterQueue?: DomainDataProduct;
  /** The system outside Kafka, for lineage, e.g. `postgresql:ledger`. */
  readonly external: string;
}

const CONFIG_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const VARIABLE_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Where a credential written into a connector's props goes instead: sensitiveConfig, or the Connect cluster's password. */
function connectorSecretFix(field: string): string {
  if (field.startsWith('connect.')) {
    return "take it out of the URL; set connect.username and connect.password: { fromEnv: true } (the provider reads KAFKA_CONNECT_BASIC_AUTH_PASSWORD) or { variable: 'connect_password' } (a sensitive variable)";
  }
  const key = /^config\["(.*)"\]$|^config\.(.*)$/.exec(field);
  if (key && looksLikeSecret(key[1] ?? key[2])) {
    const name = key[1] ?? key[2];
    return `move it to sensitiveConfig: { '${name}': { variable: '<domain>_${name.replace(/[^A-Za-z0-9_]/g, '_')}' } } and set that variable (TF_VAR_<name>) when deploying`;
  }
  if (field.startsWith('config')) {
    return "take the credential out of the value and put it in sensitiveConfig, which reads a sensitive Terraform variable: e.g. config: { 'connection.url': '<url without it>', 'connection.user': '<user>' } and sensitiveConfig: { 'connection.password': { variable: '<domain>_connection_password' } }";
  }
  return NO_SECRETS_HERE(field);
}

const propsSchema = withSecretFix(
  z.object({
    type: withFix(
      z.enum(['source', 'sink'], { error: "must be 'source' or 'sink'" }),
      "use 'source' for connectors that write to Kafka, 'sink' for those that read from it",
    ),
    name: withFix(
      z
        .string({ error: 'must be a string' })
        .regex(CONFIG_NAME, { error: 'must be letters, digits, ".", "_" and "-"' })
        .max(200, { error: 'must be at most 200 characters' }),
      "name the connector like 'finance.ledger-transactions'",
    ).optional(),
    description: nonEmpty().optional(),
    connect: z
      .object({
        url: withFix(
          z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
          "set url to the Connect REST API, e.g. 'http://localhost:8083'",
        ),
        username: nonEmpty().optional(),
        password: withFix(
          z.union([z.object({ fromEnv: z.literal(true) }).strict(), z.object({ variable: z.string().regex(VARIABLE_NAME) }).strict()], {
            error: 'must be { fromEnv: true } or { variable: "<terraform variable name>" }',
          }),
          'never put a secret in the code; use { fromEnv: true } or a sensitive variable',
        ).optional(),
      })
      .strict(),
    connectorClass: withFix(
      z.string({ error: 'must be a string' }).regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, { error: 'must be a Java class name' }),
      "e.g. 'io.confluent.connect.jdbc.JdbcSourceConnector'",
    ),
    tasksMax: intRange(1, 1000, 'set tasksMax to the number of tasks Connect may run (1 for most sources)').optional(),
    config: z
      .record(
        z.string().regex(CONFIG_NAME, { error: 'keys must be Connect config names' }),
        z.union([z.string(), z.number(), z.boolean()], { error: 'values must be strings, numbers or booleans' }),
        {
          error: 'must be an object of Connect config names to values',
        },
      )
      .optional(),
    // Values are checked one by one below, so that each error carries its fix.
    sensitiveConfig: z
      .record(z.string().regex(CONFIG_NAME, { error: 'keys must be Connect config names' }), z.unknown(), {
        error: 'must be an object of Connect config names to { variable }',
      })
      .optional(),
    principal: applicationPrincipalSchema,
    outputs: applicationOutputsSchema.optional(),
    inputs: applicationInputsSchema.optional(),
    deadLetterQueue: z.custom<DomainDataProduct>((v) => v instanceof DomainDataProduct, { error: 'must be a DomainDataProduct' }).optional(),
    external: nonEmpty('must name the external system', "name it for lineage, e.g. 'postgresql:ledger'"),
  }),
  connectorSecretFix,
);

/** Config keys set by typed props, with the prop to use. */
const TYPED_CONFIG: Readonly<Record<string, string>> = lookupTable({ name: 'name', 'connector.class': 'connectorClass', 'tasks.max': 'tasksMax' });
/** A sink's config keys set by typed props. */
const TYPED_SINK_CONFIG: Readonly<Record<string, string>> = lookupTable({
  topics: 'inputs',
  'topics.regex': 'inputs',
  'errors.deadletterqueue.topic.name': 'deadLetterQueue',
});

const SECRET_WORD =
  /(^|[._-])(password|passwd|pwd|secret|token|credentials?|apikey|api[._-]key|private[._-]key|access[._-]key|jaas[._-]config|user[._-]info)($|[._-])/i;
/** Keys that name where or what kind a secret is, not the secret itself. */
const NOT_A_SECRET = /[._-](location|type|source|provider|file|path|class|mode|enabled|id|name|user|username|url|endpoint|algorithm|size|ms)$/i;

/** Whether a connector config key names a secret (so its value must not be a literal). */
export function looksLikeSecret(key: string): boolean {
  return SECRET_WORD.test(key) && !NOT_A_SECRET.test(key);
}

/**
 * The ACLs of a connector beyond its products' grants: a sink's consumer group (LITERAL, `Read`),
 * or a source writing under a topic prefix without declared outputs (PREFIXED `Write` and
 * `Describe`, and `IdempotentWrite` on the cluster).
 */
export function connectorAcls(principal: string, options: { consumerGroup?: string; topicPrefix?: string }): AclSpec[] {
  const acls: AclSpec[] = [];
  if (options.consumerGroup) acls.push(allow(principal, 'Read', 'Group', options.consumerGroup));
  if (options.topicPrefix) {
    acls.push(
      allow(principal, 'Write', 'Topic', options.topicPrefix, 'Prefixed'),
      allow(principal, 'Describe', 'Topic', options.topicPrefix, 'Prefixed'),
      allow(principal, 'IdempotentWrite', 'Cluster', CLUSTER_RESOURCE),
    );
  }
  return acls;
}

/** One kafka-connect provider per stack and Connect cluster. */
const providers = new WeakMap<TerraformStack, Map<string, connectProvider.KafkaConnectProvider>>();

function providerFor(scope: Construct, connect: ConnectClusterProps): connectProvider.KafkaConnectProvider {
  const stack = TerraformStack.of(scope);
  let byCluster = providers.get(stack);
  if (!byCluster) providers.set(stack, (byCluster = new Map()));
  const key = `${connect.url} ${connect.username ?? ''} ${JSON.stringify(connect.password ?? null)}`;
  let provider = byCluster.get(key);
  if (!provider) {
    const n = byCluster.size + 1;
    const password = connect.password;
    provider = new connectProvider.KafkaConnectProvider(stack, n === 1 ? 'kafka-connect' : `kafka-connect-${n}`, {
      url: connect.url,
      ...(n === 1 ? {} : { alias: `connect_${n}` }),
      ...(connect.username ? { basicAuthUsername: connect.username } : {}),
      ...(password && 'variable' in password
        ? { basicAuthPassword: MeshResources.of(scope).variable(password.variable, 'Basic-auth password of the Kafka Connect REST API').stringValue }
        : {}),
    });
    byCluster.set(key, provider);
  }
  return provider;
}

/** Connector resource names per stack, to refuse two connectors with one Terraform name. */
const resourceNames = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * A Kafka Connect connector of a domain, deployed through the mongey/kafka-connect provider
 * (`kafka-connect_connector`), with exactly the ACLs its principal needs for its topics and
 * lineage from or to the external system.
 *
 * ```ts
 * new Connector(finance, 'ledger-transactions', {
 *   type: 'source',
 *   connect: { url: 'http://localhost:8083' },
 *   connectorClass: 'io.confluent.connect.jdbc.JdbcSourceConnector',
 *   config: { 'connection.url': 'jdbc:postgresql://ledger-db:5432/ledger', 'table.whitelist': 'transactions', 'topic.prefix': 'finance.' },
 *   sensitiveConfig: { 'connection.password': { variable: 'ledger_db_password' } },
 *   principal: connectWorker,
 *   outputs: [transactions],
 *   external: 'postgresql:ledger',
 * });
 * ```
 *
 * ACLs for principal P:
 * - source with outputs: `grantWrite(P)` on each: Write and Describe on the topic (LITERAL),
 *   IdempotentWrite on the cluster;
 * - source without outputs: Write and Describe on topics PREFIXED by `config['topic.prefix']`
 *   (which must lie under the domain's prefix), IdempotentWrite on the cluster;
 * - sink: for each input of its own domain `grantRead(P, { consumerGroup: G })`: Read and
 *   Describe on the topic; inputs of other domains must be granted by their owner (checked at
 *   synth); Read on group G, LITERAL, where G is `connect-<name>` (or
 *   `config['consumer.override.group.id']`); with a dead letter queue, `grantWrite(P)` on it.
 *
 * Connect's own topics (configs, offsets, status) and the worker's group belong to the Connect
 * cluster, not to a connector; the platform grants them.
 *
 * Terraform: `kafka-connect_connector.<name>` (characters other than letters, digits, `_` and `-`
 * as `_`), with `config` and `config_sensitive`; one `kafka-connect` provider per Connect
 * cluster in the stack.
 */
export class Connector extends Construct implements IApplication {
  public readonly domain: Domain;
  public readonly connectorName: string;
  public readonly type: ConnectorType;
  public readonly description?: string;
  public readonly principal: string;
  public readonly external: string;
  /** A sink's consumer group. */
  public readonly consumerGroup?: string;
  public readonly inputTopics: readonly string[];
  public readonly outputTopics: readonly string[];
  /** The config sent to Connect, without the sensitive values. */
  public readonly config: Readonly<Record<string, string>>;
  /** Every ACL the connector's principal needs for it, wherever it is written. */
  public readonly acls: readonly AclSpec[];
  public readonly resource: connectorL1.Connector;

  constructor(scope: Domain, id: string, props: ConnectorProps) {
    super(scope, constructId(scope, id, 'Connector'));
    if (!(scope instanceof Domain)) {
      fail({
        path: this.node.path,
        field: 'scope',
        problem: 'must be the Domain that runs the connector',
        fix: 'create it as new Connector(domain, id, props)',
      });
    }
    const path = this.node.path;
    const { props: p, value: connectorName } = validatePropsWithDefault(propsSchema, props, path, 'name', () => `${scope.name}.${id}`);
    this.domain = scope;
    this.type = p.type;
    this.connectorName = connectorName;
    this.description = p.description;
    this.external = p.external;
    const sensitiveConfig = nameKeyed<SensitiveValue>();
    for (const [key, value] of Object.entries(p.sensitiveConfig ?? {})) {
      const v = value as Partial<SensitiveValue> | undefined;
      const ok =
        typeof v === 'object' && v !== null && Object.keys(v).length === 1 && typeof v.variable === 'string' && VARIABLE_NAME.test(v.variable);
      if (!ok) {
        const variable = variableFor(scope.name, key);
        fail({
          path,
          field: `sensitiveConfig[${JSON.stringify(key)}]`,
          value: typeof value === 'string' ? '<redacted>' : value,
          problem: 'must be { variable: "<terraform variable name>" } (letters, digits and _, not starting with a digit)',
          fix: `write { variable: '${variable}' } and set TF_VAR_${variable} when deploying`,
        });
      }
      sensitiveConfig[key] = { variable: v.variable! };
    }
    const config = nameKeyed<string>();
    for (const [key, value] of Object.entries(p.config ?? {})) {
      const field = `config[${JSON.stringify(key)}]`;
      const typed = TYPED_CONFIG[key] ?? (p.type === 'sink' ? TYPED_SINK_CONFIG[key] : undefined);
      if (typed) fail({ path, field, value, problem: `is set by the typed prop \`${typed}\``, fix: `remove it from config and use \`${typed}\`` });
      if (sensitiveConfig[key])
        fail({ path, field, value: '<redacted>', problem: 'is also in sensitiveConfig', fix: 'set it once, in sensitiveConfig' });
      if (looksLikeSecret(key)) {
        fail({
          path,
          field,
          value: `<redacted: ${String(value).length} characters>`,
          problem:
            'looks like a secret and must not be a literal in the code (it would be in the synthesized configuration, the plan and the repository)',
          fix: `move it to sensitiveConfig: { '${key}': { variable: '${variableFor(scope.name, key)}' } } and set that variable (TF_VAR_<name>) when deploying`,
        });
      }
      config[key] = String(value);
    }

    const grantee = applicationGrantee(p.principal);
    this.principal = grantee.principal;
    const app: ApplicationWiring = { domain: scope, path, grantee, what: `the connector ${this.connectorName}` };
    checkApplicationPrincipal(app);

    let topicPrefix: string | undefined;
    if (p.type === 'source') {
      for (const [field, value] of [
        ['inputs', p.inputs],
        ['deadLetterQueue', p.deadLetterQueue],
      ] as const) {
        if (value !== undefined)
          fail({
            path,
            field,
            value: describe(value),
            problem: 'is for sink connectors; a source reads from its external system',
            fix: `remove ${field}, or set type: 'sink'`,
          });
      }
      const prefix = config['topic.prefix'];
      if (!p.outputs?.length && prefix === undefined) {
        fail({
          path,
          field: 'outputs',
          value: p.outputs ?? [],
          problem: "is empty and config['topic.prefix'] is not set: the connector's topics are unknown",
          fix: "list the products it writes in outputs (or set config['topic.prefix'] for prefixed access)",
        });
      }
      if (prefix !== undefined && !prefix.startsWith(scope.topicPrefix)) {
        fail({
          path,
          field: 'config["topic.prefix"]',
          value: prefix,
          problem: `must start with the domain's prefix "${scope.topicPrefix}": a domain writes only its own topics`,
          fix: `use '${scope.topicPrefix}' or a longer prefix under it`,
        });
      }
      (p.outputs ?? []).forEach((o, i) => {
        if (prefix !== undefined && !o.topicName.startsWith(prefix)) {
          fail({
            path,
            field: `outputs[${i}]`,
            value: o.topicName,
            problem: `does not start with config['topic.prefix'] "${prefix}", so the connector never writes it`,
            fix: 'correct topic.prefix, or the outputs',
          });
        }
      });
      for (const key of ['topic', 'kafka.topic']) {
        const named = config[key];
        if (named !== undefined && !(p.outputs ?? []).some((o) => o.topicName === named)) {
          fail({
            path,
            field: `config[${JSON.stringify(key)}]`,
            value: named,
            problem: 'names a topic that is not among the outputs, so the connector would have no access to it',
            fix: 'add the product to outputs',
          });
        }
      }
      this.inputTopics = [];
      this.outputTopics = wireOutputs(app, p.outputs ?? []);
      if (!p.outputs?.length) topicPrefix = prefix;
    } else {
      if (p.outputs !== undefined)
        fail({
          path,
          field: 'outputs',
          value: describe(p.outputs),
          problem: 'is for source connectors; a sink writes to its external system',
          fix: "remove outputs (a dead letter queue goes in deadLetterQueue), or set type: 'source'",
        });
      if (!p.inputs?.length)
        fail({
          path,
          field: 'inputs',
          value: p.inputs ?? [],
          problem: 'must list at least one input for a sink',
          fix: 'list the products the sink reads',
        });
      this.consumerGroup = config['consumer.override.group.id'] ?? `connect-${this.connectorName}`;
      const group = this.consumerGroup;
      const mesh = scope.mesh;
      MeshResources.of(scope).defer(() =>
        checkNamespace(mesh, {
          path,
          field: 'config["consumer.override.group.id"]',
          name: group,
          kind: 'literal',
          what: 'consumer group',
          allowed: [scope.name, ...domainsOf(mesh, grantee.principal)],
        }),
      );
      this.inputTopics = wireInputs(app, p.inputs, this.consumerGroup);
      config.topics = this.inputTopics.join(',');
      if (p.deadLetterQueue) {
        this.outputTopics = wireOutputs(app, [p.deadLetterQueue], undefined, 'deadLetterQueue');
        config['errors.deadletterqueue.topic.name'] = p.deadLetterQueue.topicName;
      } else {
        this.outputTopics = [];
      }
    }
    const own = connectorAcls(this.principal, { consumerGroup: this.consumerGroup, topicPrefix });
    const resources = MeshResources.of(this);
    if (own.length) resources.addAcls(own);
    this.acls = sortedAcls([
      ...this.inputTopics.flatMap((t) => readAcls(this.principal, t, { name: this.consumerGroup! })),
      ...this.outputTopics.flatMap((t) => writeAcls(this.principal, t)),
      ...own,
    ]);

    this.config = sortedByKey({ ...config, 'connector.class': p.connectorClass, name: this.connectorName, 'tasks.max': String(p.tasksMax ?? 1) });
    const stack = TerraformStack.of(this);
    const logicalId = terraformName(this.connectorName);
    let names = resourceNames.get(stack);
    if (!names) resourceNames.set(stack, (names = new Map()));
    const other = names.get(logicalId);
    if (other)
      fail({
        path,
        field: 'name',
        value: this.connectorName,
        problem: `has the same Terraform name (${logicalId}) as the connector of ${other}`,
        fix: 'give the connectors names that differ in more than punctuation',
      });
    names.set(logicalId, path);
    const sensitive = nameKeyed<string>();
    for (const key of Object.keys(sensitiveConfig).sort()) {
      const variable = sensitiveConfig[key].variable;
      sensitive[key] = resources.variable(variable, `${key} of the connector ${this.connectorName}`).stringValue;
    }
    this.resource = new connectorL1.Connector(this, 'connector', {
      provider: providerFor(this, p.connect as ConnectClusterProps),
      name: this.connectorName,
      config: { ...this.config },
      ...(Object.keys(sensitive).length ? { configSensitive: sensitive } : {}),
    });
    this.resource.overrideLogicalId(logicalId);
    // Created after the stack's topics and ACLs: a worker that starts first would create the
    // topics itself (racing Terraform for them) or be refused by the broker.
    this.resource.addOverride('depends_on', Lazy.listValue({ produce: () => resources.kafkaBlockAddresses() }));
    scope.mesh.registerApplication(this);
  }

  /** The keys of {@link acls}, sorted. */
  public get aclKeys(): string[] {
    return this.acls.map(aclKey);
  }

  public toApplicationModel(): ApplicationModel {
    return applicationModel(this, this.connectorName, 'connector', { system: this.external, direction: this.type });
  }
}

/** A suggested variable name for a sensitive config key, e.g. `finance_connection_password`. */
function variableFor(domain: string, key: string): string {
  return `${domain}_${key}`.replace(/[^A-Za-z0-9_]/g, '_');
}

function describe(value: unknown): unknown {
  if (value instanceof DomainDataProduct) return value.topicName;
  if (Array.isArray(value)) return value.map(describe);
  return value;
}
