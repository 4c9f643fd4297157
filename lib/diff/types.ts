/**
 * The mesh diff as data: what `kafka-mesh diff --format json` prints and what the Markdown
 * renderer reads. Everything is plain JSON; lists are sorted so that two runs on the same input
 * give the same output.
 */
import type { CompatibilityLevel, SchemaFormat } from '../compat';

/** Bump when a field changes meaning or goes away (adding fields keeps the version). */
export const DIFF_FORMAT_VERSION = 1;

/** `data-loss`: records in Kafka are deleted. `risk`: something downstream may break. */
export type FlagCategory = 'data-loss' | 'risk';

/** What a flag is about; the first part of its id. */
export type FlagKind =
  | 'topic-removed'
  | 'topic-moved'
  | 'topic-replaced'
  | 'topic-unprotected'
  | 'partition-decrease'
  | 'replication-change'
  | 'retention-cut'
  | 'cleanup-policy-flip'
  | 'access-lost'
  | 'schema-incompatible'
  | 'schema-removed'
  | 'compatibility-relaxed'
  | 'synth-refused'
  | 'lock-edited';

/** Where a flag was found: the synthesized configurations, or a Terraform/OpenTofu plan. */
export type FlagSource = 'synth' | 'plan';

export interface RiskFlag {
  /** Stable id, `<kind>:<object>`, e.g. `partition-decrease:sales.orders`; what `--ack` names. */
  readonly id: string;
  readonly kind: FlagKind;
  category: FlagCategory;
  /** The stack whose apply does it. */
  readonly stack: string;
  /** The data product (topic) it is about, when there is one. */
  readonly topic?: string;
  /** What happens, in plain words. */
  message: string;
  /** Who is affected downstream: domains, principals and applications, from the base catalog. */
  readonly affects: string[];
  sources: FlagSource[];
  /** Set when the flag is accepted (by `--ack`, an ack file, or in the code itself). */
  acknowledged?: { readonly by: string; readonly reason?: string };
}

export type Change<T> = { readonly from: T; readonly to: T };

export interface ConfigChange {
  readonly key: string;
  /** undefined: not set (the broker's default applies). */
  readonly from?: string;
  readonly to?: string;
}

export interface TopicDiff {
  readonly status: 'added' | 'removed' | 'changed' | 'moved';
  /** The topic as declared (added) or as it was (removed). */
  readonly value?: {
    readonly partitions: number;
    readonly replicationFactor: number;
    readonly config: Record<string, string>;
    readonly protected: boolean;
  };
  readonly partitions?: Change<number>;
  readonly replicationFactor?: Change<number>;
  readonly config: ConfigChange[];
  readonly protected?: Change<boolean>;
  /** With `moved`: the stacks it leaves and enters. */
  readonly movedFrom?: string;
  readonly movedTo?: string;
  /** Sentences a reviewer should read (consequences that are not flags). */
  readonly notes: string[];
}

export interface AccessChange {
  readonly change: 'gains' | 'loses' | 'moves';
  readonly principal: string;
  /** `marketing (User:marketing)`: the principal with the domain or grantee it belongs to. */
  readonly who: string;
  readonly operations: string[];
  readonly resourceType: string;
  /** The resource; prefixed patterns end in `*`. */
  readonly resource: string;
  /** The same in plain words: `can no longer read topic sales.orders`. */
  readonly words: string;
  /** With `moves`: the stack that wrote the ACLs before. */
  readonly fromStack?: string;
}

export interface CompatibilityVerdict {
  /** false when the check could not run (a schema does not parse, a reference is missing). */
  readonly checked: boolean;
  readonly compatible?: boolean;
  readonly level: CompatibilityLevel;
  readonly issues: string[];
  readonly error?: string;
}

export interface SchemaDiff {
  readonly subject: string;
  readonly status: 'added' | 'removed' | 'changed' | 'reformatted' | 'settings';
  readonly type: Change<SchemaFormat | undefined>;
  readonly level: Change<CompatibilityLevel | undefined>;
  /** Short fingerprints of the canonical schema (the same schema, however formatted, has one). */
  readonly fingerprint: Change<string | undefined>;
  /** The head schema checked against the base schema under the head's level. */
  readonly verdict?: CompatibilityVerdict;
  /** Changed lines of the schema text, `+`/`-`/` ` prefixed, with a little context. */
  readonly textDiff: string[];
  readonly notes: string[];
}

export interface FieldChange {
  readonly field: string;
  readonly from?: string;
  readonly to?: string;
}

export interface ProductDiff {
  readonly topic: string;
  readonly domain?: string;
  readonly owner?: string;
  /** added/removed: the topic comes or goes; changed: something about it changes. */
  readonly status: 'added' | 'removed' | 'changed';
  readonly topicDiff?: TopicDiff;
  readonly access: AccessChange[];
  readonly schemas: SchemaDiff[];
  /** Catalog fields (description, owner, classification, tags, service level). */
  readonly metadata: FieldChange[];
  /** Ids of the flags raised on this product. */
  readonly flags: string[];
}

export interface QuotaDiff {
  readonly entity: string;
  readonly status: 'added' | 'removed' | 'changed';
  readonly changes: { readonly key: string; readonly from?: number; readonly to?: number }[];
}

export interface CredentialDiff {
  readonly key: string;
  readonly principal: string;
  readonly status: 'added' | 'removed' | 'rotated';
  readonly mechanism: string;
  readonly version?: Change<string | undefined>;
}

export interface OtherResourceDiff {
  readonly address: string;
  readonly status: 'added' | 'removed' | 'changed';
}

export interface DomainDiff {
  readonly name: string;
  readonly status: 'added' | 'removed' | 'changed';
  readonly changes: FieldChange[];
}

export interface PlannedChange {
  readonly address: string;
  readonly action: 'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op' | 'forget' | 'move';
  readonly kind: 'topic' | 'schema' | 'acl' | 'quota' | 'credential' | 'other';
  /** The Kafka name: topic, subject, ACL key, quota entity or credential key. */
  readonly object: string;
  /** The data product it belongs to, when there is one. */
  readonly topic?: string;
  /** What it means, in plain words (first line: the action). */
  readonly details: string[];
  readonly previousAddress?: string;
}

export interface PlanReport {
  readonly file: string;
  readonly stack: string;
  readonly tool?: string;
  readonly changes: PlannedChange[];
  /** Changes found at plan time that happened outside Terraform. */
  readonly drift: PlannedChange[];
  readonly notes: string[];
}

export interface StackDiff {
  readonly stack: string;
  readonly status: 'added' | 'removed' | 'changed';
  /** Domains whose resources the stack holds (from the catalogs). */
  readonly domains: { readonly name: string; readonly owner: string }[];
  readonly domainChanges: DomainDiff[];
  readonly products: ProductDiff[];
  /** Access not tied to one topic: prefixed topic ACLs, consumer groups, cluster, transactional ids. */
  readonly principalAccess: AccessChange[];
  readonly quotas: QuotaDiff[];
  readonly credentials: CredentialDiff[];
  readonly other: OtherResourceDiff[];
  readonly plans: PlanReport[];
}

export interface PolicyVerdict {
  readonly failOn: FailOn;
  /** Unacknowledged flags at or above the fail-on level: the run fails when any. */
  readonly failing: string[];
  readonly exitCode: 0 | 1;
  /** Acknowledgements that matched no flag (stale, or a typo). */
  readonly unusedAcks: string[];
}

export type FailOn = 'risk' | 'data-loss' | 'never';

/** What a reviewer should read besides the flags: not a risk by itself, but worth a look. */
export type NoticeKind = 'partitions-grow' | 'new-application' | 'new-principal' | 'extra-writer' | 'sensitive-reader' | 'mesh-lock';

export interface Notice {
  readonly kind: NoticeKind;
  readonly stack: string;
  readonly topic?: string;
  readonly text: string;
}

/**
 * The head's synth refused by the mesh (its lock, its validation or its governance rules): one
 * entry per error it printed, with the product it is about when the base catalog knows it.
 */
export interface Refusal {
  readonly path: string;
  readonly topic?: string;
  /** The rule, in a few words: `fewer partitions`, `incompatible schema`, ... */
  readonly rule: string;
  readonly problem: string;
  readonly fix?: string;
  /** The flag it raises. */
  readonly flag: string;
}

export interface SideLabel {
  readonly label: string;
  readonly catalog: boolean;
  /** The commit it was synthesized from, when known (a ref, or the checkout holding cdktf.out). */
  readonly commit?: string;
}

export interface MeshDiff {
  readonly formatVersion: typeof DIFF_FORMAT_VERSION;
  readonly base?: SideLabel;
  readonly head?: SideLabel;
  readonly stacks: StackDiff[];
  readonly flags: RiskFlag[];
  readonly unchangedStacks: string[];
  /** Things to review that are not risks (new readers of sensitive data, new applications...). */
  readonly notices: Notice[];
  /** Doubts about the inputs (a plan that does not match the head, an output older than the last commit). */
  readonly warnings: string[];
  /** Set when the head did not synthesize because the mesh refused it. */
  readonly refusals?: Refusal[];
  verdict?: PolicyVerdict;
}
