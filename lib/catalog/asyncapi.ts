/**
 * One AsyncAPI 3.0 document per domain: its products as channels (address = topic, Kafka
 * bindings with partitions, replicas and topic configuration), their schemas as messages, and
 * an operation for each declared producer (`send`) and consumer (`receive`), applications
 * included.
 */
import type { ApplicationModel, MeshModel, ProductModel, SchemaModel } from '../model/model';
import { APPLICATION_KIND_NAMES, applicationsOnTopic } from './applications';
import { describeSchema } from './fields';
import { domainNamed, domainOf, emailOf, indexBy, principalName } from './names';
import type { CatalogOptions } from './options';
import { toYaml, yamlEntries } from './yaml';
import { nameKeyed } from '../model/records';

export const ASYNCAPI_VERSION = '3.0.0';
const KAFKA_BINDING_VERSION = '0.5.0';

type Obj = Record<string, unknown>;

/** Schema formats as AsyncAPI names them (the media types its schema parsers register). */
export const SCHEMA_FORMATS = {
  avro: 'application/vnd.apache.avro;version=1.9.0',
  jsonDraft07: 'application/schema+json;version=draft-07',
  protobuf2: 'application/vnd.google.protobuf;version=2',
  protobuf3: 'application/vnd.google.protobuf;version=3',
} as const;

/** AsyncAPI ids (channels, messages, operations) allow letters, digits, `-` and `_`. */
export function asyncApiId(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

type Product = MeshModel['products'][number];
const productsByDomain = indexBy((p: Product) => p.domain);

/** The products of `domain`, in the model's order (a Backstage API has a document per product). */
function productsOf(model: MeshModel, domain: string): readonly Product[] {
  return productsByDomain(model.products).get(domain) ?? [];
}

const productsByTopic = indexBy((p: Product) => p.topic);

/**
 * The products of `domain` among `topics`, in the model's order: found by topic, not by a pass
 * over the domain's products (a Backstage API's document is one product's, for every product).
 */
function productsIn(model: MeshModel, domain: string, topics: readonly string[]): readonly Product[] {
  const byTopic = productsByTopic(model.products);
  const chosen = new Set<Product>();
  for (const topic of topics) for (const p of byTopic.get(topic) ?? []) if (p.domain === domain) chosen.add(p);
  return chosen.size <= 1 ? [...chosen] : productsOf(model, domain).filter((p) => chosen.has(p));
}

/**
 * The AsyncAPI document of a domain: every product of `domain`, or only `topics` when given
 * (the per-product definitions of the Backstage APIs).
 */
export function asyncApiDocument(model: MeshModel, domain: string, options: CatalogOptions = {}, topics?: readonly string[]): Obj {
  const { products, head, securitySchemes } = documentHead(model, domain, options, topics);
  // Keyed by ids made of topic names: without a prototype, so that any topic name is a key.
  const channels = nameKeyed<unknown>();
  const messages = nameKeyed<unknown>();
  const operations = nameKeyed<unknown>();
  for (const p of products) {
    const entries = productEntries(model, p);
    messages[entries.id] = entries.message;
    channels[entries.id] = entries.channel;
    Object.assign(operations, entries.operations);
  }
  return { ...head, channels, operations, components: { messages, ...(securitySchemes ? { securitySchemes } : {}) } };
}

/** A product's entries in a document: its channel and its message (both keyed by `id`) and its operations, by id. */
interface ProductEntries {
  readonly id: string;
  readonly channel: Obj;
  readonly message: Obj;
  readonly operations: Obj;
}

function productEntries(model: MeshModel, p: ProductModel): ProductEntries {
  const id = asyncApiId(p.topic);
  const messageId = id;
  const operations = nameKeyed<unknown>();
  for (const op of operationsOf(model, p)) {
    operations[op.id] = {
      action: op.action,
      channel: { $ref: `#/channels/${id}` },
      title: op.title,
      messages: [{ $ref: `#/channels/${id}/messages/${messageId}` }],
      'x-principal': op.principal,
      ...(op.application ? { 'x-application': op.application } : {}),
    };
  }
  return {
    id,
    message: message(p, `#/components/messages/${messageId}`),
    channel: {
      address: p.topic,
      title: p.topic,
      description: p.description,
      messages: { [messageId]: { $ref: `#/components/messages/${messageId}` } },
      tags: [...p.tags, `classification:${p.classification}`].map((name) => ({ name })),
      bindings: { kafka: channelBinding(p) },
      'x-owner': p.owner,
      'x-classification': p.classification,
      'x-data-contract': `../contracts/${p.topic}.odcs.yaml`,
    },
    operations,
  };
}

/** A document's products, and its keys before `channels` (`head`) and its security schemes, if any. */
function documentHead(
  model: MeshModel,
  domain: string,
  options: CatalogOptions,
  topics: readonly string[] | undefined,
): { products: readonly ProductModel[]; head: Obj; securitySchemes?: Obj } {
  const d = domainNamed(model, domain);
  if (!d) {
    throw new Error(
      `asyncApiDocument: no domain ${JSON.stringify(domain)} in the model (domains: ${model.domains.map((x) => x.name).join(', ') || 'none'})`,
    );
  }
  const products = topics ? productsIn(model, domain, topics) : productsOf(model, domain);
  const email = emailOf(d.owner, d.contact);
  const conn = options.connection;
  const servers: Obj = {};
  const sasl = conn?.saslMechanism ? saslScheme(conn.saslMechanism) : undefined;
  (conn?.bootstrapServers ?? []).forEach((host, i) => {
    servers[`broker${i + 1}`] = {
      host,
      protocol: conn?.tls === false ? 'kafka' : 'kafka-secure',
      description: `Bootstrap server ${i + 1} of ${conn?.bootstrapServers.length}`,
      ...(sasl ? { security: [{ $ref: '#/components/securitySchemes/sasl' }] } : {}),
      ...(conn?.schemaRegistryUrl
        ? {
            bindings: {
              kafka: { schemaRegistryUrl: conn.schemaRegistryUrl, schemaRegistryVendor: 'confluent', bindingVersion: KAFKA_BINDING_VERSION },
            },
          }
        : {}),
    };
  });
  const head: Obj = {
    asyncapi: ASYNCAPI_VERSION,
    id: topics && products.length === 1 ? `urn:kafka-mesh:product:${asyncApiId(products[0].topic)}` : `urn:kafka-mesh:domain:${asyncApiId(domain)}`,
    info: {
      title: topics && products.length === 1 ? products[0].topic : `${domain} data products`,
      version: '1.0.0',
      description: topics && products.length === 1 ? products[0].description : (d.description ?? `The data products of the ${domain} domain.`),
      contact: { name: d.owner, ...(email ? { email } : {}) },
      tags: [{ name: `domain:${domain}` }],
      'x-domain': domain,
      'x-contact': d.contact,
    },
    defaultContentType: 'application/octet-stream',
    ...(Object.keys(servers).length > 0 ? { servers } : {}),
  };
  return {
    products,
    head,
    ...(sasl ? { securitySchemes: { sasl: { type: sasl, description: `SASL ${conn?.saslMechanism} with the principal's credentials` } } } : {}),
  };
}

/** The document as YAML. */
export function asyncApiYaml(model: MeshModel, domain: string, options: CatalogOptions = {}, topics?: readonly string[]): string {
  return documentYaml(model, domain, options, topics, (p) => productYaml(model, p));
}

/** A product's entries as YAML, each at its place in a document (channels and operations at 2 spaces, messages at 4). */
interface ProductYaml {
  readonly id: string;
  readonly operationIds: readonly string[];
  readonly channel: string;
  readonly message: string;
  readonly operations: string;
}

function productYaml(model: MeshModel, p: ProductModel): ProductYaml {
  const e = productEntries(model, p);
  return {
    id: e.id,
    operationIds: Object.keys(e.operations),
    channel: yamlEntries({ [e.id]: e.channel }, 2),
    message: yamlEntries({ [e.id]: e.message }, 4),
    operations: yamlEntries(e.operations, 2),
  };
}

/**
 * Each product's YAML, made once for two documents: its domain's and its own (its Backstage
 * API's definition), which hold the same entries at the same places. Kept from the first to
 * the second, and let go then.
 */
export class ProductYamlCache {
  private readonly byProduct = new Map<ProductModel, ProductYaml>();

  /** For the domain's document: made, and kept. */
  public kept(model: MeshModel, p: ProductModel): ProductYaml {
    let made = this.byProduct.get(p);
    if (!made) this.byProduct.set(p, (made = productYaml(model, p)));
    return made;
  }

  /** For the product's own document: the last use. */
  public taken(model: MeshModel, p: ProductModel): ProductYaml {
    const made = this.byProduct.get(p) ?? productYaml(model, p);
    this.byProduct.delete(p);
    return made;
  }
}

/** {@link asyncApiYaml} for {@link writeCatalog}: each product's entries from `cache`, made for its domain's file. */
export function domainAsyncApiYaml(model: MeshModel, domain: string, options: CatalogOptions, cache: ProductYamlCache): string {
  return documentYaml(model, domain, options, undefined, (p) => cache.kept(model, p));
}

/** An id that an object does not keep in the order it was added (an array index), or that sets its prototype. */
const UNORDERED_KEY = /^(?:0|[1-9][0-9]*|__proto__)$/;

/**
 * toYaml of {@link asyncApiDocument}, its products' entries written by `entries`: the head, then
 * the sections of the entries one after the other. When ids repeat or are numbers (the
 * document's objects would not hold them in order), the document itself is written.
 */
function documentYaml(
  model: MeshModel,
  domain: string,
  options: CatalogOptions,
  topics: readonly string[] | undefined,
  entries: (p: ProductModel) => ProductYaml,
): string {
  const { products, head, securitySchemes } = documentHead(model, domain, options, topics);
  const parts = products.map(entries);
  const ids = new Set<string>();
  const operationIds = new Set<string>();
  for (const part of parts) {
    if (ids.has(part.id) || UNORDERED_KEY.test(part.id) || part.operationIds.some((id) => operationIds.has(id))) {
      return toYaml(asyncApiDocument(model, domain, options, topics));
    }
    ids.add(part.id);
    for (const id of part.operationIds) operationIds.add(id);
  }
  const section = (key: string, text: string) => (text ? `${key}:\n${text}` : `${key}: {}\n`);
  return (
    toYaml(head) +
    section('channels', parts.map((x) => x.channel).join('')) +
    section('operations', parts.map((x) => x.operations).join('')) +
    'components:\n' +
    section('  messages', parts.map((x) => x.message).join('')) +
    (securitySchemes ? yamlEntries({ securitySchemes }, 2) : '')
  );
}

function saslScheme(mechanism: string): string | undefined {
  switch (mechanism.toLowerCase()) {
    case 'plain':
      return 'plain';
    case 'scram-sha256':
    case 'scram-sha-256':
      return 'scramSha256';
    case 'scram-sha512':
    case 'scram-sha-512':
      return 'scramSha512';
    default:
      return undefined;
  }
}

const INTEGER_CONFIGS = new Set(['retention.ms', 'retention.bytes', 'delete.retention.ms', 'max.message.bytes']);

function channelBinding(p: ProductModel): Obj {
  const topicConfiguration: Obj = {};
  for (const [key, value] of Object.entries(p.config)) {
    if (key === 'cleanup.policy')
      topicConfiguration[key] = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (INTEGER_CONFIGS.has(key) && /^-?\d+$/.test(value)) topicConfiguration[key] = Number(value);
    else topicConfiguration[key] = value;
  }
  return {
    topic: p.topic,
    partitions: p.partitions,
    replicas: p.replicationFactor,
    ...(Object.keys(topicConfiguration).length > 0 ? { topicConfiguration } : {}),
    bindingVersion: KAFKA_BINDING_VERSION,
  };
}

/** `at` is the message's JSON pointer in the document, for rebasing a schema's local `$ref`s. */
function message(p: ProductModel, at: string): Obj {
  const value = p.valueSchema;
  const key = p.keySchema;
  return {
    name: value ? (schemaName(value) ?? p.entity) : p.entity,
    title: `${p.topic} record`,
    summary: p.description,
    ...(value ? { contentType: contentType(value) } : {}),
    payload: value ? payload(value, `${at}/payload/schema`) : { description: 'No schema is registered for this topic.' },
    bindings: {
      kafka: {
        ...(key ? { key: keyPayload(key, `${at}/bindings/kafka/key`) } : {}),
        ...(value || key ? { schemaIdLocation: 'payload', schemaIdPayloadEncoding: 'confluent', schemaLookupStrategy: 'TopicNameStrategy' } : {}),
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    ...(value ? { 'x-value-subject': value.subject } : {}),
    ...(key ? { 'x-key-subject': key.subject } : {}),
  };
}

function contentType(s: SchemaModel): string {
  return s.type === 'AVRO' ? 'application/vnd.apache.avro+binary' : s.type === 'JSON' ? 'application/json' : 'application/x-protobuf';
}

function schemaName(s: SchemaModel): string | undefined {
  try {
    if (s.type === 'AVRO') {
      const parsed = JSON.parse(s.schema) as { name?: unknown };
      return typeof parsed.name === 'string' ? parsed.name : undefined;
    }
    if (s.type === 'JSON') {
      const parsed = JSON.parse(s.schema) as { title?: unknown };
      return typeof parsed.title === 'string' ? asyncApiId(parsed.title) : undefined;
    }
    return /^\s*message\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(s.schema)?.[1];
  } catch {
    return undefined;
  }
}

/**
 * A JSON schema's local references (`#/definitions/x`) point into the schema itself; once the
 * schema sits inside the document at `base`, they must point there.
 */
function rebaseRefs(value: unknown, base: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rebaseRefs(v, base));
  if (typeof value !== 'object' || value === null) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${base}${v.slice(1)}` : rebaseRefs(v, base);
  }
  return out;
}

/**
 * Protobuf text for the AsyncAPI Protobuf parser. The registry reads a file's first message
 * as the record type; that parser wants a `@RootNode` comment on it when the file has more
 * than one candidate, so it gets one (a comment: the schema is unchanged).
 */
function protobufForAsyncApi(s: SchemaModel): string {
  const info = describeSchema(s);
  const messages = s.schema.match(/\bmessage[ \t]+[A-Za-z_]/g) ?? [];
  if (!info.name || messages.length < 2) return s.schema;
  return s.schema.replace(new RegExp(`^([ \\t]*)(message[ \\t]+${info.name}\\b)`, 'm'), '$1// @RootNode\n$1$2');
}

/** A payload in the schema's own format (Avro, JSON Schema draft-07, Protobuf); `at` is where it sits. */
function payload(s: SchemaModel, at: string): Obj {
  if (s.references.length > 0) {
    // A schema that refers to other subjects cannot be read on its own; say where it lives.
    return {
      description: `${s.type} schema registered as ${s.subject}; it refers to ${s.references.map((r) => `${r.subject} v${r.version}`).join(', ')}. See the data contract for its fields.`,
      'x-schema-type': s.type,
      'x-schema': s.schema,
    };
  }
  switch (s.type) {
    case 'AVRO':
      return { schemaFormat: SCHEMA_FORMATS.avro, schema: JSON.parse(s.schema) };
    case 'JSON': {
      const schema = JSON.parse(s.schema) as Obj | boolean;
      const dialect = typeof schema === 'object' && typeof schema.$schema === 'string' ? schema.$schema : '';
      const draft =
        /draft-0[4-7]/.test(dialect) || dialect === ''
          ? SCHEMA_FORMATS.jsonDraft07
          : `application/schema+json;version=${/\/(\d{4}-\d{2})\//.exec(dialect)?.[1] ?? 'unknown'}`;
      return { schemaFormat: draft, schema: rebaseRefs(schema, at) };
    }
    case 'PROTOBUF': {
      const proto3 = /^\s*syntax\s*=\s*["']proto3["']/m.test(s.schema);
      return { schemaFormat: proto3 ? SCHEMA_FORMATS.protobuf3 : SCHEMA_FORMATS.protobuf2, schema: protobufForAsyncApi(s) };
    }
    default:
      return { description: `unknown schema type ${String(s.type)}` };
  }
}

/** Kafka binding keys are AsyncAPI schemas: JSON Schema keys are embedded, others described. */
function keyPayload(s: SchemaModel, at: string): Obj {
  if (s.type === 'JSON' && s.references.length === 0) {
    const parsed = JSON.parse(s.schema) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const { $schema: _dialect, ...rest } = parsed as Obj;
      return rebaseRefs(rest, at) as Obj;
    }
  }
  return { description: `${s.type} key, registered as ${s.subject}`, 'x-schema-type': s.type, 'x-schema': s.schema };
}

interface OperationSpec {
  readonly id: string;
  readonly action: 'send' | 'receive';
  readonly principal: string;
  readonly application?: string;
  readonly title: string;
}

/** Producers send, consumers receive; applications reading or writing the topic too. */
export function operationsOf(model: MeshModel, p: ProductModel): OperationSpec[] {
  const id = asyncApiId(p.topic);
  const out: OperationSpec[] = [];
  const seen = new Set<string>();
  const add = (op: OperationSpec) => {
    if (seen.has(op.id)) return;
    seen.add(op.id);
    out.push(op);
  };
  for (const principal of p.producers) {
    add({ id: `${id}__send__${asyncApiId(principalName(principal))}`, action: 'send', principal, title: `${principal} writes ${p.topic}` });
  }
  for (const principal of p.consumers) {
    add({ id: `${id}__receive__${asyncApiId(principalName(principal))}`, action: 'receive', principal, title: `${principal} reads ${p.topic}` });
  }
  for (const app of applicationsOnTopic(model.applications, p.topic)) {
    for (const [topics, action] of [
      [app.outputs, 'send'],
      [app.inputs, 'receive'],
    ] as const) {
      if (!topics.includes(p.topic)) continue;
      add({
        id: `${id}__${action}__app_${asyncApiId(app.name)}`,
        action,
        principal: app.principal,
        application: app.name,
        title: appTitle(app, action, p.topic),
      });
    }
  }
  return out;
}

function appTitle(app: ApplicationModel, action: 'send' | 'receive', topic: string): string {
  const what = APPLICATION_KIND_NAMES[app.kind];
  return `${what} ${app.name} (${app.principal}) ${action === 'send' ? 'writes' : 'reads'} ${topic}`;
}

/** The product's owning domain's AsyncAPI document restricted to the product. */
export function productAsyncApiYaml(model: MeshModel, product: ProductModel, options: CatalogOptions = {}): string {
  return productDocumentYaml(model, product, options, (p) => productYaml(model, p));
}

/** {@link productAsyncApiYaml} for {@link writeCatalog}: the product's entries as made for its domain's file. */
export function cachedProductAsyncApiYaml(model: MeshModel, product: ProductModel, options: CatalogOptions, cache: ProductYamlCache): string {
  return productDocumentYaml(model, product, options, (p) => cache.taken(model, p));
}

function productDocumentYaml(model: MeshModel, product: ProductModel, options: CatalogOptions, entries: (p: ProductModel) => ProductYaml): string {
  const domain = domainOf(model, product);
  return documentYaml(model, domain ? domain.name : product.domain, options, [product.topic], entries);
}
