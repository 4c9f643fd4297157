/**
 * Synth benchmark: synthetic meshes of 1,000, 5,000 and 20,000 products (domains of 20
 * products), each product with a value schema, two read grants and a write grant, synthesized
 * by the mesh constructs with the full catalog (the default), with catalog.json only
 * (infrastructure: raw cdktf writes no catalog) and, as the baseline, by raw cdktf with one L1
 * construct per Terraform resource writing the same resources. Each size runs in its own
 * process (so its peak RSS is its own), under Node's default heap; ratios are against the raw
 * baseline of the same process. Prints figures; it never passes or fails on time.
 *
 *   npm run bench:synth -- [--sizes 1000,5000,20000] [--runs 3]   (--runs applies to sizes up to 1,000; larger ones run once)
 */
import { fork } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, KafkaMesh, Principal, Schema, ServiceAccount } from '../lib';
import { aclKey, ownerAcls, readAcls, writeAcls } from '../lib/model/grants';
import { forEachEntries } from '../lib/model/for-each';
import { acl, provider as kafkaProvider, topic } from '../lib/gen/providers/kafka';
import { provider as registryProvider, schema } from '../lib/gen/providers/schemaregistry';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** Products per domain. */
const P = 20;
/** Domains: set by the size a child process runs. */
let D = 50;

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
      for (const block of Object.values<any>(blocks)) {
        const entries = forEachEntries(json, block);
        n += entries ? Object.keys(entries).length : 1;
      }
    }
  }
  return n;
}

function best<T extends { constructMs: number; synthMs: number }>(runs: T[]): T {
  return runs.reduce((a, b) => (a.constructMs + a.synthMs <= b.constructMs + b.synthMs ? a : b));
}

/** Files and bytes under `dir`. */
function sizeOf(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

interface SizeResult {
  readonly products: number;
  readonly runs: number;
  readonly resources: number;
  readonly fullMs: number;
  readonly fullSynthMs: number;
  readonly fullRssMb: number;
  readonly files: number;
  readonly bytes: number;
  readonly infraMs: number;
  readonly rawMs: number;
}

/** One size, in this process: the full catalog first (so the peak RSS read after it is its own), then catalog.json only, then raw cdktf. */
function runSize(products: number, runs: number): SizeResult {
  D = products / P;
  let written = { files: 0, bytes: 0 };
  const full = best(
    Array.from({ length: runs }, () => {
      const dir = tmp();
      try {
        const r = meshRun(dir, 'full');
        written = sizeOf(path.join(dir, 'catalog'));
        return r;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }),
  );
  const fullRssMb = process.resourceUsage().maxRSS / 1024;
  const once = <T>(run: (outdir: string) => T): T => {
    const dir = tmp();
    try {
      return run(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const infra = best(Array.from({ length: runs }, () => once((dir) => meshRun(dir, 'json'))));
  const raw = best(Array.from({ length: runs }, () => once(rawRun)));
  const total = (r: { constructMs: number; synthMs: number }) => r.constructMs + r.synthMs;
  return {
    products,
    runs,
    resources: full.resources,
    fullMs: total(full),
    fullSynthMs: full.synthMs,
    fullRssMb,
    ...written,
    infraMs: total(infra),
    rawMs: total(raw),
  };
}

function main(): void {
  const child = process.argv.indexOf('--child');
  if (child >= 0) {
    const products = Number(process.argv[child + 1]);
    const result = runSize(products, Number(arg('runs', '3')));
    process.send?.(result);
    return;
  }
  const sizes = arg('sizes', '1000,5000,20000').split(',').map(Number);
  const runs = Number(arg('runs', '3'));
  const bad = sizes.find((n) => !Number.isInteger(n) || n <= 0 || n % P !== 0);
  if (bad !== undefined) throw new Error(`--sizes: ${bad} is not a positive multiple of ${P}`);
  const results: SizeResult[] = [];
  const next = (i: number): void => {
    if (i === sizes.length) return print(results);
    // Only the first size is timed warm (best of --runs); larger ones run once.
    const p = fork(__filename, ['--child', String(sizes[i]), '--runs', String(sizes[i] <= 1000 ? runs : 1)], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
    });
    p.on('message', (m) => results.push(m as SizeResult));
    p.on('exit', (code) => {
      if (code !== 0) {
        console.log(`${sizes[i]} products: the process failed (exit ${code})`);
        process.exitCode = 1;
      }
      next(i + 1);
    });
  };
  next(0);
}

function print(results: SizeResult[]): void {
  const cell = (s: string | number, w: number) => String(s).padStart(w);
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  console.log(
    `synthetic mesh: domains of ${P} products, one process per size; full = the default catalog, infra = catalog.json only, raw = raw cdktf`,
  );
  console.log(`products  runs  resources  full s  peak MB  files  written MB  infra s  raw s  full/raw  infra/raw  full/infra`);
  for (const r of results) {
    console.log(
      [
        cell(r.products, 8),
        cell(r.runs, 5),
        cell(r.resources, 10),
        cell((r.fullMs / 1000).toFixed(2), 7),
        cell(r.fullRssMb.toFixed(0), 8),
        cell(r.files, 6),
        cell(mb(r.bytes), 11),
        cell((r.infraMs / 1000).toFixed(2), 8),
        cell((r.rawMs / 1000).toFixed(2), 6),
        cell((r.fullMs / r.rawMs).toFixed(2), 9),
        cell((r.infraMs / r.rawMs).toFixed(2), 10),
        cell((r.fullMs / r.infraMs).toFixed(2), 11),
      ].join(' '),
    );
  }
}

main();
