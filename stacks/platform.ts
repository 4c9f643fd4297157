import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ServiceAccount } from '../lib';

/**
 * The platform team's stack: the credentials and quotas of every principal in the mesh.
 * Domains declare their principals; the platform gives them SCRAM credentials (passwords from
 * `TF_VAR_scram_password_<name>`, never in code) and quotas.
 */
export class PlatformStack extends TerraformStack {
  public readonly analytics: ServiceAccount;

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
  }
}
