import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { localDir, repo } from './cluster';
import { removeRunTmpdir } from '../run-tmpdir';

/** Stops the e2e cluster if global setup started it, and removes its folder; then the run's temporary folder. */
export default function globalTeardown(): void {
  try {
    stopCluster();
  } finally {
    removeRunTmpdir();
  }
}

function stopCluster(): void {
  const marker = path.join(localDir, 'e2e-started');
  if (process.env.MESH_E2E_KEEP === '1' || !fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== 'yes') return;
  spawnSync('bash', [path.join(repo, 'tools', 'local', 'down.sh'), '--purge'], {
    cwd: repo,
    env: { ...process.env, MESH_LOCAL_DIR: localDir },
    stdio: 'inherit',
  });
  // down.sh --purge removes the cluster's own data; the rest of the folder is the e2e run's own.
  fs.rmSync(localDir, { recursive: true, force: true });
}
