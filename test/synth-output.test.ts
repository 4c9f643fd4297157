/**
 * What a user sees when synth fails: the message alone, no stack frames and no progress
 * spinner; `npm run synth` type-checks first. The synth runs as a child process, as a user
 * runs it, from a temporary project folder.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, Principal, Schema } from '../lib';
import { errorOf, testMesh } from './helpers';

const ROOT = path.resolve(__dirname, '..');
const TS_NODE = path.join(ROOT, 'node_modules', '.bin', 'ts-node');
const SYNTH = path.join(ROOT, 'tools', 'synth', 'synth.ts');
const VIOLATION = path.join(__dirname, 'synth-output', 'governance-violation.ts');
const CONTEXT = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')).context;

/** A project folder with a cdktf.json whose app is `app`, and other files. */
function project(app: string, files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-synth-'));
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app, context: CONTEXT }));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function run(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0', TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, all: `${r.stdout}\n${r.stderr}` };
}

const STACK_FRAME = /^\s*(at\s+)?(\S.* \()?(\/|node:)\S*:\d+(:\d+)?\)?$/m;
const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

describe('synth output', () => {
  it('npm run synth prints a governance violation alone: no stack frames, no spinner', () => {
    const dir = project(`${TS_NODE} --transpile-only ${VIOLATION}`);
    const r = run(TS_NODE, ['--transpile-only', SYNTH, '--no-typecheck'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      '[sales/sales/orders] METADATA_REQUIRED: sales/sales/orders: description must describe the product in at least 10 characters (got "Orders")',
    );
    expect(r.all).not.toMatch(STACK_FRAME);
    expect(r.all).not.toContain('node_modules');
    expect(r.all).not.toMatch(SPINNER);
    expect(r.stdout).toContain('not type-checking (--no-typecheck)');
  });

  it('cdktf synth with the shipped cdktf.json context prints the violation without its stack trace', () => {
    expect(CONTEXT['@cdktf/disable_stack_trace_in_metadata']).toBe(true);
    const dir = project(`${TS_NODE} --transpile-only ${VIOLATION}`);
    const r = run(path.join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', path.join(dir, 'out')], dir);
    expect(r.status).not.toBe(0);
    expect(r.all).toContain('METADATA_REQUIRED: sales/sales/orders: description must describe the product');
    expect(r.all).not.toMatch(STACK_FRAME);
    expect(r.all).not.toContain('node_modules/cdktf');
  }, 120_000);

  it('the app run on its own (ts-node, no CLI) prints the message alone too', () => {
    const r = run(TS_NODE, ['--transpile-only', VIOLATION], fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-synth-')));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^cdktf-kafka-mesh: governance or validation errors:\n {2}\[sales\/sales\/orders\] METADATA_REQUIRED: /);
    expect(r.all).not.toMatch(STACK_FRAME);
  });

  // The app writes an output (as a cdktf app does, into CDKTF_OUTDIR) and a mesh lock (as a first synth does).
  const APP_WRITING =
    "node -e \"const fs=require('fs');fs.mkdirSync(process.env.CDKTF_OUTDIR,{recursive:true});fs.writeFileSync(process.env.CDKTF_OUTDIR+'/manifest.json',JSON.stringify({stacks:{}}));fs.mkdirSync('mesh.lock',{recursive:true})\"";
  const TYPE_ERROR = "const partitions: number = 'six';\nexport { partitions };\n";

  it.each([
    ['tsconfig.json (incremental)', 'tsconfig.json', { compilerOptions: { strict: true, noEmit: true, types: [] }, files: ['main.ts'] }],
    [
      'tsconfig.app.json (build mode)',
      'tsconfig.app.json',
      { compilerOptions: { strict: true, noEmit: true, incremental: true, types: [], tsBuildInfoFile: 'app.tsbuildinfo' }, files: ['main.ts'] },
    ],
  ])('npm run synth with %s stops on a type error and leaves the previous output and no new lock', (_name, file, tsconfig) => {
    const dir = project(APP_WRITING, { [file]: JSON.stringify(tsconfig), 'main.ts': TYPE_ERROR });
    fs.mkdirSync(path.join(dir, 'cdktf.out'));
    fs.writeFileSync(path.join(dir, 'cdktf.out', 'previous'), 'the last good synth');
    const r = run(TS_NODE, ['--transpile-only', SYNTH], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('type-checking (tsc --noEmit');
    expect(r.all).toContain("main.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(r.stderr).toContain('stopped: the code has type errors (above); cdktf.out is left as it was');
    expect(fs.readdirSync(path.join(dir, 'cdktf.out'))).toEqual(['previous']);
    expect(fs.existsSync(path.join(dir, 'mesh.lock'))).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('cdktf.out.'))).toEqual([]);
    // Fixed, the same command replaces the output and keeps the lock; what a killed run left is cleared.
    fs.writeFileSync(path.join(dir, 'main.ts'), 'const partitions: number = 6;\nexport { partitions };\n');
    const gone = spawnSync('true').pid;
    fs.mkdirSync(path.join(dir, `cdktf.out.staging-${gone}`));
    const ok = run(TS_NODE, ['--transpile-only', SYNTH], dir);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('cdktf.out.'))).toEqual([]);
    expect(ok.all).toContain('Generated Terraform code for the stacks:  (in cdktf.out)');
    expect(ok.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'cdktf.out'))).toEqual(['manifest.json']);
    expect(fs.existsSync(path.join(dir, 'mesh.lock'))).toBe(true);
  });
});

describe('error messages name what is wrong', () => {
  it('a grant to an undeclared principal names the principal', () => {
    const { app } = testMesh();
    const stack = new TerraformStack(app, 'sales');
    const sales = new Domain(stack, 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
    const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders placed in the web shop' });
    orders.grantRead(Principal.fromName('User:ghost'));
    expect(errorOf(() => app.synth())).toMatch(
      /^sales\/sales\/orders: grantRead names the principal User:ghost, which is not declared anywhere in the mesh/,
    );
  });

  it('an Avro type error names the field that holds the bad type', () => {
    const { app } = testMesh();
    const sales = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
    const schema = {
      type: 'record',
      name: 'Order',
      fields: [
        { name: 'orderId', type: 'string' },
        { name: 'items', type: { type: 'array', items: { type: 'record', name: 'OrderLine', fields: [{ name: 'quantity', type: 'integer' }] } } },
      ],
    };
    expect(
      errorOf(() => new DomainDataProduct(sales, 'orders', { description: 'Orders placed in the web shop', valueSchema: Schema.avro(schema) })),
    ).toMatch(/^sales\/sales\/orders: valueSchema is not a valid AVRO schema: field Order\.items\[\]\.quantity: .*undefined type name: integer/);
    const union = { type: 'record', name: 'Order', fields: [{ name: 'note', type: ['null', 'strin'] }] };
    expect(
      errorOf(() => new DomainDataProduct(sales, 'orders2', { description: 'Orders placed in the web shop', valueSchema: Schema.avro(union) })),
    ).toMatch(/field Order\.note: .*undefined type name: strin/);
  });
});
