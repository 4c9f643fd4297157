/**
 * The plain data governance rules read, and what they return. Rules never see a construct:
 * the facts are built from the constructs at synth (see `facts.ts`), and the same shapes can be
 * written by hand in tests.
 */
import type { CompatibilityLevel } from '../compat';
import type { AclOperation, AclPatternType, AclResourceType } from './grants';

/** How a finding is reported: `error` fails synth, `warning` is shown, `off` skips the rule. */
export type RuleLevel = 'error' | 'warning' | 'off';

/** The standards the platform sets (and domains may override within bounds). All resolved. */
export interface Standards {
  /**
   * Regular expression an entity must match (the part of the topic after `<domain>.` and before
   * any `.v<N>`). @default lower-case words joined by `-` or `_`, dots between parts
   */
  readonly entityPattern: string;
  /** Lowest replication factor a topic may declare. @default 3 */
  readonly minReplicationFactor: number;
  /** Lowest `min.insync.replicas` a topic may declare. @default 2 */
  readonly minInsyncReplicas: number;
  /** Partitions a topic may have. @default { min: 1, max: 100 } */
  readonly partitions: { readonly min: number; readonly max: number };
  /**
   * `retention.ms` a topic that deletes old data may have; `max: 'infinite'` allows keeping
   * data for ever. @default { min: 3600000 (1 hour), max: 'infinite' }
   */
  readonly retentionMs: { readonly min: number; readonly max: number | 'infinite' };
  /** Retention assumed for a topic that sets none (the brokers' `log.retention.ms`). @default 604800000 (7 days) */
  readonly brokerRetentionMs: number;
  /** `min.insync.replicas` assumed for a topic that sets none (the brokers' default). @default 1 */
  readonly brokerMinInsyncReplicas: number;
  /** Shortest product description accepted, in characters. @default 10 */
  readonly minDescriptionLength: number;
  /** Classifications other domains may not read without a waiver. @default ['pii'] */
  readonly restrictedClassifications: readonly string[];
  /** Compatibility levels a product other domains use may have. @default every level but NONE */
  readonly sharedCompatibilityLevels: readonly CompatibilityLevel[];
  /** ACLs a domain's grants may ask for before a warning. @default 200 */
  readonly aclBudgetPerDomain: number;
}

/**
 * A domain's own values for the standards it may change (see `DomainOverrides`); the same shape
 * gives the platform's `OverrideBounds`.
 */
export interface StandardsOverride {
  readonly minReplicationFactor?: number;
  readonly minInsyncReplicas?: number;
  readonly partitions?: { readonly min?: number; readonly max?: number };
  readonly retentionMs?: { readonly min?: number; readonly max?: number | 'infinite' };
  readonly aclBudgetPerDomain?: number;
}

/**
 * How far the platform lets a domain loosen each standard: for each one, the loosest value a
 * domain may override it to (the lowest floor, partition or retention minimum; the highest
 * partition or retention maximum and ACL budget). A domain may always be stricter; a standard
 * with no bound here cannot be loosened at all.
 */
export type OverrideBounds = StandardsOverride;

/** An ACL as governance sees it: from a grant, a domain's own access, or a raw L1 `kafka_acl`. */
export interface AclFacts {
  readonly path: string;
  readonly principal: string;
  readonly operation: AclOperation | string;
  readonly resourceType: AclResourceType | string;
  readonly resourceName: string;
  readonly patternType: AclPatternType | string;
  /** Topic prefixes of the domains whose principal this is (`sales.` for `User:sales`). */
  readonly ownedPrefixes: readonly string[];
}

export interface GrantFacts {
  readonly principal: string;
  readonly access: 'read' | 'write';
  /** Whether the principal belongs to another domain (not the owner's principal, nor declared in its stack). */
  readonly external: boolean;
}

/** A data product (a `DomainDataProduct` or `SharedTopic`). */
export interface ProductFacts {
  readonly path: string;
  readonly stack: string;
  readonly topic: string;
  /** Set when the topic keeps the name it had before the mesh (`existingTopicName`): `topic` is that name. */
  readonly existingTopicName?: string;
  readonly kind: 'product' | 'shared';
  readonly domain: string;
  /** The stack holding the owning domain. */
  readonly domainStack: string;
  readonly entity: string;
  readonly version?: number;
  readonly description: string;
  readonly owner: string;
  readonly classification: string;
  /**
   * Partitions, replication, `min.insync.replicas` and config are what the code declares:
   * an environment's caps and overlays (`topicDefaults.maxReplicationFactor`, `partitionScale`,
   * `maxPartitions`, `maxRetentionMs`) change only what is written, see `environment`.
   */
  readonly partitions: number;
  readonly replicationFactor: number;
  /** `min.insync.replicas` as declared; undefined when the topic leaves it to the brokers. */
  readonly minInsyncReplicas?: number;
  /** The topic config as declared (`retention.ms`, `cleanup.policy`, ...). */
  readonly config: Readonly<Record<string, string>>;
  /** What Terraform writes, when the environment changed the declared values. @default as declared */
  readonly environment?: { readonly partitions: number; readonly replicationFactor: number; readonly config: Readonly<Record<string, string>> };
  readonly hasValueSchema: boolean;
  readonly hasKeySchema: boolean;
  readonly compatibility?: CompatibilityLevel;
  readonly grants: readonly GrantFacts[];
}

export interface DomainFacts {
  readonly path: string;
  readonly stack: string;
  readonly name: string;
  readonly owner: string;
  readonly contact: string;
  readonly description?: string;
  readonly principal: string;
  readonly topicPrefix: string;
  /**
   * ACLs the stack writes for the domain's grants, after de-duplication: a grant covered by a
   * prefixed ACL of the stack counts as that ACL (once), and principal-level ACLs written by the
   * principal's own Domain or ServiceAccount elsewhere do not count.
   */
  readonly aclCount: number;
}

/** A `kafka_topic` written with the L1 binding directly, outside the mesh constructs. */
export interface RawTopicFacts {
  readonly path: string;
  readonly stack: string;
  readonly name: string;
  /** Topic prefixes of the domains declared in the same stack. */
  readonly stackPrefixes: readonly string[];
}

/** One problem a rule found, before the engine adds the rule, level and waivers. */
export interface RuleFinding {
  /** The construct at fault; defaults to the path of the facts checked. */
  readonly path?: string;
  /** The prop, config key or field at fault. */
  readonly field: string;
  readonly value?: unknown;
  /** Phrased to follow the field name: `must be at least 3`. */
  readonly problem: string;
  readonly fix: string;
}

/** A finding with everything the output needs. */
export interface GovernanceFinding extends RuleFinding {
  readonly rule: string;
  readonly level: Exclude<RuleLevel, 'off'>;
  readonly path: string;
  /** Set when a waiver covers the finding. */
  readonly waiver?: { readonly reason: string; readonly path: string };
}

/**
 * A governance rule: an id, what it checks, a default level, and one pure function per kind of
 * facts it inspects.
 */
export interface GovernanceRule {
  /** Upper-case id that waivers and levels name, e.g. `PII_CROSS_DOMAIN_READ`. */
  readonly id: string;
  /** One line: what the rule requires. */
  readonly summary: string;
  /** The usual fix, for the docs. */
  readonly fix: string;
  readonly level: Exclude<RuleLevel, 'off'>;
  readonly checkProduct?: (product: ProductFacts, standards: Standards) => RuleFinding[];
  readonly checkDomain?: (domain: DomainFacts, standards: Standards) => RuleFinding[];
  readonly checkTopic?: (topic: RawTopicFacts, standards: Standards) => RuleFinding[];
  readonly checkAcl?: (acl: AclFacts, standards: Standards) => RuleFinding[];
}

/** A waiver as the catalog shows it. */
export interface WaiverModel {
  readonly rule: string;
  readonly reason: string;
  /** The construct the waiver is declared on (it covers that construct and its children). */
  readonly declaredAt: string;
  /** Last day the waiver applies, `YYYY-MM-DD`. @default none: it does not expire */
  readonly expires?: string;
}

/** A domain's overrides of the platform standards, as the catalog shows them. */
export interface OverrideModel {
  readonly standards: StandardsOverride;
  readonly reason?: string;
  readonly declaredAt: string;
}

/** The platform policy, as the catalog shows it. */
export interface GovernanceModel {
  /** Where the policy is declared. */
  readonly policy: string;
  readonly packs: string[];
  readonly standards: Standards;
  readonly overrideBounds: OverrideBounds;
  /** Each rule's level after the policy's `levels`. */
  readonly levels: Record<string, RuleLevel>;
}
