import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { DomainDataProduct, MeshValidationError, Waivers } from '../../lib';
import { errorOf } from '../helpers';
import { meshWithPolicy } from './helpers';

/** A sales product under the floor of 3 replicas, waived until `expires`, checked on `today`. */
function waived(today: string | undefined, expires: string | undefined) {
  const m = meshWithPolicy(today ? { today } : {});
  const clicks = new DomainDataProduct(m.sales, 'clicks', { description: 'Raw clicks from the web shop', replicationFactor: 2 });
  Waivers.of(clicks).waive('REPLICATION_FLOOR', 'Replayable from the CDN logs; a third broker arrives soon', expires ? { expires } : {});
  return m;
}

describe('waivers that expire', () => {
  it('covers its finding through its last day, and the catalog shows the expiry', () => {
    const m = waived('2027-01-31', '2027-01-31');
    expect(() => m.app.synth()).not.toThrow();
    const catalog = JSON.parse(fs.readFileSync(path.join(m.app.outdir, 'catalog', 'catalog.json'), 'utf8'));
    expect(catalog.products.find((p: any) => p.topic === 'sales.clicks').waivers).toEqual([
      {
        rule: 'REPLICATION_FLOOR',
        reason: 'Replayable from the CDN logs; a third broker arrives soon',
        declaredAt: 'sales/sales/clicks',
        expires: '2027-01-31',
      },
    ]);
    const html = fs.readFileSync(path.join(m.app.outdir, 'catalog', 'products', 'sales.clicks.html'), 'utf8');
    expect(html).toContain('a third broker arrives soon (expires 2027-01-31)');
  });

  it('fails synth the day after, naming the waiver, the rule and the construct', () => {
    const m = waived('2027-02-01', '2027-01-31');
    let error: unknown;
    try {
      m.app.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MeshValidationError);
    expect((error as MeshValidationError).details).toEqual([
      {
        path: 'sales/sales/clicks',
        field: 'waive("REPLICATION_FLOOR")',
        value: '2027-01-31',
        problem:
          'has expired: its last day was 2027-01-31 (today is 2027-02-01), so the waiver of REPLICATION_FLOOR on sales/sales/clicks ("Replayable from the CDN logs; a third broker arrives soon") no longer applies',
        fix: 'review it: fix what REPLICATION_FLOOR finds and remove the waiver, or renew it with a later expires and the reason it still holds',
      },
    ]);
  });

  it('never expires without a date, whatever today is', () => {
    expect(() => waived('2999-12-31', undefined).app.synth()).not.toThrow();
  });

  it('defaults today to the current date', () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(errorOf(() => waived(undefined, yesterday).app.synth())).toMatch(/waive\("REPLICATION_FLOOR"\) has expired/);
    expect(() => waived(undefined, '2999-12-31').app.synth()).not.toThrow();
  });

  it('fails on a waiver that expired on a stack without products of its own rule', () => {
    const m = meshWithPolicy({ today: '2030-01-01' });
    Waivers.of(m.stack as TerraformStack).waive('PARTITION_BOUNDS', 'Bulk imports need many partitions this quarter', { expires: '2029-12-31' });
    expect(errorOf(() => m.app.synth())).toMatch(
      /^sales: waive\("PARTITION_BOUNDS"\) has expired: its last day was 2029-12-31 \(today is 2030-01-01\)/,
    );
  });
});
