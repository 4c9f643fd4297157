/**
 * A KafkaMesh without `cluster` (or `schemaRegistry`) reads the variables the providers read;
 * props win, whole; the password stays in the environment and never reaches the synthesized JSON.
 */
import { App, Testing, TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, KafkaMesh, KafkaMeshProps } from '../lib';
import { errorOf } from './helpers';

const ENV_KEYS = [
  'KAFKA_BOOTSTRAP_SERVERS',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_ENABLE_TLS',
  'SCHEMA_REGISTRY_URL',
];
const savedEnv: Record<string, string | undefined> = {};

beforeEach(() => {
  for (const k of ENV_KEYS) {
    savedEnv[k] = process.env[k];
    delete process.env[k];
  }
});
afterEach(() => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

describe('the connection from the environment', () => {
  const stackJson = (app: App) => {
    const stack = app.node.findChild('sales') as TerraformStack;
    return Testing.synth(stack);
  };
  const envApp = (props: Partial<KafkaMeshProps> = {}) => {
    const app = Testing.app();
    new KafkaMesh(app, 'mesh', { lock: false, ...props });
    const sales = new Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales-team@example.com', principal: 'User:sales' });
    new DomainDataProduct(sales, 'orders', { description: 'Orders' });
    return app;
  };

  it('reads KAFKA_BOOTSTRAP_SERVERS, KAFKA_ENABLE_TLS, KAFKA_SASL_* and SCHEMA_REGISTRY_URL when the props leave them out; no secret is synthesized', () => {
    Object.assign(process.env, {
      KAFKA_BOOTSTRAP_SERVERS: 'broker-1:9092, broker-2:9092',
      KAFKA_ENABLE_TLS: 'false',
      KAFKA_SASL_MECHANISM: 'scram-sha512',
      KAFKA_SASL_USERNAME: 'terraform',
      KAFKA_SASL_PASSWORD: 'env-secret-must-not-leak',
      SCHEMA_REGISTRY_URL: 'https://registry.example.com',
    });
    const app = envApp();
    const mesh = app.node.findChild('mesh') as KafkaMesh;
    expect(mesh.cluster).toEqual({
      bootstrapServers: ['broker-1:9092', 'broker-2:9092'],
      tls: false,
      sasl: { mechanism: 'scram-sha512', username: 'terraform', password: { fromEnv: true } },
    });
    expect(mesh.schemaRegistry).toEqual({ url: 'https://registry.example.com' });
    const json = stackJson(app);
    const provider = JSON.parse(json).provider.kafka[0];
    expect(provider).toMatchObject({ bootstrap_servers: ['broker-1:9092', 'broker-2:9092'], tls_enabled: false, sasl_username: 'terraform' });
    expect(json).not.toContain('env-secret-must-not-leak');
  });

  it('props win over the environment, whole', () => {
    process.env.KAFKA_BOOTSTRAP_SERVERS = 'broker-1:9092';
    process.env.KAFKA_SASL_USERNAME = 'terraform';
    const mesh = envApp({ cluster: { bootstrapServers: ['localhost:9092'], tls: false } }).node.findChild('mesh') as KafkaMesh;
    expect(mesh.cluster).toEqual({ bootstrapServers: ['localhost:9092'], tls: false });
  });

  it('fails naming both ways when neither the props nor the environment give a cluster, and names a bad variable', () => {
    expect(errorOf(() => envApp())).toMatch(
      /mesh: cluster is not set, and KAFKA_BOOTSTRAP_SERVERS is not in the environment.*Fix: set cluster: .* or export KAFKA_BOOTSTRAP_SERVERS=/,
    );
    process.env.KAFKA_BOOTSTRAP_SERVERS = 'broker-1:9092';
    process.env.KAFKA_ENABLE_TLS = 'yes';
    expect(errorOf(() => envApp())).toMatch(/mesh: KAFKA_ENABLE_TLS \(environment\) must be true or false \(got "yes"\)/);
    process.env.KAFKA_ENABLE_TLS = 'true';
    process.env.KAFKA_SASL_MECHANISM = 'gssapi';
    expect(errorOf(() => envApp())).toMatch(/KAFKA_SASL_MECHANISM \(environment\) must be one of plain, scram-sha256, scram-sha512/);
  });
});
