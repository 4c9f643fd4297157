/**
 * What constructs know of each other, as interfaces: the mesh keeps its registry of domains and
 * products through these, so that KafkaMesh imports neither Domain nor DomainDataProduct (which
 * import it) and the module graph stays acyclic.
 */
import type { IConstruct } from 'constructs';
import type { CompatibilityLevel } from '../compat';
import type { Classification, DomainModel, Grant, Protection, ServiceLevel } from '../model/model';
import type { Schema } from '../model/schema';
import type { ResolvedTopic } from '../model/topic-config';
import type { SourceLocation } from '../private/source-location';
import type { IGrantee } from './principal';

/**
 * A data product: one declared in this app (a {@link DomainDataProduct}), or one owned by another
 * stack or repository, referenced by its topic name with `DomainDataProduct.fromTopicName()`.
 */
export interface IDataProduct {
  /**
   * The product's topic, `<domain>.<entity>` (with `.v<N>` for a version), or the name it had
   * before the mesh when adopted under it (`existingTopicName`).
   */
  readonly topicName: string;
  /** The owning domain's name: the topic's first segment, or the adopting domain's. */
  readonly domainName: string;
}

export interface GrantReadOptions {
  /**
   * Allow exactly this consumer group (LITERAL) instead of every group under the grantee's
   * consumer group prefix (PREFIXED).
   * @default the grantee's consumer group prefix
   */
  readonly consumerGroup?: string;
}

export interface GrantWriteOptions {
  /**
   * For transactional (exactly-once) producers: allow Write and Describe on transactional ids
   * starting with this prefix. @default none
   */
  readonly transactionalIdPrefix?: string;
}

/** A domain as the mesh's registry sees it. */
export interface IMeshDomain
  extends IConstruct, Pick<DomainModel, 'name' | 'owner' | 'contact' | 'description' | 'principal' | 'consumerGroupPrefix' | 'topicPrefix'> {
  readonly decommissioned: readonly { topic: string; reason: string }[];
  /** The mesh the domain belongs to. */
  readonly mesh: IConstruct;
}

/** A product declared in this app, as the mesh's registry sees it. */
export interface IMeshProduct extends IDataProduct, IConstruct {
  readonly kind: 'product' | 'shared';
  readonly domain: IMeshDomain;
  readonly entity: string;
  readonly version?: number;
  /** The name the topic had before the mesh, when adopted under it. */
  readonly existingTopicName?: string;
  readonly description: string;
  readonly owner: string;
  readonly tags: readonly string[];
  readonly classification: Classification;
  readonly sla?: ServiceLevel;
  readonly valueSchema?: Schema;
  readonly keySchema?: Schema;
  readonly compatibility?: CompatibilityLevel;
  readonly protection: Protection;
  /** The reason given with `acknowledgeDataLoss`, when set. */
  readonly acknowledgeDataLoss?: string;
  readonly topic: ResolvedTopic;
  readonly source?: SourceLocation;
  readonly grants: readonly Grant[];
  /** Lets `consumer` read the product (see DomainDataProduct.grantRead). */
  grantRead(consumer: IGrantee, options?: GrantReadOptions): Grant;
  /** Lets `producer` write to the product (see DomainDataProduct.grantWrite). */
  grantWrite(producer: IGrantee, options?: GrantWriteOptions): Grant;
}
