/**
 * Synth benchmark: a synthetic mesh of D domains x P products (default 50 x 20 = 1,000
 * products), each with a value schema and a few grants, synthesized in-process by the mesh
 * constructs and, as the baseline, by raw cdktf with one L1 construct per Terraform resource
 * writing the same resources. The mesh writes only catalog.json (`catalog: 'json'`), as raw
 * cdktf writes no catalog; a third line adds the full catalog. Prints figures; it never passes
 * or fails on time.
 *
 *   npm run bench:synth -- [--domains 50] [--products 20] [--runs 3]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, KafkaMesh, Principal, Schema, ServiceAccount } from '../lib';
import { aclKey, ownerAcls, readAcls, writeAcls } from '../lib/model/grants';
import { acl, provider as kafkaProvider, topic } from '../lib/gen/providers/kafka';
import { provider as registryProvider, schema } from '../lib/gen/providers/schemaregistry';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const D = arg('domains', 50);
const P = arg('products', 20);
const RUNS = arg('runs', 3);

const avro = (d: number, p: number) =>
  JSON.stringify({
    type: 'record',
    name: `E${d}_${p}`,
    namespace: `bench.d${d}`,
    fields: [
      { name: 'id', type: 'string' },
      { name: 'amount', type: 'long' },
    ],
  });

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-bench-'));

/** What each product's grants are: the next two domains read it, one of them also writes. */
function consumersOf(d: number): number[] {
  return [(d + 1) % D, (d + 2) % D];
}

function meshRun(outdir: string, catalog: 'full' | 'json' = 'json'): { resources: number; constructMs: number; synthMs: number } {
  const t0 = performance.now();
  const app = new App({ outdir, skipValidation: false });
  new KafkaMesh(app, 'mesh', {
    cluster: { bootstrapServers: ['localhost:9092'], tls: false },
    schemaRegistry: { url: 'http://localhost:8081' },
    catalog,
    lock: false,
  });
  new ServiceAccount(new TerraformStack(app, 'platform'), 'bench', { description: 'bench' });
  for (let d = 0; d < D; d++) {
    const stack = new TerraformStack(app, `d${d}`);
    const domain = new Domain(stack, `d${d}`, { owner: `team-${d}`, principal: `User:d${d}` });
    for (let p = 0; p < P; p++) {
      const product = new DomainDataProduct(domain, `p${p}`, {
        description: `product ${p}`,
        partitions: 3,
        retentionMs: 86_400_000,
        valueSchema: Schema.avro(avro(d, p)),
      });
      const [a, b] = consumersOf(d);
      product.grantRead(Principal.fromName(`User:d${a}`));
      product.grantRead(Principal.fromName(`User:d${b}`));
      product.grantWrite(Principal.fromName(`User:d${a}`));
    }
  }
  const t1 = performance.now();
  app.synth();
  const t2 = performance.now();
  return { resources: countResources(outdir), constructMs: t1 - t0, synthMs: t2 - t1 };
}

/** Raw cdktf: one L1 construct per Terraform resource, the same resources as the mesh writes. */
function rawRun(outdir: string): { resources: number; constructMs: number; synthMs: number } {
  const t0 = performance.now();
  const app = new App({ outdir, skipValidation: false });
  for (let d = 0; d < D; d++) {
    const stack = new TerraformStack(app, `d${d}`);
    new kafkaProvider.KafkaProvider(stack, 'kafka', { bootstrapServers: ['localhost:9092'], tlsEnabled: false });
    new registryProvider.SchemaregistryProvider(stack, 'registry', { schemaRegistryUrl: 'http://localhost:8081' });
    const acls = new Map<string, ReturnType<typeof readAcls>[number]>();
    for (const a of ownerAcls(`User:d${d}`, `d${d}.`, `d${d}.`)) acls.set(aclKey(a), a);
    for (let p = 0; p < P; p++) {
      const name = `d${d}.p${p}`;
      new topic.Topic(stack, `topic-${p}`, {
        name,
        partitions: 3,
        replicationFactor: 3,
        config: { 'min.insync.replicas': '2', 'retention.ms': '86400000' },
        lifecycle: { preventDestroy: true },
      });
      new schema.Schema(stack, `schema-${p}`, {
        subject: `${name}-value`,
        schema: avro(d, p),
        schemaType: 'AVRO',
        compatibilityLevel: 'BACKWARD',
        lifecycle: { preventDestroy: true },
      });
      const [a, b] = consumersOf(d);
      for (const spec of [
        ...readAcls(`User:d${a}`, name, { prefix: `d${a}.` }),
        ...readAcls(`User:d${b}`, name, { prefix: `d${b}.` }),
        ...writeAcls(`User:d${a}`, name),
      ])
        acls.set(aclKey(spec), spec);
    }
    let i = 0;
    for (const spec of acls.values()) {
      new acl.Acl(stack, `acl-${i++}`, {
        resourceName: spec.resourceName,
        resourceType: spec.resourceType,
        resourcePatternTypeFilter: spec.patternType,
        aclPrincipal: spec.principal,
        aclHost: spec.host,
        aclOperation: spec.operation,
        aclPermissionType: spec.permission,
      });
    }
  }
  const t1 = performance.now();
  app.synth();
  const t2 = performance.now();
  return { resources: countResources(outdir), constructMs: t1 - t0, synthMs: t2 - t1 };
}

/** Terraform resource instances in the synthesized stacks (for_each entries counted one by one). */
function countResources(outdir: string): number {
  let n = 0;
  const stacks = path.join(outdir, 'stacks');
  for (const s of fs.readdirSync(stacks)) {
    const json = JSON.parse(fs.readFileSync(path.join(stacks, s, 'cdk.tf.json'), 'utf8'));
    for (const blocks of Object.values<any>(json.resource ?? {})) {
      for (const block of Object.values<any>(blocks))
        n += block.for_each && typeof block.for_each === 'object' ? Object.keys(block.for_each).length : 1;
    }
  }
  return n;
}

function best<T extends { constructMs: number; synthMs: number }>(runs: T[]): T {
  return runs.reduce((a, b) => (a.constructMs + a.synthMs <= b.constructMs + b.synthMs ? a : b));
}

function main(): void {
  const once = <T>(run: (outdir: string) => T): T => {
    const dir = tmp();
    try {
      return run(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  // The mesh runs first so that the peak RSS read after them is the mesh's own.
  const meshRuns = Array.from({ length: RUNS }, () => once(meshRun));
  const meshRss = process.resourceUsage().maxRSS / 1024;
  const fullRuns = Array.from({ length: RUNS }, () => once((dir) => meshRun(dir, 'full')));
  const rawRuns = Array.from({ length: RUNS }, () => once(rawRun));
  const rawRss = process.resourceUsage().maxRSS / 1024;
  const m = best(meshRuns);
  const f = best(fullRuns);
  const r = best(rawRuns);
  const fmt = (x: number) => x.toFixed(0).padStart(6);
  console.log(`synthetic mesh: ${D} domains x ${P} products = ${D * P} products, ${RUNS} runs each (best shown)`);
  console.log(`               resources  construct ms   synth ms   total ms`);
  console.log(
    `mesh           ${String(m.resources).padStart(9)}  ${fmt(m.constructMs)}       ${fmt(m.synthMs)}     ${fmt(m.constructMs + m.synthMs)}`,
  );
  console.log(
    `mesh + catalog ${String(f.resources).padStart(9)}  ${fmt(f.constructMs)}       ${fmt(f.synthMs)}     ${fmt(f.constructMs + f.synthMs)}   (contracts, AsyncAPI, Backstage, lineage, HTML)`,
  );
  console.log(
    `raw cdktf      ${String(r.resources).padStart(9)}  ${fmt(r.constructMs)}       ${fmt(r.synthMs)}     ${fmt(r.constructMs + r.synthMs)}`,
  );
  console.log(
    `ratio mesh/raw (total): ${((m.constructMs + m.synthMs) / (r.constructMs + r.synthMs)).toFixed(3)}; synth only: ${(m.synthMs / r.synthMs).toFixed(3)}; with the full catalog: ${((f.constructMs + f.synthMs) / (r.constructMs + r.synthMs)).toFixed(3)}`,
  );
  console.log(`peak RSS: ${meshRss.toFixed(0)} MB after the mesh runs, ${rawRss.toFixed(0)} MB after the raw runs too`);
}

main();
