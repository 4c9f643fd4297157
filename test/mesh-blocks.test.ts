import * as fs from 'fs';
import * as path from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, kafka, Principal, Schema, ServiceAccount } from '../lib';
import type { SchemaRegistryBackend } from '../lib/model/connection';
import { synthJson, testMesh } from './helpers';

/*
 * The mesh writes its own provider and resource blocks as plain JSON (lib/terraform/mesh-block.ts),
 * not through the generated bindings: these tests hold every such block to the providers' real
 * schemas (tools/gen/schemas, what `tofu providers schema -json` prints for the pinned versions).
 */

const schemasDir = path.join(__dirname, '..', 'tools', 'gen', 'schemas');
const versions: Record<string, string> = JSON.parse(fs.readFileSync(path.join(schemasDir, 'versions.json'), 'utf8'));

interface SchemaBlock {
  attributes?: Record<string, { type: unknown; required?: boolean; optional?: boolean; computed?: boolean }>;
  block_types?: Record<string, unknown>;
}
interface ProviderSchema {
  provider: { block: SchemaBlock };
  resource_schemas: Record<string, { block: SchemaBlock }>;
}

/** The committed schema of each provider, by its local name (`kafka`), with its registry address. */
const providers = new Map<string, { source: string; schema: ProviderSchema }>();
for (const file of fs.readdirSync(schemasDir).filter((f) => f.endsWith('.json') && f !== 'versions.json')) {
  const doc = JSON.parse(fs.readFileSync(path.join(schemasDir, file), 'utf8'));
  for (const [address, schema] of Object.entries<ProviderSchema>(doc.provider_schemas)) {
    const source = address.replace(/^registry\.terraform\.io\//, '');
    providers.set(source.split('/')[1], { source, schema });
  }
}

/** Terraform's meta-arguments and cdktf's comment: not the provider's attributes. */
const META = new Set(['//', 'for_each', 'depends_on', 'lifecycle', 'count', 'provider', 'alias']);

/** Problems of `block` against the provider schema's `schema` (an attribute it lacks, a type it refuses, one it requires). */
function problems(where: string, block: Record<string, unknown>, schema: SchemaBlock): string[] {
  const out: string[] = [];
  const attributes = schema.attributes ?? {};
  for (const [name, value] of Object.entries(block)) {
    if (META.has(name)) continue;
    const attribute = attributes[name];
    if (!attribute) {
      out.push(`${where}: ${name} is not an attribute of the provider's schema`);
      continue;
    }
    if (!attribute.required && !attribute.optional) out.push(`${where}: ${name} is computed only`);
    if (typeof value === 'string' && value.startsWith('${')) continue; // an expression: typed by Terraform
    const type = Array.isArray(attribute.type) ? attribute.type[0] : attribute.type;
    const ok =
      (type === 'string' && typeof value === 'string') ||
      (type === 'number' && typeof value === 'number') ||
      (type === 'bool' && typeof value === 'boolean') ||
      ((type === 'list' || type === 'set') && Array.isArray(value)) ||
      ((type === 'map' || type === 'object') && typeof value === 'object' && value !== null && !Array.isArray(value));
    if (!ok) out.push(`${where}: ${name} = ${JSON.stringify(value)} is not a ${JSON.stringify(attribute.type)}`);
  }
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.required && !(name in block)) out.push(`${where}: the required ${name} is missing`);
  }
  return out;
}

/** A mesh using every block the mesh writes, with the given schema backend. */
function fullMesh(backend: SchemaRegistryBackend, migrate = false) {
  const { app } = testMesh({
    cluster: {
      bootstrapServers: ['b1:9093', 'b2:9093'],
      skipTlsVerify: true,
      sasl: { mechanism: 'scram-sha512', username: 'terraform', password: { variable: 'kafka_sasl_password' } },
      kafkaVersion: '2.8.0',
      timeoutSeconds: 60,
    },
    schemaRegistry: {
      url: 'https://registry.example.com/',
      username: 'sr',
      password: { variable: 'registry_password' },
      provider: backend,
      ...(migrate ? { migrateFrom: 'cultureamp' as const } : {}),
    },
  });
  const platform = new TerraformStack(app, 'platform');
  new ServiceAccount(platform, 'analytics', { description: 'Analytics', scram: {}, quota: { consumerByteRate: 1000, requestPercentage: 50 } });
  const stack = new TerraformStack(app, 'sales');
  const sales = new Domain(stack, 'sales', { owner: 'sales@example.com', principal: 'User:sales' });
  const money = new DomainDataProduct(sales, 'money', {
    description: 'Money',
    valueSchema: Schema.avro({ type: 'record', name: 'Money', namespace: 'com.example.sales', fields: [{ name: 'units', type: 'long' }] }),
  });
  const refunds = new DomainDataProduct(sales, 'refunds', {
    description: 'Refunds',
    removalPolicy: 'destroy',
    valueSchema: Schema.avro(
      { type: 'record', name: 'Refund', namespace: 'com.example.sales', fields: [{ name: 'amount', type: 'com.example.sales.Money' }] },
      { references: [{ name: 'com.example.sales.Money', subject: 'sales.money-value', version: 1, schema: money.valueSchema }] },
    ),
  });
  refunds.grantRead(Principal.fromName('User:analytics'));
  return { app, platform, stack };
}

/** Every provider and resource block of a stack's JSON, with where it is. */
function blocks(json: any): { where: string; kind: 'provider' | 'resource'; type: string; block: Record<string, unknown> }[] {
  const out: ReturnType<typeof blocks> = [];
  for (const [type, list] of Object.entries<any[]>(json.provider ?? {}))
    for (const block of list) out.push({ where: `provider.${type}`, kind: 'provider', type, block });
  for (const [type, named] of Object.entries<any>(json.resource ?? {}))
    for (const [name, block] of Object.entries<any>(named)) out.push({ where: `${type}.${name}`, kind: 'resource', type, block });
  return out;
}

describe("the mesh's own provider and resource blocks", () => {
  const cases: [string, SchemaRegistryBackend, boolean][] = [
    ['restapi', 'restapi', false],
    ['cultureamp', 'cultureamp', false],
    ['restapi, migrating from cultureamp', 'restapi', true],
  ];

  it.each(cases)("fit the providers' real schemas (%s backend)", (_name, backend, migrate) => {
    const { platform, stack } = fullMesh(backend, migrate);
    const found: string[] = [];
    const wrong: string[] = [];
    for (const json of [synthJson(platform), synthJson(stack)]) {
      for (const { where, kind, type, block } of blocks(json)) {
        found.push(where);
        const provider = providers.get(kind === 'provider' ? type : type.split('_')[0]);
        if (!provider) {
          wrong.push(`${where}: no committed schema for its provider`);
          continue;
        }
        const schema = kind === 'provider' ? provider.schema.provider.block : provider.schema.resource_schemas[type]?.block;
        if (!schema) wrong.push(`${where}: the provider has no resource ${type}`);
        else wrong.push(...problems(where, block, schema));
      }
      // Each provider is required at the exact version its schema (and binding) comes from.
      for (const [name, requirement] of Object.entries<any>(json.terraform.required_providers)) {
        const provider = providers.get(name)!;
        expect({ name, ...requirement }).toEqual({ name, source: provider.source, version: versions[provider.source] });
      }
    }
    expect(wrong).toEqual([]);
    const expected =
      backend === 'restapi'
        ? ['provider.restapi', 'restapi_object.subject', 'restapi_object.subject_compatibility', 'restapi_object.subject_unprotected_referencing']
        : ['provider.schemaregistry', 'schemaregistry_schema.protected', 'schemaregistry_schema.unprotected'];
    expect(found).toEqual(
      expect.arrayContaining([
        'provider.kafka',
        'kafka_quota.user',
        'kafka_user_scram_credential.user',
        'kafka_acl.allow',
        'kafka_topic.protected',
        'kafka_topic.unprotected',
        ...expected,
        ...(migrate ? ['provider.schemaregistry'] : []),
      ]),
    );
  });

  it('write what the mesh declares: the cluster connection, secrets as variables, the second tier waiting for the first', () => {
    const { platform, stack } = fullMesh('restapi');
    const json = synthJson(stack);
    expect(json.provider.kafka).toEqual([
      {
        bootstrap_servers: ['b1:9093', 'b2:9093'],
        tls_enabled: true,
        skip_tls_verify: true,
        sasl_mechanism: 'scram-sha512',
        sasl_username: 'terraform',
        sasl_password: '${var.kafka_sasl_password}',
        kafka_version: '2.8.0',
        timeout: 60,
      },
    ]);
    expect(json.provider.restapi[0]).toMatchObject({ uri: 'https://registry.example.com', password: '${var.registry_password}' });
    expect(Object.keys(json.variable).sort()).toEqual(['kafka_sasl_password', 'registry_password']);
    expect(json.resource.restapi_object.subject_unprotected_referencing.depends_on).toEqual([
      'restapi_object.subject_compatibility',
      'restapi_object.subject',
      'restapi_object.subject_unprotected',
    ]);
    expect(json.resource.kafka_topic.protected.lifecycle).toEqual({ prevent_destroy: true });
    expect(json.resource.kafka_topic.unprotected.lifecycle).toEqual({ prevent_destroy: false });
    const scram = synthJson(platform).resource.kafka_user_scram_credential.user;
    expect(scram.password_wo).toBe('${{ "analytics SCRAM-SHA-512" = var.scram_password_analytics }[each.key]}');
  });

  it('take an escape hatch: an override is merged into the block and listed as one in the stack metadata', () => {
    const { stack } = fullMesh('restapi');
    const acl = stack.node.findAll().find((c) => c.node.path === 'sales/kafka-mesh/acl') as unknown as { addOverride(p: string, v: unknown): void };
    acl.addOverride('lifecycle.ignore_changes', ['acl_host']);
    const json = synthJson(stack);
    expect(json.resource.kafka_acl.allow.lifecycle).toEqual({ ignore_changes: ['acl_host'] });
    expect(json.resource.kafka_acl.allow.acl_host).toBe('*');
    // The metadata cdktf writes in the stack's own file (Testing.synth leaves it out).
    expect(stack.toTerraform()['//'].metadata.overrides).toEqual({ kafka_acl: ['lifecycle'], stack: ['moved'] });
  });

  it('are the same when the stack is synthesized again, and take an override made between two synths', () => {
    const { stack } = fullMesh('restapi');
    const first = Testing.synth(stack);
    expect(Testing.synth(stack)).toBe(first);
    const kafkaProvider = stack.node.findAll().find((c) => c.node.path === 'sales/kafka-mesh/kafka') as unknown as {
      addOverride(p: string, v: unknown): void;
    };
    kafkaProvider.addOverride('client_id', 'mesh-terraform');
    const json = JSON.parse(Testing.synth(stack));
    expect(json.provider.kafka[0]).toMatchObject({ client_id: 'mesh-terraform', bootstrap_servers: ['b1:9093', 'b2:9093'] });
    expect(JSON.stringify(json)).not.toContain('kafka-mesh:');
  });

  it("count as the stack's provider for a generated-binding resource added beside them", () => {
    const { stack } = fullMesh('restapi');
    new kafka.topic.Topic(stack, 'raw', { name: 'sales.raw', partitions: 1, replicationFactor: 1 });
    expect(() => Testing.fullSynth(stack)).not.toThrow();
    expect(synthJson(stack).resource.kafka_topic.raw).toMatchObject({ name: 'sales.raw' });
  });

  it('render as HCL', () => {
    const { stack } = fullMesh('restapi');
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toContain('resource "kafka_topic" "protected" {');
    expect(hcl).toContain('provider "kafka" {');
    expect(hcl).toMatch(/lifecycle \{\s*prevent_destroy = true\s*\}/);
    expect(hcl).toMatch(/depends_on = \[\s*"restapi_object.subject_compatibility"/);
  });
});
