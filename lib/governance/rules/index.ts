import type { GovernanceRule } from '../../model/governance';
import { ACL_BUDGET } from './acl-budget';
import { COMPATIBILITY_REQUIRED } from './compatibility-required';
import { METADATA_REQUIRED } from './metadata-required';
import { NO_WILDCARDS } from './no-wildcards';
import { OWNERSHIP_BOUNDARY } from './ownership-boundary';
import { PARTITION_BOUNDS } from './partition-bounds';
import { PII_CROSS_DOMAIN_READ } from './pii-cross-domain-read';
import { REPLICATION_FLOOR } from './replication-floor';
import { RETENTION_BOUNDS } from './retention-bounds';
import { SCHEMA_REQUIRED } from './schema-required';
import { TOPIC_NAMING } from './topic-naming';

export {
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
};

/** Every built-in rule, in the order findings are reported. */
export const MESH_RULES: readonly GovernanceRule[] = [
  TOPIC_NAMING,
  OWNERSHIP_BOUNDARY,
  REPLICATION_FLOOR,
  RETENTION_BOUNDS,
  PARTITION_BOUNDS,
  SCHEMA_REQUIRED,
  COMPATIBILITY_REQUIRED,
  METADATA_REQUIRED,
  PII_CROSS_DOMAIN_READ,
  NO_WILDCARDS,
  ACL_BUDGET,
];
