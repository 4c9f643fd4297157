import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, synthesizeRef } from '../../lib/diff';

/**
 * --base-ref on a throwaway repository whose "app" is a small script: it writes one stack with
 * one topic whose partitions come from topic.json, and needs a package from node_modules (which
 * only the current checkout has), so the test sees that node_modules is linked in.
 */
const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-mesh-ref-test-'));
const git = (...args: string[]) => {
  const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

const APP = `
const fs = require('fs');
const path = require('path');
const { partitions } = require('./topic.json');
const shout = require('shout');
if (partitions === 0) { console.error('partitions must be at least 1'); process.exit(3); }
if (partitions === 1) {
  console.error('cdktf-kafka-mesh: the mesh is not valid:\\n  demo/demo/events: partitions would shrink demo.events from 6 partitions; Kafka cannot remove partitions, so the topic would be deleted and recreated empty (got 1). Fix: keep partitions at 6 (or more)');
  process.exit(1);
}
const out = process.env.CDKTF_OUTDIR;
fs.mkdirSync(path.join(out, 'stacks', 'demo'), { recursive: true });
fs.writeFileSync(path.join(out, 'stacks', 'demo', 'cdk.tf.json'), JSON.stringify({ resource: { kafka_topic: { protected: {
  lifecycle: { prevent_destroy: true }, name: '\${each.key}', partitions: '\${each.value.partitions}', replication_factor: '\${each.value.replication_factor}', config: '\${each.value.config}',
  for_each: { [shout('demo.events')]: { partitions, replication_factor: 3, config: {} } } } } } }));
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: { demo: { name: 'demo', synthesizedStackPath: 'stacks/demo/cdk.tf.json', annotations: [] } } }));
`;

function commit(partitions: number, message: string): void {
  fs.writeFileSync(path.join(repo, 'topic.json'), JSON.stringify({ partitions }));
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', message);
}

function synthHead(): string {
  const out = path.join(repo, 'head-out');
  fs.rmSync(out, { recursive: true, force: true });
  const r = spawnSync('node', ['app.js'], { cwd: repo, env: { ...process.env, CDKTF_OUTDIR: out }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return 'head-out';
}

function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: repo });
  return { status, stdout, stderr };
}

const worktrees = () => git('worktree', 'list').split('\n').length;

beforeAll(() => {
  git('init', '-q');
  fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\nhead-out/\n');
  fs.writeFileSync(path.join(repo, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js' }));
  fs.writeFileSync(path.join(repo, 'app.js'), APP);
  fs.mkdirSync(path.join(repo, 'node_modules', 'shout'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'node_modules', 'shout', 'index.js'), 'module.exports = (s) => s;');
  commit(6, 'six partitions');
  git('tag', 'six');
  commit(0, 'broken');
  git('tag', 'broken');
  commit(1, 'refused by the mesh');
  git('tag', 'refused');
  commit(3, 'three partitions');
});

afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

describe('kafka-mesh diff --base-ref', () => {
  it('synthesizes the base from the ref with its own synth command, compares, and removes the worktree', () => {
    const r = cli(['diff', '--base-ref', 'six', '--head', synthHead()]);
    expect(r.status).toBe(1);
    const sha = git('rev-parse', '--short=12', 'HEAD');
    expect(r.stdout).toContain(`Base \`six\` (commit \`${git('rev-parse', '--short=12', 'six')}\`), head \`head-out\` (commit \`${sha}\`).`);
    expect(r.stdout).toContain('`partition-decrease:demo.events`: demo.events goes from 6 to 3 partitions.');
    expect(r.stderr).toMatch(
      /^kafka-mesh diff: checking out six \([0-9a-f]{12}\) in a temporary worktree\nkafka-mesh diff: synthesizing six: node app\.js\n/,
    );
    expect(worktrees()).toBe(1);
    expect(fs.existsSync(path.join(repo, 'node_modules', 'shout', 'index.js'))).toBe(true);
  });

  it('removes the temporary synth output on dispose', () => {
    const synth = synthesizeRef({ ref: 'six', projectDir: repo });
    expect(fs.existsSync(path.join(synth.outDir, 'stacks', 'demo', 'cdk.tf.json'))).toBe(true);
    synth.dispose();
    expect(fs.existsSync(synth.outDir)).toBe(false);
    expect(worktrees()).toBe(1);
  });

  it('reports a base that does not synthesize with the command’s own output, and cleans up', () => {
    const r = cli(['diff', '--base-ref', 'broken', '--head', synthHead()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'kafka-mesh diff: synthesizing broken failed (node app.js exited with code 3):\npartitions must be at least 1\n  fix: make the base synthesize',
    );
    expect(worktrees()).toBe(1);
  });

  it('names a ref that does not exist and how to get it', () => {
    const r = cli(['diff', '--base-ref', 'origin/nope', '--head', synthHead()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'kafka-mesh diff: --base-ref origin/nope names no commit in this repository\n  fix: check the name, or fetch it first (git fetch origin nope; in CI, check out with enough history, e.g. fetch-depth: 0)\n',
    );
  });

  it('uses --synth-command when given', () => {
    const r = cli(['diff', '--base-ref', 'six', '--synth-command', 'node app.js && echo custom >&2', '--head', synthHead(), '--fail-on', 'never']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('synthesizing six: node app.js && echo custom >&2');
  });

  it('refuses a head without manifest.json (what a failed synth leaves), saying why', () => {
    const head = synthHead();
    fs.rmSync(path.join(repo, head, 'manifest.json'));
    const r = cli(['diff', '--base-ref', 'six', '--head', head]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('kafka-mesh diff: the head head-out is not a whole synth output: ');
    expect(r.stderr).toContain('has no manifest.json, which cdktf writes when a synth completes');
    expect(r.stderr).toContain(
      'fix: synthesize the head again (npm run synth) and check that it succeeds, or let the diff synthesize it: --head-ref HEAD',
    );
    expect(r.stdout).toBe('');
  });

  it('refuses a head whose manifest lists a stack it does not hold', () => {
    const head = synthHead();
    const file = path.join(repo, head, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    manifest.stacks.sales = { name: 'sales', synthesizedStackPath: 'stacks/sales/cdk.tf.json', annotations: [] };
    fs.writeFileSync(file, JSON.stringify(manifest));
    const r = cli(['diff', '--base-ref', 'six', '--head', head]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('its manifest lists stack sales, whose configuration is missing');
  });

  it('refuses a head older than a file of the checkout, naming the file', () => {
    const head = synthHead();
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(repo, 'topic.json'), later, later);
    try {
      const r = cli(['diff', '--base-ref', 'six', '--head', head]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(
        'kafka-mesh diff: the head head-out is stale: 1 file(s) changed after it was written (topic.json), so it does not show this checkout',
      );
    } finally {
      const now = new Date();
      fs.utimesSync(path.join(repo, 'topic.json'), now, now);
    }
  });

  it('warns when the head was written before the last commit', () => {
    const head = synthHead();
    const committed = Number(git('log', '-1', '--format=%ct')) * 1000;
    const old = new Date(committed - 100_000);
    for (const f of git('ls-files').split('\n')) fs.utimesSync(path.join(repo, f), old, old);
    const written = new Date(committed - 50_000);
    fs.utimesSync(path.join(repo, head, 'manifest.json'), written, written);
    const r = cli(['diff', '--base-ref', 'six', '--head', head]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `kafka-mesh diff: warning: The head head-out was written before the last commit (${git('rev-parse', '--short=12', 'HEAD')}): if that commit changed the mesh, synthesize again.`,
    );
    expect(r.stdout).toContain('> **Warning**: The head head-out was written before the last commit');
  });

  it('synthesizes the head from --head-ref and labels it with its commit', () => {
    const r = cli(['diff', '--base-ref', 'six', '--head-ref', 'HEAD', '--head-label', 'pull request']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`head \`pull request\` (commit \`${git('rev-parse', '--short=12', 'HEAD')}\`)`);
    expect(r.stdout).toContain('`partition-decrease:demo.events`');
    expect(worktrees()).toBe(1);
  });

  it('renders a head the mesh refuses: the rule, the problem and the fix, failing the check whatever is acknowledged', () => {
    const r = cli(['diff', '--base-ref', 'six', '--head-ref', 'refused', '--ack', 'synth-refused:*']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('**The mesh refuses the head**: it does not synthesize.');
    expect(r.stdout).toContain(
      '- `synth-refused:demo/demo/events:partitions` `demo/demo/events`: **fewer partitions (the mesh lock)**. Partitions would shrink demo.events from 6 partitions; Kafka cannot remove partitions, so the topic would be deleted and recreated empty (got 1).\n  - Fix: keep partitions at 6 (or more).',
    );
    expect(r.stderr).toContain('kafka-mesh diff: a refusal by the mesh cannot be acknowledged: change the code so that the head synthesizes');
    expect(r.stderr).toContain('fails (--fail-on risk): synth-refused:demo/demo/events:partitions');
    expect(worktrees()).toBe(1);
  });

  it('exits 2 with the output when the head fails for another reason than a refusal', () => {
    const r = cli(['diff', '--base-ref', 'six', '--head-ref', 'broken']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'synthesizing broken failed (node app.js exited with code 3):\npartitions must be at least 1\n  fix: make the head synthesize',
    );
  });
});
