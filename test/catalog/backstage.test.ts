/**
 * Backstage entities, validated against the entity JSON Schemas that @backstage/catalog-model
 * ships (with ajv), and by that package's own kind validators and entity policies (name,
 * label, annotation and reference formats), as a Backstage catalog would on ingestion.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import * as YAML from 'yaml';
import { backstageEntities, BackstageEntity, backstageYaml } from '../../lib/catalog';
import { FIXTURE_WEIRD_APP, FIXTURE_WEIRD_SYSTEM, fixtureModel } from './fixture';
import { synthExample } from './helpers';

const example = synthExample();
const fixture = fixtureModel();

/** The package's JSON Schemas, as its build bundles them (one module per schema file). */
function backstageSchema(file: string): object {
  const dist = path.dirname(require.resolve('@backstage/catalog-model'));
  const mod = path.join(dist, 'schema', `${file}.schema.json.cjs.js`);
  if (!fs.existsSync(mod)) throw new Error(`@backstage/catalog-model no longer ships ${mod}; find where its entity JSON Schemas moved`);
  return (require(mod) as { default: object }).default;
}

const ajv = new Ajv({ allErrors: true, strict: false });
for (const s of ['shared/common', 'EntityMeta', 'Entity', 'EntityEnvelope']) ajv.addSchema(backstageSchema(s));
const KINDS = ['API', 'Component', 'Domain', 'Group', 'Resource', 'System'] as const;
const kindSchemas = new Map<string, ValidateFunction>(KINDS.map((k) => [k, ajv.compile(backstageSchema(`kinds/${k}.v1alpha1`))]));
const kindValidators = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
];
const policies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

function schemaErrors(entities: readonly unknown[]): string[] {
  const errors: string[] = [];
  for (const e of entities as BackstageEntity[]) {
    const name = `${e.kind}:${e.metadata?.name}`;
    const validate = kindSchemas.get(e.kind);
    if (!validate) errors.push(`${name}: no schema for kind ${e.kind}`);
    else if (!validate(e)) errors.push(`${name}: ${ajv.errorsText(validate.errors)}`);
  }
  return errors;
}

async function policyErrors(entities: readonly unknown[]): Promise<string[]> {
  const errors: string[] = [];
  for (const raw of entities) {
    const e = JSON.parse(JSON.stringify(raw)) as Entity;
    try {
      await policies.enforce(e);
      const results = await Promise.all(kindValidators.map((v) => v.check(e)));
      if (!results.some(Boolean)) errors.push(`${e.kind}:${e.metadata.name}: no kind validator accepts it`);
    } catch (err) {
      errors.push(`${e.kind}:${e.metadata.name}: ${(err as Error).message}`);
    }
  }
  return errors;
}

/** Every entity reference in the specs that names no entity of the set. */
function danglingRefs(entities: readonly BackstageEntity[]): string[] {
  const known = new Set(entities.map((e) => `${e.kind}:default/${e.metadata.name}`.toLowerCase()));
  const refs = entities.flatMap((e) => {
    const s = e.spec as Record<string, unknown>;
    return ['owner', 'system', 'domain', 'providesApis', 'consumesApis', 'dependsOn'].flatMap((k) =>
      s[k] === undefined ? [] : ([] as string[]).concat(s[k] as string | string[]),
    );
  });
  return refs.filter((r) => !known.has(r.toLowerCase()));
}

const synthEntities = YAML.parseAllDocuments(fs.readFileSync(path.join(example.catalogDir, 'backstage', 'catalog-info.yaml'), 'utf8')).map((d) =>
  d.toJS(),
);

describe('Backstage entities', () => {
  it('synth writes catalog-info.yaml: a Domain and a System per domain, an API per product, Groups and Components', () => {
    const count = (kind: string) => synthEntities.filter((e) => e.kind === kind).length;
    expect(count('Domain')).toBe(example.model.domains.length);
    expect(count('System')).toBe(example.model.domains.length);
    expect(count('API')).toBe(example.model.products.length);
    expect(count('Group')).toBeGreaterThanOrEqual(1);
    expect(count('Component')).toBeGreaterThanOrEqual(
      new Set(example.model.products.flatMap((p) => [...p.producers, ...p.consumers])).size + example.model.applications.length,
    );
    expect(synthEntities).toEqual(JSON.parse(JSON.stringify(backstageEntities(example.model, example.options))));
  });

  it('validate against the entity JSON Schemas of @backstage/catalog-model (example and fixture)', () => {
    expect(schemaErrors(synthEntities)).toEqual([]);
    expect(schemaErrors(backstageEntities(fixture))).toEqual([]);
  });

  it('pass the catalog-model kind validators and entity policies (names, labels, annotations, refs)', async () => {
    expect(await policyErrors(synthEntities)).toEqual([]);
    expect(await policyErrors(backstageEntities(fixture))).toEqual([]);
  });

  it('the validators do reject bad entities (so the checks above mean something)', async () => {
    const api = JSON.parse(JSON.stringify(synthEntities.find((e) => e.kind === 'API')));
    delete api.spec.definition;
    expect(schemaErrors([api])).not.toEqual([]);
    const badName = { ...synthEntities.find((e) => e.kind === 'Component'), metadata: { name: 'User:sales' } };
    expect(await policyErrors([badName])).not.toEqual([]);
  });

  it('refer only to entities that exist, with unique names per kind', () => {
    for (const entities of [synthEntities as BackstageEntity[], backstageEntities(fixture)]) {
      expect(danglingRefs(entities)).toEqual([]);
      const keys = entities.map((e) => `${e.kind}:${e.metadata.name}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('describe each product as an asyncapi API owned by its team, in its domain’s system', () => {
    const orders = synthEntities.find((e) => e.kind === 'API' && e.metadata.title === 'sales.orders');
    expect(orders).toMatchObject({
      metadata: {
        name: 'sales.orders',
        tags: expect.arrayContaining(['orders', 'web-shop', 'confidential']),
        annotations: { 'cdktf-kafka-mesh/topic': 'sales.orders' },
      },
      spec: { type: 'asyncapi', lifecycle: 'production', owner: 'group:default/sales-team', system: 'system:default/sales-data-products' },
    });
    expect(YAML.parse(orders.spec.definition)).toMatchObject({ asyncapi: '3.0.0', channels: { sales_orders: { address: 'sales.orders' } } });
    const marketing = synthEntities.find((e) => e.kind === 'Component' && e.metadata.title === 'User:marketing');
    expect(marketing.spec.consumesApis).toEqual(expect.arrayContaining(['api:default/sales.orders']));
  });

  it('turn applications into Components and external systems into Resources, with clean names', () => {
    const entities = backstageEntities(fixture);
    const enricher = entities.find((e) => e.kind === 'Component' && e.metadata.title === 'refund-enricher');
    expect(enricher?.spec).toMatchObject({
      type: 'kafka-streams-app',
      consumesApis: ['api:default/payments.transactions'],
      providesApis: ['api:default/payments.refunds.v2'],
    });
    const weird = entities.find((e) => e.kind === 'Component' && e.metadata.title === FIXTURE_WEIRD_APP);
    expect(weird?.metadata.name).toMatch(/^[A-Za-z0-9]([-_.]?[A-Za-z0-9])*$/);
    expect(weird?.spec.consumesApis).toEqual(['api:default/logistics.shipments']);
    const resource = entities.find((e) => e.kind === 'Resource' && e.metadata.title === FIXTURE_WEIRD_SYSTEM);
    expect(weird?.spec.dependsOn).toEqual([`resource:default/${resource?.metadata.name}`]);
    // A tag with an underscore becomes a valid Backstage tag; an owner that is no e-mail still gets a Group.
    expect(entities.find((e) => e.metadata.title === 'payments.transactions')?.metadata.tags).toContain('cold-chain');
    expect(entities.find((e) => e.kind === 'Group' && e.metadata.title === 'Logistics Team')?.metadata.name).toBe('logistics-team');
  });

  it('write one YAML document per entity', () => {
    const text = backstageYaml(fixture);
    const docs = YAML.parseAllDocuments(text);
    expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    expect(docs.map((d) => d.toJS())).toEqual(JSON.parse(JSON.stringify(backstageEntities(fixture))));
  });
});
