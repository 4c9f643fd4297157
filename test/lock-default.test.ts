/**
 * A newcomer's mesh: the lock is on by default (`mesh.lock/` beside cdktf.json, created by the
 * first synth, which says so), `lock: false` turns it off, a refused synth leaves it untouched,
 * and `kafka-mesh lock` runs the app of cdktf.json with MESH_LOCK=update.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, KafkaMesh, KafkaMeshProps, Principal } from '../lib';
import { lockCommand } from '../lib/lock/command';
import { projectRoot } from '../lib/private/project-root';
import { errorOf } from './helpers';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lock-default-'));
const ENV_KEYS = ['MESH_LOCK'];
const savedEnv: Record<string, string | undefined> = {};
const cwd = process.cwd();

beforeEach(() => {
  for (const k of ENV_KEYS) {
    savedEnv[k] = process.env[k];
    delete process.env[k];
  }
});
afterEach(() => {
  process.chdir(cwd);
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  jest.restoreAllMocks();
});

/** A project folder holding a cdktf.json, made the working directory. */
function project(): string {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'npx ts-node main.ts' }));
  process.chdir(dir);
  return dir;
}

function salesApp(dir: string, partitions: number, props: Partial<KafkaMeshProps> = {}): App {
  const app = new App({ outdir: path.join(dir, 'cdktf.out') });
  new KafkaMesh(app, 'mesh', { cluster: { bootstrapServers: ['localhost:9092'] }, ...props });
  const sales = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
  new DomainDataProduct(sales, 'orders', { description: 'Orders placed in the web shop', partitions, replicationFactor: 3 });
  return app;
}

function stderrOf(fn: () => void): string {
  let out = '';
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  fn();
  return out;
}

describe('the mesh lock is on by default', () => {
  it('finds the folder of cdktf.json from below it, else takes the working directory', () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, 'stacks', 'sales'), { recursive: true });
    expect(projectRoot(path.join(dir, 'stacks', 'sales'))).toBe(fs.realpathSync(dir));
    const bare = tmp();
    expect(projectRoot(bare)).toBe(path.resolve(bare));
  });

  it('creates mesh.lock/ beside cdktf.json on the first synth, saying so, then refuses data loss and leaves the lock untouched', () => {
    const dir = fs.realpathSync(project());
    const lockFile = path.join(dir, 'mesh.lock', 'sales.json');
    const said = stderrOf(() => salesApp(dir, 6).synth());
    expect(said).toContain('created the mesh lock mesh.lock');
    expect(said).toContain('npx kafka-mesh lock updates it');
    const locked = fs.readFileSync(lockFile, 'utf8');
    expect(JSON.parse(locked).topics['sales.orders'].partitions).toBe(6);

    // a partition decrease is refused, the lock and the output stay as they were
    const before = fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'sales', 'cdk.tf.json'), 'utf8');
    expect(errorOf(() => salesApp(dir, 3).synth())).toMatch(/sales\.orders|partitions/);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(locked);
    expect(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'sales', 'cdk.tf.json'), 'utf8')).toBe(before);

    // a later synth says nothing of creating it; MESH_LOCK=update records an accepted change
    expect(stderrOf(() => salesApp(dir, 6).synth())).not.toContain('created the mesh lock');
    process.env.MESH_LOCK = 'update';
    salesApp(dir, 12).synth();
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).topics['sales.orders'].partitions).toBe(12);
  });

  it('a refused first synth creates no lock', () => {
    const dir = project();
    const app = new App({ outdir: path.join(dir, 'cdktf.out') });
    new KafkaMesh(app, 'mesh', { cluster: { bootstrapServers: ['localhost:9092'] } });
    const sales = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
    const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders' });
    orders.grantRead(Principal.fromName('User:nobody'));
    expect(() => app.synth()).toThrow(/User:nobody/);
    expect(fs.existsSync(path.join(dir, 'mesh.lock'))).toBe(false);
  });

  it('Testing.synth never writes the default lock (no litter), and lock: false turns it off', () => {
    const dir = project();
    const app = Testing.app();
    const mesh = new KafkaMesh(app, 'mesh', { cluster: { bootstrapServers: ['localhost:9092'] } });
    expect(mesh.lock?.dir).toBe(path.join(fs.realpathSync(dir), 'mesh.lock'));
    const sales = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
    new DomainDataProduct(sales, 'orders', { description: 'Orders' });
    Testing.synth(sales.node.scope as TerraformStack);
    expect(fs.existsSync(path.join(dir, 'mesh.lock'))).toBe(false);

    const off = salesApp(dir, 3, { lock: false });
    expect((off.node.findChild('mesh') as KafkaMesh).lock).toBeUndefined();
    off.synth();
    expect(fs.existsSync(path.join(dir, 'mesh.lock'))).toBe(false);
  });
});

describe('kafka-mesh lock', () => {
  const io = (dir: string) => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), cwd: dir, env: { PATH: process.env.PATH } },
    };
  };
  /** A project whose app records the environment it ran with, and exits with `code`. */
  const fakeProject = (code: number) => {
    const dir = tmp();
    fs.writeFileSync(
      path.join(dir, 'app.js'),
      `require('fs').writeFileSync('ran.json', JSON.stringify({ lock: process.env.MESH_LOCK, outdir: process.env.CDKTF_OUTDIR, context: process.env.CDKTF_CONTEXT_JSON })); process.exit(${code});`,
    );
    fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ app: 'node app.js', context: { a: 1 } }));
    fs.mkdirSync(path.join(dir, 'stacks'));
    return dir;
  };

  it('runs the app of cdktf.json with MESH_LOCK=update, from the project or below it', () => {
    const dir = fakeProject(0);
    const { out, io: cli } = io(path.join(dir, 'stacks'));
    expect(lockCommand([], cli)).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'ran.json'), 'utf8'))).toEqual({
      lock: 'update',
      outdir: path.join(fs.realpathSync(dir), 'cdktf.out'),
      context: '{"a":1}',
    });
    expect(out.stdout).toContain('the mesh lock now records what the app declares');
  });

  it('exits 1 when the app refuses the change, 2 without a cdktf.json', () => {
    const { out, io: cli } = io(fakeProject(1));
    expect(lockCommand([], cli)).toBe(1);
    expect(out.stderr).toMatch(/the app refused the change .*the mesh lock is as it was/);
    const none = io(tmp());
    expect(lockCommand([], none.io)).toBe(2);
    expect(none.out.stderr).toMatch(/no cdktf.json in .* Fix: run it in the project's folder/);
  });
});
