import { App } from 'cdktf';
import { synthesizeMesh } from 'cdktf-kafka-mesh';
import { buildExampleMesh } from './stacks';

// The whole example mesh: `cdktf synth` (or `npm run synth`) writes one stack per domain plus
// the platform stack to cdktf.out/stacks/.
synthesizeMesh(() => {
  const app = new App();
  buildExampleMesh(app);
  return app;
});
