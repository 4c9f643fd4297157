import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Admin, ConfigResourceTypes, Kafka, ResourcePatternTypes } from 'kafkajs';
import type { AclSpec } from '../model/grants';
import { AdoptError, ConnectionSettings, explainKafkaError, kafkaConfig } from './connection';
import { describeScramUsers, describeUserQuotas, rawCluster, ScramUser, UserQuota } from './kafka-protocol';
import { sortedByKey } from '../model/records';

/** A topic as the cluster has it: configs set on the topic itself (not broker defaults). */
export interface LiveTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Configs whose source is the topic (`DYNAMIC_TOPIC_CONFIG`), as the kafka provider reads them. */
  readonly config: Record<string, string>;
  /** The effective `min.insync.replicas`, wherever it comes from. */
  readonly minInsyncReplicas: number;
}

export interface LiveVersion {
  readonly version: number;
  readonly id: number;
  readonly schema: string;
  readonly schemaType: 'AVRO' | 'JSON' | 'PROTOBUF';
  readonly references: { name: string; subject: string; version: number }[];
}

export interface LiveSubject {
  readonly subject: string;
  /** Oldest first. */
  readonly versions: LiveVersion[];
  /** The subject's own level, if set (`GET /config/<s>`). */
  readonly compatibility?: string;
}

export interface ClusterSnapshot {
  readonly topics: LiveTopic[];
  readonly acls: AclSpec[];
  readonly scramUsers: ScramUser[];
  readonly quotas: UserQuota[];
  readonly subjects: LiveSubject[];
  /** The registry's global level. */
  readonly globalCompatibility?: string;
}

const TYPES: Record<number, string> = {
  [AclResourceTypes.TOPIC]: 'Topic',
  [AclResourceTypes.GROUP]: 'Group',
  [AclResourceTypes.CLUSTER]: 'Cluster',
  [AclResourceTypes.TRANSACTIONAL_ID]: 'TransactionalID',
  [AclResourceTypes.DELEGATION_TOKEN]: 'DelegationToken',
};
const OPERATIONS: Record<number, string> = {
  [AclOperationTypes.ALL]: 'All',
  [AclOperationTypes.READ]: 'Read',
  [AclOperationTypes.WRITE]: 'Write',
  [AclOperationTypes.CREATE]: 'Create',
  [AclOperationTypes.DELETE]: 'Delete',
  [AclOperationTypes.ALTER]: 'Alter',
  [AclOperationTypes.DESCRIBE]: 'Describe',
  [AclOperationTypes.CLUSTER_ACTION]: 'ClusterAction',
  [AclOperationTypes.DESCRIBE_CONFIGS]: 'DescribeConfigs',
  [AclOperationTypes.ALTER_CONFIGS]: 'AlterConfigs',
  [AclOperationTypes.IDEMPOTENT_WRITE]: 'IdempotentWrite',
};

export interface ReadOptions {
  /** Only topics (and their subjects) starting with one of these. @default all but internal topics */
  readonly prefixes?: string[];
}

/** Reads everything the mesh could manage from a live cluster and registry, read-only. */
export async function readCluster(c: ConnectionSettings, options: ReadOptions = {}): Promise<ClusterSnapshot> {
  const kafka = new Kafka(kafkaConfig(c));
  const admin = kafka.admin();
  const wanted = (name: string) => !name.startsWith('_') && (!options.prefixes?.length || options.prefixes.some((p) => name.startsWith(p)));
  let topics: LiveTopic[];
  let acls: AclSpec[];
  let scramUsers: ScramUser[];
  let quotas: UserQuota[];
  try {
    await admin.connect();
    topics = await readLiveTopics(admin, wanted);
    acls = await readLiveAcls(admin);
    const raw = await rawCluster(kafka);
    try {
      scramUsers = await describeScramUsers(raw.send);
      quotas = await describeUserQuotas(raw.send);
    } finally {
      await raw.disconnect().catch(() => undefined);
    }
  } catch (e) {
    throw explainKafkaError(e, c);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const registry = c.registry ? await readRegistry(c, wanted) : { subjects: [], globalCompatibility: undefined };
  return { topics, acls: acls.sort((a, b) => aclText(a).localeCompare(aclText(b))), scramUsers, quotas, ...registry };
}

/** Every ACL of a live cluster, allow and deny, in the mesh's own terms; takes a connected admin client. */
export async function readLiveAcls(admin: Admin): Promise<AclSpec[]> {
  const described = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  return described.resources.flatMap((r) =>
    r.acls.map((a): AclSpec => ({
      principal: a.principal,
      host: a.host,
      operation: (OPERATIONS[a.operation] ?? `Operation${a.operation}`) as AclSpec['operation'],
      permission: a.permissionType === AclPermissionTypes.DENY ? 'Deny' : 'Allow',
      resourceType: (TYPES[r.resourceType] ?? `Type${r.resourceType}`) as AclSpec['resourceType'],
      resourceName: r.resourceName,
      patternType: r.resourcePatternType === ResourcePatternTypes.PREFIXED ? 'Prefixed' : 'Literal',
    })),
  );
}

/**
 * The topics `wanted` keeps, as the cluster has them, sorted by name: partitions, replication
 * factor, the configs set on the topic itself (`DYNAMIC_TOPIC_CONFIG`, as the kafka provider
 * reads them) and the effective `min.insync.replicas`. Takes a connected admin client. What
 * `kafka-mesh import` and `doctor` read, and the deploy's pre-apply adoption (tools/deploy/adopt.ts).
 */
export async function readLiveTopics(admin: Admin, wanted: (name: string) => boolean): Promise<LiveTopic[]> {
  const names = (await admin.listTopics()).filter(wanted).sort();
  if (!names.length) return [];
  const meta = await admin.fetchTopicMetadata({ topics: names });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  return meta.topics
    .map((t) => {
      const res = configs.resources.find((r) => r.resourceName === t.name);
      const config: Record<string, string> = {};
      let minIsr = 1;
      for (const e of res?.configEntries ?? []) {
        if (e.configName === 'min.insync.replicas') minIsr = Number(e.configValue);
        // configSource 1: DYNAMIC_TOPIC_CONFIG, set on the topic
        if ((e as { configSource?: number }).configSource === 1 && e.configValue !== null) config[e.configName] = e.configValue;
      }
      return {
        name: t.name,
        partitions: t.partitions.length,
        replicationFactor: t.partitions[0]?.replicas.length ?? 1,
        config: sortedByKey(config),
        minInsyncReplicas: minIsr,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function aclText(a: AclSpec): string {
  return `${a.principal} ${a.host} ${a.permission} ${a.operation} ${a.resourceType}:${a.resourceName}${a.patternType === 'Prefixed' ? '*' : ''}`;
}

/** A request to the registry with the mesh's credentials; errors name the setting. */
export async function registryRequest(
  r: NonNullable<ConnectionSettings['registry']>,
  pathname: string,
  init: { method?: string; body?: string } = {},
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/vnd.schemaregistry.v1+json',
    Accept: 'application/vnd.schemaregistry.v1+json, application/json',
  };
  if (r.username) headers.Authorization = `Basic ${Buffer.from(`${r.username}:${r.password ?? ''}`).toString('base64')}`;
  let res: Response;
  try {
    res = await fetch(`${r.url}${pathname}`, { method: init.method ?? 'GET', headers, body: init.body, signal: AbortSignal.timeout(15000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new AdoptError(
      `cannot reach the schema registry at SCHEMA_REGISTRY_URL=${r.url}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
      'SCHEMA_REGISTRY_URL',
      'check that the registry runs and the URL is right (or unset SCHEMA_REGISTRY_URL to leave subjects out)',
    );
  }
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  if (res.status === 401 || res.status === 403) {
    throw new AdoptError(
      `the schema registry at ${r.url} answered ${res.status} to ${init.method ?? 'GET'} ${pathname}${r.username ? ` for user ${r.username}` : ' (no credentials were sent)'}`,
      'SCHEMA_REGISTRY_USERNAME / REST_API_PASSWORD',
      r.username
        ? 'check the registry user name and password'
        : 'set SCHEMA_REGISTRY_USERNAME and REST_API_PASSWORD to the credentials the mesh uses',
    );
  }
  if (res.status >= 500)
    throw new AdoptError(
      `the schema registry at ${r.url} answered ${res.status} to ${pathname}: ${text.slice(0, 200)}`,
      'SCHEMA_REGISTRY_URL',
      "check the registry's health and logs, then run again",
    );
  return { status: res.status, body };
}

async function readRegistry(
  c: ConnectionSettings,
  wanted: (topic: string) => boolean,
): Promise<{ subjects: LiveSubject[]; globalCompatibility?: string }> {
  const list = await registryRequest(c.registry!, '/subjects');
  if (list.status !== 200 || !Array.isArray(list.body)) {
    throw new AdoptError(
      `the schema registry at ${c.registry!.url} did not list its subjects (GET /subjects answered ${list.status})`,
      'SCHEMA_REGISTRY_URL',
      'point SCHEMA_REGISTRY_URL at a registry with the Confluent REST API',
    );
  }
  const global = await registryRequest(c.registry!, '/config');
  const subjects: LiveSubject[] = [];
  for (const subject of (list.body as string[]).filter((s) => wanted(s.replace(/-(key|value)$/, ''))).sort()) {
    const versions = await registryRequest(c.registry!, `/subjects/${encodeURIComponent(subject)}/versions`);
    if (versions.status !== 200) continue;
    const out: LiveVersion[] = [];
    for (const v of (versions.body as number[]).sort((a, b) => a - b)) {
      const got = await registryRequest(c.registry!, `/subjects/${encodeURIComponent(subject)}/versions/${v}`);
      if (got.status !== 200) continue;
      out.push({
        version: got.body.version,
        id: got.body.id,
        schema: got.body.schema,
        schemaType: got.body.schemaType ?? 'AVRO',
        references: got.body.references ?? [],
      });
    }
    const level = await registryRequest(c.registry!, `/config/${encodeURIComponent(subject)}`);
    subjects.push({
      subject,
      versions: out,
      compatibility: level.status === 200 ? (level.body.compatibilityLevel ?? level.body.compatibility) : undefined,
    });
  }
  return { subjects, globalCompatibility: global.status === 200 ? (global.body.compatibilityLevel ?? global.body.compatibility) : undefined };
}
