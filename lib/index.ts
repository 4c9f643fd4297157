/**
 * `cdktf-kafka-mesh`: the public API. Everything a domain or platform team writes against is
 * listed here by name; what is not listed (zod shapes, ACL builders, naming helpers, the
 * per-stack writer) is internal and may change in any release.
 *
 * Two more entry points: `cdktf-kafka-mesh/diff` (the mesh diff, as `kafka-mesh diff` runs it)
 * and `cdktf-kafka-mesh/catalog` (the catalog writers).
 */

// Constructs and their props
export { KafkaMesh } from './kafka-mesh';
export type { KafkaMeshProps, KafkaClusterProps, SchemaRegistryProps, SchemaRegistryBackend, PrincipalDeclaration, SecretSource } from './kafka-mesh';
export { Domain } from './domain';
export type { DomainProps, DecommissionOptions } from './domain';
export { DomainDataProduct } from './data-product';
export type {
  DomainDataProductProps, Classification, ServiceLevel, Grant, GrantAccess, GrantReadOptions, GrantWriteOptions,
} from './data-product';
export { SharedTopic } from './shared-topic';
export type { SharedTopicProps } from './shared-topic';
export { ServiceAccount } from './service-account';
export type { ServiceAccountProps, ServiceAccountQuota } from './service-account';
export { StreamsApp } from './streams-app';
export type { StreamsAppProps, ApplicationInput, ApplicationPrincipal } from './streams-app';
export { Connector } from './connector';
export type { ConnectorProps, ConnectClusterProps, ConnectorType, SensitiveValue } from './connector';
export { KsqlApp } from './ksql-app';
export type { KsqlAppProps, KsqlQuery } from './ksql-app';
export { NiFiFlow } from './nifi-flow';
export type { NiFiFlowProps, ExternalSystem } from './nifi-flow';
export { Environment } from './environment';
export type { EnvironmentProps, EnvironmentOverlay } from './environment';
export type { TopicSettings, TopicDefaults, CleanupPolicy } from './topic-config';

// Schemas
export { Schema, fromFile } from './schema';
export type { SchemaFile, SchemaOptions, SchemaReference, SchemaType } from './schema';

// Principals and grants
export { Principal } from './principal';
export type { IGrantee, PrincipalOptions } from './principal';
export type { AclSpec, AclOperation, AclResourceType, AclPatternType, AclPermission } from './grants';

// Errors and running an app
export { MeshValidationError } from './errors';
export type { MeshErrorDetails } from './errors';
export { synthesizeMesh } from './run';

// The mesh model (plain data, what the catalog, the lock and the diff read)
export type {
  MeshModel, DomainModel, ProductModel, SchemaModel, GrantModel, PrincipalModel, ApplicationModel, IApplication,
  ApplicationKind, ExternalSystemModel, QueryModel,
} from './model';

// The offline schema compatibility checker
export { checkCompatibility, parseSchema, flattenReferences, COMPATIBILITY_LEVELS, isCompatibilityLevel, SchemaParseError } from './compat';
export type {
  CompatibilityInput, CompatibilityResult, CompatibilityIssue, CompatibilityLevel, CompatibilityDirection, ParseResult, SchemaFormat, ResolvedReference, SchemaVersion,
} from './compat';

// The mesh lock
export { lockFile, readLock, writeLock, compareWithLock } from './lock';
export type { StackLock, LockedTopic, LockedSubject, CurrentStack, LockComparison } from './lock';

// Governance
export {
  GovernancePolicy, DomainOverrides, Waivers, GovernancePack, MeshStandards, defineRule, DEFAULT_STANDARDS, MESH_RULES,
  ACL_BUDGET, COMPATIBILITY_REQUIRED, METADATA_REQUIRED, NO_WILDCARDS, OWNERSHIP_BOUNDARY, PARTITION_BOUNDS,
  PII_CROSS_DOMAIN_READ, REPLICATION_FLOOR, RETENTION_BOUNDS, SCHEMA_REQUIRED, TOPIC_NAMING,
} from './governance';
export type {
  GovernancePolicyProps, GovernanceRule, RuleLevel, RuleFinding, GovernanceFinding, Standards, StandardsOverride,
  ProductFacts, DomainFacts, AclFacts, GrantFacts, RawTopicFacts, WaiverRecord, WaiverOptions,
} from './governance';

// CODEOWNERS for the mesh repository (`kafka-mesh codeowners`)
export { generateCodeowners } from './codeowners';
export type { CodeownersOptions, CodeownersResult } from './codeowners';

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
