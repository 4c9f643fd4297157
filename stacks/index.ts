import * as path from 'path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { KafkaMesh, KafkaMeshProps } from 'cdktf-kafka-mesh';
import { addSelfServeApps } from './apps';
import { connectionFromEnv } from './connection';
import { CustomerStack } from './customer';
import { FinanceStack } from './finance';
import { InventoryStack } from './inventory';
import { MarketingStack } from './marketing';
import { PlatformStack } from './platform';
import { SalesStack } from './sales';

export { connectionFromEnv } from './connection';

export interface ExampleMesh {
  readonly mesh: KafkaMesh;
  readonly platform: PlatformStack;
  readonly sales: SalesStack;
  readonly marketing: MarketingStack;
  readonly finance: FinanceStack;
  readonly inventory: InventoryStack;
  readonly customer: CustomerStack;
}

/**
 * The whole example mesh: the platform stack and one stack per domain, each with its own
 * Terraform state. `overrides` changes the mesh props (tests use it for topic defaults).
 */
export function buildExampleMesh(app: App, overrides: Partial<KafkaMeshProps> = {}): ExampleMesh {
  const mesh = new KafkaMesh(app, 'mesh', {
    ...connectionFromEnv(),
    topicDefaults: topicDefaultsFromEnv(),
    // The committed definition of every stack; `npm run lock` updates it after review.
    lock: { dir: path.resolve(__dirname, '..', 'mesh.lock') },
    backend: backendFromEnv(),
    ...overrides,
  });
  const example = {
    mesh,
    platform: new PlatformStack(app, 'platform'),
    sales: new SalesStack(app, 'sales'),
    marketing: new MarketingStack(app, 'marketing'),
    finance: new FinanceStack(app, 'finance'),
    inventory: new InventoryStack(app, 'inventory'),
    customer: new CustomerStack(app, 'customer'),
  };
  addSelfServeApps(example); // the order processor (Kafka Streams), sales.insights_ (ksqlDB), customer.crm-sync (NiFi); the ledger source (Kafka Connect) with LEDGER_JDBC_URL
  return example;
}

/**
 * `MESH_MAX_REPLICATION_FACTOR` caps replication for small clusters (the local one has one
 * broker). @default 3 replicas, min.insync.replicas 2, no cap
 */
function topicDefaultsFromEnv(): KafkaMeshProps['topicDefaults'] {
  const cap = process.env.MESH_MAX_REPLICATION_FACTOR;
  return { partitions: 3, replicationFactor: 3, minInsyncReplicas: 2, ...(cap ? { maxReplicationFactor: Number(cap) } : {}) };
}

/**
 * `MESH_STATE_DIR` keeps each stack's local state in `<dir>/<stack>.tfstate` (the local
 * deploy uses `.local/state`). @default cdktf's local backend in the working directory
 */
function backendFromEnv(): ((stack: TerraformStack) => void) | undefined {
  const dir = process.env.MESH_STATE_DIR;
  if (!dir) return undefined;
  return (stack) => {
    new LocalBackend(stack, { path: path.resolve(dir, `${stack.node.id}.tfstate`) });
  };
}
