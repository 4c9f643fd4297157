/**
 * The mesh lock of stacks that hold no mesh resources any more: every lock file is compared, so
 * a locked topic that disappears with its stack, or with the stack's last domain, is refused.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { Domain, DomainDataProduct, ServiceAccount } from '../../lib';
import { testMesh } from '../helpers';
import { corpus } from './corpus';

/** A lock dir holding `stacks`: each stack name to its locked topics. */
function lockOf(stacks: Record<string, string[]>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lock-'));
  for (const [stack, topics] of Object.entries(stacks)) {
    const locked = Object.fromEntries(topics.map((t) => [t, { partitions: 3, replicationFactor: 3, protected: true, config: {} }]));
    fs.writeFileSync(path.join(dir, `${stack}.json`), JSON.stringify({ lockVersion: 1, stack, topics: locked, subjects: {} }));
  }
  return dir;
}

/** An app with the lock `dir`; `build` declares its stacks; synthesized with app.synth(). */
function synth(dir: string, build: (app: ReturnType<typeof testMesh>['app']) => void, via: 'app' | 'stack' = 'app') {
  return () => {
    const { app } = testMesh({ lock: { dir } });
    build(app);
    if (via === 'app') app.synth();
    else for (const s of app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c))) Testing.synth(s);
  };
}

const domain = (app: any, stack: string, name: string, products: string[]) => {
  const d = new Domain(new TerraformStack(app, stack), name, { owner: `${name}-team`, principal: `User:${name}` });
  for (const p of products) new DomainDataProduct(d, p, { description: `${p} of ${name}` });
  return d;
};

const KEEP = 'keep the product in stack';
const DECLARE = 'declare the product again, or remove it on purpose with domain.decommission';

corpus('mesh lock of stacks without mesh resources', [
  {
    name: 'fails when a whole domain moves into another stack, the old stack kept empty',
    build: synth(lockOf({ sales: ['sales.orders'] }), (app) => {
      new TerraformStack(app, 'sales');
      domain(app, 'commerce', 'sales', ['orders']);
    }),
    path: 'sales',
    field: 'topic sales.orders',
    fix: KEEP,
  },
  {
    name: 'fails when a whole domain moves into another stack, the old stack deleted',
    build: synth(lockOf({ sales: ['sales.orders', 'sales.returns'] }), (app) => domain(app, 'commerce', 'sales', ['orders', 'returns'])),
    path: 'sales',
    field: 'topic sales.returns',
    fix: KEEP,
  },
  {
    name: 'fails when a whole domain moves into the platform stack',
    build: synth(lockOf({ inventory: ['inventory.stock'] }), (app) => {
      const platform = new TerraformStack(app, 'platform');
      new ServiceAccount(platform, 'loader', { description: 'Warehouse loader' });
      const inv = new Domain(platform, 'inventory', { owner: 'inventory-team', principal: 'User:inventory' });
      new DomainDataProduct(inv, 'stock', { description: 'Stock levels' });
    }),
    path: 'inventory',
    field: 'topic inventory.stock',
    fix: KEEP,
  },
  {
    name: 'fails when a stack and its products are deleted',
    build: synth(lockOf({ sales: ['sales.orders'], marketing: ['marketing.leads'] }), (app) => domain(app, 'marketing', 'marketing', ['leads'])),
    path: 'sales',
    field: 'topic sales.orders',
    fix: DECLARE,
  },
  {
    name: 'fails when every stack of the app is gone',
    build: synth(lockOf({ sales: ['sales.orders'] }), () => undefined),
    path: 'sales',
    field: 'topic sales.orders',
    fix: DECLARE,
  },
  {
    name: 'fails when the stack is kept but holds only non-mesh constructs',
    build: synth(lockOf({ finance: ['finance.ledger'] }), (app) => {
      new TerraformStack(app, 'finance');
      domain(app, 'sales', 'sales', ['orders']);
    }),
    path: 'finance',
    field: 'topic finance.ledger',
    fix: DECLARE,
  },
  {
    name: 'fails from a single stack synth too (Testing.synth of another stack)',
    build: synth(lockOf({ sales: ['sales.orders'] }), (app) => domain(app, 'marketing', 'marketing', ['leads']), 'stack'),
    path: 'sales',
    field: 'topic sales.orders',
    fix: DECLARE,
  },
  {
    name: "fails when only some of the gone stack's topics are decommissioned",
    build: synth(lockOf({ sales: ['sales.orders', 'sales.returns'] }), (app) => {
      const d = domain(app, 'commerce', 'sales', []);
      d.decommission('orders', { reason: 'replaced by commerce.orders' });
    }),
    path: 'sales',
    field: 'topic sales.returns',
    fix: DECLARE,
  },
]);
