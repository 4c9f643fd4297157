/**
 * The catalog: everything other teams need to find, understand and trust the mesh's data
 * products, written from the same model the stacks are built from. Every function here is a
 * pure function of the {@link MeshModel}; {@link writeCatalog} writes them all.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { MeshModel } from '../model/model';
import { domainAsyncApiYaml, ProductYamlCache } from './asyncapi';
import { backstageYamlParts } from './backstage';
import { dataContractYaml } from './contract';
import { htmlIndexFiles, productPage } from './html';
import { DATAHUB_FILE, datahubJsonParts } from './datahub';
import { buildLineage, lineageDot, lineageMermaid } from './lineage';
import { CATALOG_DIR, jsonLines } from './json';
import { paths } from './names';
import type { CatalogOptions } from './options';
import { DIRECT_WRITES, FileWrites } from '../private/background-writes';

export { ASYNCAPI_VERSION, asyncApiDocument, asyncApiYaml, productAsyncApiYaml, SCHEMA_FORMATS } from './asyncapi';
export { backstageEntities, backstageYaml } from './backstage';
export type { BackstageEntity } from './backstage';
export { dataContract, dataContractYaml, ODCS_API_VERSION } from './contract';
export { DATAHUB_FILE, datahubJson, datahubProposals, datahubUrns } from './datahub';
export type { DataHubProposal } from './datahub';
export { describeSchema, fieldPaths } from './fields';
export type { FieldInfo, SchemaInfo } from './fields';
export { htmlCatalog, htmlIndexFiles, INLINE_INDEX_LIMIT, LINEAGE_COLUMN_LIMIT, LISTED_PRODUCTS, searchIndex, SEARCH_SHARD_SIZE } from './html';
export type { SearchEntry } from './html';
export { buildLineage, capNeighbourhood, dotLabel, dotString, lineageDot, lineageMermaid, mermaidLabel, neighbourhood, nodeText } from './lineage';
export type { CappedNeighbourhood, Lineage, LineageEdge, LineageNode } from './lineage';
export { CATALOG_DIR, writeCatalogJson } from './json';
export { paths as catalogPaths } from './names';
export { connectionFromStackJson, connectionOf } from './options';
export type { CatalogConnection, CatalogOptions } from './options';

/** Folders the catalog owns entirely: emptied before each write so removed products leave no files. */
const OWNED_FOLDERS = ['contracts', 'asyncapi', 'backstage', 'products', 'datahub', 'search'];

/** A catalog file's content: whole, or in pieces (the files that grow with the whole mesh) written one after the other. */
type Content = string | Iterable<string>;

/**
 * Every catalog file, one at a time, as `[path relative to the catalog folder, content]`:
 * catalog.json, the AsyncAPI documents, the Backstage entities, the DataHub metadata, the
 * lineage in three formats, the HTML index, then each product's data contract and page. Made
 * as they are asked for, so a writer holds one file at a time whatever the mesh's size.
 */
export function* catalogEntries(model: MeshModel, options: CatalogOptions = {}): Generator<[string, string]> {
  for (const [file, content] of catalogParts(model, options)) yield [file, typeof content === 'string' ? content : [...content].join('')];
}

/** {@link catalogEntries}, with the Backstage and DataHub files (an entry or proposal per product, and more) in pieces. */
function* catalogParts(model: MeshModel, options: CatalogOptions): Generator<[string, Content]> {
  yield [paths.catalogJson, jsonLines(model)];
  // Each product's AsyncAPI entries are made for its domain's file and used again for its Backstage API.
  const asyncApiEntries = new ProductYamlCache();
  for (const d of model.domains) yield [paths.asyncapi(d.name), domainAsyncApiYaml(model, d.name, options, asyncApiEntries)];
  yield [paths.backstage, backstageYamlParts(model, options, asyncApiEntries)];
  yield [DATAHUB_FILE, datahubJsonParts(model, options)];
  const lineage = buildLineage(model);
  yield [paths.lineageJson, jsonLines(lineage)];
  yield [paths.lineageMermaid, lineageMermaid(lineage)];
  yield [paths.lineageDot, lineageDot(lineage)];
  yield* htmlIndexFiles(model);
  for (const p of model.products) {
    yield [paths.contract(p.topic), dataContractYaml(model, p, options)];
    yield [paths.productPage(p.topic), productPage(model, p, lineage, options)];
  }
}

/** Every catalog file, by path relative to the catalog folder (see {@link catalogEntries}; this holds them all). */
export function catalogFiles(model: MeshModel, options: CatalogOptions = {}): Map<string, string> {
  return new Map(catalogEntries(model, options));
}

/**
 * Writes the mesh's catalog under `<outdir>/catalog/` (see {@link catalogEntries}), each file
 * as soon as it is made, and returns that folder. `options.connection` adds the cluster's
 * address to contracts and AsyncAPI. `files` writes them: here and now, or (a synth of a large
 * mesh) by a worker thread while the synth goes on.
 */
export function writeCatalog(model: MeshModel, outdir: string, options: CatalogOptions = {}, files: FileWrites = DIRECT_WRITES): string {
  const dir = path.join(outdir, CATALOG_DIR);
  // Product pages link the files that declare the products: by default, when the catalog is
  // written inside the project (the working directory), relative to it; elsewhere they only name them.
  const inProject = !path.relative(process.cwd(), path.resolve(dir)).startsWith('..');
  const sourceBase = options.sourceBase ?? (inProject ? path.relative(dir, process.cwd()).split(path.sep).join('/') : undefined);
  for (const folder of OWNED_FOLDERS) fs.rmSync(path.join(dir, folder), { recursive: true, force: true });
  const made = new Set<string>();
  for (const [file, content] of catalogParts(model, { ...options, ...(sourceBase !== undefined ? { sourceBase } : {}) })) {
    const target = path.join(dir, file);
    const parent = path.dirname(target);
    if (!made.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    if (typeof content === 'string') files.write(target, content);
    else files.writeParts(target, content);
  }
  return dir;
}
