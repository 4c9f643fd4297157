/**
 * One temporary folder per test run. Jest's global setup makes it and points TMPDIR at it before
 * any test starts; the test workers (and the processes the tests start) inherit TMPDIR, and
 * `os.tmpdir()` reads it, so the tests' own temporary folders, and those cdktf's `Testing` makes
 * and never removes, all land under it. The global teardown removes it. Without it a unit run
 * left about 1,100 folders in the system's temporary folder.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Where the run's folder is, for the teardown (set by the setup, in the same process). */
const RUN_TMPDIR = 'CDKTF_KAFKA_MESH_RUN_TMPDIR';
const SAVED_TMPDIR = 'CDKTF_KAFKA_MESH_SAVED_TMPDIR';

export function useRunTmpdir(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kafka-mesh-tests-'));
  process.env[SAVED_TMPDIR] = process.env.TMPDIR ?? '';
  process.env[RUN_TMPDIR] = dir;
  process.env.TMPDIR = dir;
}

export function removeRunTmpdir(): void {
  const dir = process.env[RUN_TMPDIR];
  if (!dir) return;
  if (process.env[SAVED_TMPDIR]) process.env.TMPDIR = process.env[SAVED_TMPDIR];
  else delete process.env.TMPDIR;
  delete process.env[RUN_TMPDIR];
  delete process.env[SAVED_TMPDIR];
  fs.rmSync(dir, { recursive: true, force: true });
}
