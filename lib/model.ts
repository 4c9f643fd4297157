import { TerraformStack } from 'cdktf';
import type { Classification, GrantAccess, ServiceLevel } from './data-product';
import { aclKey, AclSpec } from './grants';
import { readLock, StackLock } from './lock';
import type { KafkaMesh } from './kafka-mesh';
import { keySubject, valueSubject } from './naming';
import type { CompatibilityLevel } from './compat';
import type { SchemaType } from './schema';
import { SharedTopic } from './shared-topic';
import { withGovernance } from './governance/catalog';
import type { GovernanceModel, OverrideModel, WaiverModel } from './governance/types';

/**
 * The mesh as plain, JSON-serialisable data: what the catalog, data contracts, lineage and
 * review tools read. Built by {@link KafkaMesh.toModel}; stable ordering (declaration order).
 */
export interface MeshModel {
  readonly modelVersion: 1;
  readonly domains: DomainModel[];
  readonly products: ProductModel[];
  readonly principals: PrincipalModel[];
  /** Applications that move data between products and systems (streams apps, connectors). */
  readonly applications: ApplicationModel[];
  /** The platform's governance policy, when one is declared. */
  readonly governance?: GovernanceModel;
}

/**
 * Something that reads and writes products: a Kafka Streams app, a Kafka Connect connector, a
 * ksqlDB cluster, a NiFi flow. Lineage edges are `input -> application -> output`.
 */
export interface ApplicationModel {
  readonly name: string;
  readonly kind: ApplicationKind;
  /** The domain running it. */
  readonly domain: string;
  readonly principal: string;
  readonly description?: string;
  /** Topics it reads. */
  readonly inputs: string[];
  /** Topics it writes. */
  readonly outputs: string[];
  /** A system outside Kafka it reads from (`source`) or writes to (`sink`), e.g. `postgresql:ledger`. */
  readonly external?: ExternalSystemModel;
  /** More systems outside Kafka it bridges (a NiFi flow may read from some and write to others). */
  readonly externals?: ExternalSystemModel[];
  /** A ksqlDB cluster's persistent queries, each with the topics it reads and the sink it writes. */
  readonly queries?: QueryModel[];
  readonly stack: string;
  readonly constructPath: string;
}

/** What runs an application: Kafka Streams, Kafka Connect, ksqlDB or Apache NiFi. */
export type ApplicationKind = 'streams' | 'connector' | 'ksql' | 'nifi';

/** A system outside Kafka that an application reads from (`source`) or writes to (`sink`). */
export interface ExternalSystemModel {
  readonly system: string;
  readonly direction: 'source' | 'sink';
}

/** A persistent query of a ksqlDB cluster. */
export interface QueryModel {
  readonly name: string;
  readonly description?: string;
  readonly inputs: string[];
  readonly outputs: string[];
}

/** Anything that can describe itself as an application in the model. */
export interface IApplication {
  toApplicationModel(): ApplicationModel;
}

export interface DomainModel {
  readonly name: string;
  readonly owner: string;
  readonly contact: string;
  readonly description?: string;
  readonly principal: string;
  readonly consumerGroupPrefix: string;
  readonly topicPrefix: string;
  /** The cdktf stack holding the domain's resources. */
  readonly stack: string;
  readonly constructPath: string;
  /** The domain's overrides of the platform's governance standards. */
  readonly overrides?: OverrideModel;
  /** Products the domain removes on purpose (`domain.decommission`), with the reasons. */
  readonly decommissioned?: { topic: string; reason: string }[];
  /** Governance waivers declared on the domain (they cover its products too). */
  readonly waivers?: WaiverModel[];
}

export interface SchemaModel {
  readonly subject: string;
  readonly type: SchemaType;
  readonly schema: string;
  readonly origin: string;
  readonly references: { name: string; subject: string; version: number }[];
  /** How the subject is registered: by Terraform, or by another tool. @default 'terraform' */
  readonly registration?: 'terraform' | 'external';
  /**
   * With a mesh lock: the versions published so far, and which one this schema is (one past the
   * last when the code holds a change not yet in the lock).
   */
  readonly versions?: { readonly published: number; readonly current: number };
}

export interface GrantModel {
  readonly grantee: string;
  readonly principal: string;
  readonly access: GrantAccess;
  /** The ACLs the grant asked for, by their Terraform key. */
  readonly acls: string[];
}

export interface ProductModel {
  readonly topic: string;
  readonly kind: 'product' | 'shared';
  readonly domain: string;
  readonly entity: string;
  readonly version?: number;
  readonly description: string;
  readonly owner: string;
  readonly tags: string[];
  readonly classification: Classification;
  readonly sla?: ServiceLevel;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: Record<string, string>;
  readonly protected: boolean;
  readonly compatibility?: CompatibilityLevel;
  readonly valueSchema?: SchemaModel;
  readonly keySchema?: SchemaModel;
  readonly grants: GrantModel[];
  /** Principals that may write (the owning domain's principal first). */
  readonly producers: string[];
  /** Principals that may read, other than the owner. */
  readonly consumers: string[];
  readonly stack: string;
  readonly constructPath: string;
  /** Where the product is declared: the file (relative to the project root) and line, when known. */
  readonly source?: { readonly file: string; readonly line: number };
  /** What the code declared, when the environment's caps and overlays changed partitions, replication or config. */
  readonly declared?: { readonly partitions: number; readonly replicationFactor: number; readonly config: Record<string, string> };
  /** Governance waivers covering the product (declared on it, its domain or its stack). */
  readonly waivers?: WaiverModel[];
}

export interface PrincipalModel {
  readonly principal: string;
  readonly declaredBy: string;
  readonly description?: string;
}

export function buildModel(mesh: KafkaMesh): MeshModel {
  const locks = new Map<string, StackLock | undefined>();
  const lockOf = (stack: string) => {
    if (!mesh.lock) return undefined;
    if (!locks.has(stack)) locks.set(stack, readLock(mesh.lock.dir, stack));
    return locks.get(stack);
  };
  const domains: DomainModel[] = mesh.domains.map((d) => ({
    name: d.name,
    owner: d.owner,
    contact: d.contact,
    ...(d.description ? { description: d.description } : {}),
    principal: d.principal,
    consumerGroupPrefix: d.consumerGroupPrefix,
    topicPrefix: d.topicPrefix,
    ...(d.decommissioned.length ? { decommissioned: d.decommissioned.map((x) => ({ ...x })) } : {}),
    stack: TerraformStack.of(d).node.id,
    constructPath: d.node.path,
  }));
  const products: ProductModel[] = mesh.products.map((p) => {
    const schema = (s: typeof p.valueSchema, subject: string): SchemaModel | undefined => {
      if (!s) return undefined;
      const text = s.text(p.node.path);
      const published = lockOf(TerraformStack.of(p).node.id)?.subjects[subject]?.versions;
      // The version with this text and these references (subject and version); a version read
      // from a lockVersion 1 lock recorded no references.
      const refs = JSON.stringify(s.references.map((r) => [r.name, r.subject, r.version]));
      const at = published ? published.findIndex((v) => v.schema === text && (!v.references || JSON.stringify(v.references.map((r) => [r.name, r.subject, r.version])) === refs)) : -1;
      return {
        subject, type: s.type, schema: text, origin: s.origin,
        references: s.references.map((r) => ({ name: r.name, subject: r.subject, version: r.version })),
        registration: s.registration,
        ...(published ? { versions: { published: published.length, current: at >= 0 ? at + 1 : published.length + 1 } } : {}),
      };
    };
    const valueSchema = schema(p.valueSchema, valueSubject(p.topicName));
    const keySchema = schema(p.keySchema, keySubject(p.topicName));
    const grants: GrantModel[] = p.grants.map((g) => ({ grantee: g.grantee, principal: g.principal, access: g.access, acls: g.acls.map((a: AclSpec) => aclKey(a)) }));
    const unique = (xs: string[]) => [...new Set(xs)];
    return {
      topic: p.topicName,
      kind: p instanceof SharedTopic ? 'shared' : 'product',
      domain: p.domain.name,
      entity: p.entity,
      ...(p.version !== undefined ? { version: p.version } : {}),
      description: p.description,
      owner: p.owner,
      tags: [...p.tags],
      classification: p.classification,
      ...(p.sla ? { sla: p.sla } : {}),
      partitions: p.topic.partitions,
      replicationFactor: p.topic.replicationFactor,
      config: p.topic.config,
      ...(p.topic.declared ? { declared: p.topic.declared } : {}),
      protected: p.protection === 'protected',
      ...(p.compatibility ? { compatibility: p.compatibility } : {}),
      ...(valueSchema ? { valueSchema } : {}),
      ...(keySchema ? { keySchema } : {}),
      grants,
      producers: unique([p.domain.principal, ...grants.filter((g) => g.access === 'write').map((g) => g.principal)]),
      consumers: unique(grants.filter((g) => g.access === 'read' && g.principal !== p.domain.principal).map((g) => g.principal)),
      stack: TerraformStack.of(p).node.id,
      constructPath: p.node.path,
      ...(p.source ? { source: { ...p.source } } : {}),
    };
  });
  const principals: PrincipalModel[] = mesh.declaredPrincipals.map((o) => ({ principal: o.principal, declaredBy: o.declaredBy, ...(o.description ? { description: o.description } : {}) }));
  const applications = mesh.applications.map((a) => a.toApplicationModel());
  return withGovernance(mesh, { modelVersion: 1, domains, products, principals, applications });
}
