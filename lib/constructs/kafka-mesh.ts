import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, IAspect, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { z } from 'zod';
import { fail, MeshErrorDetails, MeshValidationError } from '../errors';
import { compareWithLock, lockedStacks, lockFile, readLock, removeLock, writeLock } from '../lock/lock';
import { hasPrincipalAclShape } from '../model/grants';
import type { AclSpec } from '../model/grants';
import { PRINCIPAL, principalName } from '../model/naming';
import type { IApplication, MeshModel } from '../model/model';
import { KafkaClusterProps, SASL_MECHANISMS, SchemaRegistryProps } from '../model/connection';
import { MeshResources } from '../terraform/mesh-resources';
import { meshContextOf, MeshContext, PrincipalOrigin, registerMeshContext } from '../terraform/context';
import { buildModel, streamModel } from './build-model';
import type { IMeshDomain, IMeshProduct } from './interfaces';
import { connectionOf } from '../catalog/options';
import { TopicDefaults } from '../model/topic-config';
import { constructId, intRange, nonEmpty, validateProps, withFix, withSecretFix } from '../private/validation';
import { NO_SECRETS_HERE } from '../private/secrets';
import { afterSuccessfulSynth, installAtomicSynth, synthFileWrites } from '../private/atomic-synth';
import { DEFAULT_LOCK_DIR, projectRoot } from '../private/project-root';
import { connectionFromEnv } from '../private/connection-env';

export { SASL_MECHANISMS } from '../model/connection';
export type { KafkaClusterProps, SchemaRegistryBackend, SchemaRegistryProps, SecretSource } from '../model/connection';
export type { PrincipalOrigin } from '../terraform/context';

/** A principal the platform declares as existing, without a domain (a service, a team tool). */
export interface PrincipalDeclaration {
  /** `User:<name>`. */
  readonly principal: string;
  /** What it is, for the catalog. */
  readonly description: string;
}

export interface KafkaMeshProps {
  /**
   * How Terraform reaches the Kafka cluster. When unset, it is read from the environment (the
   * variables the kafka provider reads): `KAFKA_BOOTSTRAP_SERVERS` (comma-separated, required),
   * `KAFKA_ENABLE_TLS` (`true` or `false`, default `true`), `KAFKA_SASL_USERNAME` with
   * `KAFKA_SASL_MECHANISM` (`plain`, `scram-sha256` or `scram-sha512`, default `plain`); the
   * password stays in the environment (`KAFKA_SASL_PASSWORD`, read by the provider, never
   * synthesized). When set, it is used as given and the environment is not read.
   * @default from the environment; an error naming both ways when `KAFKA_BOOTSTRAP_SERVERS` is unset
   */
  readonly cluster?: KafkaClusterProps;
  /**
   * How Terraform reaches the schema registry. When unset, `SCHEMA_REGISTRY_URL` in the
   * environment gives `{ url }`. @default none: products may not declare schemas
   */
  readonly schemaRegistry?: SchemaRegistryProps;
  /**
   * Defaults for topics that do not set them, and `maxReplicationFactor`, a cap for small
   * clusters (replicas above it are lowered to it, and min.insync.replicas with them). An
   * Environment adds its overlay here (`partitionScale`, `maxPartitions`, `maxRetentionMs`,
   * `maxRetentionBytes`; see TopicDefaults).
   * @default { partitions: 3, replicationFactor: 3, minInsyncReplicas: 2 }, no cap
   */
  readonly topicDefaults?: Partial<TopicDefaults>;
  /**
   * Principals that exist without a domain of their own (services, shared tools), so grants
   * to them are accepted. Domain principals and service accounts are declared by their
   * constructs. @default none
   */
  readonly principals?: PrincipalDeclaration[];
  /**
   * Configures each stack's Terraform backend (called once per stack that holds mesh
   * resources). @default cdktf's local backend, `terraform.<stack>.tfstate` in the project root
   */
  readonly backend?: (stack: TerraformStack) => void;
  /**
   * The mesh lock: a directory with one `<stack>.json` per stack recording the committed topics
   * and every published schema version. Synth refuses changes that lose data (a topic
   * removed without `decommission`, a partition decrease, a topic moved between stacks) and
   * schema changes incompatible with any published version the compatibility level covers.
   * On by default, in `mesh.lock/` beside `cdktf.json` (the nearest folder from the working
   * directory up holding one, else the working directory); when the folder does not exist, the
   * app's first successful synth creates it and says so. `update: true` (or the environment variable `MESH_LOCK=update`, as
   * `npx kafka-mesh lock` sets) writes the lock once the checks pass. `false` turns the checks
   * off. @default { dir: '<project root>/mesh.lock' }
   */
  readonly lock?: { readonly dir?: string; readonly update?: boolean } | false;
  /**
   * What every synth writes under `<outdir>/catalog/`: `'full'` the catalog, data contracts,
   * AsyncAPI, Backstage entities, lineage and the HTML catalog; `'json'` only catalog.json (the
   * mesh model, for review tools); `'none'` nothing. `npm run catalog` writes the full catalog
   * whatever this says. The environment variable `MESH_CATALOG` overrides it.
   * @default 'full'
   */
  readonly catalog?: 'full' | 'json' | 'none';
  /**
   * Where the project's files are browsed, e.g. `https://github.com/acme/mesh/blob/main`: each
   * product page of the catalog links the file and line that declare the product there (where
   * its owner adds a grant). @default links relative to the catalog folder, which work in a checkout
   */
  readonly repositoryUrl?: string;
  /**
   * Folder, under the synth output, for the mesh-wide artifacts (the catalog, synthesis hooks'
   * output), so that several meshes in one app (one per Environment) keep theirs apart.
   * @default none: the synth output folder itself
   */
  readonly artifactsSubdir?: string;
}

const secretSchema = withFix(
  z.union([z.object({ fromEnv: z.literal(true) }).strict(), z.object({ variable: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_-]*$/) }).strict()], {
    error: 'must be { fromEnv: true } or { variable: "<terraform variable name>" }',
  }),
  'never put a secret in the code; use { fromEnv: true } or a sensitive variable',
);

/**
 * Where a credential written into the mesh's connection props goes instead: the provider's
 * environment or a sensitive Terraform variable.
 */
export function meshSecretFix(field: string): string {
  const at = field.replace(/^mesh\./, '');
  if (at.startsWith('cluster')) {
    return "take it out of the value; set cluster.sasl: { mechanism, username, password: { fromEnv: true } } (the provider reads KAFKA_SASL_PASSWORD) or password: { variable: 'kafka_sasl_password' } (a sensitive variable, TF_VAR_kafka_sasl_password)";
  }
  if (at.startsWith('schemaRegistry')) {
    return "take it out of the URL; set schemaRegistry.username and schemaRegistry.password: { fromEnv: true } (the provider reads SCHEMA_REGISTRY_PASSWORD) or { variable: 'schema_registry_password' } (a sensitive variable, TF_VAR_schema_registry_password)";
  }
  return NO_SECRETS_HERE(field);
}

const propsSchema = withSecretFix(
  z.object({
    cluster: z
      .object({
        bootstrapServers: withFix(
          z
            .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, { error: 'must be host:port addresses' }), {
              error: 'must be a list of host:port addresses',
            })
            .min(1, { error: 'must list at least one broker' }),
          "list the brokers as ['host:9092', ...]",
        ),
        tls: z.boolean().optional(),
        skipTlsVerify: z.boolean().optional(),
        sasl: z
          .object({
            mechanism: z.enum(SASL_MECHANISMS, { error: `must be one of ${SASL_MECHANISMS.join(', ')}` }),
            username: nonEmpty(),
            password: secretSchema.optional(),
          })
          .strict()
          .optional(),
        kafkaVersion: z
          .string()
          .regex(/^\d+\.\d+\.\d+$/, { error: 'must be a version like 3.9.0' })
          .optional(),
        timeoutSeconds: intRange(1, 3600).optional(),
      })
      .strict(),
    schemaRegistry: z
      .object({
        url: z.url({ error: 'must be an http(s) URL' }),
        username: nonEmpty().optional(),
        password: secretSchema.optional(),
        provider: withFix(
          z.enum(['restapi', 'cultureamp'], { error: "must be 'restapi' or 'cultureamp'" }),
          "leave it unset for 'restapi', the default",
        ).optional(),
        migrateFrom: withFix(
          z.literal('cultureamp', { error: "must be 'cultureamp'" }),
          'set it only while moving a mesh deployed with the cultureamp backend',
        ).optional(),
      })
      .strict()
      .refine((r) => !(r.migrateFrom === 'cultureamp' && r.provider === 'cultureamp'), {
        error: "migrateFrom: 'cultureamp' moves to the restapi backend, so provider must not be 'cultureamp'",
        path: ['migrateFrom'],
      })
      .optional(),
    topicDefaults: z
      .object({
        partitions: intRange(1, 10000).optional(),
        replicationFactor: intRange(1, 32).optional(),
        minInsyncReplicas: intRange(1, 32).optional(),
        maxReplicationFactor: intRange(1, 32).optional(),
        partitionScale: z
          .number({ error: 'must be a number' })
          .positive({ error: 'must be a positive factor' })
          .max(100, { error: 'must be at most 100' })
          .optional(),
        maxPartitions: intRange(1, 10000).optional(),
        maxRetentionMs: intRange(1, Number.MAX_SAFE_INTEGER).optional(),
        maxRetentionBytes: intRange(1, Number.MAX_SAFE_INTEGER).optional(),
      })
      .strict()
      .optional(),
    principals: z
      .array(z.object({ principal: z.string().regex(PRINCIPAL, { error: 'must look like User:<name>' }), description: nonEmpty() }).strict())
      .optional(),
    backend: z.function().optional(),
    // `lock: false` is taken out before validation (see the constructor): here, the lock's settings.
    lock: z.object({ dir: nonEmpty().optional(), update: z.boolean().optional() }).strict().optional(),
    catalog: z.enum(['full', 'json', 'none'], { error: "must be 'full', 'json' or 'none'" }).optional(),
    repositoryUrl: z
      .string()
      .regex(/^https?:\/\/[^\s]+$/, { error: 'must be an http(s) URL' })
      .optional(),
    artifactsSubdir: z
      .string()
      .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, { error: 'must be a relative folder path' })
      .optional(),
  }),
  meshSecretFix,
);

/**
 * `props` with the connection the environment gives where the props leave it out (props win,
 * whole: a `cluster` in the props is used as given). Fails naming both ways when neither gives a cluster.
 */
function withConnectionFromEnv(props: KafkaMeshProps, path: string): KafkaMeshProps {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) return props;
  if (props.cluster !== undefined && props.schemaRegistry !== undefined) return props;
  const fromEnv = connectionFromEnv(process.env, path);
  if (props.cluster === undefined && !fromEnv.cluster) {
    fail({
      path,
      field: 'cluster',
      value: undefined,
      problem: 'is not set, and KAFKA_BOOTSTRAP_SERVERS is not in the environment, so the mesh does not know its cluster',
      fix: "set cluster: { bootstrapServers: ['broker-1:9092'] } on the KafkaMesh, or export KAFKA_BOOTSTRAP_SERVERS=broker-1:9092 (with KAFKA_SASL_USERNAME, KAFKA_SASL_MECHANISM, KAFKA_ENABLE_TLS as needed)",
    });
  }
  return {
    ...props,
    ...(props.cluster === undefined ? { cluster: fromEnv.cluster } : {}),
    ...(props.schemaRegistry === undefined && fromEnv.schemaRegistry ? { schemaRegistry: fromEnv.schemaRegistry } : {}),
  };
}

/**
 * From this many products, a synth's catalog files are written by a worker thread while the
 * stacks are synthesized (see background-writes). Below, the catalog is a few hundred files, and
 * the worker's start (20 to 35 ms here) would be much of what it can save.
 */
export const BACKGROUND_WRITES_MIN_PRODUCTS = 200;

/** Constructs that hold a mesh of their own (an Environment), each with the mesh it holds. */
const meshScopes = new WeakSet<IConstruct>();
const meshes = new WeakMap<IConstruct, KafkaMesh>();

/** @internal marks `scope` (an Environment) as holding a mesh of its own, apart from the app's */
export function markMeshScope(scope: IConstruct): void {
  meshScopes.add(scope);
}

/** The environments known under `root` but not built in this app (set by lib/constructs/environment.ts when it is loaded). */
let environmentsNotBuilt: (root: IConstruct) => string[] = () => [];

/** @internal called once by lib/constructs/environment.ts */
export function setEnvironmentsNotBuilt(fn: (root: IConstruct) => string[]): void {
  environmentsNotBuilt = fn;
}

/** The nearest construct above `mesh` that holds a mesh of its own, else the app's root. */
function meshScopeOf(mesh: IConstruct): IConstruct {
  for (let cur = mesh.node.scope; cur; cur = cur.node.scope) if (meshScopes.has(cur)) return cur;
  return mesh.node.root;
}

/**
 * The root of a data mesh: the cluster and registry connection, platform-wide topic
 * defaults, and the registry of every domain, data product and principal, which cross-domain
 * grants, the catalog and lineage read. Create one per app, at the app's root:
 *
 * ```ts
 * const app = new App();
 * const mesh = new KafkaMesh(app, 'mesh', { cluster: { bootstrapServers: ['localhost:9092'] } });
 * ```
 *
 * Stacks anywhere in the app find it with {@link KafkaMesh.of}.
 */
export class KafkaMesh extends Construct implements MeshContext {
  /** The mesh of the app `scope` belongs to. */
  public static of(scope: IConstruct): KafkaMesh {
    return meshContextOf(scope) as KafkaMesh;
  }

  public readonly cluster: KafkaClusterProps;
  public readonly schemaRegistry?: SchemaRegistryProps;
  public readonly topicDefaults: TopicDefaults;
  public readonly backend?: (stack: TerraformStack) => void;
  /**
   * The mesh lock, undefined with `lock: false`. `create`: the lock's folder did not exist when
   * the mesh was created, so an app's first successful synth writes it (and says so).
   */
  public readonly lock?: { readonly dir: string; readonly update: boolean; readonly create?: boolean };
  public readonly catalog: 'full' | 'json' | 'none';
  public readonly repositoryUrl?: string;
  public readonly artifactsSubdir?: string;

  private readonly domainsByName = new Map<string, IMeshDomain>();
  /** `domains`, built once per change: the namespace checks index it by identity. */
  private domainList?: readonly IMeshDomain[];
  private readonly productsByTopic = new Map<string, IMeshProduct>();
  private readonly topicsByCollisionKey = new Map<string, string>();
  private readonly principals = new Map<string, PrincipalOrigin>();
  private principalsRevision = 0;
  private readonly apps: IApplication[] = [];
  private readonly synthHooks: Array<(outdir: string) => void> = [];
  private readonly meshStacks: TerraformStack[] = [];
  private readonly stackAspects: IAspect[] = [];
  private readonly synthesizedTo = new Set<string>();

  constructor(scope: Construct, id: string, props: KafkaMeshProps) {
    super(scope, constructId(scope, id, 'KafkaMesh'));
    const owner = meshScopeOf(this);
    const other = meshes.get(owner);
    if (other) {
      fail({
        path: this.node.path,
        field: 'KafkaMesh',
        value: id,
        problem: `is a second mesh in ${owner.node.path || 'the app'}, where ${other.node.path} is already the mesh: the stacks would use only that one and this one would be ignored`,
        fix: 'declare one KafkaMesh per app and put everything in it, or one Environment per environment (each creates its own mesh)',
      });
    }
    meshes.set(owner, this);
    registerMeshContext(this);
    const lockOff = props !== null && typeof props === 'object' && props.lock === false;
    // `lock: false` is the explicit opt-out: validated as no lock.
    const declared = lockOff ? { ...props, lock: undefined } : props;
    const p = validateProps(propsSchema, withConnectionFromEnv(declared, this.node.path), this.node.path);
    this.cluster = p.cluster as KafkaClusterProps;
    this.schemaRegistry = p.schemaRegistry as SchemaRegistryProps | undefined;
    const d = p.topicDefaults ?? {};
    this.topicDefaults = {
      partitions: d.partitions ?? 3,
      replicationFactor: d.replicationFactor ?? 3,
      minInsyncReplicas: d.minInsyncReplicas ?? 2,
      ...(d.maxReplicationFactor !== undefined ? { maxReplicationFactor: d.maxReplicationFactor } : {}),
      ...(d.partitionScale !== undefined ? { partitionScale: d.partitionScale } : {}),
      ...(d.maxPartitions !== undefined ? { maxPartitions: d.maxPartitions } : {}),
      ...(d.maxRetentionMs !== undefined ? { maxRetentionMs: d.maxRetentionMs } : {}),
      ...(d.maxRetentionBytes !== undefined ? { maxRetentionBytes: d.maxRetentionBytes } : {}),
    };
    this.artifactsSubdir = p.artifactsSubdir;
    this.repositoryUrl = p.repositoryUrl;
    this.backend = props.backend;
    const catalogEnv = process.env.MESH_CATALOG;
    this.catalog = catalogEnv === 'full' || catalogEnv === 'json' || catalogEnv === 'none' ? catalogEnv : (p.catalog ?? 'full');
    if (!lockOff) {
      const dir = p.lock?.dir ?? path.join(projectRoot(), DEFAULT_LOCK_DIR);
      const create = !fs.existsSync(dir);
      this.lock = { dir, update: p.lock?.update ?? process.env.MESH_LOCK === 'update', ...(create ? { create } : {}) };
    }
    const stack = stackOf(this);
    const listed = new Map<string, number>();
    (p.principals ?? []).forEach((decl, i) => {
      const first = listed.get(decl.principal);
      if (first !== undefined)
        fail({
          path: this.node.path,
          field: `principals[${i}].principal`,
          value: decl.principal,
          problem: `is already listed as principals[${first}]`,
          fix: 'list each principal once (merge the two descriptions)',
        });
      listed.set(decl.principal, i);
    });
    for (const decl of p.principals ?? []) {
      this.declarePrincipal({
        principal: decl.principal,
        declaredBy: this.node.path,
        description: decl.description,
        groupPrefix: `${principalName(decl.principal)}.`,
        ...(stack ? { stack } : {}),
      });
    }
    // A refused synth leaves the previous output as it was: see lib/private/atomic-synth.ts.
    const root = this.node.root;
    if (App.isApp(root)) installAtomicSynth(root, () => this._checkOrphanedLocks());
  }

  /** Every domain, in the order they were declared. */
  public get domains(): readonly IMeshDomain[] {
    return (this.domainList ??= Object.freeze([...this.domainsByName.values()]));
  }

  /** Every data product (shared topics included), in the order they were declared. */
  public get products(): IMeshProduct[] {
    return [...this.productsByTopic.values()];
  }

  public findDomain(name: string): IMeshDomain | undefined {
    return this.domainsByName.get(name);
  }

  public findProduct(topic: string): IMeshProduct | undefined {
    return this.productsByTopic.get(topic);
  }

  /** Where `principal` was declared, or undefined if nothing in the mesh declares it. */
  public findPrincipal(principal: string): PrincipalOrigin | undefined {
    return this.principals.get(principal);
  }

  /** All declared principals. */
  public get declaredPrincipals(): PrincipalOrigin[] {
    return [...this.principals.values()];
  }

  /** Applications (streams apps, connectors) registered with the mesh, in declaration order. */
  public get applications(): IApplication[] {
    return [...this.apps];
  }

  /** Registers an application for the catalog and lineage. */
  public registerApplication(app: IApplication): void {
    this.apps.push(app);
  }

  /**
   * Adds `aspect` to every stack holding mesh resources, those declared so far and those to
   * come (the governance policy runs its rule packs this way).
   */
  public addStackAspect(aspect: IAspect): void {
    this.stackAspects.push(aspect);
    for (const stack of this.meshStacks) Aspects.of(stack).add(aspect);
  }

  /** @internal called by MeshResources, once per stack holding mesh resources */
  public _registerStack(stack: TerraformStack): void {
    this.meshStacks.push(stack);
    for (const aspect of this.stackAspects) Aspects.of(stack).add(aspect);
  }

  /**
   * Runs `hook(outdir)` once per synth, after the stacks are prepared (used to write the
   * catalog and other mesh-wide artifacts next to the stacks).
   */
  public addSynthesisHook(hook: (outdir: string) => void): void {
    this.synthHooks.push(hook);
  }

  /** @internal called by each stack's MeshResources while the stack is synthesized */
  public _synthesize(synthOutdir: string): void {
    const outdir = this.artifactsSubdir ? path.join(synthOutdir, this.artifactsSubdir) : synthOutdir;
    if (this.synthesizedTo.has(outdir)) return;
    this.synthesizedTo.add(outdir);
    // The catalog writers load only when used: `'json'` loads the catalog.json writer alone, `'none'` nothing.
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use */
    if (this.catalog === 'full') {
      const { writeCatalog } = require('../catalog') as typeof import('../catalog');
      // A large catalog's files are written by a worker while the stacks are synthesized.
      const files = this.productsByTopic.size >= BACKGROUND_WRITES_MIN_PRODUCTS ? synthFileWrites() : undefined;
      writeCatalog(
        this.toModel(),
        outdir,
        { connection: connectionOf(this), ...(this.repositoryUrl ? { sourceBase: this.repositoryUrl } : {}) },
        files,
      );
    } else if (this.catalog === 'json') (require('../catalog/json') as typeof import('../catalog/json')).writeCatalogJson(streamModel(this), outdir);
    /* eslint-enable @typescript-eslint/no-require-imports */
    for (const hook of this.synthHooks) hook(outdir);
  }

  /** @internal called by Domain */
  public _registerDomain(domain: IMeshDomain): void {
    const existing = this.domainsByName.get(domain.name);
    if (existing) {
      fail({
        path: domain.node.path,
        field: 'name',
        value: domain.name,
        problem: `is already the name of the domain declared at ${existing.node.path}`,
        fix: 'declare each domain once; compose its products in that one Domain',
      });
    }
    this.domainsByName.set(domain.name, domain);
    this.domainList = undefined;
  }

  /** @internal called by DomainDataProduct */
  public _registerProduct(product: IMeshProduct): void {
    const topic = product.topicName;
    const existing = this.productsByTopic.get(topic);
    if (existing) {
      fail({
        path: product.node.path,
        field: 'topic',
        value: topic,
        problem: `is already declared by ${existing.node.path}`,
        fix: 'give the product another entity name, or a version (`version: 2` makes <topic>.v2)',
      });
    }
    const key = topic.replace(/\./g, '_');
    const colliding = this.topicsByCollisionKey.get(key);
    if (colliding) {
      fail({
        path: product.node.path,
        field: 'topic',
        value: topic,
        problem: `collides with ${colliding}: Kafka refuses topic names that differ only by '.' versus '_'`,
        fix: 'choose an entity name that differs by more than that',
      });
    }
    this.topicsByCollisionKey.set(key, topic);
    this.productsByTopic.set(topic, product);
  }

  /** @internal declares a principal; a second declaration by someone else is an error */
  public declarePrincipal(origin: PrincipalOrigin): void {
    if (!PRINCIPAL.test(origin.principal)) {
      fail({
        path: origin.declaredBy,
        field: 'principal',
        value: origin.principal,
        problem: 'must look like User:<name>',
        fix: "write the principal as 'User:<name>'",
      });
    }
    const existing = this.principals.get(origin.principal);
    this.principalsRevision++;
    if (!existing) {
      this.principals.set(origin.principal, origin);
    } else if (origin.ownsGroupPrefix && (origin.aclOwnerRank ?? 0) > (existing.aclOwnerRank ?? 0)) {
      this.principals.set(origin.principal, {
        ...existing,
        ownsGroupPrefix: origin.ownsGroupPrefix,
        aclOwner: origin.aclOwner,
        aclOwnerRank: origin.aclOwnerRank,
        stack: origin.stack,
      });
    }
  }

  /**
   * The declaration of `acl`'s principal when `acl` is one of that principal's own ACLs (Read on
   * its consumer groups, IdempotentWrite on the cluster), which exactly one stack writes
   * (see MeshResources.effectiveAcls); undefined for every other ACL (the granting stack writes it).
   */
  public principalLevelOrigin(acl: AclSpec): PrincipalOrigin | undefined {
    const origin = this.principals.get(acl.principal);
    const groupPrefix = origin?.ownsGroupPrefix ?? origin?.groupPrefix;
    if (!origin || groupPrefix === undefined || acl.permission !== 'Allow') return undefined;
    const principalLevel = hasPrincipalAclShape(acl) && (acl.resourceType === 'Cluster' || acl.resourceName.startsWith(groupPrefix));
    return principalLevel ? origin : undefined;
  }

  /** @internal */
  public _principalsRevision(): number {
    return this.principalsRevision;
  }

  /** @internal the stacks holding mesh resources, in the order they were created */
  public _stacks(): readonly TerraformStack[] {
    return this.meshStacks;
  }

  /** Throws when a principal is not declared anywhere in the mesh. */
  public requirePrincipal(principal: string, path: string, field: string): void {
    if (this.principals.has(principal)) return;
    throw new MeshValidationError([
      {
        path,
        field,
        value: principal,
        problem: `names the principal ${principal}, which is not declared anywhere in the mesh`,
        fix: `declare it: as a Domain's principal, a ServiceAccount, or in KafkaMesh's principals (known: ${[...this.principals.keys()].sort().join(', ') || 'none'})`,
      },
    ]);
  }

  /**
   * @internal Compares the lock files of stacks that hold no mesh resources (a stack deleted, or
   * one whose last domain moved elsewhere) with what they hold now, nothing: a locked topic that
   * disappeared is refused unless decommissioned somewhere in the mesh. Run by every stack's
   * checks and before every app synth, so it also runs when no stack holds mesh resources.
   */
  public _checkOrphanedLocks(): void {
    const lock = this.lock;
    if (!lock) return;
    const root = this.node.root;
    const stacks = root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    const resources = stacks.map((s) => s.node.tryFindChild(MeshResources.ID)).filter((r): r is MeshResources => r instanceof MeshResources);
    const live = new Set(resources.map((r) => TerraformStack.of(r).node.id));
    const existing = new Set(stacks.map((s) => s.node.id));
    const notBuilt = environmentsNotBuilt(root);
    const decommissioned = new Map<string, { reason: string; path: string }>();
    for (const r of resources) for (const [topic, d] of r._decommissioned()) decommissioned.set(topic, d);
    const errors: MeshErrorDetails[] = [];
    for (const stack of lockedStacks(lock.dir)) {
      if (live.has(stack) || notBuilt.some((env) => stack.endsWith(`-${env}`))) continue;
      const result = compareWithLock(readLock(lock.dir, stack), {
        stack,
        topics: new Map(),
        subjects: new Map(),
        decommissioned,
        declaredElsewhere: (topic) => {
          const product = this.findProduct(topic);
          return product ? TerraformStack.of(product).node.id : undefined;
        },
      });
      errors.push(
        ...result.errors.map((e) =>
          existing.has(stack)
            ? e
            : { ...e, problem: `${e.problem} (stack ${stack} is gone from the app; its lock ${lockFile(lock.dir, stack)} still holds the topic)` },
        ),
      );
      if (!result.errors.length && lock.update)
        afterSuccessfulSynth(() => (existing.has(stack) ? writeLock(lock.dir, result.next) : removeLock(lock.dir, stack)));
    }
    if (errors.length) throw new MeshValidationError(errors);
  }

  /** The mesh as plain data: domains, products, grants and principals (the catalog's source). */
  public toModel(): MeshModel {
    return buildModel(this);
  }
}

/** The stack `scope` is in, or undefined when it is outside every stack (a mesh at the app's root). */
export function stackOf(scope: IConstruct): TerraformStack | undefined {
  for (let cur: IConstruct | undefined = scope; cur; cur = cur.node.scope) if (TerraformStack.isStack(cur)) return cur;
  return undefined;
}
