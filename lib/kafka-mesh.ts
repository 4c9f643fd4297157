import * as path from 'path';
import { App, Aspects, IAspect, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { z } from 'zod';
import { fail, MeshErrorDetails, MeshValidationError } from './errors';
import { compareWithLock, lockedStacks, lockFile, readLock, removeLock, writeLock } from './lock';
import type { AclSpec } from './grants';
import { PRINCIPAL } from './naming';
import type { Domain } from './domain';
import type { DomainDataProduct } from './data-product';
import type { IApplication, MeshModel } from './model';
import { connectionOf, writeCatalog, writeCatalogJson } from './catalog';
import { TopicDefaults } from './topic-config';
import { intRange, nonEmpty, validateProps, withFix, withSecretFix } from './validation';
import { NO_SECRETS_HERE } from './secrets';
import { afterSuccessfulSynth, installAtomicSynth } from './private/atomic-synth';

/** Where a secret comes from. Secrets never appear in the synthesized configuration. */
export type SecretSource =
  /** Read by the provider from its own environment variable at plan and apply time. */
  | { readonly fromEnv: true }
  /** A sensitive Terraform variable, set with `TF_VAR_<name>` or a `.tfvars` file. */
  | { readonly variable: string };

export const SASL_MECHANISMS = ['plain', 'scram-sha256', 'scram-sha512'] as const;

export interface KafkaClusterProps {
  /** Broker addresses, `host:port`. */
  readonly bootstrapServers: string[];
  /** TLS to the brokers. @default true */
  readonly tls?: boolean;
  /** Skip verifying the brokers' TLS certificates (never in production). @default false */
  readonly skipTlsVerify?: boolean;
  /** SASL authentication of the Terraform provider. @default none */
  readonly sasl?: {
    readonly mechanism: (typeof SASL_MECHANISMS)[number];
    readonly username: string;
    /**
     * The password. `{ fromEnv: true }` lets the provider read `KAFKA_SASL_PASSWORD`;
     * `{ variable: 'kafka_sasl_password' }` declares a sensitive variable.
     * @default { fromEnv: true }
     */
    readonly password?: SecretSource;
  };
  /**
   * Kafka protocol version the provider speaks. Set it to the brokers' version: below 3.0 the mesh
   * also writes IdempotentWrite on the cluster, which Write on a topic implies from Kafka 3.0 on.
   * @default '2.7.0' (the provider's default; the mesh then assumes brokers of Kafka 3.0 or later)
   */
  readonly kafkaVersion?: string;
  /** Seconds the provider waits for operations. @default the provider's default (120) */
  readonly timeoutSeconds?: number;
}

/** The Terraform provider that registers schema subjects. */
export type SchemaRegistryBackend = 'restapi' | 'cultureamp';

export interface SchemaRegistryProps {
  /** The registry's URL, e.g. `https://registry.example.com`. */
  readonly url: string;
  /** Basic-auth user name. @default none */
  readonly username?: string;
  /**
   * Basic-auth password. `{ fromEnv: true }` lets the provider read it from the environment:
   * `REST_API_PASSWORD` with the default `restapi` backend, `SCHEMA_REGISTRY_PASSWORD` with
   * `cultureamp`. @default { fromEnv: true } when a username is set
   */
  readonly password?: SecretSource;
  /**
   * The provider that registers subjects. `'restapi'` (Mastercard/restapi 1.20.0) speaks the
   * Confluent REST API and registers Avro, JSON Schema and Protobuf, with references:
   * `restapi_object.subject["<subject>"]` (protected), `restapi_object.subject_unprotected[...]`
   * and the subject's compatibility level in `restapi_object.subject_compatibility[...]`.
   * `'cultureamp'` (cultureamp/schemaregistry 1.6.0) registers Avro and JSON Schema only, as
   * `schemaregistry_schema.protected["<subject>"]`; its provider cannot be built from the Go
   * module proxy, so it is opt-in.
   * @default 'restapi'
   */
  readonly provider?: SchemaRegistryBackend;
  /**
   * Moves a mesh that was deployed with the cultureamp backend to `restapi` without touching the
   * registry: every `schemaregistry_schema` instance is removed from the state only (a `removed`
   * block with `destroy = false`), and the restapi objects register the same schemas again,
   * which the registry answers with the existing versions (registration is idempotent). Keep it
   * for one deploy of every stack, then drop it. Needs the cultureamp provider for that deploy.
   * @default none
   */
  readonly migrateFrom?: 'cultureamp';
}

/** A principal the platform declares as existing, without a domain (a service, a team tool). */
export interface PrincipalDeclaration {
  /** `User:<name>`. */
  readonly principal: string;
  /** What it is, for the catalog. */
  readonly description: string;
}

export interface KafkaMeshProps {
  /** How Terraform reaches the Kafka cluster. */
  readonly cluster: KafkaClusterProps;
  /** How Terraform reaches the schema registry. @default none: products may not declare schemas */
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
   * and every published schema version. Synth then refuses changes that lose data (a topic
   * removed without `decommission`, a partition decrease, a topic moved between stacks) and
   * schema changes incompatible with any published version the compatibility level covers.
   * `update: true` (or the environment variable `MESH_LOCK=update`, as `npm run lock` sets)
   * writes the lock once the checks pass. @default none: no lock checks
   */
  readonly lock?: { readonly dir: string; readonly update?: boolean };
  /**
   * What every synth writes under `<outdir>/catalog/`: `'full'` the catalog, data contracts,
   * AsyncAPI, Backstage entities, lineage and the HTML catalog; `'json'` only catalog.json (the
   * mesh model, for review tools); `'none'` nothing. `npm run catalog` writes the full catalog
   * whatever this says. The environment variable `MESH_CATALOG` overrides it.
   * @default 'full'
   */
  readonly catalog?: 'full' | 'json' | 'none';
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

const propsSchema = withSecretFix(z.object({
  cluster: z
    .object({
      bootstrapServers: withFix(
        z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, { error: 'must be host:port addresses' }), { error: 'must be a list of host:port addresses' }).min(1, { error: 'must list at least one broker' }),
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
      kafkaVersion: z.string().regex(/^\d+\.\d+\.\d+$/, { error: 'must be a version like 3.9.0' }).optional(),
      timeoutSeconds: intRange(1, 3600).optional(),
    })
    .strict(),
  schemaRegistry: z
    .object({
      url: z.url({ error: 'must be an http(s) URL' }),
      username: nonEmpty().optional(),
      password: secretSchema.optional(),
      provider: withFix(z.enum(['restapi', 'cultureamp'], { error: "must be 'restapi' or 'cultureamp'" }), "leave it unset for 'restapi', the default").optional(),
      migrateFrom: withFix(z.literal('cultureamp', { error: "must be 'cultureamp'" }), 'set it only while moving a mesh deployed with the cultureamp backend').optional(),
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
      partitionScale: z.number({ error: 'must be a number' }).positive({ error: 'must be a positive factor' }).max(100, { error: 'must be at most 100' }).optional(),
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
  lock: z.object({ dir: nonEmpty(), update: z.boolean().optional() }).strict().optional(),
  catalog: z.enum(['full', 'json', 'none'], { error: "must be 'full', 'json' or 'none'" }).optional(),
  artifactsSubdir: z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, { error: 'must be a relative folder path' }).optional(),
}), meshSecretFix);

/** Who declared a principal: a domain, a service account, or the mesh's own list. */
export interface PrincipalOrigin {
  readonly principal: string;
  readonly declaredBy: string;
  readonly description?: string;
  /**
   * Set when the declaring construct writes the principal's own ACLs in its own stack: Read on
   * its consumer groups under this prefix, and IdempotentWrite on the cluster. Grants elsewhere
   * then leave those ACLs out, so that no two stacks manage the same ACL. When a Domain and a
   * ServiceAccount both declare a principal, the Domain writes them.
   */
  readonly ownsGroupPrefix?: string;
  /** Path of the construct that writes the principal's own ACLs (with `ownsGroupPrefix`). */
  readonly aclOwner?: string;
  /** @internal precedence of the ACL owner: a Domain (2) over a ServiceAccount (1) */
  readonly aclOwnerRank?: number;
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
export class KafkaMesh extends Construct {
  /** The mesh of the app `scope` belongs to. */
  public static of(scope: IConstruct): KafkaMesh {
    for (let cur: IConstruct | undefined = scope; cur; cur = cur.node.scope) {
      if (cur instanceof KafkaMesh) return cur;
      const found = cur.node.children.find((c): c is KafkaMesh => c instanceof KafkaMesh);
      if (found) return found;
    }
    return fail({
      path: scope.node.path || '(root)',
      field: 'scope',
      problem: 'has no KafkaMesh in its app',
      fix: "create one first at the app's root: new KafkaMesh(app, 'mesh', { cluster: { bootstrapServers: [...] } })",
    });
  }

  public readonly cluster: KafkaClusterProps;
  public readonly schemaRegistry?: SchemaRegistryProps;
  public readonly topicDefaults: TopicDefaults;
  public readonly backend?: (stack: TerraformStack) => void;
  public readonly lock?: { readonly dir: string; readonly update: boolean };
  public readonly catalog: 'full' | 'json' | 'none';
  public readonly artifactsSubdir?: string;

  private readonly domainsByName = new Map<string, Domain>();
  private readonly productsByTopic = new Map<string, DomainDataProduct>();
  private readonly topicsByCollisionKey = new Map<string, string>();
  private readonly principals = new Map<string, PrincipalOrigin>();
  private readonly apps: IApplication[] = [];
  private readonly synthHooks: Array<(outdir: string) => void> = [];
  private readonly meshStacks: TerraformStack[] = [];
  private readonly stackAspects: IAspect[] = [];
  private readonly synthesizedTo = new Set<string>();

  constructor(scope: Construct, id: string, props: KafkaMeshProps) {
    super(scope, id);
    const p = validateProps(propsSchema, props, this.node.path);
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
    this.backend = props.backend;
    const catalogEnv = process.env.MESH_CATALOG;
    this.catalog = catalogEnv === 'full' || catalogEnv === 'json' || catalogEnv === 'none' ? catalogEnv : (p.catalog ?? 'full');
    if (p.lock) this.lock = { dir: p.lock.dir, update: p.lock.update ?? process.env.MESH_LOCK === 'update' };
    for (const decl of p.principals ?? []) this.declarePrincipal({ principal: decl.principal, declaredBy: this.node.path, description: decl.description });
    // A refused synth leaves the previous output as it was: see lib/private/atomic-synth.ts.
    const root = this.node.root;
    if (App.isApp(root)) installAtomicSynth(root, () => this._checkOrphanedLocks());
  }

  /** Every domain, in the order they were declared. */
  public get domains(): Domain[] {
    return [...this.domainsByName.values()];
  }

  /** Every data product (shared topics included), in the order they were declared. */
  public get products(): DomainDataProduct[] {
    return [...this.productsByTopic.values()];
  }

  public findDomain(name: string): Domain | undefined {
    return this.domainsByName.get(name);
  }

  public findProduct(topic: string): DomainDataProduct | undefined {
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
    if (this.catalog === 'full') writeCatalog(this.toModel(), outdir, { connection: connectionOf(this) });
    else if (this.catalog === 'json') writeCatalogJson(this.toModel(), outdir);
    for (const hook of this.synthHooks) hook(outdir);
  }

  /** @internal called by Domain */
  public _registerDomain(domain: Domain): void {
    const existing = this.domainsByName.get(domain.name);
    if (existing) {
      fail({ path: domain.node.path, field: 'name', value: domain.name, problem: `is already the name of the domain declared at ${existing.node.path}`, fix: 'declare each domain once; compose its products in that one Domain' });
    }
    this.domainsByName.set(domain.name, domain);
  }

  /** @internal called by DomainDataProduct */
  public _registerProduct(product: DomainDataProduct): void {
    const topic = product.topicName;
    const existing = this.productsByTopic.get(topic);
    if (existing) {
      fail({ path: product.node.path, field: 'topic', value: topic, problem: `is already declared by ${existing.node.path}`, fix: 'give the product another entity name, or a version (`version: 2` makes <topic>.v2)' });
    }
    const key = topic.replace(/\./g, '_');
    const colliding = this.topicsByCollisionKey.get(key);
    if (colliding) {
      fail({ path: product.node.path, field: 'topic', value: topic, problem: `collides with ${colliding}: Kafka refuses topic names that differ only by '.' versus '_'`, fix: 'choose an entity name that differs by more than that' });
    }
    this.topicsByCollisionKey.set(key, topic);
    this.productsByTopic.set(topic, product);
  }

  /** @internal declares a principal; a second declaration by someone else is an error */
  public declarePrincipal(origin: PrincipalOrigin): void {
    if (!PRINCIPAL.test(origin.principal)) {
      fail({ path: origin.declaredBy, field: 'principal', value: origin.principal, problem: 'must look like User:<name>', fix: "write the principal as 'User:<name>'" });
    }
    const existing = this.principals.get(origin.principal);
    if (!existing) {
      this.principals.set(origin.principal, origin);
    } else if (origin.ownsGroupPrefix && (origin.aclOwnerRank ?? 0) > (existing.aclOwnerRank ?? 0)) {
      this.principals.set(origin.principal, { ...existing, ownsGroupPrefix: origin.ownsGroupPrefix, aclOwner: origin.aclOwner, aclOwnerRank: origin.aclOwnerRank });
    }
  }

  /**
   * Who writes `acl` when it is a principal-level ACL (Read on the principal's consumer groups,
   * IdempotentWrite on the cluster) of a principal whose declaring construct writes those:
   * that construct's path. Undefined for every other ACL (the granting stack writes it).
   */
  public principalAclOwner(acl: AclSpec): string | undefined {
    const origin = this.principals.get(acl.principal);
    if (origin?.ownsGroupPrefix === undefined || acl.permission !== 'Allow') return undefined;
    const principalLevel =
      (acl.resourceType === 'Cluster' && acl.operation === 'IdempotentWrite') ||
      (acl.resourceType === 'Group' && acl.operation === 'Read' && acl.resourceName.startsWith(origin.ownsGroupPrefix));
    return principalLevel ? origin.aclOwner : undefined;
  }

  /** Throws when a principal is not declared anywhere in the mesh. */
  public requirePrincipal(principal: string, path: string, field: string): void {
    if (this.principals.has(principal)) return;
    throw new MeshValidationError([
      {
        path, field, value: principal,
        problem: 'is not declared anywhere in the mesh',
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
    // Loaded lazily to keep the module graph acyclic.
    const { MeshResources } = require('./mesh-resources') as typeof import('./mesh-resources');
    const { environmentsNotBuilt } = require('./environment') as typeof import('./environment');
    const root = this.node.root;
    const stacks = root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    const resources = stacks.map((s) => s.node.tryFindChild(MeshResources.ID)).filter((r): r is import('./mesh-resources').MeshResources => r instanceof MeshResources);
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
      errors.push(...result.errors.map((e) => (existing.has(stack) ? e : { ...e, problem: `${e.problem} (stack ${stack} is gone from the app; its lock ${lockFile(lock.dir, stack)} still holds the topic)` })));
      if (!result.errors.length && lock.update) afterSuccessfulSynth(() => (existing.has(stack) ? writeLock(lock.dir, result.next) : removeLock(lock.dir, stack)));
    }
    if (errors.length) throw new MeshValidationError(errors);
  }

  /** The mesh as plain data: domains, products, grants and principals (the catalog's source). */
  public toModel(): MeshModel {
    // Loaded lazily to keep the module graph acyclic.
    const { buildModel } = require('./model') as typeof import('./model');
    return buildModel(this);
  }
}
