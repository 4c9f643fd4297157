import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { principalAcls } from '../model/grants';
import { KafkaMesh } from './kafka-mesh';
import { deferGroupPrefixCheck } from '../private/namespace';
import { MeshResources } from '../terraform/mesh-resources';
import { normalizePrincipal, principalName, PRINCIPAL } from '../model/naming';
import { IGrantee } from './principal';
import { intRange, nonEmpty, validateProps, withFix, constructId } from '../private/validation';

export const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

export interface ServiceAccountQuota {
  /** Bytes per second the principal may produce, across the cluster's brokers each. @default unlimited */
  readonly producerByteRate?: number;
  /** Bytes per second the principal may fetch, per broker. @default unlimited */
  readonly consumerByteRate?: number;
  /** Percentage of a broker's request-handler and network threads. @default unlimited */
  readonly requestPercentage?: number;
}

export interface ServiceAccountProps {
  /** The Kafka principal, `User:<name>`; a bare name means `User:<name>`. @default `User:<id>` */
  readonly principal?: string;
  /** What the account is for, for the catalog. */
  readonly description: string;
  /** Prefix of the consumer groups it uses. @default `<name>.` */
  readonly consumerGroupPrefix?: string;
  /**
   * SCRAM credentials for the principal. The password is never in the code nor the synthesized
   * configuration: it comes from the sensitive Terraform variable `passwordVariable` (set it
   * with `TF_VAR_<name>`) and is sent as a write-only attribute, so it is not kept in state.
   * Bump `passwordVersion` to rotate. @default none (the principal authenticates otherwise)
   */
  readonly scram?: {
    readonly mechanisms?: (typeof SCRAM_MECHANISMS)[number][];
    /** @default `scram_password_<name>` with non-alphanumerics as `_` */
    readonly passwordVariable?: string;
    /** @default '1' */
    readonly passwordVersion?: string;
  };
  /** Client quotas for the principal (`kafka_quota`, entity type `user`). @default none */
  readonly quota?: ServiceAccountQuota;
}

const propsSchema = z.object({
  principal: withFix(
    z
      .string({ error: 'must be a string' })
      .transform(normalizePrincipal)
      .pipe(z.string().regex(PRINCIPAL, { error: 'must look like User:<name>' })),
    "write the principal as 'User:<name>'",
  ).optional(),
  description: nonEmpty('must say what the account is for'),
  consumerGroupPrefix: z
    .string({ error: 'must be a consumer group prefix such as "analytics."' })
    .regex(/^[A-Za-z0-9._-]+$/, { error: 'must be a consumer group prefix such as "analytics."' })
    .optional(),
  scram: z
    .object({
      mechanisms: z
        .array(z.enum(SCRAM_MECHANISMS, { error: `must be ${SCRAM_MECHANISMS.join(' or ')}` }))
        .min(1)
        .optional(),
      passwordVariable: z
        .string()
        .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { error: 'must be a Terraform variable name' })
        .optional(),
      passwordVersion: nonEmpty().optional(),
    })
    .strict()
    .optional(),
  quota: z
    .object({
      producerByteRate: intRange(1, Number.MAX_SAFE_INTEGER).optional(),
      consumerByteRate: intRange(1, Number.MAX_SAFE_INTEGER).optional(),
      requestPercentage: z.number({ error: 'must be a positive percentage' }).positive({ error: 'must be a positive percentage' }).optional(),
    })
    .strict()
    .optional(),
});

/**
 * A principal the platform team manages: a service, a tool or a domain's application, with
 * its SCRAM credentials and quotas. Declaring one makes the principal known to the mesh, so
 * domains may grant it access. Its stack also writes the principal's own ACLs, once: Read on
 * its consumer groups (`<consumerGroupPrefix>*`, PREFIXED) and IdempotentWrite on the cluster;
 * grants to it in other stacks then create only the topic ACLs.
 *
 * ```ts
 * new ServiceAccount(platform, 'analytics', {
 *   description: 'The analytics warehouse loader',
 *   scram: { mechanisms: ['SCRAM-SHA-512'] },
 *   quota: { consumerByteRate: 10_485_760 },
 * });
 * ```
 */
export class ServiceAccount extends Construct implements IGrantee {
  public readonly principal: string;
  public readonly granteeName: string;
  public readonly consumerGroupPrefix: string;
  public readonly description: string;

  constructor(scope: Construct, id: string, props: ServiceAccountProps) {
    super(scope, constructId(scope, id, 'ServiceAccount'));
    const p = validateProps(propsSchema, props, this.node.path);
    this.principal = p.principal ?? normalizePrincipal(id);
    this.granteeName = principalName(this.principal);
    this.consumerGroupPrefix = p.consumerGroupPrefix ?? `${this.granteeName}.`;
    this.description = p.description;
    KafkaMesh.of(this).declarePrincipal({
      principal: this.principal,
      declaredBy: this.node.path,
      description: p.description,
      ownsGroupPrefix: this.consumerGroupPrefix,
      aclOwner: this.node.path,
      aclOwnerRank: 1,
      stack: TerraformStack.of(this),
    });
    const resources = MeshResources.of(this);
    deferGroupPrefixCheck(KafkaMesh.of(this), (check) => resources.defer(check), this.node.path, this.principal, this.consumerGroupPrefix);
    resources.addAcls(principalAcls(this.principal, this.consumerGroupPrefix));
    if (p.scram) {
      const variable = p.scram.passwordVariable ?? `scram_password_${this.granteeName.replace(/[^A-Za-z0-9]/g, '_')}`;
      for (const mechanism of p.scram.mechanisms ?? ['SCRAM-SHA-512']) {
        resources.addScramCredential({
          username: this.granteeName,
          mechanism,
          passwordVariable: variable,
          passwordVersion: p.scram.passwordVersion ?? '1',
          path: this.node.path,
        });
      }
    }
    if (p.quota) {
      const { producerByteRate, consumerByteRate, requestPercentage } = p.quota;
      resources.addQuota({ user: this.granteeName, producerByteRate, consumerByteRate, requestPercentage, path: this.node.path });
    }
  }
}
