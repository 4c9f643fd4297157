/**
 * Backstage catalog entities (catalog-info YAML): a Domain and a System per domain, an API per
 * product (type asyncapi, its AsyncAPI document inline), a Group per owning team, a Component
 * per principal and per application, and a Resource per external system.
 */
import type { MeshModel, ProductModel } from '../model/model';
import { applicationExternals, BACKSTAGE_APP_TYPES } from './applications';
import { cachedProductAsyncApiYaml, ProductYamlCache } from './asyncapi';
import { emailOf, indexByEach, NameAllocator, paths, principalName } from './names';
import type { CatalogOptions } from './options';
import { toYamlDocuments } from './yaml';

type Obj = Record<string, unknown>;

export interface BackstageEntity {
  readonly apiVersion: 'backstage.io/v1alpha1';
  readonly kind: 'Domain' | 'System' | 'API' | 'Group' | 'Component' | 'Resource';
  readonly metadata: Obj & { readonly name: string };
  readonly spec: Obj;
}

/** Annotation prefix for what the mesh adds to entities. */
export const ANNOTATION_PREFIX = 'cdktf-kafka-mesh';
const MAX_NAME = 63;

/** A Backstage entity name: letters, digits and single `-`, `_`, `.` between them. */
export function backstageName(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/([-_.])[-_.]+/g, '$1')
    .replace(/^[-_.]+|[-_.]+$/g, '');
  return cleaned === '' ? 'unnamed' : cleaned;
}

/** A Backstage tag: lower-case words of `a-z 0-9 : + #` joined by single dashes. */
export function backstageTag(text: string): string | undefined {
  const tag = text
    .toLowerCase()
    .replace(/[^a-z0-9:+#]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_NAME)
    .replace(/-+$/, '');
  return tag === '' ? undefined : tag;
}

/** The group name for an owner: the local part of an e-mail address, else the owner cleaned up (lower case). */
function groupBase(owner: string): string {
  const email = emailOf(owner);
  return backstageName(email ? email.slice(0, email.indexOf('@')) : owner).toLowerCase();
}

const productsByProducer = indexByEach((p: ProductModel) => p.producers);
const productsByConsumer = indexByEach((p: ProductModel) => p.consumers);

/** Every entity of the mesh, in a stable order. */
export function backstageEntities(model: MeshModel, options: CatalogOptions = {}): BackstageEntity[] {
  const { entities, productOf } = entitiesWithoutDefinitions(model);
  const cache = new ProductYamlCache();
  return entities.map((e) => withDefinition(model, e, productOf.get(e), options, cache));
}

/**
 * An API entity with its product's AsyncAPI document as its definition (its entries from `cache`
 * when its domain's document made them, else made now); other entities as they are.
 */
function withDefinition(
  model: MeshModel,
  entity: BackstageEntity,
  product: ProductModel | undefined,
  options: CatalogOptions,
  cache: ProductYamlCache,
): BackstageEntity {
  return product ? { ...entity, spec: { ...entity.spec, definition: cachedProductAsyncApiYaml(model, product, options, cache) } } : entity;
}

/**
 * The entities, the APIs without their definitions (each the size of a product's AsyncAPI
 * document: made when the entity is written, rather than all held at once), and the product of each API.
 */
function entitiesWithoutDefinitions(model: MeshModel): { entities: BackstageEntity[]; productOf: Map<BackstageEntity, ProductModel> } {
  const groups = new NameAllocator(MAX_NAME);
  const apis = new NameAllocator(MAX_NAME);
  const components = new NameAllocator(MAX_NAME);
  const resources = new NameAllocator(MAX_NAME);
  const systems = new NameAllocator(MAX_NAME);
  const domains = new NameAllocator(MAX_NAME);

  const groupEntities = new Map<string, BackstageEntity>();
  const groupRef = (owner: string, displayName = owner): string => {
    const name = groups.name(owner, groupBase(owner));
    if (!groupEntities.has(name)) {
      const email = emailOf(owner);
      groupEntities.set(name, {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name, title: displayName, description: `Owns data products in the mesh (${owner})` },
        spec: { type: 'team', profile: { displayName, ...(email ? { email } : {}) }, children: [] },
      });
    }
    return `group:default/${name}`;
  };
  const PLATFORM = '\u0000platform';
  const platformGroup = () => {
    const name = groups.name(PLATFORM, 'platform');
    if (!groupEntities.has(name)) {
      groupEntities.set(name, {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name, title: 'Platform team', description: 'Owns the cluster and the principals no domain declares' },
        spec: { type: 'team', children: [] },
      });
    }
    return `group:default/${name}`;
  };

  const out: BackstageEntity[] = [];
  const domainGroup = new Map<string, string>();
  const systemRef = new Map<string, string>();
  for (const d of model.domains) {
    const owner = groupRef(d.owner);
    domainGroup.set(d.name, owner);
    const domainName = domains.name(d.name, backstageName(d.name));
    const systemName = systems.name(d.name, backstageName(`${d.name}-data-products`));
    systemRef.set(d.name, `system:default/${systemName}`);
    const annotations = {
      [`${ANNOTATION_PREFIX}/contact`]: d.contact,
      [`${ANNOTATION_PREFIX}/stack`]: d.stack,
      [`${ANNOTATION_PREFIX}/principal`]: d.principal,
    };
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: domainName, title: d.name, ...(d.description ? { description: d.description } : {}), annotations },
      spec: { owner },
    });
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: systemName,
        title: `${d.name} data products`,
        description: `The Kafka data products of the ${d.name} domain`,
        annotations: { ...annotations, [`${ANNOTATION_PREFIX}/asyncapi`]: paths.asyncapi(d.name) },
      },
      spec: { owner, domain: `domain:default/${domainName}` },
    });
  }

  const apiRef = new Map<string, string>();
  const productOf = new Map<BackstageEntity, ProductModel>();
  for (const p of model.products) {
    const name = apis.name(p.topic, backstageName(p.topic));
    apiRef.set(p.topic, `api:default/${name}`);
    const api = apiEntity(p, name, groupRef(p.owner), systemRef.get(p.domain));
    productOf.set(api, p);
    out.push(api);
  }

  const apisOf = (topics: readonly string[]) => [...new Set(topics.map((t) => apiRef.get(t)).filter((r): r is string => r !== undefined))];
  const domainOfPrincipal = new Map(model.domains.map((d) => [d.principal, d.name]));
  const principals = [...new Set([...model.principals.map((p) => p.principal), ...model.products.flatMap((p) => [...p.producers, ...p.consumers])])];
  // Each principal's products in the model's order, indexed once (not one pass over the products per principal).
  const writesOf = productsByProducer(model.products);
  const readsOf = productsByConsumer(model.products);
  const declaredPrincipal = new Map<string, MeshModel['principals'][number]>();
  for (const x of model.principals) if (!declaredPrincipal.has(x.principal)) declaredPrincipal.set(x.principal, x);
  for (const principal of principals) {
    const writes = (writesOf.get(principal) ?? []).map((p) => p.topic);
    const reads = (readsOf.get(principal) ?? []).map((p) => p.topic);
    const declared = declaredPrincipal.get(principal);
    const domain = domainOfPrincipal.get(principal);
    const name = components.name(`principal:${principal}`, backstageName(principalName(principal)));
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        title: principal,
        description: declared?.description ?? `Clients authenticating as ${principal}`,
        annotations: {
          [`${ANNOTATION_PREFIX}/principal`]: principal,
          ...(declared ? { [`${ANNOTATION_PREFIX}/declared-by`]: declared.declaredBy } : {}),
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: domain ? (domainGroup.get(domain) as string) : platformGroup(),
        ...(domain && systemRef.has(domain) ? { system: systemRef.get(domain) } : {}),
        providesApis: apisOf(writes),
        consumesApis: apisOf(reads),
      },
    });
  }

  const resourceNames = new Set<string>();
  for (const a of model.applications) {
    const name = components.name(`app:${a.name}`, backstageName(a.name));
    const dependsOn: string[] = [];
    for (const external of applicationExternals(a)) {
      const resource = resources.name(external.system, backstageName(external.system));
      if (!dependsOn.includes(`resource:default/${resource}`)) dependsOn.push(`resource:default/${resource}`);
      if (!resourceNames.has(resource)) {
        resourceNames.add(resource);
        out.push({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: {
            name: resource,
            title: external.system,
            description: `A system outside Kafka that ${a.name} ${external.direction === 'source' ? 'reads from' : 'writes to'}`,
          },
          spec: {
            type: backstageTag(external.system.split(':')[0]) ?? 'external-system',
            owner: domainGroup.get(a.domain) ?? platformGroup(),
            ...(systemRef.has(a.domain) ? { system: systemRef.get(a.domain) } : {}),
          },
        });
      }
    }
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        title: a.name,
        ...(a.description ? { description: a.description } : {}),
        annotations: { [`${ANNOTATION_PREFIX}/principal`]: a.principal, [`${ANNOTATION_PREFIX}/construct-path`]: a.constructPath },
      },
      spec: {
        type: BACKSTAGE_APP_TYPES[a.kind],
        lifecycle: 'production',
        owner: domainGroup.get(a.domain) ?? platformGroup(),
        ...(systemRef.has(a.domain) ? { system: systemRef.get(a.domain) } : {}),
        providesApis: apisOf(a.outputs),
        consumesApis: apisOf(a.inputs),
        ...(dependsOn.length > 0 ? { dependsOn } : {}),
      },
    });
  }
  return { entities: [...groupEntities.values(), ...out], productOf };
}

/** A product's API entity; its definition (last in its spec) comes with {@link withDefinition}. */
function apiEntity(p: ProductModel, name: string, owner: string, system: string | undefined): BackstageEntity {
  const tags = [...new Set([...p.tags, p.classification].map(backstageTag).filter((t): t is string => t !== undefined))];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name,
      title: p.topic,
      description: p.description,
      ...(tags.length > 0 ? { tags } : {}),
      labels: {
        [`${ANNOTATION_PREFIX}/classification`]: p.classification,
        [`${ANNOTATION_PREFIX}/domain`]: backstageName(p.domain).slice(0, MAX_NAME),
      },
      annotations: {
        [`${ANNOTATION_PREFIX}/topic`]: p.topic,
        [`${ANNOTATION_PREFIX}/data-contract`]: paths.contract(p.topic),
        ...(p.valueSchema ? { [`${ANNOTATION_PREFIX}/value-subject`]: p.valueSchema.subject } : {}),
        ...(p.keySchema ? { [`${ANNOTATION_PREFIX}/key-subject`]: p.keySchema.subject } : {}),
      },
    },
    spec: {
      type: 'asyncapi',
      lifecycle: 'production',
      owner,
      ...(system ? { system } : {}),
    },
  };
}

/** The entities as one catalog-info YAML file (documents separated by `---`). */
export function backstageYaml(model: MeshModel, options: CatalogOptions = {}): string {
  return toYamlDocuments(backstageEntities(model, options));
}

/** {@link backstageYaml} in pieces, one entity each, for a writer that does not hold the whole file. */
export function* backstageYamlParts(model: MeshModel, options: CatalogOptions = {}, cache = new ProductYamlCache()): Generator<string> {
  const { entities, productOf } = entitiesWithoutDefinitions(model);
  for (const entity of entities) yield toYamlDocuments([withDefinition(model, entity, productOf.get(entity), options, cache)]);
}
