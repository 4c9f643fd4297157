/**
 * A scripted pull request against the example mesh, to show (and test) what `kafka-mesh diff`
 * says about it. The base is the committed HEAD; the head is HEAD with these edits:
 *
 * 1. sales.orders shrinks from 6 to 3 partitions (with `acknowledgeDataLoss`, as the library asks);
 * 2. marketing's read grant on sales.orders is removed;
 * 3. the sales.orders schema gains a field without a default (not BACKWARD-compatible);
 * 4. sales.order-placed relaxes its compatibility from FULL to BACKWARD;
 * 5. finance is granted read on sales.processed_orders;
 * 6. inventory.stock-level-updated keeps 1 day instead of 3.
 *
 * The mesh lock would stop edits 1 and 3 at synth already; the head is synthesized without it
 * (its files are deleted in the temporary checkout) to show what the diff says about them, as it
 * would for a mesh without a lock.
 *
 * `npx ts-node --transpile-only test/diff/example-change-set.ts` prints the Markdown;
 * with `--write-docs` it replaces the sample in docs/diff.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../lib/diff/cli';
import { synthesizeRef, TemporarySynth } from '../../lib/diff/base-ref';

interface Edit {
  readonly file: string;
  readonly find: string | RegExp;
  readonly replace: string;
}

export const EXAMPLE_EDITS: readonly Edit[] = [
  {
    file: 'stacks/sales.ts',
    find: /(this\.orders = new DomainDataProduct\(this\.domain, 'orders', \{[^}]*?)partitions: 6,/,
    replace: "$1partitions: 3,\n      acknowledgeDataLoss: 'orders are replayed from the web shop database after the change',",
  },
  { file: 'stacks/sales.ts', find: /\n\s*this\.orders\.grantRead\(consumers\.marketing\);/, replace: '' },
  {
    file: 'schemas/sales/orders.avsc',
    find: '{ "name": "currency", "doc": "ISO 4217 currency code", "type": "string", "default": "EUR" },',
    replace:
      '{ "name": "currency", "doc": "ISO 4217 currency code", "type": "string", "default": "EUR" },\n    { "name": "channel", "type": "string" },',
  },
  { file: 'stacks/sales.ts', find: "compatibility: 'FULL',", replace: "compatibility: 'BACKWARD'," },
  {
    file: 'stacks/sales.ts',
    find: 'this.processedOrders.grantRead(consumers.analytics);',
    replace: 'this.processedOrders.grantRead(consumers.analytics);\n    this.processedOrders.grantRead(consumers.finance);',
  },
  { file: 'stacks/inventory.ts', find: 'retentionMs: 259_200_000,', replace: 'retentionMs: 86_400_000,' },
];

/** Applies the edits in a checkout; fails naming the edit that no longer matches the code. */
export function applyExampleEdits(projectDir: string): void {
  for (const edit of EXAMPLE_EDITS) {
    const file = path.join(projectDir, edit.file);
    const before = fs.readFileSync(file, 'utf8');
    const after = before.replace(edit.find, edit.replace);
    if (after === before)
      throw new Error(
        `the example change set no longer applies: ${String(edit.find)} is not in ${edit.file}; update test/diff/example-change-set.ts`,
      );
    fs.writeFileSync(file, after);
  }
  fs.rmSync(path.join(projectDir, 'mesh.lock'), { recursive: true, force: true });
}

export interface ExampleSynth {
  /** Synth output of HEAD. */
  readonly base: string;
  /** Synth output of HEAD with the edits. */
  readonly head: string;
  dispose(): void;
}

/** Synthesizes HEAD and HEAD with the edits, each in a temporary worktree. */
export function synthesizeExample(repoDir: string): ExampleSynth {
  const synths: TemporarySynth[] = [];
  const dispose = () => synths.forEach((s) => s.dispose());
  try {
    synths.push(synthesizeRef({ ref: 'HEAD', projectDir: repoDir }));
    synths.push(synthesizeRef({ ref: 'HEAD', projectDir: repoDir, prepare: applyExampleEdits }));
  } catch (e) {
    dispose();
    throw e;
  }
  dropLockWarnings(synths[1].outDir);
  return { base: synths[0].outDir, head: synths[1].outDir, dispose };
}

/**
 * The head is synthesized without its lock (see above), so its synth warns that every stack's
 * lock is out of date: that is this script's doing, not the change's, and is dropped.
 */
function dropLockWarnings(outDir: string): void {
  const file = path.join(outDir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { stacks: Record<string, { annotations?: { message: string }[] }> };
  for (const stack of Object.values(manifest.stacks)) stack.annotations = (stack.annotations ?? []).filter((a) => !/mesh lock/.test(a.message));
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
}

export interface ExampleRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `kafka-mesh diff` (in this process) on the example's outputs. */
export function diffExample(example: ExampleSynth, repoDir: string, extraArgs: readonly string[] = []): ExampleRun {
  let stdout = '';
  let stderr = '';
  const exitCode = runCli(
    ['diff', '--base', example.base, '--head', example.head, '--base-label', 'main', '--head-label', 'example change set', ...extraArgs],
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: repoDir },
  );
  return { exitCode, stdout, stderr };
}

/** The plan of the sales stack for this change set (see test/diff/fixtures/make-example-plan.ts). */
export const EXAMPLE_PLAN = path.join('test', 'diff', 'fixtures', 'plans', 'sales-example.json');

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
function replaceBlock(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs/diff.md has no ${start} ... ${end} block`);
  return `${text.slice(0, i + start.length)}\n${content}${text.slice(j)}`;
}

if (require.main === module) {
  const repo = path.resolve(__dirname, '..', '..');
  const example = synthesizeExample(repo);
  let run: ExampleRun;
  let withPlan: ExampleRun;
  try {
    run = diffExample(example, repo);
    withPlan = diffExample(example, repo, ['--plan', `sales=${EXAMPLE_PLAN}`]);
  } finally {
    example.dispose();
  }
  if (run.exitCode === 2 || withPlan.exitCode === 2) {
    process.stderr.write(run.stderr + withPlan.stderr);
    process.exit(2);
  }
  if (process.argv.includes('--write-docs')) {
    const docs = path.join(repo, 'docs', 'diff.md');
    const planned = withPlan.stdout.split('\n');
    const from = planned.findIndex((l) => l.startsWith('#### Planned actions'));
    const to = planned.findIndex((l, k) => k > from && (l.startsWith('#') || l === '---' || l.startsWith('Unchanged: ')));
    let text = fs.readFileSync(docs, 'utf8');
    text = replaceBlock(
      text,
      'sample',
      `\`\`\`\`markdown\n${run.stdout.trimEnd()}\n\`\`\`\`\n\nExit code: ${run.exitCode}. On stderr: \`${run.stderr.trim()}\`\n`,
    );
    text = replaceBlock(text, 'plan-sample', `\`\`\`\`markdown\n${planned.slice(from, to).join('\n').trimEnd()}\n\`\`\`\`\n`);
    fs.writeFileSync(docs, text);
    process.stderr.write(`wrote the samples into ${path.relative(process.cwd(), docs)}\n`);
  } else {
    process.stdout.write(run.stdout);
    process.stderr.write(run.stderr);
  }
}
