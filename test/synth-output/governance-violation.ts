/**
 * An app whose only product breaks a governance rule (METADATA_REQUIRED: a description too
 * short): what test/synth-output.test.ts synthesizes to see what a user sees.
 */
import { App, TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, GovernancePolicy, KafkaMesh, synthesizeMesh } from '../../lib';

synthesizeMesh(() => {
  const app = new App();
  new KafkaMesh(app, 'mesh', { cluster: { bootstrapServers: ['localhost:9092'] }, lock: false });
  new GovernancePolicy(new TerraformStack(app, 'platform'), 'governance', {});
  const sales = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
  new DomainDataProduct(sales, 'orders', { description: 'Orders' });
  return app;
});
