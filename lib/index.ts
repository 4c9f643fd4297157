/**
 * `cdktf-kafka-mesh`: the public API. Everything a domain or platform team writes against is
 * listed here by name; what is not listed (zod shapes, ACL builders, naming helpers, the
 * per-stack writer) is internal and may change in any release.
 *
 * Two more entry points: `cdktf-kafka-mesh/diff` (the mesh diff, as `kafka-mesh diff` runs it)
 * and `cdktf-kafka-mesh/catalog` (the catalog writers).
 */

// Constructs and their props
export { KafkaMesh } from './constructs/kafka-mesh';
export type {
  KafkaMeshProps,
  KafkaClusterProps,
  SchemaRegistryProps,
  SchemaRegistryBackend,
  PrincipalDeclaration,
  SecretSource,
} from './constructs/kafka-mesh';
export { Domain } from './constructs/domain';
export type { DomainProps, DecommissionOptions } from './constructs/domain';
export { DomainDataProduct } from './constructs/data-product';
export type {
  IDataProduct,
  DomainDataProductProps,
  Classification,
  ServiceLevel,
  Grant,
  GrantAccess,
  GrantReadOptions,
  GrantWriteOptions,
} from './constructs/data-product';
export { SharedTopic } from './constructs/shared-topic';
export type { SharedTopicProps } from './constructs/shared-topic';
export { ServiceAccount } from './constructs/service-account';
export type { ServiceAccountProps, ServiceAccountQuota } from './constructs/service-account';
export { StreamsApp } from './constructs/streams-app';
export type { StreamsAppProps } from './constructs/streams-app';
export type { ApplicationInput, ApplicationPrincipal } from './constructs/application';
export { Connector } from './constructs/connector';
export type { ConnectorProps, ConnectClusterProps, ConnectorType, SensitiveValue } from './constructs/connector';
export { KsqlApp } from './constructs/ksql-app';
export type { KsqlAppProps, KsqlQuery } from './constructs/ksql-app';
export { NiFiFlow } from './constructs/nifi-flow';
export type { NiFiFlowProps, ExternalSystem } from './constructs/nifi-flow';
export { Environment } from './constructs/environment';
export type { EnvironmentProps, EnvironmentOverlay } from './constructs/environment';
export type { TopicSettings, TopicDefaults, CleanupPolicy } from './model/topic-config';

// Schemas
export { Schema, fromFile } from './model/schema';
export type { SchemaFile, SchemaOptions, SchemaReference, SchemaType } from './model/schema';

// Principals and grants
export { Principal } from './constructs/principal';
export type { IGrantee, PrincipalOptions } from './constructs/principal';
export type { AclSpec, AclOperation, AclResourceType, AclPatternType, AclPermission } from './model/grants';

// Adopting an existing cluster (the import blocks `kafka-mesh import` writes)
export { importExisting } from './adopt/import-blocks';
export type { ImportEntry } from './adopt/import-blocks';

// Errors and running an app
export { MeshValidationError } from './errors';
export type { MeshErrorDetails } from './errors';
export { synthesizeMesh } from './run';

// The mesh model (plain data, what the catalog, the lock and the diff read)
export type {
  MeshModel,
  DomainModel,
  ProductModel,
  SchemaModel,
  GrantModel,
  PrincipalModel,
  ApplicationModel,
  IApplication,
  ApplicationKind,
  ExternalSystemModel,
  QueryModel,
} from './model/model';

// The offline schema compatibility checker
export { checkCompatibility, parseSchema, flattenReferences, COMPATIBILITY_LEVELS, isCompatibilityLevel, SchemaParseError } from './compat';
export type {
  CompatibilityInput,
  CompatibilityResult,
  CompatibilityIssue,
  CompatibilityLevel,
  CompatibilityDirection,
  ParseResult,
  SchemaFormat,
  ResolvedReference,
  SchemaVersion,
} from './compat';

// The mesh lock
export { lockFile, readLock, writeLock, compareWithLock } from './lock/lock';
export type { StackLock, LockedTopic, LockedSubject, CurrentStack, LockComparison } from './lock/lock';

// Governance
export { GovernancePolicy, DomainOverrides, GovernancePack, MeshStandards } from './constructs/governance';
export type { GovernancePolicyProps } from './constructs/governance';
export {
  Waivers,
  defineRule,
  DEFAULT_STANDARDS,
  MESH_RULES,
  ACL_BUDGET,
  COMPATIBILITY_REQUIRED,
  METADATA_REQUIRED,
  NO_WILDCARDS,
  OWNERSHIP_BOUNDARY,
  PARTITION_BOUNDS,
  PII_CROSS_DOMAIN_READ,
  REPLICATION_FLOOR,
  RETENTION_BOUNDS,
  SCHEMA_REQUIRED,
  TOPIC_NAMING,
} from './governance';
export type {
  GovernanceRule,
  RuleLevel,
  RuleFinding,
  GovernanceFinding,
  Standards,
  StandardsOverride,
  ProductFacts,
  DomainFacts,
  AclFacts,
  GrantFacts,
  RawTopicFacts,
  WaiverRecord,
  WaiverOptions,
} from './governance';

// CODEOWNERS for the mesh repository (`kafka-mesh codeowners`)
export { generateCodeowners } from './codeowners/codeowners';
export type { CodeownersOptions, CodeownersResult } from './codeowners/codeowners';

/**
 * The generated L1 provider bindings, for escape hatches: a resource the constructs do not
 * model (a raw `kafka.acl.Acl`, a `schemaregistry.dataSchemaregistrySchema` lookup) or an
 * override next to the mesh's own blocks. No prebuilt bindings exist on npm, so a user could
 * not get them otherwise; their API is the provider's schema at the pinned version.
 */
export * as kafka from './gen/providers/kafka';
export * as schemaregistry from './gen/providers/schemaregistry';
export * as restapi from './gen/providers/restapi';
export * as kafkaConnect from './gen/providers/kafka-connect';
