import { TerraformStack, Testing } from 'cdktf';
import { Domain, DomainDataProduct, DomainDataProductProps, Principal, Schema, SharedTopic, SharedTopicProps } from '../../lib';
import { testMesh } from '../helpers';
import { corpus } from './corpus';

const avro = Schema.avro({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] });

function sales() {
  const { app } = testMesh();
  const stack = new TerraformStack(app, 'sales');
  return { app, stack, domain: new Domain(stack, 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' }) };
}

function product(props: Record<string, unknown>, id = 'orders') {
  return () => new DomainDataProduct(sales().domain, id, { description: 'Orders placed in the web shop', ...props } as DomainDataProductProps);
}

function shared(props: Record<string, unknown>) {
  return () => new SharedTopic(sales().domain, 'events', { description: 'Order events', valueSchema: avro, ...props } as SharedTopicProps);
}

corpus('DomainDataProduct and SharedTopic props', [
  { name: 'fails on version 0', build: product({ version: 0 }), path: 'sales/sales/orders', field: 'version', fix: 'set version to at least 1' },
  {
    name: 'fails on an upper-case tag',
    build: product({ tags: ['Orders'] }),
    path: 'sales/sales/orders',
    field: 'tags[0]',
    fix: 'make tags[0] match',
  },
  {
    name: 'fails on an unknown classification',
    build: product({ classification: 'secret' }),
    path: 'sales/sales/orders',
    field: 'classification',
    fix: "use 'pii' for personal data",
  },
  {
    name: 'fails on a misspelt compatibility level',
    build: product({ valueSchema: avro, compatibility: 'BACKWARDS' }),
    path: 'sales/sales/orders',
    field: 'compatibility',
    fix: "'BACKWARD' suits most products",
  },
  {
    name: 'fails on a compatibility level without a schema',
    build: product({ compatibility: 'FULL' }),
    path: 'sales/sales/orders',
    field: 'compatibility',
    fix: 'add a valueSchema',
  },
  {
    name: "fails on removalPolicy 'delete'",
    build: product({ removalPolicy: 'delete' }),
    path: 'sales/sales/orders',
    field: 'removalPolicy',
    fix: 'set removalPolicy to one of "retain", "destroy"',
  },
  {
    name: 'fails on an availability above 100 percent',
    build: product({ sla: { availabilityPercent: 120 } }),
    path: 'sales/sales/orders',
    field: 'sla.availabilityPercent',
    fix: 'set sla.availabilityPercent to at most 100',
  },
  {
    name: 'fails on an unknown SLA field',
    build: product({ sla: { uptime: 99 } }),
    path: 'sales/sales/orders',
    field: 'sla.uptime',
    fix: 'remove it',
  },
  {
    name: 'fails on max.message.bytes of 0',
    build: product({ maxMessageBytes: 0 }),
    path: 'sales/sales/orders',
    field: 'maxMessageBytes',
    fix: 'set maxMessageBytes to at least 1',
  },
  {
    name: 'fails on retention.bytes of 0',
    build: product({ retentionBytes: 0 }),
    path: 'sales/sales/orders',
    field: 'retentionBytes',
    fix: "'infinite' to keep data forever",
  },
  {
    name: 'fails on more partitions than Kafka allows here',
    build: product({ partitions: 10_001 }),
    path: 'sales/sales/orders',
    field: 'partitions',
    fix: 'set partitions to a whole number of at least 1',
  },
  {
    name: 'fails on a raw config value that is an object',
    build: product({ config: { 'segment.ms': { hours: 1 } } }),
    path: 'sales/sales/orders',
    field: 'config["segment.ms"]',
    fix: 'write the value as Kafka does',
  },
  {
    name: 'fails when the raw config repeats min.insync.replicas',
    build: product({ minInsyncReplicas: 2, config: { 'min.insync.replicas': 1 } }),
    path: 'sales/sales/orders',
    field: 'config["min.insync.replicas"]',
    fix: 'set it once, with `minInsyncReplicas`',
  },
  {
    name: 'fails on an unknown config name, suggesting the right one (not dropping it)',
    build: product({ config: { 'cleanup.polcy': 'compact' } }),
    path: 'sales/sales/orders',
    field: 'config["cleanup.polcy"]',
    fix: "did you mean 'cleanup.policy'?",
  },
  {
    name: 'fails on an upper-case entity',
    build: product({ entity: 'Orders' }),
    path: 'sales/sales/orders',
    field: 'entity',
    fix: "'stock-level-updated'",
  },
  {
    name: 'fails on a value schema that is a plain object',
    build: product({ valueSchema: { type: 'record', name: 'Order', fields: [] } }),
    path: 'sales/sales/orders',
    field: 'valueSchema',
    fix: 'wrap the schema: Schema.avro(',
  },
  {
    name: 'fails on an empty data-loss acknowledgement',
    build: product({ acknowledgeDataLoss: ' ' }),
    path: 'sales/sales/orders',
    field: 'acknowledgeDataLoss',
    fix: 'consumers informed',
  },
  {
    name: 'fails on a shared topic with neither producers nor consumers',
    build: shared({}),
    path: 'sales/sales/events',
    field: 'producers',
    fix: 'use a DomainDataProduct',
  },
  {
    name: 'fails on shared topic producers that are not a list',
    build: shared({ producers: 'User:marketing' }),
    path: 'sales/sales/events',
    field: 'producers',
    fix: "set producers: [domain, Principal.fromName('User:<name>')]",
  },
  {
    name: 'fails on a shared topic without props',
    build: () => new SharedTopic(sales().domain, 'events', undefined as unknown as SharedTopicProps),
    path: 'sales/sales/events',
    field: 'description',
    fix: 'say in a sentence what the product holds',
  },
  {
    name: 'fails on a shared topic with compatibility NONE',
    build: shared({ compatibility: 'NONE', consumers: [Principal.fromName('User:marketing')] }),
    path: 'sales/sales/events',
    field: 'compatibility',
    fix: "'FULL'",
  },
  {
    name: 'fails on a shared topic without a value schema',
    build: shared({ valueSchema: undefined, keySchema: avro, consumers: [Principal.fromName('User:marketing')] }),
    path: 'sales/sales/events',
    field: 'valueSchema',
    fix: 'set valueSchema',
  },
  {
    name: 'fails at synth when a decommissioned product is still declared',
    build: () => {
      const { stack, domain } = sales();
      new DomainDataProduct(domain, 'orders', { description: 'Orders placed in the web shop' });
      domain.decommission('orders', { reason: 'replaced by sales.orders.v2' });
      Testing.synth(stack);
    },
    path: 'sales/sales/decommission(orders)',
    field: 'decommission',
    fix: 'delete the product, or drop the decommission',
  },
  {
    name: 'fails on a decommission without a reason',
    build: () => sales().domain.decommission('orders', { reason: '' }),
    path: 'sales/sales/decommission(orders)',
    field: 'reason',
    fix: 'consumers moved',
  },
]);
