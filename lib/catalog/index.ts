/**
 * The catalog: everything other teams need to find, understand and trust the mesh's data
 * products, written from the same model the stacks are built from. Every function here is a
 * pure function of the {@link MeshModel}; {@link writeCatalog} writes them all.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { MeshModel } from '../model/model';
import { asyncApiYaml } from './asyncapi';
import { backstageYaml } from './backstage';
import { dataContractYaml } from './contract';
import { htmlCatalog } from './html';
import { DATAHUB_FILE, datahubJson } from './datahub';
import { buildLineage, lineageDot, lineageMermaid } from './lineage';
import { paths } from './names';
import type { CatalogOptions } from './options';

export { ASYNCAPI_VERSION, asyncApiDocument, asyncApiYaml, productAsyncApiYaml, SCHEMA_FORMATS } from './asyncapi';
export { backstageEntities, backstageYaml } from './backstage';
export type { BackstageEntity } from './backstage';
export { dataContract, dataContractYaml, ODCS_API_VERSION } from './contract';
export { DATAHUB_FILE, datahubJson, datahubProposals, datahubUrns } from './datahub';
export type { DataHubProposal } from './datahub';
export { describeSchema, fieldPaths } from './fields';
export type { FieldInfo, SchemaInfo } from './fields';
export { htmlCatalog, searchIndex } from './html';
export type { SearchEntry } from './html';
export { buildLineage, dotLabel, dotString, lineageDot, lineageMermaid, mermaidLabel, neighbourhood, nodeText } from './lineage';
export type { Lineage, LineageEdge, LineageNode } from './lineage';
export { paths as catalogPaths } from './names';
export { connectionFromStackJson, connectionOf } from './options';
export type { CatalogConnection, CatalogOptions } from './options';

/** Where the catalog goes inside a synth output directory. */
export const CATALOG_DIR = 'catalog';

/** Folders the catalog owns entirely: emptied before each write so removed products leave no files. */
const OWNED_FOLDERS = ['contracts', 'asyncapi', 'backstage', 'products', 'datahub'];

/**
 * Every catalog file, by path relative to the catalog folder: catalog.json, the data
 * contracts, the AsyncAPI documents, the Backstage entities, the DataHub metadata, the lineage
 * in three formats and the HTML pages.
 */
export function catalogFiles(model: MeshModel, options: CatalogOptions = {}): Map<string, string> {
  const files = new Map<string, string>();
  files.set(paths.catalogJson, catalogJson(model));
  const contracts = new Map(model.products.map((p) => [p.topic, dataContractYaml(model, p, options)]));
  for (const [topic, yaml] of contracts) files.set(paths.contract(topic), yaml);
  for (const d of model.domains) files.set(paths.asyncapi(d.name), asyncApiYaml(model, d.name, options));
  files.set(paths.backstage, backstageYaml(model, options));
  files.set(DATAHUB_FILE, datahubJson(model, options));
  const lineage = buildLineage(model);
  files.set(paths.lineageJson, `${JSON.stringify(lineage, null, 2)}\n`);
  files.set(paths.lineageMermaid, lineageMermaid(lineage));
  files.set(paths.lineageDot, lineageDot(lineage));
  for (const [file, html] of htmlCatalog(model, { lineage, contracts, options })) files.set(file, html);
  return files;
}

/**
 * Writes the mesh's catalog under `<outdir>/catalog/` (see {@link catalogFiles}) and returns
 * that folder. `options.connection` adds the cluster's address to contracts and AsyncAPI.
 */
export function writeCatalog(model: MeshModel, outdir: string, options: CatalogOptions = {}): string {
  const dir = path.join(outdir, CATALOG_DIR);
  // Product pages link the files that declare the products: by default, when the catalog is
  // written inside the project (the working directory), relative to it; elsewhere they only name them.
  const inProject = !path.relative(process.cwd(), path.resolve(dir)).startsWith('..');
  const sourceBase = options.sourceBase ?? (inProject ? path.relative(dir, process.cwd()).split(path.sep).join('/') : undefined);
  const files = catalogFiles(model, { ...options, ...(sourceBase !== undefined ? { sourceBase } : {}) });
  for (const folder of OWNED_FOLDERS) fs.rmSync(path.join(dir, folder), { recursive: true, force: true });
  const made = new Set<string>();
  for (const [file, content] of files) {
    const target = path.join(dir, file);
    const parent = path.dirname(target);
    if (!made.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    fs.writeFileSync(target, content);
  }
  return dir;
}

/** Writes only `<outdir>/catalog/catalog.json`, the mesh model (what review tools read). */
export function writeCatalogJson(model: MeshModel, outdir: string): string {
  const dir = path.join(outdir, CATALOG_DIR);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, paths.catalogJson), catalogJson(model));
  return dir;
}

function catalogJson(model: MeshModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
