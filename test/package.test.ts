/**
 * The package as users get it: `npm pack` (which builds dist/ through `prepare`), the tarball
 * installed into fresh projects outside the repository with only what the README tells users
 * to install, then
 *  - on cdktf 0.21: the README's domain-team snippet, type-checked and synthesized by `cdktf synth`,
 *    `npx kafka-mesh diff --help`, the diff and catalog entry points, internals not reachable;
 *  - on CDK Terrain (`cdktf` aliased to `cdktn` 0.24.0): the example mesh synthesized, every stack's
 *    JSON compared with cdktf 0.21's from the same tarball.
 * One tarball per run; the two projects install at the same time from the npm cache where it can.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { blockEntries } from '../lib/model/for-each';

const ROOT = path.resolve(__dirname, '..');
const CDKTF_CLI = path.join(ROOT, 'node_modules', '.bin', 'cdktf');
const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/** The child's environment: none of the surrounding npm run's package or lifecycle settings, no mesh settings. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_package_|npm_lifecycle_|npm_config_local_prefix$|INIT_CWD$|TS_NODE_|MESH_|KAFKA_|SCHEMA_REGISTRY_|CDKTF_)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', ...extra };
}

interface Run {
  status: number | null;
  output: string;
  seconds: number;
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: childEnv(env) });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (status) => resolve({ status, output, seconds: (Date.now() - started) / 1000 }));
  });
}

async function ok(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const r = await run(cmd, args, cwd, env);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.output.slice(-4000)}`);
  return r;
}

const OWN_PROJECT = "## A domain team's own project";
const TERRAIN = '## cdktf and CDK Terrain';

/** The README's `nth` fenced block in `lang` in the section `heading`. */
function readmeBlock(heading: string, lang: string, nth = 0): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README: no section ${heading}`);
  const section = readme.slice(at + 1).split(/\n## /)[0];
  const blocks = [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))];
  if (!blocks[nth]) throw new Error(`README: no ${nth + 1}. \`\`\`${lang} block in ${heading}`);
  return blocks[nth][1];
}

/**
 * The project-local `npm install ...` lines of a README section's first shell block, as argument
 * lists. The global cdktf CLI it names is this repository's own cdktf-cli (the same version).
 */
function readmeInstalls(heading: string): string[][] {
  return readmeBlock(heading, 'sh')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l.startsWith('npm install ') && !l.includes('--global'))
    .map((l) => l.slice('npm install '.length).split(/\s+/));
}

/** A fresh project: package.json and the README's cdktf.json and tsconfig.json. */
function project(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), version: '1.0.0', private: true }));
  fs.writeFileSync(path.join(dir, 'cdktf.json'), readmeBlock(OWN_PROJECT, 'json', 0));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), readmeBlock(OWN_PROJECT, 'json', 1));
}

/** The example mesh of this repository (main.ts, stacks, schemas, lock), copied into `dir`. */
function copyExampleMesh(dir: string): void {
  for (const entry of ['main.ts', 'stacks', 'schemas', 'mesh.lock']) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
}

/**
 * Every stack's cdk.tf.json below an outdir, by stack name; with `project`, that directory
 * (where the local backend keeps its state) reads `<project>`.
 */
function stacks(outdir: string, project?: string): Record<string, Record<string, unknown>> {
  const dir = path.join(outdir, 'stacks');
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const text = fs.readFileSync(path.join(dir, name, 'cdk.tf.json'), 'utf8');
    out[name] = JSON.parse(project ? text.split(project).join('<project>') : text);
  }
  return out;
}

/** The JSON paths at which two values differ. */
function differences(a: unknown, b: unknown, at = ''): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}[${JSON.stringify(k)}]`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${at}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`];
}

const timings: string[] = [];

describe('the packed library in fresh projects', () => {
  let work: string;
  let tarball: string;
  let cdktf: string;
  let cdktn: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-mesh-pack-'));
    const packed = await ok('npm', ['pack', '--pack-destination', work, '--loglevel=error'], ROOT);
    timings.push(`npm pack ${packed.seconds}s`);
    tarball = path.join(work, packed.output.trim().split('\n').pop()!.trim());
    expect(fs.existsSync(tarball)).toBe(true);

    cdktf = path.join(work, 'team-cdktf');
    cdktn = path.join(work, 'team-cdktn');
    project(cdktf);
    project(cdktn);
    // The cdktn project does what the README says to switch: the same set-up, then the alias.
    const install = async (dir: string, headings: string[]) => {
      let seconds = 0;
      for (const args of headings.flatMap(readmeInstalls)) {
        seconds += (await ok('npm', [...NPM_INSTALL, ...args.map((a) => (a === 'cdktf-kafka-mesh' ? tarball : a))], dir)).seconds;
      }
      timings.push(`install ${path.basename(dir)} ${seconds}s`);
    };
    await Promise.all([install(cdktf, [OWN_PROJECT]), install(cdktn, [OWN_PROJECT, TERRAIN])]);
  }, 600_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
    process.stdout.write(`package test timings: ${timings.join(', ')}\n`);
  });

  it('installs cdktf and constructs once, as the project’s own: they are peer dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(cdktf, 'node_modules', 'cdktf-kafka-mesh', 'package.json'), 'utf8'));
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['cdktf', 'constructs']);
    expect(pkg.dependencies.cdktf).toBeUndefined();
    expect(fs.existsSync(path.join(cdktf, 'node_modules', 'cdktf-kafka-mesh', 'node_modules', 'cdktf'))).toBe(false);
    expect(fs.existsSync(path.join(cdktn, 'node_modules', 'cdktf-kafka-mesh', 'node_modules', 'constructs'))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(cdktn, 'node_modules', 'cdktf', 'package.json'), 'utf8')).name).toBe('cdktn');
  }, 120_000);

  it('ships dist/ and the command, not the sources or the tests', async () => {
    const list = (await ok('tar', ['-tzf', tarball], work)).output.split('\n').filter(Boolean);
    expect(list).toContain('package/dist/lib/index.js');
    expect(list).toContain('package/dist/lib/index.d.ts');
    expect(list).toContain('package/dist/lib/diff/index.d.ts');
    expect(list).toContain('package/bin/kafka-mesh.js');
    expect(list.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))).toEqual([]);
    expect(list.filter((f) => /^package\/(test|stacks|examples|tools|schemas)\//.test(f))).toEqual([]);
  }, 120_000);

  it('resolves the main, diff and catalog entry points, and no internal module', async () => {
    const probe = [
      "const m = require('cdktf-kafka-mesh'), d = require('cdktf-kafka-mesh/diff'), c = require('cdktf-kafka-mesh/catalog');",
      'let internal; try { require("cdktf-kafka-mesh/dist/lib/model/grants"); internal = "reachable"; } catch (e) { internal = e.code; }',
      'console.log(JSON.stringify({ main: typeof m.DomainDataProduct, diff: typeof d.diffMesh, catalog: typeof c.writeCatalog,',
      '  acl: typeof m.readAcls, topic: typeof m.kafka.topic.Topic, internal }));',
    ].join('\n');
    const r = await ok('node', ['-e', probe], cdktf);
    expect(JSON.parse(r.output)).toEqual({
      main: 'function',
      diff: 'function',
      catalog: 'function',
      acl: 'undefined',
      topic: 'function',
      internal: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    });
  }, 120_000);

  it('type-checks and synthesizes the README’s domain-team snippet with cdktf synth on cdktf 0.21', async () => {
    fs.writeFileSync(path.join(cdktf, 'main.ts'), readmeBlock("## A domain team's stack", 'ts'));
    fs.mkdirSync(path.join(cdktf, 'schemas', 'sales'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'schemas', 'sales', 'orders.avsc'), path.join(cdktf, 'schemas', 'sales', 'orders.avsc'));
    const r = await ok(CDKTF_CLI, ['synth'], cdktf);
    timings.push(`cdktf synth (README snippet) ${r.seconds}s`);
    const sales = stacks(path.join(cdktf, 'cdktf.out')).sales as any;
    expect(sales['//'].metadata.version).toBe('0.21.0');
    expect(Object.keys(blockEntries(sales, 'kafka_topic', 'protected'))).toEqual(['sales.orders']);
    expect(Object.keys(blockEntries(sales, 'restapi_object', 'subject'))).toEqual(['sales.orders-value']);
    expect(Object.keys(blockEntries(sales, 'kafka_acl', 'allow'))).toContain('User:marketing Read Topic:sales.orders');
    // the mesh lock is on by default: the first synth created it beside cdktf.json
    const lockFile = path.join(cdktf, 'mesh.lock', 'sales.json');
    expect(Object.keys(JSON.parse(fs.readFileSync(lockFile, 'utf8')).topics)).toEqual(['sales.orders']);
    // a new product: the lock is out of date until `npx kafka-mesh lock` records it
    const main = fs.readFileSync(path.join(cdktf, 'main.ts'), 'utf8');
    fs.writeFileSync(
      path.join(cdktf, 'main.ts'),
      main.replace(
        'orders.grantWrite(sales);',
        "orders.grantWrite(sales);\n    new DomainDataProduct(sales, 'returns', { description: 'Returned orders' });",
      ),
    );
    const lock = await ok('npx', ['kafka-mesh', 'lock'], path.join(cdktf, 'schemas'));
    expect(lock.output).toContain('the mesh lock now records what the app declares');
    expect(Object.keys(JSON.parse(fs.readFileSync(lockFile, 'utf8')).topics).sort()).toEqual(['sales.orders', 'sales.returns']);
    fs.writeFileSync(path.join(cdktf, 'main.ts'), main);
  }, 300_000);

  it('runs npx kafka-mesh diff --help from the project', async () => {
    const r = await ok('npx', ['kafka-mesh', 'diff', '--help'], cdktf);
    expect(r.output).toMatch(/^kafka-mesh diff: compare two synthesized meshes/);
    expect(r.output).toContain('--base-ref <git ref>');
  }, 120_000);

  it('synthesizes the example mesh on CDK Terrain (cdktn 0.24) exactly as on cdktf 0.21, apart from the version', async () => {
    // The app run as `cdktf synth` runs it (the app command with CDKTF_OUTDIR set); cdktn's CLI
    // needs Node 22 and adds nothing to the stacks' JSON, which the app alone writes.
    const synth = async (dir: string) => {
      copyExampleMesh(dir);
      const r = await ok('node', ['-r', 'ts-node/register/transpile-only', 'main.ts'], dir, { CDKTF_OUTDIR: path.join(dir, 'example.out') });
      timings.push(`example mesh ${path.basename(dir)} ${r.seconds}s`);
      return stacks(path.join(dir, 'example.out'), dir);
    };
    const [onCdktf, onCdktn] = await Promise.all([synth(cdktf), synth(cdktn)]);
    expect(Object.keys(onCdktn)).toEqual(['customer', 'finance', 'inventory', 'marketing', 'platform', 'sales']);
    expect(Object.keys(onCdktn)).toEqual(Object.keys(onCdktf));
    const found = Object.keys(onCdktf).flatMap((s) => differences(onCdktf[s], onCdktn[s]).map((d) => `${s}${d}`));
    expect(found).toEqual(Object.keys(onCdktf).map((s) => `${s}["//"]["metadata"]["version"]: "0.21.0" -> "0.24.0"`));
    // the catalog the library writes next to the stacks is the same too
    const catalog = (dir: string) =>
      fs
        .readFileSync(path.join(dir, 'example.out', 'catalog', 'catalog.json'), 'utf8')
        .split(dir)
        .join('<project>');
    expect(catalog(cdktn)).toBe(catalog(cdktf));
    // the project directory was the only other difference: the local backend's state path
    expect((onCdktn.sales as any).terraform.backend.local.path).toBe('<project>/terraform.sales.tfstate');
  }, 300_000);
});
