/**
 * Synth benchmark: synthetic meshes of 1,000, 5,000 and 20,000 products (by default in domains of
 * 20 products), each product with a value schema, two read grants and a write grant, synthesized
 * by the mesh constructs with the full catalog (the default), with catalog.json only
 * (infrastructure: raw cdktf writes no catalog) and, as the baseline, by raw cdktf with one L1
 * construct per Terraform resource writing the same resources. Each size and case runs in its
 * own process (so its peak RSS is its own), under Node's default heap, one after the other;
 * ratios are against the raw baseline of the same run. Seconds are wall clock and CPU (user +
 * system: steadier than wall clock on a loaded machine, and counting the worker that writes a
 * large catalog); "write s" is the part of the full case's seconds spent writing files, or waiting
 * for that worker to write them (stacks and catalog), the disk's share; "(user)" is the
 * part of the CPU seconds spent in the process itself, not in the kernel (whose share, mostly
 * writing files, varies most from run to run on a shared disk); "first s (write)" is the full
 * case's first run, cold, and its writing seconds (sizes above 1,000 run once: the same run). It
 * prints the load average before and after. Prints figures; it never passes or fails on time.
 *
 *   npm run bench:synth -- [--sizes 1000,5000,20000] [--runs 5] [--domain-size 20] [--compiled]
 *   (--runs applies to sizes up to 1,000; larger ones run once; --domain-size: products per domain,
 *   each domain its own stack; --compiled: the cases run as JavaScript compiled by tsc, by plain
 *   node, as an app using the installed package runs the library, instead of the TypeScript
 *   sources under ts-node with the project's cached transpiler, the way `npm run synth` and
 *   cdktf.json run the example app: TypeScript stays loaded in each process, though a warm cache
 *   spares it transpiling)
 */
import { execFileSync, fork } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, KafkaMesh, Principal, Schema, ServiceAccount } from '../lib';
import { aclKey, ownerAcls, readAcls, writeAcls } from '../lib/model/grants';
import { forEachEntries } from '../lib/model/for-each';
import { BackgroundWrites } from '../lib/private/background-writes';
import { acl, provider as kafkaProvider, topic } from '../lib/gen/providers/kafka';
import { provider as registryProvider, schema } from '../lib/gen/providers/schemaregistry';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** Products per domain (`--domain-size`). */
const P = Number(arg('domain-size', '20'));
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

function meshRun(outdir: string, catalog: 'full' | 'json' = 'json'): { constructMs: number; synthMs: number } {
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
  return { constructMs: t1 - t0, synthMs: t2 - t1 };
}

/** Raw cdktf: one L1 construct per Terraform resource, the same resources as the mesh writes. */
function rawRun(outdir: string): { constructMs: number; synthMs: number } {
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
  return { constructMs: t1 - t0, synthMs: t2 - t1 };
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

type Case = 'full' | 'infra' | 'raw';

/** One case of one size, measured in its own process. */
interface CaseResult {
  readonly products: number;
  readonly case: Case;
  readonly runs: number;
  readonly resources: number;
  /** Best of the runs: construct + synth, wall clock. */
  readonly ms: number;
  /** CPU time (user + system) of that run. */
  readonly cpuMs: number;
  /**
   * Of `cpuMs`, the process's own (user) and the kernel's (system): on a machine whose disk is
   * shared the kernel's share of writing the files varies from run to run far more than the rest.
   */
  readonly userMs: number;
  readonly systemMs: number;
  /** The process's peak RSS. */
  readonly rssMb: number;
  /** The catalog's files and bytes (full). */
  readonly files: number;
  readonly bytes: number;
  /** Of `ms`, the time spent writing files, or waiting for the worker writing them (stacks and catalog). */
  readonly writeMs: number;
  /**
   * The first run's construct + synth and its writing seconds: cold. After a minute or so without
   * writes, this machine's disk takes the first tens of MB of new files slowly (kernel time: a
   * plain loop writing the catalog's files shows it too), so the first runs of a case measure
   * the disk as much as the synth.
   */
  readonly firstMs: number;
  readonly firstWriteMs: number;
}

/**
 * Runs `fn`, timing what it spends on the disk: its calls to fs.writeFileSync, fs.writeSync
 * (cdktf writes the stacks, and a small catalog is written, with them), and its waits for the
 * worker that writes a large catalog (see lib/private/background-writes.ts). On a shared machine
 * the disk's share of a synth varies more than its CPU time.
 */
function timingWrites<T>(fn: () => T): { result: T; writeMs: number } {
  let writeMs = 0;
  const restore: Array<() => void> = [];
  const time = <K extends string>(owner: Record<K, unknown>, name: K) => {
    const original = owner[name] as (...args: unknown[]) => unknown;
    owner[name] = function (this: unknown, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        writeMs += performance.now() - t0;
      }
    };
    restore.push(() => (owner[name] = original));
  };
  const nodeFs = require('fs') as Record<'writeFileSync' | 'writeSync', unknown>;
  time(nodeFs, 'writeFileSync');
  time(nodeFs, 'writeSync');
  // The waits: for room when too much waits for the disk, and for the last files at the end
  // (each call to post counted whole, its copy of the content for the worker included).
  const background = BackgroundWrites.prototype as unknown as Record<'post' | 'finish', unknown>;
  time(background, 'post');
  time(background, 'finish');
  try {
    return { result: fn(), writeMs };
  } finally {
    for (const undo of restore) undo();
  }
}

/**
 * One case of one size, in this process (so the peak RSS is its own). The peak is read before
 * the bench counts the resources and bytes written (reading every stack back would be the
 * bench's memory, not the synth's).
 */
function runCase(products: number, kind: Case, runs: number): CaseResult {
  D = products / P;
  const dirs: string[] = [];
  try {
    const measured = Array.from({ length: runs }, () => {
      const dir = tmp();
      dirs.push(dir);
      const c0 = process.cpuUsage();
      const { result: r, writeMs } = timingWrites(() => (kind === 'raw' ? rawRun(dir) : meshRun(dir, kind === 'full' ? 'full' : 'json')));
      const cpu = process.cpuUsage(c0);
      return { ...r, dir, cpuMs: (cpu.user + cpu.system) / 1000, userMs: cpu.user / 1000, systemMs: cpu.system / 1000, writeMs };
    });
    const rssMb = process.resourceUsage().maxRSS / 1024;
    const b = best(measured);
    return {
      products,
      case: kind,
      runs,
      resources: countResources(b.dir),
      ms: b.constructMs + b.synthMs,
      cpuMs: b.cpuMs,
      userMs: b.userMs,
      systemMs: b.systemMs,
      rssMb,
      ...(kind === 'full' ? sizeOf(path.join(b.dir, 'catalog')) : { files: 0, bytes: 0 }),
      writeMs: b.writeMs,
      firstMs: measured[0].constructMs + measured[0].synthMs,
      firstWriteMs: measured[0].writeMs,
    };
  } finally {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

const CASES: readonly Case[] = ['full', 'infra', 'raw'];

function main(): void {
  const child = process.argv.indexOf('--child');
  if (child >= 0) {
    const result = runCase(Number(process.argv[child + 1]), arg('case', 'full') as Case, Number(arg('runs', '5')));
    if (process.send) process.send(result);
    else console.log(JSON.stringify(result));
    return;
  }
  const sizes = arg('sizes', '1000,5000,20000').split(',').map(Number);
  const runs = Number(arg('runs', '5'));
  if (!Number.isInteger(P) || P <= 0) throw new Error(`--domain-size: ${arg('domain-size', '20')} is not a positive whole number`);
  const bad = sizes.find((n) => !Number.isInteger(n) || n <= 0 || n % P !== 0);
  if (bad !== undefined) throw new Error(`--sizes: ${bad} is not a positive multiple of ${P}`);
  const jobs = sizes.flatMap((products) => CASES.map((kind) => ({ products, kind })));
  const compiled = process.argv.includes('--compiled') ? compileBench() : undefined;
  const results: CaseResult[] = [];
  const loadBefore = os.loadavg();
  const next = (i: number): void => {
    if (i === jobs.length) {
      if (compiled) fs.rmSync(compiled.dir, { recursive: true, force: true });
      return print(sizes, results, loadBefore, os.loadavg(), compiled !== undefined);
    }
    const { products, kind } = jobs[i];
    // Sizes up to 1,000 are timed warm (best of --runs); larger ones run once.
    const p = fork(
      compiled?.script ?? __filename,
      ['--child', String(products), '--case', kind, '--runs', String(products <= 1000 ? runs : 1), '--domain-size', String(P)],
      { execArgv: compiled ? [] : ['-r', path.join(__dirname, '..', 'tools', 'ts-node', 'register.js')] },
    );
    p.on('message', (m) => results.push(m as CaseResult));
    p.on('exit', (code) => {
      if (code !== 0) {
        console.log(`${products} products, ${kind}: the process failed (exit ${code})`);
        process.exitCode = 1;
      }
      next(i + 1);
    });
  };
  next(0);
}

/**
 * This benchmark and the library compiled by tsc into a temporary folder (its node_modules the
 * project's), for `--compiled`.
 */
function compileBench(): { dir: string; script: string } {
  const root = path.resolve(__dirname, '..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-bench-js-'));
  try {
    // The project's compiler options (strict, as the library is written), this file as the root.
    const config = {
      extends: path.join(root, 'tsconfig.json'),
      compilerOptions: {
        noEmit: false,
        declaration: false,
        outDir: path.join(dir, 'out'),
        rootDir: root,
        types: ['node'],
        typeRoots: [path.join(root, 'node_modules', '@types')],
      },
      files: [path.join(root, 'bench', 'synth.ts')],
      include: [],
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
    const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
    execFileSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'out', 'node_modules'), 'dir');
    return { dir, script: path.join(dir, 'out', 'bench', 'synth.js') };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

function print(sizes: number[], results: CaseResult[], loadBefore: number[], loadAfter: number[], compiled: boolean): void {
  const cell = (s: string | number, w: number) => String(s).padStart(w);
  const sec = (ms: number | undefined) => (ms === undefined ? '-' : (ms / 1000).toFixed(2));
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '-' : (a / b).toFixed(2));
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(
    `synthetic mesh: domains of ${P} products, one process per size and case; full = the default catalog, infra = catalog.json only, raw = raw cdktf`,
  );
  console.log(
    compiled
      ? 'library and benchmark: JavaScript compiled by tsc, run by node'
      : 'library and benchmark: TypeScript sources under ts-node with the cached transpiler, as npm run synth runs the example app (TypeScript in memory)',
  );
  console.log(`load average (1, 5, 15 min): ${load(loadBefore)} before, ${load(loadAfter)} after`);
  console.log(
    'products  runs  resources  full s  full cpu s  (user)  write s  first s (write)  peak MB  files  written MB  infra s  infra cpu s  (user)  peak MB  raw s  raw cpu s  peak MB  full/raw  infra/raw  full/infra',
  );
  for (const products of sizes) {
    const of = (kind: Case) => results.find((r) => r.products === products && r.case === kind);
    const [full, infra, raw] = CASES.map(of);
    const any = full ?? infra ?? raw;
    console.log(
      [
        cell(products, 8),
        cell(any?.runs ?? '-', 5),
        cell(any?.resources ?? '-', 10),
        cell(sec(full?.ms), 7),
        cell(sec(full?.cpuMs), 11),
        cell(sec(full?.userMs), 7),
        cell(sec(full?.writeMs), 8),
        cell(full ? `${sec(full.firstMs)} (${sec(full.firstWriteMs)})` : '-', 16),
        cell(full ? full.rssMb.toFixed(0) : '-', 8),
        cell(full?.files ?? '-', 6),
        cell(full ? (full.bytes / 1e6).toFixed(1) : '-', 11),
        cell(sec(infra?.ms), 8),
        cell(sec(infra?.cpuMs), 12),
        cell(sec(infra?.userMs), 7),
        cell(infra ? infra.rssMb.toFixed(0) : '-', 8),
        cell(sec(raw?.ms), 6),
        cell(sec(raw?.cpuMs), 10),
        cell(raw ? raw.rssMb.toFixed(0) : '-', 8),
        cell(ratio(full?.ms, raw?.ms), 9),
        cell(ratio(infra?.ms, raw?.ms), 10),
        cell(ratio(full?.ms, infra?.ms), 11),
      ].join(' '),
    );
  }
}

main();
