/**
 * A small mesh synthesized for the diff tests, with a knob for every change the diff explains.
 * `synthShop({})` is the base; a test changes one knob for the head and compares the two.
 *
 * Stacks: `platform` (service account analytics), `sales` (domain sales: orders, returns),
 * `marketing` (domain marketing), and domain billing in stack `billing` (or in `sales`).
 */
import { App, TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CleanupPolicy, CompatibilityLevel, Domain, DomainDataProduct, KafkaMesh, Principal, Schema, ServiceAccount } from '../../lib';

export type OrdersSchema = 'v1' | 'v1-reformatted' | 'v2-compatible' | 'v2-incompatible' | 'none';

export interface ShopSpec {
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly retentionMs?: number;
  readonly retentionBytes?: number;
  readonly cleanupPolicy?: CleanupPolicy;
  readonly maxMessageBytes?: number;
  readonly removalPolicy?: 'retain' | 'destroy';
  readonly schema?: OrdersSchema;
  readonly compatibility?: CompatibilityLevel;
  readonly classification?: 'internal' | 'confidential' | 'pii';
  /** Grants on sales.orders. @default marketing and analytics read */
  readonly readers?: readonly ('marketing' | 'analytics')[];
  /** sales.returns: declared, decommissioned, or never there. @default 'declared' */
  readonly returns?: 'declared' | 'decommissioned' | 'absent';
  /**
   * Where domain billing lives: its own stack `billing`, or stack `sales` (`sales`: stack billing
   * stays, holding a service account; `sales-only`: stack billing leaves the app). @default 'billing'
   */
  readonly billingStack?: 'billing' | 'sales' | 'sales-only';
  /** Whether the analytics service account exists (grants to it need it). @default true */
  readonly analytics?: boolean;
  /** The analytics service account's SCRAM credential. @default version '1' */
  readonly analyticsScram?: false | { readonly version: string };
  /** analytics' consumer byte rate. @default 10485760 */
  readonly analyticsConsumerByteRate?: number;
  /** The brokers. @default ['localhost:9092'] */
  readonly bootstrapServers?: string[];
}

const ORDER_V1 = {
  type: 'record',
  name: 'Order',
  namespace: 'com.example.sales',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'totalCents', type: 'long' },
  ],
};
const SCHEMAS: Record<Exclude<OrdersSchema, 'none'>, string> = {
  v1: JSON.stringify(ORDER_V1),
  'v1-reformatted': JSON.stringify(ORDER_V1, null, 4),
  'v2-compatible': JSON.stringify({ ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'currency', type: 'string', default: 'EUR' }] }),
  'v2-incompatible': JSON.stringify({ ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'channel', type: 'string' }] }),
};

const created: string[] = [];

/** Synthesizes the shop into a new temporary directory and returns it. */
export function synthShop(spec: ShopSpec = {}): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-mesh-diff-test-'));
  created.push(outdir);
  const app = new App({ outdir });
  new KafkaMesh(app, 'mesh', {
    cluster: { bootstrapServers: spec.bootstrapServers ?? ['localhost:9092'], tls: false },
    schemaRegistry: { url: 'http://localhost:8081' },
    lock: false,
  });
  const platform = new TerraformStack(app, 'platform');
  const scram = spec.analyticsScram === undefined ? { version: '1' } : spec.analyticsScram;
  if (spec.analytics !== false) {
    new ServiceAccount(platform, 'analytics', {
      description: 'The warehouse loader',
      ...(scram ? { scram: { mechanisms: ['SCRAM-SHA-512' as const], passwordVersion: scram.version } } : {}),
      quota: { consumerByteRate: spec.analyticsConsumerByteRate ?? 10_485_760 },
    });
  }

  const salesStack = new TerraformStack(app, 'sales');
  const sales = new Domain(salesStack, 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
  const schema = spec.schema ?? 'v1';
  const orders = new DomainDataProduct(sales, 'orders', {
    description: 'Orders placed in the web shop',
    partitions: spec.partitions ?? 6,
    ...(spec.replicationFactor !== undefined ? { replicationFactor: spec.replicationFactor } : {}),
    retentionMs: spec.retentionMs ?? 86_400_000,
    ...(spec.retentionBytes !== undefined ? { retentionBytes: spec.retentionBytes } : {}),
    ...(spec.cleanupPolicy ? { cleanupPolicy: spec.cleanupPolicy } : {}),
    ...(spec.maxMessageBytes ? { maxMessageBytes: spec.maxMessageBytes } : {}),
    ...(spec.removalPolicy ? { removalPolicy: spec.removalPolicy } : {}),
    ...(schema !== 'none' ? { valueSchema: Schema.avro(SCHEMAS[schema]), compatibility: spec.compatibility ?? 'BACKWARD' } : {}),
    classification: spec.classification ?? 'confidential',
  });
  for (const reader of spec.readers ?? ['marketing', 'analytics']) {
    orders.grantRead(Principal.fromName(`User:${reader}`));
  }
  const returns = spec.returns ?? 'declared';
  if (returns === 'declared') new DomainDataProduct(sales, 'returns', { description: 'Returned orders', partitions: 3 });
  if (returns === 'decommissioned') sales.decommission('returns', { reason: 'returns are part of orders now' });

  new Domain(new TerraformStack(app, 'marketing'), 'marketing', { owner: 'marketing-team@example.com', principal: 'User:marketing' });
  const where = spec.billingStack ?? 'billing';
  const ownStack = where === 'sales-only' ? undefined : new TerraformStack(app, 'billing');
  if (ownStack && where === 'sales') new ServiceAccount(ownStack, 'invoicer', { description: 'Sends the invoices' });
  const billingStack = where === 'billing' && ownStack ? ownStack : salesStack;
  const billing = new Domain(billingStack, 'billing', { owner: 'billing-team@example.com', principal: 'User:billing' });
  new DomainDataProduct(billing, 'invoices', { description: 'Invoices sent', partitions: 3, retentionMs: 'infinite' });
  app.synth();
  return outdir;
}

/** Deletes every directory {@link synthShop} made. */
export function cleanShops(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
