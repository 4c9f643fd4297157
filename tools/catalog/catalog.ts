/**
 * `npm run catalog`: synthesizes the mesh app (the `app` command of cdktf.json) and writes its
 * catalog, with the cluster's address read from the synthesized provider configuration.
 *
 *   npm run catalog                          synthesize into cdktf.out, then write the catalog
 *   npm run catalog -- --out DIR             synthesize into DIR
 *   npm run catalog -- --from cdktf.out      no synth: rewrite the catalog of an existing output
 *
 * Prints what it wrote and where to open the HTML catalog.
 */
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CatalogOptions, connectionFromStackJson, writeCatalog } from '../../lib/catalog';
import type { MeshModel } from '../../lib/model/model';

const ROOT = path.resolve(__dirname, '..', '..');

/** A path as the user wants to read it: relative inside the project, absolute elsewhere. */
function show(p: string): string {
  const rel = path.relative(ROOT, p);
  return rel === '' ? '.' : rel.startsWith('..') ? p : rel;
}

function usage(problem?: string): never {
  if (problem) process.stderr.write(`npm run catalog: ${problem}\n`);
  process.stderr.write('usage: npm run catalog [-- --out DIR | --from DIR]\n');
  process.exit(problem ? 2 : 0);
}

function parseArgs(argv: string[]): { outdir: string; synth: boolean } {
  let outdir = path.join(ROOT, 'cdktf.out');
  let synth = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') usage();
    else if (arg === '--out' || arg === '--from') {
      const value = argv[++i];
      if (!value) usage(`${arg} needs a folder`);
      outdir = path.resolve(value);
      synth = arg === '--out';
    } else usage(`unknown argument ${JSON.stringify(arg)}`);
  }
  return { outdir, synth };
}

/** Every `catalog/catalog.json` below `dir` (a mesh may keep its artifacts in a subfolder). */
function findCatalogs(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (!entry.isDirectory()) continue;
      if (entry.name === 'catalog' && fs.existsSync(path.join(p, 'catalog.json'))) out.push(path.join(p, 'catalog.json'));
      else if (entry.name !== 'stacks' && entry.name !== 'node_modules') walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

function readModel(file: string): MeshModel {
  let model: MeshModel;
  try {
    model = JSON.parse(fs.readFileSync(file, 'utf8')) as MeshModel;
  } catch (e) {
    throw new Error(`${file} is not readable JSON: ${(e as Error).message}`);
  }
  if (model?.modelVersion !== 1 || !Array.isArray(model.products) || !Array.isArray(model.domains)) {
    throw new Error(`${file} is not a mesh model this version understands (modelVersion ${JSON.stringify(model?.modelVersion)}, expected 1)`);
  }
  return { ...model, applications: model.applications ?? [], principals: model.principals ?? [] };
}

/** The connection of the first synthesized stack of the model that configures the Kafka provider. */
function connectionFor(model: MeshModel, outdir: string): CatalogOptions['connection'] {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) return undefined;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { stacks?: Record<string, { synthesizedStackPath?: string }> };
  const stacks = [...new Set([...model.domains.map((d) => d.stack), ...model.products.map((p) => p.stack)])];
  for (const name of stacks) {
    const rel = manifest.stacks?.[name]?.synthesizedStackPath;
    if (!rel || !fs.existsSync(path.join(outdir, rel))) continue;
    const connection = connectionFromStackJson(JSON.parse(fs.readFileSync(path.join(outdir, rel), 'utf8')));
    if (connection) return connection;
  }
  return undefined;
}

function main(): void {
  const { outdir, synth } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  if (synth) {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app?: string };
    if (!config.app) throw new Error('cdktf.json has no "app" command to synthesize');
    process.stdout.write(`synthesizing (${config.app}) into ${show(outdir)}\n`);
    execSync(config.app, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, CDKTF_OUTDIR: outdir } });
  } else if (!fs.existsSync(outdir)) {
    usage(`${outdir} does not exist; run 'npm run synth' (or npm run catalog without --from) first`);
  }
  const catalogs = findCatalogs(outdir);
  if (catalogs.length === 0) throw new Error(`no catalog/catalog.json under ${outdir}: was it synthesized by a KafkaMesh app?`);
  for (const file of catalogs) {
    const model = readModel(file);
    const connection = connectionFor(model, outdir);
    const t = Date.now();
    const dir = writeCatalog(model, path.dirname(path.dirname(file)), connection ? { connection } : {});
    const count = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).length;
    process.stdout.write(
      `catalog: ${show(dir)} (${model.products.length} products, ${model.domains.length} domains, ${count} files, ${Date.now() - t} ms)` +
        `${connection ? '' : ' — no Kafka provider found in the synthesized stacks: contracts and AsyncAPI name no servers'}\n` +
        `  open ${path.join(dir, 'index.html')}\n`,
    );
  }
  process.stdout.write(`done in ${Date.now() - started} ms\n`);
}

try {
  main();
} catch (e) {
  process.stderr.write(`npm run catalog: ${(e as Error).message}\n`);
  process.exit(1);
}
