/**
 * Small meshes for the bad-input corpus: a sales domain in its own stack (and, where a case
 * needs it, a marketing domain, a platform stack, a product) to which each case adds one fault.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import {
  Connector,
  ConnectorProps,
  Domain,
  DomainDataProduct,
  DomainDataProductProps,
  KafkaMeshProps,
  Schema,
  ServiceAccount,
  StreamsApp,
  StreamsAppProps,
} from '../../lib';
import { testMesh } from '../helpers';

export const avro = Schema.avro({ type: 'record', name: 'Event', fields: [{ name: 'id', type: 'string' }] });

export interface SalesMesh {
  readonly app: App;
  readonly stack: TerraformStack;
  readonly sales: Domain;
  readonly marketing: Domain;
  readonly platform: TerraformStack;
  readonly orders: DomainDataProduct;
  /** A ServiceAccount of the platform stack, `User:analytics`. */
  readonly analytics: ServiceAccount;
}

/** sales (with sales.orders) and marketing, each in its own stack, and a platform stack with `User:analytics`. */
export function salesMesh(meshProps: Partial<KafkaMeshProps> = {}): SalesMesh {
  const { app } = testMesh(meshProps);
  const platform = new TerraformStack(app, 'platform');
  const analytics = new ServiceAccount(platform, 'analytics', { description: 'The analytics loader' });
  const stack = new TerraformStack(app, 'sales');
  const sales = new Domain(stack, 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
  const marketing = new Domain(new TerraformStack(app, 'marketing'), 'marketing', {
    owner: 'marketing-team@example.com',
    principal: 'User:marketing',
  });
  const orders = new DomainDataProduct(sales, 'orders', { description: 'Orders placed in the web shop' });
  return { app, stack, sales, marketing, platform, orders, analytics };
}

/** Builds sales.events with `props` (on top of a description). */
export function product(props: Record<string, unknown>): () => void {
  return () => {
    const { sales } = salesMesh();
    new DomainDataProduct(sales, 'events', { description: 'Events of the web shop', ...props } as DomainDataProductProps);
  };
}

/** Runs `build` on a fresh sales mesh, then synthesizes every stack (deferred checks run at synth). */
export function atSynth(build: (m: SalesMesh) => void): () => void {
  return () => {
    const m = salesMesh();
    build(m);
    for (const stack of m.app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack)) Testing.synth(stack);
  };
}

/** The props of a sink `archive` of sales.orders, run as `User:analytics`. */
export function sinkProps(m: SalesMesh): ConnectorProps {
  return {
    type: 'sink',
    connect: { url: 'http://localhost:8083' },
    connectorClass: 'io.example.Sink',
    principal: m.analytics,
    inputs: [m.orders],
    external: 's3:archive',
  };
}

/** Builds the sink `sales/sales/archive` with `props` on top of {@link sinkProps}. */
export function sink(props: Record<string, unknown>): () => void {
  return () => {
    const m = salesMesh();
    new Connector(m.sales, 'archive', { ...sinkProps(m), ...props } as ConnectorProps);
  };
}

/** Builds the streams app `sales/sales/enrich` reading sales.orders as `User:analytics`, with `props`. */
export function streams(props: Record<string, unknown>): () => void {
  return () => {
    const m = salesMesh();
    new StreamsApp(m.sales, 'enrich', { principal: m.analytics, inputs: [m.orders], ...props } as StreamsAppProps);
  };
}
