import type { AclSpec } from './grants';
import type { CompatibilityLevel } from '../compat';
import type { SchemaType } from './schema';
import type { GovernanceModel, OverrideModel, WaiverModel } from './governance';

/** Whether Terraform refuses to destroy an object (`prevent_destroy`). */
export type Protection = 'protected' | 'unprotected';

export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'pii'] as const;
/** How sensitive a product's data is. `pii` holds personal data. */
export type Classification = (typeof CLASSIFICATIONS)[number];

/** What the owning team promises about a product. */
export interface ServiceLevel {
  /** Availability target, in percent (e.g. 99.9). @default none */
  readonly availabilityPercent?: number;
  /** Longest time from the event happening to it being on the topic, in ms. @default none */
  readonly maxLatencyMs?: number;
  /** When the team answers (e.g. `business hours`, `24x7`). @default none */
  readonly support?: string;
}

export type GrantAccess = 'read' | 'write';

/** A grant as recorded on the product: who, what, and the exact ACLs it created. */
export interface Grant {
  readonly grantee: string;
  readonly principal: string;
  readonly access: GrantAccess;
  readonly acls: readonly AclSpec[];
}

/**
 * The mesh as plain, JSON-serialisable data: what the catalog, data contracts, lineage and
 * review tools read. Built by `KafkaMesh.toModel()`; stable ordering (declaration order).
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
 * The model with its products as a list made one at a time as it is read (once): what catalog.json
 * alone is written from, so that no product's model outlives its line of the file.
 */
export type StreamedModel = Omit<MeshModel, 'products'> & { readonly products: Iterable<ProductModel> };

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
  /** True when the topic keeps the name it had before the mesh (`existingTopicName`), outside `<domain>.<entity>`. */
  readonly existingTopicName?: boolean;
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
  /** The reason given with `acknowledgeDataLoss` in the code, when set: the owner accepts that this change loses the topic's records. */
  readonly dataLossAcknowledged?: string;
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
