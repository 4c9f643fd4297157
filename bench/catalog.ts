/**
 * Catalog and compatibility-check costs: the catalog writer (contracts, AsyncAPI, Backstage,
 * lineage, HTML) on the example mesh and on a synthetic mesh, and one compatibility check once
 * the schemas are parsed. Prints figures; never passes or fails on time.
 *
 *   npm run bench:catalog [-- --products 1000]
 */
import { App } from 'cdktf';
import { catalogFiles } from '../lib/catalog';
import { checkCompatibility } from '../lib/compat';
import { MeshModel } from '../lib/model/model';
import { buildExampleMesh } from '../stacks';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

function time(runs: number, fn: () => void): number {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) fn();
  return (performance.now() - t0) / runs;
}

/** The example model with its products copied into `domains` x `perDomain` synthetic ones. */
function synthetic(example: MeshModel, total: number): MeshModel {
  const template = example.products[0];
  const products = Array.from({ length: total }, (_, i) => {
    const domain = example.domains[i % example.domains.length];
    const topic = `${domain.name}.synthetic-${i}`;
    return {
      ...template,
      topic,
      domain: domain.name,
      entity: `synthetic-${i}`,
      ...(template.valueSchema ? { valueSchema: { ...template.valueSchema, subject: `${topic}-value` } } : {}),
    };
  });
  return { ...example, products: [...example.products, ...products] };
}

const app = new App({ outdir: '/tmp/mesh-bench-catalog' });
const example = buildExampleMesh(app).mesh.toModel();
const total = arg('products', 1000);
const big = synthetic(example, total);
const order = (extra: object[] = []) =>
  JSON.stringify({
    type: 'record',
    name: 'Order',
    fields: [...Array.from({ length: 40 }, (_, i) => ({ name: `f${i}`, type: ['null', 'string'], default: null })), ...extra],
  });
const compat = {
  format: 'AVRO' as const,
  level: 'FULL' as const,
  candidate: order([{ name: 'extra', type: 'long', default: 0 }]),
  history: [order()],
};

console.log(`catalogFiles, example mesh (${example.products.length} products): ${time(5, () => catalogFiles(example)).toFixed(1)} ms`);
console.log(`catalogFiles, ${big.products.length} products:                ${time(2, () => catalogFiles(big)).toFixed(0)} ms`);
console.log(`checkCompatibility, Avro record of 41 fields, FULL, parsed: ${time(200, () => checkCompatibility(compat)).toFixed(3)} ms`);
