/**
 * The mesh as DataHub metadata: a JSON list of metadata change proposals, the format DataHub's
 * file source ingests (`datahub ingest` with `source.type: file`) and `datahub check
 * metadata-file` validates. What it describes:
 *
 * - one dataset per product (`urn:li:dataset:(urn:li:dataPlatform:kafka,<topic>,<FABRIC>)`)
 *   with its properties, schema metadata (fields from the value schema, the schema's text),
 *   ownership (the owner as a group), its domain and tags (its tags and its classification);
 * - one DataHub domain per mesh domain, one tag per tag and classification used;
 * - one data flow per application (Kafka Streams app, connector, ksqlDB cluster, NiFi flow) and
 *   one data job per flow, or per persistent query of a ksqlDB cluster, whose inputs and outputs
 *   are the lineage edges, including datasets for the systems outside Kafka it bridges.
 */
import type { ApplicationKind, ApplicationModel, MeshModel, ProductModel } from '../model/model';
import { applicationExternals } from './applications';
import { describeSchema, FieldInfo } from './fields';
import type { CatalogOptions } from './options';
import { lookupTable } from '../model/records';

/** Where the DataHub metadata goes, relative to the catalog folder. */
export const DATAHUB_FILE = 'datahub/metadata.json';

/** DataHub's fabric types; an environment named otherwise is PROD. */
const FABRICS = ['DEV', 'TEST', 'QA', 'UAT', 'EI', 'PRE', 'STG', 'NON_PROD', 'PROD', 'CORP'];
const FABRIC_ALIASES: Readonly<Record<string, string>> = lookupTable({ staging: 'STG', production: 'PROD', development: 'DEV' });

/** The DataHub platform (orchestrator) of each kind of application. */
const ORCHESTRATORS: Readonly<Record<ApplicationKind, string>> = {
  streams: 'kafka-streams',
  connector: 'kafka-connect',
  ksql: 'ksqldb',
  nifi: 'nifi',
};

const AUDIT = { time: 0, actor: 'urn:li:corpuser:datahub' };

/** One metadata change proposal, as DataHub's JSON files hold it. */
export interface DataHubProposal {
  readonly entityType: string;
  readonly entityUrn: string;
  readonly changeType: 'UPSERT';
  readonly aspectName: string;
  readonly aspect: { readonly json: Record<string, unknown> };
}

/** The URN parts DataHub reserves (`,`, `(`, `)`) are not allowed in names; they become `_`. */
function urnSafe(name: string): string {
  return name.replace(/[,()]/g, '_');
}

export function fabricOf(environment: string | undefined): string {
  if (!environment) return 'PROD';
  const upper = environment.toUpperCase().replace(/-/g, '_');
  return FABRICS.includes(upper) ? upper : (FABRIC_ALIASES[environment.toLowerCase()] ?? 'PROD');
}

export const datahubUrns = {
  topic: (topic: string, fabric: string) => `urn:li:dataset:(urn:li:dataPlatform:kafka,${urnSafe(topic)},${fabric})`,
  /** `postgresql:ledger` is the dataset `ledger` of the platform `postgresql`. */
  external: (system: string, fabric: string) => {
    const at = system.indexOf(':');
    const platform = at > 0 ? system.slice(0, at) : 'external';
    const name = at > 0 ? system.slice(at + 1) : system;
    return `urn:li:dataset:(urn:li:dataPlatform:${urnSafe(platform.toLowerCase())},${urnSafe(name)},${fabric})`;
  },
  domain: (name: string) => `urn:li:domain:${urnSafe(name)}`,
  tag: (name: string) => `urn:li:tag:${urnSafe(name)}`,
  group: (owner: string) => `urn:li:corpGroup:${urnSafe(owner)}`,
  flow: (a: ApplicationModel, fabric: string) => `urn:li:dataFlow:(${ORCHESTRATORS[a.kind]},${urnSafe(a.name)},${fabric})`,
  job: (flowUrn: string, job: string) => `urn:li:dataJob:(${flowUrn},${urnSafe(job)})`,
};

const FIELD_TYPES: Readonly<Record<string, string>> = lookupTable({
  string: 'StringType',
  integer: 'NumberType',
  number: 'NumberType',
  boolean: 'BooleanType',
  date: 'DateType',
  object: 'RecordType',
  array: 'ArrayType',
});

/** DataHub schema fields (v1 field paths, `a.b`), nested fields after their parent. */
function schemaFields(fields: readonly FieldInfo[], parent = ''): Record<string, unknown>[] {
  return fields.flatMap((f) => {
    const fieldPath = parent ? `${parent}.${f.name}` : f.name;
    const type = FIELD_TYPES[f.logicalType ?? ''] ?? 'NullType';
    const own = {
      fieldPath,
      nullable: !f.required,
      ...(f.description ? { description: f.description } : {}),
      type: { type: { [`com.linkedin.schema.${type}`]: {} } },
      nativeDataType: f.physicalType,
      recursive: false,
      isPartOfKey: false,
    };
    const nested = f.fields ?? f.items?.fields;
    return [own, ...(nested ? schemaFields(nested, f.items ? `${fieldPath}.${f.items.name}` : fieldPath) : [])];
  });
}

function productProposals(p: ProductModel, fabric: string): DataHubProposal[] {
  const urn = datahubUrns.topic(p.topic, fabric);
  const dataset = (aspectName: string, json: Record<string, unknown>): DataHubProposal => ({
    entityType: 'dataset',
    entityUrn: urn,
    changeType: 'UPSERT',
    aspectName,
    aspect: { json },
  });
  const out: DataHubProposal[] = [
    dataset('datasetProperties', {
      name: p.topic,
      description: p.description,
      customProperties: {
        domain: p.domain,
        stack: p.stack,
        partitions: String(p.partitions),
        replicationFactor: String(p.replicationFactor),
        classification: p.classification,
        ...(p.compatibility ? { compatibility: p.compatibility } : {}),
        ...Object.fromEntries(Object.entries(p.config).map(([k, v]) => [`config.${k}`, v])),
      },
      tags: [],
    }),
    dataset('ownership', { owners: [{ owner: datahubUrns.group(p.owner), type: 'DATAOWNER' }], ownerTypes: {}, lastModified: AUDIT }),
    dataset('domains', { domains: [datahubUrns.domain(p.domain)] }),
    dataset('globalTags', { tags: [...new Set([...p.tags, p.classification])].map((t) => ({ tag: datahubUrns.tag(t) })) }),
  ];
  if (p.valueSchema) {
    const info = describeSchema(p.valueSchema);
    out.push(
      dataset('schemaMetadata', {
        schemaName: p.valueSchema.subject,
        platform: 'urn:li:dataPlatform:kafka',
        version: p.valueSchema.versions?.current ?? 0,
        created: AUDIT,
        lastModified: AUDIT,
        hash: '',
        platformSchema: { 'com.linkedin.schema.KafkaSchema': { documentSchema: p.valueSchema.schema, documentSchemaType: p.valueSchema.type } },
        fields: schemaFields(info.fields),
      }),
    );
  }
  return out;
}

function applicationProposals(a: ApplicationModel, fabric: string): DataHubProposal[] {
  const flowUrn = datahubUrns.flow(a, fabric);
  const externals = applicationExternals(a);
  const out: DataHubProposal[] = [
    {
      entityType: 'dataFlow',
      entityUrn: flowUrn,
      changeType: 'UPSERT',
      aspectName: 'dataFlowInfo',
      aspect: {
        json: {
          name: a.name,
          ...(a.description ? { description: a.description } : {}),
          customProperties: { kind: a.kind, domain: a.domain, principal: a.principal, stack: a.stack },
          env: fabric,
        },
      },
    },
    {
      entityType: 'dataFlow',
      entityUrn: flowUrn,
      changeType: 'UPSERT',
      aspectName: 'domains',
      aspect: { json: { domains: [datahubUrns.domain(a.domain)] } },
    },
  ];
  const jobs = a.queries?.length ? a.queries : [{ name: a.name, description: a.description, inputs: a.inputs, outputs: a.outputs }];
  for (const job of jobs) {
    const jobUrn = datahubUrns.job(flowUrn, job.name);
    // The systems outside Kafka belong to the whole application: a query only touches topics.
    const sources = a.queries?.length ? [] : externals.filter((e) => e.direction === 'source').map((e) => datahubUrns.external(e.system, fabric));
    const sinks = a.queries?.length ? [] : externals.filter((e) => e.direction === 'sink').map((e) => datahubUrns.external(e.system, fabric));
    out.push(
      {
        entityType: 'dataJob',
        entityUrn: jobUrn,
        changeType: 'UPSERT',
        aspectName: 'dataJobInfo',
        aspect: {
          json: {
            name: job.name,
            ...(job.description ? { description: job.description } : {}),
            type: { string: ORCHESTRATORS[a.kind].toUpperCase() },
            customProperties: { principal: a.principal },
          },
        },
      },
      {
        entityType: 'dataJob',
        entityUrn: jobUrn,
        changeType: 'UPSERT',
        aspectName: 'dataJobInputOutput',
        aspect: {
          json: {
            inputDatasets: [...job.inputs.map((t) => datahubUrns.topic(t, fabric)), ...sources],
            outputDatasets: [...job.outputs.map((t) => datahubUrns.topic(t, fabric)), ...sinks],
          },
        },
      },
    );
  }
  return out;
}

/** The mesh's DataHub metadata, as change proposals (see the module's comment). */
export function datahubProposals(model: MeshModel, options: CatalogOptions = {}): DataHubProposal[] {
  return [...proposals(model, options)];
}

/** {@link datahubProposals} one at a time: a writer holds one product's proposals, not the whole mesh's. */
function* proposals(model: MeshModel, options: CatalogOptions): Generator<DataHubProposal> {
  const fabric = fabricOf(options.environment);
  for (const d of model.domains) {
    yield {
      entityType: 'domain',
      entityUrn: datahubUrns.domain(d.name),
      changeType: 'UPSERT',
      aspectName: 'domainProperties',
      aspect: { json: { name: d.name, ...(d.description ? { description: d.description } : {}) } },
    };
  }
  const tags = [...new Set(model.products.flatMap((p) => [...p.tags, p.classification]))].sort();
  for (const t of tags)
    yield { entityType: 'tag', entityUrn: datahubUrns.tag(t), changeType: 'UPSERT', aspectName: 'tagProperties', aspect: { json: { name: t } } };
  for (const p of model.products) yield* productProposals(p, fabric);
  for (const a of model.applications) yield* applicationProposals(a, fabric);
}

/**
 * {@link datahubProposals} as the JSON file DataHub's file source reads: an array with one
 * proposal per line (a third of the bytes of an indented file, and still one line per change in a diff).
 */
export function datahubJson(model: MeshModel, options: CatalogOptions = {}): string {
  return [...datahubJsonParts(model, options)].join('');
}

/** {@link datahubJson} in pieces, one proposal each, for a writer that does not hold the whole file. */
export function* datahubJsonParts(model: MeshModel, options: CatalogOptions = {}): Generator<string> {
  yield '[\n';
  let separator = '';
  for (const proposal of proposals(model, options)) {
    yield `${separator}${JSON.stringify(proposal)}`;
    separator = ',\n';
  }
  yield '\n]\n';
}
