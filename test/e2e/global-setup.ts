import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { localDir, repo } from './cluster';
import { useRunTmpdir } from '../run-tmpdir';

/**
 * Builds the toolchain if needed (cached outside the repo) and starts the e2e cluster with the
 * project's own script. Remembers whether it started it, so teardown stops only what it started.
 */
export default function globalSetup(): void {
  const wasRunning = fs.existsSync(path.join(localDir, 'cluster.env')) && fs.existsSync(path.join(localDir, 'kafka.pid'));
  const started = Date.now();
  const r = spawnSync('bash', [path.join(repo, 'tools', 'local', 'up.sh')], {
    cwd: repo,
    env: { ...process.env, MESH_LOCAL_DIR: localDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0)
    throw new Error(`tools/local/up.sh failed (exit ${r.status}): the e2e cluster could not start; see the messages above and ${localDir}/logs`);
  fs.writeFileSync(path.join(localDir, 'e2e-started'), wasRunning ? 'no' : 'yes');
  // After the cluster started: its processes keep the system's temporary folder.
  useRunTmpdir();
  process.stderr.write(`\ne2e: cluster ready in ${((Date.now() - started) / 1000).toFixed(1)} s (state in ${path.relative(repo, localDir)})\n`);
}
