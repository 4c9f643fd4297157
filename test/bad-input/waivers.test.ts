/**
 * Waivers with an expiry date: a date that is not one is refused where it is written; an expired
 * waiver fails synth naming the waiver, the rule and the construct. "Today" is the policy's.
 */
import { TerraformStack } from 'cdktf';
import { DomainDataProduct, GovernancePolicy, Waivers, WaiverOptions } from '../../lib';
import { meshWithPolicy } from '../governance/helpers';
import { BadInput, corpus } from './corpus';

const REASON = 'Replayable from the CDN logs; a third broker arrives soon';
const DATE_FIX = "write the last day the waiver applies as 'YYYY-MM-DD'";
const RENEW = 'renew it with a later expires';

/** A sales product under the replication floor, waived with `options`, synthesized on `today`. */
function waived(options: unknown, today = '2027-02-01', on: 'product' | 'domain' | 'stack' = 'product') {
  return () => {
    const m = meshWithPolicy({ today });
    const clicks = new DomainDataProduct(m.sales, 'clicks', { description: 'Raw clicks from the web shop', replicationFactor: 2 });
    const scope = on === 'product' ? clicks : on === 'domain' ? m.sales : (m.stack as TerraformStack);
    Waivers.of(scope).waive('REPLICATION_FLOOR', REASON, options as WaiverOptions);
    m.app.synth();
  };
}

const invalid = (expires: unknown, name: string): BadInput => ({
  name,
  build: waived({ expires }),
  path: 'sales/sales/clicks',
  field: 'waive("REPLICATION_FLOOR").expires',
  fix: DATE_FIX,
});

corpus('waiver expiry dates', [
  invalid('31/01/2027', 'fails on a day-first date'),
  invalid('01/31/2027', 'fails on a month-first date'),
  invalid('2027-02-30', 'fails on a day February does not have'),
  invalid('2027-13-01', 'fails on a thirteenth month'),
  invalid('2027-1-5', 'fails on a date without leading zeros'),
  invalid('2027-01-31T00:00:00Z', 'fails on a timestamp instead of a date'),
  invalid('next quarter', 'fails on words instead of a date'),
  invalid('', 'fails on an empty date'),
  invalid(20270131, 'fails on a number'),
  invalid(new Date('2027-01-31'), 'fails on a Date object'),
  invalid('2026-02-29', 'fails on 29 February of a year that is not a leap year'),
  {
    name: 'fails on a misspelt option, suggesting expires',
    build: waived({ expire: '2027-01-31' }),
    path: 'sales/sales/clicks',
    field: 'waive("REPLICATION_FLOOR").expire',
    fix: 'did you mean `expires`?',
  },
  {
    name: 'fails on an option that does not exist',
    build: waived({ until: '2027-01-31' }),
    path: 'sales/sales/clicks',
    field: 'waive("REPLICATION_FLOOR").until',
    fix: 'known props are expires',
  },
  {
    name: 'fails on a policy today that is not a date',
    build: () => meshWithPolicy({ today: '1 Feb 2027' }),
    path: 'platform/governance',
    field: 'today',
    fix: "write it as 'YYYY-MM-DD'",
  },
  {
    name: 'fails on a policy today that does not exist',
    build: () => meshWithPolicy({ today: '2027-02-29' }),
    path: 'platform/governance',
    field: 'today',
    fix: "write it as 'YYYY-MM-DD'",
  },
]);

corpus('expired waivers', [
  {
    name: 'fails the day after the last day',
    build: waived({ expires: '2027-01-31' }, '2027-02-01'),
    path: 'sales/sales/clicks',
    field: 'waive("REPLICATION_FLOOR")',
    fix: RENEW,
  },
  {
    name: 'fails a year after the last day',
    build: waived({ expires: '2026-02-01' }, '2027-02-01'),
    path: 'sales/sales/clicks',
    field: 'waive("REPLICATION_FLOOR")',
    fix: RENEW,
  },
  {
    name: 'fails on an expired waiver declared on the domain',
    build: waived({ expires: '2027-01-31' }, '2027-02-01', 'domain'),
    path: 'sales/sales',
    field: 'waive("REPLICATION_FLOOR")',
    fix: RENEW,
  },
  {
    name: 'fails on an expired waiver declared on the stack',
    build: waived({ expires: '2027-01-31' }, '2027-02-01', 'stack'),
    path: 'sales',
    field: 'waive("REPLICATION_FLOOR")',
    fix: RENEW,
  },
  {
    name: 'fails on an expired waiver even when the finding is gone',
    build: () => {
      const m = meshWithPolicy({ today: '2028-01-01' });
      const clicks = new DomainDataProduct(m.sales, 'clicks', { description: 'Raw clicks from the web shop', replicationFactor: 3 });
      Waivers.of(clicks).waive('REPLICATION_FLOOR', REASON, { expires: '2027-12-31' });
      m.app.synth();
    },
    path: 'sales/sales/clicks',
    field: 'waive("REPLICATION_FLOOR")',
    fix: 'remove the waiver',
  },
  {
    name: 'fails on an expired waiver of a rule the policy turns off',
    build: () => {
      const m = meshWithPolicy({ today: '2028-01-01', levels: { ACL_BUDGET: 'off' } });
      Waivers.of(m.sales).waive('ACL_BUDGET', 'Many consumers during the migration to domains', { expires: '2027-06-30' });
      m.app.synth();
    },
    path: 'sales/sales',
    field: 'waive("ACL_BUDGET")',
    fix: RENEW,
  },
  {
    name: 'fails on an expired waiver in the marketing stack too',
    build: () => {
      const m = meshWithPolicy({ today: '2028-01-01' });
      const leads = new DomainDataProduct(m.marketing, 'leads', { description: 'Leads from the campaigns', partitions: 500 });
      Waivers.of(leads).waive('PARTITION_BOUNDS', 'Backfill of five years of leads this month', { expires: '2027-12-31' });
      m.app.synth();
    },
    path: 'marketing/marketing/leads',
    field: 'waive("PARTITION_BOUNDS")',
    fix: RENEW,
  },
]);

describe('GovernancePolicy today', () => {
  it('is kept on the policy', () => {
    expect(meshWithPolicy({ today: '2027-02-01' }).governance).toBeInstanceOf(GovernancePolicy);
    expect(meshWithPolicy({ today: '2027-02-01' }).governance.today).toBe('2027-02-01');
  });
});
