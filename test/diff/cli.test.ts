import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../lib/diff';
import { cleanShops, synthShop } from './shop';

const REPO = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO, 'bin', 'kafka-mesh.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-mesh-cli-test-'));

jest.setTimeout(120_000);
afterAll(() => {
  cleanShops();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The command line as a user runs it: a new node process on the package's bin. */
function spawnCli(args: string[]) {
  const r = spawnSync('node', [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, KAFKA_MESH_DEBUG: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same in this process (fast), for the argument checks. */
function inProcess(args: string[], cwd = REPO) {
  let stdout = '';
  let stderr = '';
  const status = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { status, stdout, stderr };
}

describe('kafka-mesh diff on the command line', () => {
  const base = synthShop({});
  const same = synthShop({});
  const shrunk = synthShop({ partitions: 3 });

  it('exits 0 when nothing is flagged', () => {
    const r = spawnCli(['diff', '--base', base, '--head', same]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Nothing changes. No risk flags.');
    expect(r.stderr).toBe('kafka-mesh diff: 0 stack(s) changed, 0 flag(s), 0 unacknowledged; passes (--fail-on risk)\n');
  });

  it('exits 1 on an unacknowledged flag and says which', () => {
    const r = spawnCli(['diff', '--base', base, '--head', shrunk]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('`partition-decrease:sales.orders`');
    expect(r.stderr).toBe(
      'kafka-mesh diff: 1 stack(s) changed, 1 flag(s), 1 unacknowledged; fails (--fail-on risk): partition-decrease:sales.orders\n',
    );
  });

  it('exits 0 once the flag is acknowledged in a file, and writes JSON with --out', () => {
    const acks = path.join(tmp, 'acks.txt');
    fs.writeFileSync(acks, 'kafka-mesh-ack: partition-decrease:sales.orders orders are replayed\n');
    const out = path.join(tmp, 'out', 'diff.json');
    const r = spawnCli(['diff', '--base', base, '--head', shrunk, '--ack-file', acks, '--format', 'json', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const json = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(json.formatVersion).toBe(1);
    expect(json.flags[0]).toMatchObject({
      id: 'partition-decrease:sales.orders',
      category: 'data-loss',
      acknowledged: { by: `${acks}:1`, reason: 'orders are replayed' },
    });
    expect(json.verdict).toEqual({ failOn: 'risk', failing: [], exitCode: 0, unusedAcks: [] });
    expect(json.stacks[0].products[0].topicDiff.partitions).toEqual({ from: 6, to: 3 });
  });

  it('exits 2 with what is wrong and how to fix it, never a stack trace, for a missing directory', () => {
    const missing = path.join(tmp, 'no-such-synth');
    const r = spawnCli(['diff', '--base', missing, '--head', base]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `kafka-mesh diff: the synth output ${missing} does not exist\n  fix: point it at the output of a synth (the directory cdktf synth writes, cdktf.out by default), or run \`npx cdktf synth\` first\n`,
    );
  });

  it('is the package’s bin: npx kafka-mesh runs it', () => {
    const r = spawnSync('npx', ['--no-install', 'kafka-mesh', 'diff', '--help'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('kafka-mesh diff --base <dir> [--head <dir>]');
  });

  it.each([
    [['diff', '--bogus'], "kafka-mesh diff: Unknown option '--bogus'"],
    [['diff', '--base', 'x', '--format', 'html'], 'kafka-mesh diff: --format "html" is not a format\n  fix: use --format markdown or --format json'],
    [
      ['diff', '--base', 'x', '--fail-on', 'sometimes'],
      'kafka-mesh diff: --fail-on "sometimes" is not a policy\n  fix: use one of risk, data-loss, never',
    ],
    [
      ['diff'],
      'kafka-mesh diff: nothing to compare\n  fix: pass --base <dir> (or --base-ref <git ref>) and --head <dir>, or one or more --plan <file>',
    ],
    [['diff', '--base', 'a', '--base-ref', 'main'], 'kafka-mesh diff: --base and --base-ref both name the base'],
    [['diff', '--plan', 'no-such-plan.json'], 'kafka-mesh diff: the plan file'],
    [['diff', '--base', 'x', '--ack-file', 'no-such-acks.txt'], 'kafka-mesh diff: the acknowledgement file'],
    [['dif'], 'kafka-mesh: unknown command "dif"\n  fix: use one of kafka-mesh diff, codeowners, lock, import or doctor'],
  ])('refuses %j with exit 2', (args, message) => {
    const r = inProcess(args);
    expect(r.status).toBe(2);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr).toMatch(/\n {2}fix: /);
  });

  it('refuses a head directory without stacks', () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
    const r = inProcess(['diff', '--base', base, '--head', empty]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `kafka-mesh diff: the synth output ${empty} holds no stacks (no stacks/<stack>/cdk.tf.json)\n  fix: point it at the output of a synth (the directory cdktf synth writes, cdktf.out by default), or run \`npx cdktf synth\` first\n`,
    );
  });
});

describe('kafka-mesh diff: plans that do not fit, mistyped options and ids', () => {
  const base = synthShop({});
  const shrunk = synthShop({ partitions: 3 });
  const plan = path.join(REPO, 'test', 'diff', 'fixtures', 'plans', 'sales-example.json');

  it('refuses a --plan naming a stack that is in neither output, listing the real ones', () => {
    const r = inProcess(['diff', '--base', base, '--head', base, '--plan', `nosuchstack=${plan}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `kafka-mesh diff: --plan nosuchstack=${plan} names stack nosuchstack, which is in neither synth output\n  fix: name one of the stacks: billing, marketing, platform, sales\n`,
    );
  });

  it('warns, in the report and on stderr, when a plan does not match the head it is merged with', () => {
    // The plan was made for the example change set: sales.orders at 3 partitions. This head keeps 6.
    const r = inProcess(['diff', '--base', base, '--head', base, '--plan', `sales=${plan}`, '--fail-on', 'never']);
    expect(r.status).toBe(0);
    const warning = `The plan ${plan} does not match the head's synth of stack sales (sales.orders: 3 partitions in the plan, 6 in the head`;
    expect(r.stderr).toContain(`kafka-mesh diff: warning: ${warning}`);
    expect(r.stdout).toContain(`> **Warning**: ${warning}`);
    // A plan that matches the head (the same decrease) raises no warning.
    const same = inProcess(['diff', '--base', base, '--head', shrunk, '--plan', `sales=${plan}`, '--fail-on', 'never']);
    expect(same.stderr).not.toContain('sales.orders: 3 partitions in the plan');
  });

  it('says "did you mean" for a mistyped acknowledgement id', () => {
    const r = inProcess(['diff', '--base', base, '--head', shrunk, '--ack', 'partition-decrease:sales.order']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'kafka-mesh diff: the acknowledgement partition-decrease:sales.order (--ack) matches no flag; did you mean partition-decrease:sales.orders?\n',
    );
    expect(r.stdout).toContain('did you mean partition-decrease:sales.orders?');
  });

  it.each([
    [['diff', '--ack-fil', 'x'], 'did you mean --ack-file?'],
    [['diff', '--heads', 'x'], 'did you mean --head?'],
    [['diff', '--max-char', '9'], 'did you mean --max-chars?'],
    [['codeowners', '--owner-maps', 'x'], 'did you mean --owner-map?'],
  ])('says "did you mean" for the mistyped option in %j', (args, hint) => {
    const r = inProcess(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`fix: ${hint} see kafka-mesh ${args[0]} --help`);
  });
});

describe('kafka-mesh codeowners on the command line', () => {
  const root = fs.mkdtempSync(path.join(tmp, 'repo-'));
  fs.mkdirSync(path.join(root, 'stacks'));
  for (const s of ['sales', 'marketing', 'billing']) fs.writeFileSync(path.join(root, 'stacks', `${s}.ts`), '');
  const synth = synthShop({});
  const ownerMap = path.join(root, 'owners.json');
  fs.writeFileSync(
    ownerMap,
    JSON.stringify({ 'sales-team@example.com': '@example/sales', 'marketing-team@example.com': ['@example/marketing', '@example/growth'] }),
  );

  it('writes the stacks’ owners, mapped to team handles, and --check finds the file up to date or stale', () => {
    const out = path.join(root, '.github', 'CODEOWNERS');
    const written = inProcess(['codeowners', '--synth', synth, '--owner-map', ownerMap, '--root', root, '--out', out], root);
    expect(written.status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(
      [
        '# Generated by `kafka-mesh codeowners` from the mesh model: do not edit by hand.',
        '# Each domain team owns its stack, its schema files and its mesh lock.',
        '',
        '# domain sales',
        '/stacks/sales.ts @example/sales',
        '',
        '# domain marketing',
        '/stacks/marketing.ts @example/marketing @example/growth',
        '',
        '# domain billing',
        '/stacks/billing.ts billing-team@example.com',
        '',
      ].join('\n'),
    );
    expect(inProcess(['codeowners', '--synth', synth, '--owner-map', ownerMap, '--root', root, '--out', out, '--check'], root).status).toBe(0);
    fs.appendFileSync(out, '/stacks/hand-edit.ts @someone\n');
    const stale = inProcess(['codeowners', '--synth', synth, '--owner-map', ownerMap, '--root', root, '--out', out, '--check'], root);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain(`kafka-mesh codeowners: ${out} is out of date; run kafka-mesh codeowners --out ${out} and commit it`);
  });

  it('refuses an owner map that is not a map of handles', () => {
    const bad = path.join(root, 'bad-owners.json');
    fs.writeFileSync(bad, JSON.stringify({ 'sales-team@example.com': 42 }));
    const r = inProcess(['codeowners', '--synth', synth, '--owner-map', bad], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `kafka-mesh codeowners: the owner map ${bad} maps "sales-team@example.com" to 42, not a handle or a list of handles\n  fix: write a JSON object from owners as the mesh names them to CODEOWNERS handles, e.g. {"sales-team@example.com": "@example/sales"}\n`,
    );
  });
});
