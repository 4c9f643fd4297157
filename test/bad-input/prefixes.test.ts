import { TerraformStack } from 'cdktf';
import { Connector, Domain, Principal, ServiceAccount, StreamsApp } from '../../lib';
import { atSynth, SalesMesh, sinkProps } from './builders';
import { corpus } from './corpus';

const O = 'sales/sales/orders';
const analytics = () => Principal.fromName('User:analytics');
const sinkWith = (m: SalesMesh, props: Record<string, unknown>) => new Connector(m.sales, 'archive', { ...sinkProps(m), ...props });
const finance = (m: SalesMesh, props: Record<string, unknown> = {}) =>
  new Domain(new TerraformStack(m.app, 'finance'), 'finance', { owner: 'finance-team@example.com', principal: 'User:finance', ...props });

corpus("names in another domain's namespace", [
  {
    name: "fails on a transactional-id prefix in another domain's namespace",
    build: atSynth((m) => m.orders.grantWrite(analytics(), { transactionalIdPrefix: 'marketing.tx-' })),
    path: O,
    field: 'grantWrite.transactionalIdPrefix',
    fix: 'not under "marketing."',
  },
  {
    name: "fails on a transactional-id prefix that covers another domain's namespace",
    build: atSynth((m) => m.orders.grantWrite(analytics(), { transactionalIdPrefix: 'mark' })),
    path: O,
    field: 'grantWrite.transactionalIdPrefix',
    fix: 'not under "marketing."',
  },
  {
    name: 'fails on a transactional-id prefix of a domain declared after the grant',
    build: atSynth((m) => {
      m.orders.grantWrite(analytics(), { transactionalIdPrefix: 'finance.tx-' });
      finance(m);
    }),
    path: O,
    field: 'grantWrite.transactionalIdPrefix',
    fix: 'not under "finance."',
  },
  {
    name: "fails on a consumer group in another domain's namespace",
    build: atSynth((m) => m.orders.grantRead(analytics(), { consumerGroup: 'marketing.loader' })),
    path: O,
    field: 'grantRead.consumerGroup',
    fix: 'not under "marketing."',
  },
  {
    name: "fails on a grantee whose group prefix is another domain's",
    build: atSynth((m) => m.orders.grantRead(Principal.fromName('User:analytics', { consumerGroupPrefix: 'marketing.' }))),
    path: O,
    field: 'grantRead',
    fix: 'not under "marketing."',
  },
  {
    name: "fails on a grantee whose group prefix covers every domain's groups",
    build: atSynth((m) => m.orders.grantRead(Principal.fromName('User:analytics', { consumerGroupPrefix: 'm' }))),
    path: O,
    field: 'grantRead',
    fix: 'not under "marketing."',
  },
  {
    name: "fails on a Domain's consumer-group prefix in another domain's namespace",
    build: atSynth((m) => finance(m, { consumerGroupPrefix: 'marketing.' })),
    path: 'finance/finance',
    field: 'consumerGroupPrefix',
    fix: 'not under "marketing."',
  },
  {
    name: "fails on a Domain's consumer-group prefix that covers another domain's",
    build: atSynth((m) => finance(m, { consumerGroupPrefix: 'sa' })),
    path: 'finance/finance',
    field: 'consumerGroupPrefix',
    fix: 'not under "sales."',
  },
  {
    name: "fails on a ServiceAccount's consumer-group prefix in a domain's namespace",
    build: atSynth((m) => new ServiceAccount(m.platform, 'reporting', { description: 'Reports', consumerGroupPrefix: 'sales.reports' })),
    path: 'platform/reporting',
    field: 'consumerGroupPrefix',
    fix: 'not under "sales."',
  },
  {
    name: "fails on a StreamsApp running as another domain's principal",
    build: atSynth((m) => new StreamsApp(m.sales, 'enrich', { principal: 'User:marketing', inputs: [m.orders] })),
    path: 'sales/sales/enrich',
    field: 'principal',
    fix: 'run it as a principal of its own (a ServiceAccount)',
  },
  {
    name: 'fails on a StreamsApp running as another Domain',
    build: atSynth((m) => new StreamsApp(m.sales, 'enrich', { principal: m.marketing, inputs: [m.orders] })),
    path: 'sales/sales/enrich',
    field: 'principal',
    fix: 'or as User:sales',
  },
  {
    name: "fails on a StreamsApp whose application id is another domain's",
    build: atSynth((m) => new StreamsApp(m.sales, 'enrich', { principal: m.analytics, inputs: [m.orders], applicationId: 'marketing.enrich' })),
    path: 'sales/sales/enrich',
    field: 'applicationId',
    fix: 'or another name under sales.',
  },
  {
    name: "fails on a Connector running as another domain's principal",
    build: atSynth((m) => sinkWith(m, { principal: 'User:marketing' })),
    path: 'sales/sales/archive',
    field: 'principal',
    fix: 'a ServiceAccount',
  },
  {
    name: "fails on a sink's consumer group in another domain's namespace",
    build: atSynth((m) => sinkWith(m, { config: { 'consumer.override.group.id': 'marketing.archive' } })),
    path: 'sales/sales/archive',
    field: 'config["consumer.override.group.id"]',
    fix: 'not under "marketing."',
  },
  {
    name: "fails on a read grant to a domain using a third domain's group",
    build: atSynth((m) => m.orders.grantRead(m.marketing, { consumerGroup: 'finance.x' }) && finance(m)),
    path: O,
    field: 'grantRead.consumerGroup',
    fix: 'not under "finance."',
  },
]);
