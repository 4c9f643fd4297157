/**
 * Scripted pull requests against the example mesh, each a commit on its own branch of a
 * temporary clone, for `kafka-mesh diff --head-ref <branch>` to synthesize as CI would: the
 * riskiest changes (which the mesh lock refuses at synth) and the ones a reviewer should be told
 * about although they raise no flag.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface Edit {
  readonly file: string;
  readonly find: string | RegExp;
  readonly replace: string;
}

export interface PullRequest {
  readonly branch: string;
  readonly title: string;
  readonly edits: readonly Edit[];
}

const ORDERS = /(this\.orders = new DomainDataProduct\(this\.domain, 'orders', \{[^}]*?)partitions: 6,/;

export const PULL_REQUESTS: readonly PullRequest[] = [
  {
    branch: 'shrink-orders',
    title: 'sales.orders from 6 to 3 partitions, without acknowledgeDataLoss',
    edits: [{ file: 'stacks/sales.ts', find: ORDERS, replace: '$1partitions: 3,' }],
  },
  {
    branch: 'incompatible-orders',
    title: 'the sales.orders schema gains a field without a default',
    edits: [
      {
        file: 'schemas/sales/orders.avsc',
        find: '"default": "EUR" },',
        replace: '"default": "EUR" },\n    { "name": "channel", "type": "string" },',
      },
    ],
  },
  {
    branch: 'drop-stock-reserved',
    title: 'inventory.stock-reserved deleted without decommission',
    edits: [
      {
        file: 'stacks/inventory.ts',
        find: /\n\s*this\.stockReserved = new DomainDataProduct[\s\S]*?this\.stockReserved\.grantRead\(consumers\.sales\);/,
        replace: '',
      },
    ],
  },
  {
    branch: 'grow-orders',
    title: 'sales.orders from 6 to 12 partitions',
    edits: [{ file: 'stacks/sales.ts', find: ORDERS, replace: '$1partitions: 12,' }],
  },
  {
    branch: 'finance-reads-orders',
    title: 'finance is granted read on sales.orders (confidential)',
    edits: [
      {
        file: 'stacks/sales.ts',
        find: 'this.orders.grantRead(consumers.analytics);',
        replace: 'this.orders.grantRead(consumers.analytics);\n    this.orders.grantRead(consumers.finance);',
      },
    ],
  },
  {
    branch: 'shrink-orders-acknowledged',
    title: 'sales.orders from 6 to 3 partitions, with acknowledgeDataLoss and its reason',
    edits: [
      {
        file: 'stacks/sales.ts',
        find: ORDERS,
        replace: "$1partitions: 3,\n      acknowledgeDataLoss: 'orders are replayed from the shop database',",
      },
    ],
  },
  {
    branch: 'lock-partitions-edited',
    title: 'the mesh lock of sales says 3 partitions for sales.orders; the code is unchanged',
    edits: [{ file: 'mesh.lock/sales.json', find: /("sales\.orders": \{\s*"partitions": )6,/, replace: '$13,' }],
  },
  {
    branch: 'lock-version-removed',
    title: 'the mesh lock of sales loses the last published version of sales.order-placed-value',
    edits: [
      {
        file: 'mesh.lock/sales.json',
        find: /("sales\.order-placed-value": \{[\s\S]*?"versions": \[\s*\{[\s\S]*?\n\s*\}),\s*\{[\s\S]*?\n\s*\}(\s*\])/,
        replace: '$1$2',
      },
    ],
  },
  {
    branch: 'decommission-stock-level',
    title: 'inventory.stock-level-updated decommissioned while the ksqlDB app sales.insights still reads it',
    edits: [
      { file: 'stacks/inventory.ts', find: '  public readonly stockLevelUpdated: DomainDataProduct;\n', replace: '' },
      {
        file: 'stacks/inventory.ts',
        find: /this\.stockLevelUpdated = new DomainDataProduct[\s\S]*?this\.stockLevelUpdated\.grantRead\(consumers\.sales\);/,
        replace: "this.domain.decommission('stock-level-updated', { reason: 'replaced by the warehouse stock snapshots' });",
      },
      { file: 'stacks/apps.ts', find: /\n\s*stacks\.inventory\.stockLevelUpdated\.grantRead\([^;]*;/, replace: '' },
      { file: 'stacks/apps.ts', find: 'stacks.inventory.stockLevelUpdated.topicName', replace: "'inventory.stock-level-updated'" },
    ],
  },
  {
    branch: 'rehome-customer',
    title: 'the customer domain and its products re-homed into the marketing stack',
    edits: [
      {
        file: 'stacks/customer.ts',
        find: "this.domain = new Domain(this, 'customer', {",
        replace: "this.domain = new Domain(scope.node.findChild('marketing'), 'customer', {",
      },
    ],
  },
];

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A clone of `repoDir`'s HEAD with one branch per pull request; `dispose` deletes it. */
export function clonePullRequests(repoDir: string, prs: readonly PullRequest[] = PULL_REQUESTS): { dir: string; dispose(): void } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-mesh-prs-'));
  const dir = path.join(tmp, 'repo');
  run('git', ['clone', '-q', '--shared', repoDir, dir], tmp);
  fs.symlinkSync(path.join(repoDir, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const git = (...args: string[]) => run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], dir);
  git('tag', 'base');
  for (const pr of prs) {
    git('checkout', '-q', '-b', pr.branch, 'base');
    for (const edit of pr.edits) {
      const file = path.join(dir, edit.file);
      const before = fs.readFileSync(file, 'utf8');
      const after = before.replace(edit.find, edit.replace);
      if (after === before) throw new Error(`pull request ${pr.branch} no longer applies: ${String(edit.find)} is not in ${edit.file}`);
      fs.writeFileSync(file, after);
    }
    git('commit', '-q', '-am', pr.title);
  }
  git('checkout', '-q', 'base');
  return { dir, dispose: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}
