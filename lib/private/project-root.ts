import * as fs from 'fs';
import * as path from 'path';

/**
 * The project's root: the nearest folder, from `cwd` up, holding a `cdktf.json` (where `cdktf synth`
 * runs the app), else `cwd` itself. The default mesh lock lives there, in `mesh.lock/`.
 */
export function projectRoot(cwd: string = process.cwd()): string {
  const start = path.resolve(cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'cdktf.json'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** The folder the mesh lock is in unless `KafkaMesh`'s `lock` names another. */
export const DEFAULT_LOCK_DIR = 'mesh.lock';

/** The command that updates the mesh lock in a user's project. */
export const LOCK_COMMAND = 'npx kafka-mesh lock';
