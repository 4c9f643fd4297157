import * as fs from 'fs';
import * as path from 'path';
import type { AclOperation, AclPatternType, AclPermission, AclResourceType, AclSpec } from '../model/grants';
import { aclKey } from '../model/grants';
import { forEachEntries } from '../model/for-each';
import type { MeshModel } from '../model/model';
import type { CompatibilityLevel, SchemaFormat } from '../compat';
import { DiffInputError, isRecord, parseInputJson, readInputFile } from './errors';
import { DEFAULT_LEVEL, restapiSubjectObject } from './subjects';
import { nameKeyed } from '../model/records';

/**
 * One synthesized output (`cdktf synth`'s `cdktf.out`) read back as the mesh's resources, per
 * stack, keyed by their Kafka names: what the diff compares.
 */
export interface SynthSnapshot {
  readonly dir: string;
  /** How the output is named in reports (a directory or a git ref). */
  readonly label: string;
  /** The commit it was synthesized from, when known. */
  readonly commit?: string;
  readonly stacks: ReadonlyMap<string, StackSnapshot>;
  /** `catalog/catalog.json`, when the synth wrote one. */
  readonly catalog?: MeshModel;
  /** `manifest.json`, which cdktf writes last: without it the output is not a whole synth. */
  readonly manifest?: SynthManifest;
}

/** What `manifest.json` says about a synth: its stacks, their annotations, and when it was written. */
export interface SynthManifest {
  /** Stack name -> its configuration file, relative to the output directory. */
  readonly stacks: ReadonlyMap<string, string>;
  /** Warnings and errors the synth attached to each stack (e.g. a mesh lock that is out of date). */
  readonly annotations: readonly { readonly stack: string; readonly level: string; readonly message: string }[];
  /** When the manifest was written (ms since the epoch). */
  readonly writtenMs: number;
}

export interface TopicValue {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: Record<string, string>;
}

export interface SchemaValue {
  readonly schema: string;
  readonly type: SchemaFormat;
  readonly level: CompatibilityLevel;
  readonly references: { name: string; subject: string; version: number }[];
}

export interface Protected<T> {
  readonly value: T;
  /** `prevent_destroy` is set on the block holding it. */
  readonly protected: boolean;
}

export interface CredentialValue {
  readonly username: string;
  readonly mechanism: string;
  readonly version?: string;
}

export interface StackSnapshot {
  readonly name: string;
  readonly topics: ReadonlyMap<string, Protected<TopicValue>>;
  readonly schemas: ReadonlyMap<string, Protected<SchemaValue>>;
  /** By {@link aclKey}. */
  readonly acls: ReadonlyMap<string, AclSpec>;
  /** By entity (`user:analytics`). */
  readonly quotas: ReadonlyMap<string, Record<string, number>>;
  /** By instance key (`analytics SCRAM-SHA-512`). */
  readonly credentials: ReadonlyMap<string, CredentialValue>;
  /** Every other resource instance and provider configuration by address, as canonical JSON. */
  readonly other: ReadonlyMap<string, string>;
  readonly moved: readonly { readonly from: string; readonly to: string }[];
  /** Topics and subjects moved to a `decommissioned` block: deleted on purpose. */
  readonly decommissioned: ReadonlySet<string>;
}

type Json = Record<string, unknown>;

const MESH_TYPES = new Set(['kafka_topic', 'schemaregistry_schema', 'restapi_object', 'kafka_acl', 'kafka_quota', 'kafka_user_scram_credential']);
const SYNTH_FIX = 'point it at the output of a synth (the directory cdktf synth writes, cdktf.out by default), or run `npx cdktf synth` first';

/** Reads a synth output directory. Throws {@link DiffInputError} naming what is missing. */
export function readSynthOutput(dir: string, label = dir): SynthSnapshot {
  if (!fs.existsSync(dir)) throw new DiffInputError(`the synth output ${dir} does not exist`, SYNTH_FIX);
  if (!fs.statSync(dir).isDirectory()) throw new DiffInputError(`the synth output ${dir} is a file, not a directory`, SYNTH_FIX);
  const stackFiles = findStackFiles(dir);
  if (stackFiles.size === 0) {
    throw new DiffInputError(`the synth output ${dir} holds no stacks (no stacks/<stack>/cdk.tf.json)`, SYNTH_FIX);
  }
  const stacks = new Map<string, StackSnapshot>();
  for (const [name, file] of [...stackFiles].sort(([a], [b]) => a.localeCompare(b))) {
    const json = parseInputJson(readInputFile(file, 'the stack file', SYNTH_FIX).toString('utf8'), file, 'the stack file', SYNTH_FIX);
    if (!isRecord(json)) throw new DiffInputError(`the stack file ${file} is not a Terraform JSON configuration (expected an object)`, SYNTH_FIX);
    stacks.set(name, readStack(name, json));
  }
  const catalogFile = path.join(dir, 'catalog', 'catalog.json');
  const catalog = fs.existsSync(catalogFile) ? readCatalogFile(catalogFile) : undefined;
  const manifest = readManifest(dir);
  return { dir, label, stacks, ...(catalog ? { catalog } : {}), ...(manifest ? { manifest } : {}) };
}

function readManifest(dir: string): SynthManifest | undefined {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return undefined;
  const fix = 'synthesize again: cdktf writes manifest.json last, so a damaged one means the synth did not finish';
  const json = parseInputJson(readInputFile(file, 'the manifest', fix).toString('utf8'), file, 'the manifest', fix);
  if (!isRecord(json) || !isRecord(json.stacks)) throw new DiffInputError(`the manifest ${file} lists no stacks (expected "stacks": {...})`, fix);
  const stacks = new Map<string, string>();
  const annotations: { stack: string; level: string; message: string }[] = [];
  for (const [name, entry] of Object.entries(json.stacks)) {
    const e = isRecord(entry) ? entry : {};
    stacks.set(name, typeof e.synthesizedStackPath === 'string' ? e.synthesizedStackPath : path.join('stacks', name, 'cdk.tf.json'));
    for (const a of Array.isArray(e.annotations) ? e.annotations.filter(isRecord) : []) {
      annotations.push({ stack: name, level: String(a.level ?? ''), message: String(a.message ?? '') });
    }
  }
  return { stacks, annotations, writtenMs: fs.statSync(file).mtimeMs };
}

/** Reads a catalog.json (the {@link MeshModel} every synth writes). */
export function readCatalogFile(file: string): MeshModel {
  const fix = 'pass the catalog a synth writes (cdktf.out/catalog/catalog.json); synthesize again if it is damaged';
  const json = parseInputJson(readInputFile(file, 'the catalog', fix).toString('utf8'), file, 'the catalog', fix);
  if (!isRecord(json) || !Array.isArray(json.products) || !Array.isArray(json.domains)) {
    throw new DiffInputError(`the catalog ${file} is not a mesh model (expected domains and products)`, fix);
  }
  return normalizeCatalog(json);
}

/** `<dir>/stacks/<name>/cdk.tf.json`, or `<dir>/<name>/cdk.tf.json` when given the stacks folder. */
function findStackFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const root of [path.join(dir, 'stacks'), dir]) {
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) continue;
    for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
      const file = path.join(root, entry.name, 'cdk.tf.json');
      if (entry.isDirectory() && fs.existsSync(file)) out.set(entry.name, file);
    }
    if (out.size) break;
  }
  return out;
}

/** Older catalogs may lack lists newer ones have: fill them so readers need not check. */
function normalizeCatalog(json: Json): MeshModel {
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  return {
    ...(json as unknown as MeshModel),
    domains: list(json.domains),
    products: list(json.products).map((p: Json) => ({
      ...p,
      grants: list(p.grants),
      producers: list(p.producers),
      consumers: list(p.consumers),
      config: isRecord(p.config) ? p.config : {},
    })),
    principals: list(json.principals),
    applications: list(json.applications),
  } as MeshModel;
}

/** Each instance of a resource block: for_each entries (with the block; a local's or a literal map), or the block itself. */
function instances(stack: Json, block: Json): { key?: string; attrs: Json; entry: unknown }[] {
  const entries = forEachEntries(stack, block);
  if (entries) return Object.entries(entries).map(([key, entry]) => ({ key, attrs: block, entry }));
  return [{ attrs: block, entry: undefined }];
}

const isExpression = (v: unknown): boolean => typeof v === 'string' && v.includes('${');

/**
 * The value of attribute `name` of an instance: the literal on the block, or, when the block
 * reads it from the for_each entry (`${each.value.<field>}` / `${each.value}` / `${each.key}`),
 * that part of the entry.
 */
function attr(inst: { key?: string; attrs: Json; entry: unknown }, name: string, field = name): unknown {
  const v = inst.attrs[name];
  if (v === undefined) return isRecord(inst.entry) ? inst.entry[field] : undefined;
  if (!isExpression(v)) return v;
  const s = v as string;
  if (s === '${each.key}') return inst.key;
  if (s === '${each.value}') return inst.entry;
  const m = /^\$\{each\.value\.([A-Za-z0-9_]+)\}$/.exec(s);
  if (m && isRecord(inst.entry)) return inst.entry[m[1]];
  return undefined;
}

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

function stringMap(v: unknown): Record<string, string> {
  const out = nameKeyed<string>();
  if (isRecord(v)) for (const k of Object.keys(v).sort()) out[k] = String(v[k]);
  return out;
}

function readStack(name: string, json: Json): StackSnapshot {
  const resources = isRecord(json.resource) ? json.resource : {};
  const topics = new Map<string, Protected<TopicValue>>();
  const schemas = new Map<string, Protected<SchemaValue>>();
  const acls = new Map<string, AclSpec>();
  const quotas = new Map<string, Record<string, number>>();
  const credentials = new Map<string, CredentialValue>();
  const other = new Map<string, string>();
  // The restapi backend keeps a subject's schema and its level in two objects: joined below.
  const restapiSchemas = new Map<string, Protected<Omit<SchemaValue, 'level'>>>();
  const levels = new Map<string, CompatibilityLevel>();
  const otherResource = (type: string, blockName: string, block: Json, inst: { key?: string; entry: unknown }) => {
    const address = inst.key === undefined ? `${type}.${blockName}` : `${type}.${blockName}[${JSON.stringify(inst.key)}]`;
    other.set(address, canonicalJson({ block: withoutMetadata(block), entry: inst.entry }));
  };

  for (const [type, blocks] of Object.entries(resources)) {
    if (!isRecord(blocks)) continue;
    for (const [blockName, block] of Object.entries(blocks)) {
      if (!isRecord(block)) continue;
      const lifecycle = isRecord(block.lifecycle) ? block.lifecycle : {};
      const isProtected = lifecycle.prevent_destroy === true;
      for (const inst of instances(json, block)) {
        switch (type) {
          case 'kafka_topic': {
            const topic = str(attr(inst, 'name')) ?? inst.key;
            if (!topic) break;
            topics.set(topic, {
              protected: isProtected,
              value: {
                partitions: num(attr(inst, 'partitions')),
                replicationFactor: num(attr(inst, 'replication_factor')),
                config: stringMap(attr(inst, 'config')),
              },
            });
            break;
          }
          case 'schemaregistry_schema': {
            const subject = str(attr(inst, 'subject')) ?? inst.key;
            if (!subject) break;
            const refs = attr(inst, 'references', 'references');
            schemas.set(subject, {
              protected: isProtected,
              value: {
                schema: str(attr(inst, 'schema')) ?? '',
                type: (str(attr(inst, 'schema_type')) ?? 'AVRO').toUpperCase() as SchemaFormat,
                level: (str(attr(inst, 'compatibility_level')) ?? 'BACKWARD').toUpperCase() as CompatibilityLevel,
                references: Array.isArray(refs)
                  ? refs.filter(isRecord).map((r) => ({ name: String(r.name), subject: String(r.subject), version: num(r.version) }))
                  : [],
              },
            });
            break;
          }
          case 'restapi_object': {
            const raw = inst.attrs.path;
            const object = restapiSubjectObject(
              typeof raw === 'string' && inst.key !== undefined ? raw.split('${each.key}').join(inst.key) : raw,
              attr(inst, 'data', 'body'),
            );
            if (object?.kind === 'schema') {
              const { schema, type, references } = object;
              restapiSchemas.set(object.subject, { protected: isProtected, value: { schema, type, references } });
            } else if (object?.kind === 'compatibility') {
              levels.set(object.subject, object.level);
            } else {
              otherResource(type, blockName, block, inst);
            }
            break;
          }
          case 'kafka_acl': {
            const spec = aclFromAttributes((n) => attr(inst, n));
            if (spec) acls.set(aclKey(spec), spec);
            break;
          }
          case 'kafka_quota': {
            const entity = str(attr(inst, 'entity_name')) ?? inst.key ?? blockName;
            const entityType = str(attr(inst, 'entity_type')) ?? 'user';
            const config = attr(inst, 'config');
            const values: Record<string, number> = {};
            if (isRecord(config)) for (const k of Object.keys(config).sort()) values[k] = num(config[k]);
            quotas.set(`${entityType}:${entity}`, values);
            break;
          }
          case 'kafka_user_scram_credential': {
            const username = str(attr(inst, 'username')) ?? '';
            const mechanism = str(attr(inst, 'scram_mechanism', 'mechanism')) ?? '';
            const version = str(attr(inst, 'password_wo_version', 'version'));
            credentials.set(inst.key ?? `${username} ${mechanism}`, { username, mechanism, ...(version !== undefined ? { version } : {}) });
            break;
          }
          default:
            otherResource(type, blockName, block, inst);
        }
      }
    }
  }
  // Provider settings too: a stack pointed at another cluster or registry plans everything anew.
  for (const [name, config] of Object.entries(isRecord(json.provider) ? json.provider : {})) {
    const list = Array.isArray(config) ? config : [config];
    list.forEach((c, i) => other.set(`provider.${name}${list.length > 1 ? `[${i}]` : ''}`, canonicalJson(c)));
  }
  const moved = Array.isArray(json.moved) ? json.moved.filter(isRecord).map((m) => ({ from: String(m.from), to: String(m.to) })) : [];
  for (const [subject, s] of restapiSchemas)
    schemas.set(subject, { protected: s.protected, value: { ...s.value, level: levels.get(subject) ?? DEFAULT_LEVEL } });
  const decommissioned = new Set<string>();
  for (const m of moved) {
    const d =
      /^(?:kafka_topic\.decommissioned|schemaregistry_schema\.decommissioned|restapi_object\.subject_decommissioned)\[("(?:[^"\\]|\\.)*")\]$/.exec(
        m.to,
      );
    if (d) decommissioned.add(JSON.parse(d[1]) as string);
  }
  return { name, topics, schemas, acls, quotas, credentials, other, moved, decommissioned };
}

/** An ACL from the attributes of a kafka_acl instance (block literals, plan values). */
export function aclFromAttributes(get: (name: string) => unknown): AclSpec | undefined {
  const principal = str(get('acl_principal'));
  const operation = str(get('acl_operation'));
  const resourceType = str(get('resource_type'));
  const resourceName = str(get('resource_name'));
  if (!principal || !operation || !resourceType || resourceName === undefined) return undefined;
  return {
    principal,
    operation: operation as AclOperation,
    resourceType: resourceType as AclResourceType,
    resourceName,
    patternType: (str(get('resource_pattern_type_filter')) ?? 'Literal') as AclPatternType,
    permission: (str(get('acl_permission_type')) ?? 'Allow') as AclPermission,
    host: str(get('acl_host')) ?? '*',
  };
}

/** Whether a resource type is one the mesh writes (the rest is compared as opaque JSON). */
export function isMeshResourceType(type: string): boolean {
  return MESH_TYPES.has(type);
}

function withoutMetadata(block: Json): Json {
  const { ['//']: _metadata, for_each: _forEach, ...rest } = block;
  return rest;
}

/** JSON with sorted keys: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!isRecord(v)) return v;
    const sorted: Json = {};
    for (const k of Object.keys(v).sort()) sorted[k] = v[k];
    return sorted;
  });
}
