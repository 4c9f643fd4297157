/**
 * One data contract per product, in the Open Data Contract Standard (ODCS) v3.0.2: who owns
 * the product, what its records hold (from the registered schema), what the owner promises,
 * who may read and write it, and where it lives.
 */
import type { MeshModel, ProductModel, SchemaModel } from '../model/model';
import { describeSchema, FieldInfo } from './fields';
import { domainOf, emailOf } from './names';
import type { CatalogOptions } from './options';
import { toYaml } from './yaml';

/** The ODCS version the contracts declare. */
export const ODCS_API_VERSION = 'v3.0.2';

type Obj = Record<string, unknown>;

const FORMATS: Record<SchemaModel['type'], string> = { AVRO: 'avro', JSON: 'json', PROTOBUF: 'protobuf' };

/** The data contract of `product`, as an ODCS document (plain data, ready for YAML). */
export function dataContract(model: MeshModel, product: ProductModel, options: CatalogOptions = {}): Obj {
  const domain = domainOf(model, product);
  const email = emailOf(product.owner, domain?.owner, domain?.contact);
  const contact = domain?.contact;
  const schema = [product.valueSchema, product.keySchema]
    .filter((s): s is SchemaModel => s !== undefined)
    .map((s) => schemaObject(product, s, s === product.keySchema ? 'key' : 'value'));
  if (schema.length === 0) {
    schema.push({
      name: product.entity,
      physicalName: product.topic,
      physicalType: 'topic',
      logicalType: 'object',
      description: `${product.description} (no schema is registered for this topic)`,
    });
  }
  const format = product.valueSchema ? FORMATS[product.valueSchema.type] : undefined;
  const conn = options.connection;
  const retention = product.config['retention.ms'];
  const sla: Obj[] = [];
  if (product.sla?.availabilityPercent !== undefined)
    sla.push({ property: 'generalAvailability', value: product.sla.availabilityPercent, unit: 'percent' });
  if (product.sla?.maxLatencyMs !== undefined) sla.push({ property: 'latency', value: product.sla.maxLatencyMs, unit: 'ms' });
  if (product.sla?.support !== undefined) sla.push({ property: 'supportHours', value: product.sla.support });
  if (retention !== undefined)
    sla.push(Number(retention) < 0 ? { property: 'retention', value: 'unlimited' } : { property: 'retention', value: Number(retention), unit: 'ms' });

  const custom: Obj[] = [
    { property: 'owner', value: product.owner },
    { property: 'classification', value: product.classification },
    { property: 'kind', value: product.kind },
    { property: 'partitions', value: product.partitions },
    { property: 'replicationFactor', value: product.replicationFactor },
    { property: 'topicConfig', value: product.config },
    { property: 'protectedFromDestroy', value: product.protected },
    ...(product.compatibility ? [{ property: 'schemaCompatibility', value: product.compatibility }] : []),
    ...(contact ? [{ property: 'contact', value: contact }] : []),
    { property: 'producers', value: product.producers },
    { property: 'consumers', value: product.consumers },
    ...(product.waivers && product.waivers.length > 0
      ? [
          {
            property: 'governanceWaivers',
            value: product.waivers.map((w) => ({
              rule: w.rule,
              reason: w.reason,
              declaredAt: w.declaredAt,
              ...(w.expires ? { expires: w.expires } : {}),
            })),
          },
        ]
      : []),
    { property: 'stack', value: product.stack },
    { property: 'constructPath', value: product.constructPath },
  ];

  return {
    apiVersion: ODCS_API_VERSION,
    kind: 'DataContract',
    id: product.topic,
    name: product.topic,
    version: `${product.version ?? 1}.0.0`,
    status: 'active',
    domain: product.domain,
    dataProduct: product.topic,
    description: {
      purpose: product.description,
      usage:
        `Consume the Kafka topic ${product.topic} with your own principal and a consumer group under your prefix, ` +
        `once the owning domain grants you read access in its stack (grantRead).`,
      limitations:
        `Classified ${product.classification}.` +
        (product.compatibility ? ` Schema changes must be ${product.compatibility} compatible.` : '') +
        (product.kind === 'shared' ? ' A shared topic: more than one principal writes it.' : ''),
    },
    ...(product.tags.length > 0 ? { tags: [...product.tags] } : {}),
    schema,
    ...(conn && conn.bootstrapServers.length > 0
      ? {
          servers: [
            {
              server: 'kafka',
              type: 'kafka',
              host: conn.bootstrapServers.join(','),
              ...(format ? { format } : {}),
              ...(options.environment ? { environment: options.environment } : {}),
              customProperties: [
                { property: 'topic', value: product.topic },
                ...(conn.schemaRegistryUrl ? [{ property: 'schemaRegistryUrl', value: conn.schemaRegistryUrl }] : []),
              ],
            },
          ],
        }
      : {}),
    team: [
      { username: product.owner, role: 'owner' },
      ...(domain && domain.owner !== product.owner ? [{ username: domain.owner, role: 'domain owner' }] : []),
    ],
    ...(email
      ? {
          support: [
            { channel: 'email', url: `mailto:${email}`, tool: 'email', ...(contact && contact !== email ? { description: `Also: ${contact}` } : {}) },
          ],
        }
      : {}),
    roles: product.grants.map((g) => ({
      role: g.principal,
      access: g.access,
      description: `${g.access === 'read' ? 'Reads' : 'Writes'} ${product.topic} (granted to ${g.grantee}); ACLs: ${g.acls.join('; ')}`,
    })),
    ...(sla.length > 0 ? { slaProperties: sla } : {}),
    customProperties: custom,
  };
}

/** The contract as ODCS YAML. */
export function dataContractYaml(model: MeshModel, product: ProductModel, options: CatalogOptions = {}): string {
  return toYaml(dataContract(model, product, options));
}

function schemaObject(product: ProductModel, schema: SchemaModel, part: 'key' | 'value'): Obj {
  const info = describeSchema(schema);
  const description = info.description ?? (part === 'value' ? product.description : `Key of ${product.topic}`);
  return {
    name: info.name ?? (part === 'value' ? product.entity : `${product.entity}-key`),
    physicalName: product.topic,
    physicalType: 'topic',
    logicalType: 'object',
    description,
    ...(info.namespace ? { businessName: `${info.namespace}.${info.name ?? ''}`.replace(/\.$/, '') } : {}),
    ...(product.tags.length > 0 ? { tags: [...product.tags] } : {}),
    properties: info.fields.map((f) => property(f, true)),
    customProperties: [
      { property: 'messagePart', value: part },
      { property: 'schemaSubject', value: schema.subject },
      { property: 'schemaType', value: schema.type },
      { property: 'schemaOrigin', value: schema.origin },
      ...(info.error ? [{ property: 'schemaReadError', value: info.error }] : []),
    ],
  };
}

/** An ODCS property (`named`) or array item (not named) from a field. */
function property(f: FieldInfo, named: boolean): Obj {
  const options = logicalTypeOptions(f);
  const custom: Obj[] = f.enumValues ? [{ property: 'enum', value: f.enumValues }] : [];
  return {
    ...(named ? { name: f.name } : {}),
    ...(f.logicalType ? { logicalType: f.logicalType } : {}),
    physicalType: f.physicalType,
    required: f.required,
    ...(f.description ? { description: f.description } : {}),
    ...(options ? { logicalTypeOptions: options } : {}),
    ...(f.fields && f.logicalType === 'object' ? { properties: f.fields.map((c) => property(c, true)) } : {}),
    ...(f.items && f.logicalType === 'array' ? { items: property(f.items, false) } : {}),
    ...(custom.length > 0 ? { customProperties: custom } : {}),
  };
}

const INTEGER_FORMATS = new Set(['i8', 'i16', 'i32', 'i64', 'i128', 'u8', 'u16', 'u32', 'u64', 'u128']);

function logicalTypeOptions(f: FieldInfo): Obj | undefined {
  if (!f.format) return undefined;
  switch (f.logicalType) {
    case 'integer':
      return INTEGER_FORMATS.has(f.format) ? { format: f.format } : undefined;
    case 'number':
      return f.format === 'f32' || f.format === 'f64' ? { format: f.format } : undefined;
    case 'string':
      return { format: f.format };
    default:
      return undefined;
  }
}
