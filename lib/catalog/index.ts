import * as fs from 'fs';
import * as path from 'path';
import type { MeshModel } from '../model';

/** Where the catalog goes inside a synth output directory. */
export const CATALOG_DIR = 'catalog';

/**
 * Writes the mesh's catalog under `<outdir>/catalog/`: catalog.json, the whole model as data.
 */
export function writeCatalog(model: MeshModel, outdir: string): string {
  const dir = path.join(outdir, CATALOG_DIR);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'catalog.json'), `${JSON.stringify(model, null, 2)}\n`);
  return dir;
}
