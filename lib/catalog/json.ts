/**
 * catalog.json alone: the mesh model, what review tools read. Apart from the other writers, so
 * that a synth writing only this file (`catalog: 'json'`) loads nothing else of the catalog.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { MeshModel } from '../model/model';
import { paths } from './names';

/** Where the catalog goes inside a synth output directory. */
export const CATALOG_DIR = 'catalog';

/** Writes only `<outdir>/catalog/catalog.json`, the mesh model (what review tools read). */
export function writeCatalogJson(model: MeshModel, outdir: string): string {
  const dir = path.join(outdir, CATALOG_DIR);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, paths.catalogJson), catalogJson(model));
  return dir;
}

export function catalogJson(model: MeshModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
