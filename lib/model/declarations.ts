/**
 * What constructs declare to the Terraform writer, as plain records with the mesh's own
 * (camelCase) names. Only the writer (lib/terraform/mesh-resources.ts) knows the Terraform
 * attribute names these become; a construct never writes a Terraform-shaped entry.
 */
import type { CompatibilityLevel } from '../compat';
import type { Protection } from './model';
import type { SchemaType } from './schema';

/** The partitions, replication factor and config of a topic. */
export interface TopicShape {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: Record<string, string>;
}

/** A topic a product declares. */
export interface TopicDeclaration extends TopicShape {
  readonly name: string;
  readonly protection: Protection;
  /** Path of the declaring construct, for errors. */
  readonly path: string;
  readonly dataLossAcknowledged?: string;
  /**
   * What the code declared when an environment's caps changed what is written (the mesh lock
   * records the declared values, so every environment shares it).
   */
  readonly declared?: TopicShape;
}

/** A reference of a registered schema to a version of another subject. */
export interface SubjectReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A schema subject a product declares. */
export interface SubjectDeclaration {
  readonly subject: string;
  /** The schema text. */
  readonly schema: string;
  readonly type: SchemaType;
  readonly compatibility: CompatibilityLevel;
  /** Absent when the schema references nothing. */
  readonly references?: readonly SubjectReference[];
  readonly protection: Protection;
  readonly path: string;
  /** `external`: checked against the mesh lock, but no Terraform resource registers it. @default 'terraform' */
  readonly registration?: 'terraform' | 'external';
}

/** A principal's client quota; at least one limit is set. */
export interface QuotaDeclaration {
  readonly user: string;
  readonly producerByteRate?: number;
  readonly consumerByteRate?: number;
  readonly requestPercentage?: number;
  readonly path: string;
}

/** A SCRAM credential whose password Terraform reads from a sensitive variable. */
export interface ScramCredentialDeclaration {
  readonly username: string;
  readonly mechanism: string;
  readonly passwordVariable: string;
  readonly passwordVersion: string;
  readonly path: string;
}

/** A protected topic (and its subjects) removed on purpose. */
export interface DecommissionDeclaration {
  readonly topic: string;
  readonly subjects: readonly string[];
  readonly reason: string;
  readonly path: string;
}
