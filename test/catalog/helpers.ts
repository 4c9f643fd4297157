import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { CatalogOptions, connectionOf } from '../../lib/catalog';
import type { MeshModel } from '../../lib/model/model';
import { buildExampleMesh } from '../../stacks';

export const REPO = path.resolve(__dirname, '..', '..');

export interface SynthesizedExample {
  /** The synth output folder. */
  readonly outdir: string;
  /** The catalog folder the synth wrote. */
  readonly catalogDir: string;
  readonly model: MeshModel;
  /** The example's connection, for the documents that name the cluster. */
  readonly options: CatalogOptions;
}

/** Finds `catalog/catalog.json` below `dir` (the mesh may put its artifacts in a subfolder). */
function findCatalog(dir: string): string | undefined {
  const direct = path.join(dir, 'catalog', 'catalog.json');
  if (fs.existsSync(direct)) return path.dirname(direct);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'stacks') {
      const found = findCatalog(path.join(dir, entry.name));
      if (found) return found;
    }
  }
  return undefined;
}

/** Synthesizes the example mesh into a fresh temporary folder, as `cdktf synth` does. */
export function synthExample(): SynthesizedExample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-example-'));
  const app = new App({ outdir });
  const { mesh } = buildExampleMesh(app);
  app.synth();
  const catalogDir = findCatalog(outdir);
  if (!catalogDir) throw new Error(`synth of the example mesh wrote no catalog/catalog.json under ${outdir}`);
  return { outdir, catalogDir, model: mesh.toModel(), options: { connection: connectionOf(mesh) } };
}

/** Every file below `dir`, relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk('');
  return out.sort();
}

/**
 * Runs one of the project's setup scripts (tools/catalog/*.sh) and returns the last line it
 * prints. Fails with the script's own output when it cannot install what the test needs.
 */
export function runSetupScript(script: string, timeoutMs: number): string {
  try {
    const out = execFileSync('bash', [path.join(REPO, 'tools', 'catalog', script)], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: timeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const last = out.trim().split('\n').pop() ?? '';
    if (!last) throw new Error('printed nothing');
    return last;
  } catch (e) {
    const err = e as { message: string; stdout?: string; stderr?: string };
    throw new Error(
      `tools/catalog/${script} could not set up what this test needs: ${err.message}\n` +
        `--- stdout ---\n${err.stdout ?? ''}\n--- stderr ---\n${String(err.stderr ?? '').slice(-4000)}\n` +
        `Run 'bash tools/catalog/${script}' by hand to see why.`,
    );
  }
}
