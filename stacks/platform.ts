import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GovernancePolicy, ServiceAccount } from 'cdktf-kafka-mesh';

/**
 * The platform team's stack: the credentials and quotas of every principal in the mesh.
 * Domains declare their principals; the platform gives them SCRAM credentials (passwords from
 * `TF_VAR_scram_password_<name>`, never in code) and quotas.
 */
export class PlatformStack extends TerraformStack {
  public readonly analytics: ServiceAccount;
  public readonly governance: GovernancePolicy;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    for (const domain of ['sales', 'marketing', 'finance', 'inventory', 'customer']) {
      new ServiceAccount(this, domain, {
        description: `Applications of the ${domain} domain`,
        scram: { mechanisms: ['SCRAM-SHA-512'] },
        quota: { producerByteRate: 5_242_880, consumerByteRate: 10_485_760 },
      });
    }
    this.analytics = new ServiceAccount(this, 'analytics', {
      description: 'The analytics warehouse loader: reads products other domains share with it',
      scram: { mechanisms: ['SCRAM-SHA-512'] },
      quota: { consumerByteRate: 20_971_520 },
    });
    // The platform-wide standards, declared once: every stack of the mesh is checked at synth.
    this.governance = new GovernancePolicy(this, 'governance', {
      standards: {
        entityPattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', // kebab-case entities
        minReplicationFactor: 3,
        minInsyncReplicas: 2,
        partitions: { min: 1, max: 48 },
        retentionMs: { min: 3_600_000, max: 2_592_000_000 }, // one hour to 30 days
        aclBudgetPerDomain: 150,
      },
      // Domains may keep data longer and use more partitions and ACLs; never fewer replicas.
      overrideBounds: { retentionMs: { max: 'infinite' }, partitions: { max: 256 }, aclBudgetPerDomain: 500 },
    });
  }
}
