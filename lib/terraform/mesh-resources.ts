import { Annotations, Aspects, IAspect, Lazy, TerraformLocal, TerraformStack, TerraformVariable } from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct, IConstruct } from 'constructs';
import { checkAll, fail, MeshErrorDetails, MeshValidationError } from '../errors';
import { AclSpec, aclKey, beforeKafka3, coveredBy, hasPrincipalAclShape, withoutImplied } from '../model/grants';
import type { SchemaRegistryBackend } from '../model/connection';
import { meshContextOf, MeshContext } from './context';
import { compareWithLock, createLock, CurrentSubject, LockedTopic, lockFile, publishedVersions, readLock, writeLock } from '../lock/lock';
import { afterSuccessfulSynth, inAppSynth } from '../private/atomic-synth';
import { withoutTokenTraces } from '../private/token-traces';
import { LOCK_COMMAND } from '../private/project-root';
import { flattenReferences, parseSchema } from '../compat';
import type { CompatibilityLevel, ResolvedReference } from '../compat';
import { policyOf } from '../governance/state';
import { resolveReferences, SchemaType } from '../model/schema';
import { BlockAttributes, MeshProviderBlock, MeshResourceBlock, ProviderRequirement } from './mesh-block';
import { KAFKA_PROVIDER, RESTAPI_PROVIDER, SCHEMAREGISTRY_PROVIDER } from './providers';

import type { Protection } from '../model/model';
import type {
  DecommissionDeclaration,
  QuotaDeclaration,
  ScramCredentialDeclaration,
  SubjectDeclaration,
  TopicDeclaration,
} from '../model/declarations';
import { nameKeyed } from '../model/records';

export type { Protection } from '../model/model';

/*
 * The Terraform attribute names live here and nowhere else: constructs declare camelCase records
 * (lib/model/declarations.ts), and these turn them into the entries of the for_each blocks.
 */
/** A topic's entry in `kafka_topic.<block>`. */
interface TopicEntry {
  readonly partitions: number;
  readonly replication_factor: number;
  readonly config: Record<string, string>;
}

/** A subject's entry in `schemaregistry_schema.<block>` (the cultureamp backend). */
interface SchemaEntry {
  readonly schema: string;
  readonly schema_type: SchemaType;
  readonly compatibility_level: CompatibilityLevel;
  /** Absent when the schema references nothing. */
  readonly references?: { name: string; subject: string; version: number }[];
}

const topicEntry = (t: TopicDeclaration): TopicEntry => ({ partitions: t.partitions, replication_factor: t.replicationFactor, config: t.config });

const schemaEntry = (s: SubjectDeclaration): SchemaEntry => ({
  schema: s.schema,
  schema_type: s.type,
  compatibility_level: s.compatibility,
  ...(s.references?.length ? { references: s.references.map((r) => ({ name: r.name, subject: r.subject, version: r.version })) } : {}),
});

/** A quota's config in `kafka_quota.user`: Kafka's own quota names, in a fixed order. */
function quotaConfig(q: QuotaDeclaration): Record<string, number> {
  const config: Record<string, number> = {};
  if (q.producerByteRate !== undefined) config.producer_byte_rate = q.producerByteRate;
  if (q.consumerByteRate !== undefined) config.consumer_byte_rate = q.consumerByteRate;
  if (q.requestPercentage !== undefined) config.request_percentage = q.requestPercentage;
  return config;
}

/*
 * Attributes read the instance with plain `each.key` / `each.value.<x>` expressions: the blocks
 * are plain JSON (see mesh-block.ts).
 */
const EACH_KEY = '${each.key}';
const each = (attribute: string): string => `\${each.value.${attribute}}`;

const BLOCKS: Record<Protection, string> = { protected: 'protected', unprotected: 'unprotected' };
/** Block names of the restapi backend: `restapi_object.subject["sales.orders-value"]` for a protected subject. */
const RESTAPI_BLOCKS: Record<Protection, string> = { protected: 'subject', unprotected: 'subject_unprotected' };
/**
 * A registry refuses a schema whose references are not registered yet, and Terraform orders the
 * instances of one block in no way: a subject referencing another subject of its own stack goes
 * in a second tier of blocks (`restapi_object.subject_referencing[...]`), applied after the first.
 */
const RESTAPI_TIERS = ['', '_referencing'] as const;
type Tier = 0 | 1;
const restapiBlock = (protection: Protection, tier: Tier) => `${RESTAPI_BLOCKS[protection]}${RESTAPI_TIERS[tier]}`;
const RESTAPI_DECOMMISSIONED = 'subject_decommissioned';
const RESTAPI_COMPATIBILITY_BLOCK = 'subject_compatibility';
const SCHEMA_REGISTRY_MEDIA_TYPE = 'application/vnd.schemaregistry.v1+json';
/** What the `moved` override resolves to while the stack's JSON is built (see spliceIntoStackJson). */
const MOVED_MARKER = 'kafka-mesh:moved';

/**
 * The Terraform a stack's mesh constructs write, collected per stack and emitted as a few
 * `for_each` resources whose instance keys are the Kafka names:
 *
 * - `kafka_topic.protected["sales.orders"]` (with `prevent_destroy`) and `kafka_topic.unprotected[...]`
 * - `schemaregistry_schema.protected["sales.orders-value"]` and `...unprotected[...]`
 * - `kafka_acl.allow["User:marketing Read Topic:sales.orders"]`
 * - `kafka_quota.user["analytics"]`, `kafka_user_scram_credential.user["analytics SCRAM-SHA-512"]`
 *
 * Addresses depend only on those names, never on construct paths, so moving a construct or
 * renaming a variable changes no address. Moving an object between `protected` and
 * `unprotected` is written as a `moved` block, so it never destroys anything.
 *
 * One instance per stack, created on first use by {@link MeshResources.of}.
 */
export class MeshResources extends Construct {
  public static readonly ID = 'kafka-mesh';

  public static of(scope: IConstruct): MeshResources {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(MeshResources.ID);
    if (existing !== undefined && !(existing instanceof MeshResources)) {
      fail({
        path: existing.node.path,
        field: 'id',
        value: MeshResources.ID,
        problem: 'is the id the mesh keeps for its resources in each stack',
        fix: 'give the construct another id',
      });
    }
    return existing ?? withoutTokenTraces(() => new MeshResources(stack, MeshResources.ID));
  }

  public readonly mesh: MeshContext;
  private readonly stack: TerraformStack;
  private readonly topics = new Map<string, TopicDeclaration>();
  private readonly schemas = new Map<string, SubjectDeclaration>();
  /** Subjects registered outside Terraform: checked against the lock, not emitted. */
  private readonly externalSchemas = new Map<string, SubjectDeclaration>();
  /** The subjects of `schemas` that reference a subject, by that subject. */
  private readonly referrers = new Map<string, string[]>();
  private readonly acls = new Map<string, AclSpec>();
  /** The entries of `acls` shaped like a principal's own ACL: the only ones another stack may write instead. */
  private readonly principalShapedAcls = new Map<string, AclSpec>();
  private readonly quotas = new Map<string, QuotaDeclaration>();
  private readonly scram = new Map<string, ScramCredentialDeclaration>();
  private readonly checks: Array<() => void> = [];
  private readonly decommissioned = new Map<string, DecommissionDeclaration>();
  /** Which resource blocks (and the registry provider) exist already. */
  private readonly blocks = new Set<string>();
  private readonly variables = new Map<string, TerraformVariable>();
  /** The literal values of this stack (for_each maps, the mesh's blocks), by the marker they resolve to while spliced. */
  private readonly literals = new Map<string, () => Record<string, unknown>>();
  private splicing = false;

  private constructor(stack: TerraformStack, id: string) {
    super(stack, id);
    this.stack = stack;
    this.mesh = meshContextOf(stack);
    this.mesh._registerStack(stack);
    this.mesh.backend?.(stack);
    this.createKafkaProvider();
    // Whole-mesh checks run as an aspect: cdktf invokes aspects on every synth, before any file
    // is written, whether or not validation is skipped.
    const check: IAspect = {
      visit: (node) => {
        if (node === stack) this.runChecks();
      },
    };
    Aspects.of(stack).add(check);
    addCustomSynthesis(this, { onSynthesize: (session) => this.mesh._synthesize(session.outdir) });
    stack.addOverride(
      'moved',
      Lazy.anyValue({
        produce: () => {
          if (this.splicing) return MOVED_MARKER;
          const moves = this.movedBlocks();
          return moves.length ? moves : undefined;
        },
      }),
    );
    this.spliceIntoStackJson(stack);
  }

  /**
   * The stack's largest values (the `for_each` maps, the `moved` blocks) and the mesh's own
   * provider and resource blocks are plain JSON the mesh computes itself, and cdktf's token
   * resolution walks every value of a stack twice (every string of it searched for tokens): at
   * 20,000 products that walk was most of the synth. While the stack's JSON is built, they
   * resolve to marker strings; the plain values then replace the markers in the resolved JSON,
   * which is the same JSON either way. Anything else that resolves the stack (`toHclTerraform`)
   * still gets the values themselves.
   */
  private spliceIntoStackJson(stack: TerraformStack): void {
    const toTerraform = stack.toTerraform.bind(stack);
    stack.toTerraform = () => {
      this.splicing = true;
      let tf: {
        locals?: Record<string, unknown>;
        resource?: Record<string, Record<string, unknown>>;
        provider?: Record<string, unknown[]>;
        moved?: unknown;
      };
      // A value that an escape hatch replaced is not this stack's marker, and stays.
      try {
        tf = toTerraform();
      } finally {
        this.splicing = false;
      }
      const splice = (value: unknown) => (typeof value === 'string' ? this.literals.get(value)?.() : undefined);
      // The maps are local values (see forEachLocal), named by the blocks' for_each.
      for (const values of [tf.locals ?? {}, ...Object.values(tf.resource ?? {})]) {
        for (const [name, value] of Object.entries(values)) {
          const literal = splice(value);
          if (literal !== undefined) values[name] = literal;
        }
      }
      for (const list of Object.values(tf.provider ?? {})) list.forEach((value, i) => (list[i] = splice(value) ?? value));
      if (tf.moved === MOVED_MARKER) {
        const moves = this.movedBlocks();
        if (moves.length) tf.moved = moves;
        else delete tf.moved;
      }
      return tf;
    };
  }

  /**
   * A value of literals produced at synth (a `for_each` map, a block of the mesh): spliced into
   * the stack's JSON ({@link spliceIntoStackJson}). cdktf resolves a stack once more while
   * preparing it, only to discover cross-stack references; literals hold none, so that pass
   * gets an empty object.
   */
  private literal<T>(produce: () => Record<string, T>): Record<string, unknown> {
    const marker = `kafka-mesh:literal:${this.literals.size}`;
    this.literals.set(marker, produce);
    return Lazy.anyValue({
      produce: (context) => (context.preparing ? {} : this.splicing ? marker : produce()),
    }) as unknown as Record<string, unknown>;
  }

  /**
   * The addresses of this stack's topic and ACL blocks, for resources that must wait for them
   * (a connector must not start before its topics and its principal's ACLs exist).
   */
  public kafkaBlockAddresses(): string[] {
    const out: string[] = [];
    if (this.blocks.has('topic-protected')) out.push('kafka_topic.protected');
    if (this.blocks.has('topic-unprotected')) out.push('kafka_topic.unprotected');
    if (this.blocks.has('acl')) out.push('kafka_acl.allow');
    return out;
  }

  /** Registers a check that needs the whole mesh (run at synth, before anything is written). */
  public defer(check: () => void): void {
    this.checks.push(check);
  }

  /** Adds a topic. */
  public addTopic(topic: TopicDeclaration): void {
    const { name, path } = topic;
    const existing = this.topics.get(name);
    if (existing)
      fail({ path, field: 'topic', value: name, problem: `is already declared in this stack by ${existing.path}`, fix: 'declare each topic once' });
    this.topics.set(name, topic);
    this.ensureTopicBlock(topic.protection);
  }

  /**
   * Keeps the protected blocks present even while the stack has no protected object, so that
   * Terraform refuses to destroy one whose declaration was deleted (`prevent_destroy` applies to
   * every instance of a block that exists).
   */
  public protectDomain(): void {
    this.ensureTopicBlock('protected');
    if (this.mesh.schemaRegistry) this.ensureSchemaBlock('protected');
  }

  /**
   * Removes a protected topic (and its subjects) on purpose: a `moved` block sends it out of the
   * protected block to `decommissioned`, which declares nothing, so Terraform destroys it.
   */
  public decommission(decommission: DecommissionDeclaration): void {
    const { topic, path } = decommission;
    if (this.decommissioned.has(topic))
      fail({ path, field: 'decommission', value: topic, problem: 'is already decommissioned in this stack', fix: 'decommission each topic once' });
    this.decommissioned.set(topic, decommission);
    this.defer(() => {
      const product = this.mesh.findProduct(topic);
      if (product)
        fail({
          path,
          field: 'decommission',
          value: topic,
          problem: `names a topic that ${product.node.path} still declares`,
          fix: 'delete the product, or drop the decommission',
        });
    });
  }

  /**
   * Adds a schema subject. With `registration: 'external'` the subject is checked against the
   * mesh lock like any other, but no Terraform resource registers it.
   */
  public addSchema(declaration: SubjectDeclaration): void {
    const { subject, path } = declaration;
    if (declaration.registration === 'external') {
      this.externalSchemas.set(subject, declaration);
      return;
    }
    if (!this.mesh.schemaRegistry) {
      fail({
        path,
        field: 'valueSchema',
        problem: 'needs a schema registry, and the mesh has none',
        fix: 'set schemaRegistry: { url: ... } on the KafkaMesh',
      });
    }
    if (declaration.type === 'PROTOBUF' && this.schemaBackend === 'cultureamp') {
      fail({
        path,
        field: subject.endsWith('-key') ? 'keySchema' : 'valueSchema',
        value: subject,
        problem: 'is a Protobuf schema, which the cultureamp backend cannot register (its schema attribute takes JSON text only)',
        fix: "use the default restapi backend (drop schemaRegistry.provider: 'cultureamp'), or declare Schema.protobuf(source, { registration: 'external' })",
      });
    }
    const existing = this.schemas.get(subject);
    if (existing)
      fail({
        path,
        field: 'subject',
        value: subject,
        problem: `is already declared in this stack by ${existing.path}`,
        fix: 'declare each subject once',
      });
    this.schemas.set(subject, declaration);
    this.ensureSchemaBlock(declaration.protection);
    if (this.schemaBackend !== 'restapi') return;
    // Only the new subject, and those of this stack that reference it, can have moved to tier 1
    // (checked in the order they were added: a pass over every subject was quadratic in a stack's).
    for (const ref of declaration.references ?? []) {
      const list = this.referrers.get(ref.subject);
      if (list) list.push(subject);
      else this.referrers.set(ref.subject, [subject]);
    }
    for (const key of [...(this.referrers.get(subject) ?? []), subject]) {
      const owned = this.schemas.get(key);
      if (owned && this.tier(key) === 1) this.ensureSchemaBlock(owned.protection, 1);
    }
  }

  /**
   * The tier of a subject registered through restapi: 1 when it references a subject this stack
   * registers too (so it must wait for it), else 0. A chain of such references is refused at
   * synth ({@link checkReferenceTiers}).
   */
  private tier(subject: string): Tier {
    const refs = this.schemas.get(subject)?.references ?? [];
    return refs.some((r) => this.schemas.has(r.subject)) ? 1 : 0;
  }

  private checkReferenceTiers(): void {
    if (this.schemaBackend !== 'restapi') return;
    for (const [subject, owned] of this.schemas) {
      if (this.tier(subject) === 0) continue;
      const deep = (owned.references ?? []).find((r) => this.tier(r.subject) === 1);
      if (deep) {
        fail({
          path: owned.path,
          field: 'references',
          value: deep.subject,
          problem: `names a subject of this stack that itself references another subject of this stack (${subject} -> ${deep.subject} -> ...): the registry needs each registered before the next, and one stack orders at most one level`,
          fix: `declare the shared type ${deep.subject} references in another stack (a common domain, deployed first), or reference its own dependency directly`,
        });
      }
    }
  }

  /** Adds ACLs (a grant's, or a principal's own access); each is written once however often it is asked for. */
  public addAcls(acls: readonly AclSpec[]): void {
    aclRevision++;
    for (const acl of acls) {
      const key = aclKey(acl);
      if (this.acls.has(key)) continue;
      this.acls.set(key, acl);
      if (hasPrincipalAclShape(acl)) this.principalShapedAcls.set(key, acl);
    }
    this.ensureAclResources();
  }

  public addQuota(quota: QuotaDeclaration): void {
    const { user, path } = quota;
    if (this.quotas.has(user))
      fail({ path, field: 'quota', value: user, problem: 'is already set in this stack', fix: 'declare one quota per principal' });
    this.quotas.set(user, quota);
    this.once('quota', () => {
      const forEach = this.forEachLocal('kafka_quota_user', () => sortedRecord(this.quotas, quotaConfig));
      this.resourceBlock('quota', 'kafka_quota', 'user', () => ({
        for_each: forEach,
        entity_name: EACH_KEY,
        entity_type: 'user',
        config: '${each.value}',
      }));
    });
  }

  public addScramCredential(credential: ScramCredentialDeclaration): void {
    const { username, mechanism, path } = credential;
    const key = `${username} ${mechanism}`;
    if (this.scram.has(key))
      fail({ path, field: 'scram', value: key, problem: 'is already declared in this stack', fix: 'declare each credential once' });
    this.variable(credential.passwordVariable, `SCRAM password of ${username}`);
    this.scram.set(key, credential);
    this.once('scram', () => {
      const forEach = this.forEachLocal('kafka_user_scram_credential_user', () =>
        sortedRecord(this.scram, (s) => ({ username: s.username, mechanism: s.mechanism, version: s.passwordVersion })),
      );
      this.resourceBlock('scram', 'kafka_user_scram_credential', 'user', () => ({
        for_each: forEach,
        username: each('username'),
        scram_mechanism: each('mechanism'),
        password_wo_version: each('version'),
        // Each credential reads its own sensitive variable: a lookup keyed by the instance key.
        password_wo: `\${${this.passwordLookup()}[each.key]}`,
      }));
    });
  }

  /** A sensitive variable of this stack (created once). */
  public variable(name: string, description: string): TerraformVariable {
    let v = this.variables.get(name);
    if (!v) {
      v = new TerraformVariable(this.stack, name, { type: 'string', sensitive: true, nullable: false, description });
      v.overrideLogicalId(name);
      this.variables.set(name, v);
    }
    return v;
  }

  private passwordLookup(): string {
    const entries = [...this.scram.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, s]) => `${JSON.stringify(key)} = var.${s.passwordVariable}`);
    return `{ ${entries.join(', ')} }`;
  }

  /**
   * The iterator of a `for_each` block whose entries are a local value of the stack, named after
   * the block (`for_each = local.kafka_topic_protected` for `kafka_topic.protected`). OpenTofu
   * and Terraform evaluate a block's `for_each` expression again for every instance they plan: a
   * literal map in the block costs instances x entries (in JSON every string of it is parsed as a
   * template each time), which made a no-op plan of 100 products' stack spend 6 s of CPU in tofu;
   * a local is evaluated once. {@link forEachEntries} reads the entries back.
   */
  private forEachLocal(name: string, produce: () => Record<string, unknown>): string {
    const local = new TerraformLocal(this, `for-each-${name}`, this.literal(produce));
    local.overrideLogicalId(name);
    return `\${local.${name}}`;
  }

  /** A resource block of the mesh (plain JSON: see mesh-block.ts), `<type>.<name>`. */
  private resourceBlock(id: string, type: string, name: string, attributes: () => BlockAttributes): MeshResourceBlock {
    return new MeshResourceBlock(this, id, { type, name }, attributes, (body) => this.literal(body));
  }

  /** A provider block of the mesh (plain JSON: see mesh-block.ts). */
  private providerBlock(id: string, requirement: ProviderRequirement, attributes: () => BlockAttributes): MeshProviderBlock {
    return new MeshProviderBlock(this, id, requirement, attributes, (body) => this.literal(body));
  }

  /** The expression of a sensitive variable of this stack (created once): `${var.<name>}`. */
  private variableExpression(name: string, description: string): string {
    this.variable(name, description);
    return `\${var.${name}}`;
  }

  private createKafkaProvider(): void {
    const c = this.mesh.cluster;
    const password = c.sasl?.password;
    const saslPassword =
      password && 'variable' in password ? this.variableExpression(password.variable, 'SASL password of the Terraform provider') : undefined;
    this.providerBlock('kafka', KAFKA_PROVIDER, () => ({
      bootstrap_servers: [...c.bootstrapServers],
      tls_enabled: c.tls ?? true,
      skip_tls_verify: c.skipTlsVerify,
      sasl_mechanism: c.sasl?.mechanism,
      sasl_username: c.sasl?.username,
      sasl_password: saslPassword,
      kafka_version: c.kafkaVersion,
      timeout: c.timeoutSeconds,
    }));
  }

  /**
   * Creates the block `id` on first use. Its tokens are the library's own: created without a
   * stack trace (see withoutTokenTraces).
   */
  private once(id: string, create: () => void): void {
    if (this.blocks.has(id)) return;
    this.blocks.add(id);
    withoutTokenTraces(create);
  }

  private ensureTopicBlock(protection: Protection): void {
    this.once(`topic-${protection}`, () => {
      const forEach = this.forEachLocal(`kafka_topic_${BLOCKS[protection]}`, () => this.entries(this.topics, protection, topicEntry));
      this.resourceBlock(`topic-${protection}`, 'kafka_topic', BLOCKS[protection], () => ({
        for_each: forEach,
        name: EACH_KEY,
        partitions: each('partitions'),
        replication_factor: each('replication_factor'),
        config: '${each.value.config}',
        lifecycle: { prevent_destroy: protection === 'protected' },
      }));
    });
  }

  private ensureSchemaBlock(protection: Protection, tier: Tier = 0): void {
    const id = `schema-${protection}${tier ? `-${tier}` : ''}`;
    this.once(id, () => {
      if (this.schemaBackend === 'cultureamp') this.cultureampSchemaBlock(protection);
      else this.restapiSchemaBlock(protection, tier, id);
    });
  }

  /** The backend registering this mesh's subjects (see SchemaRegistryProps.provider). */
  private get schemaBackend(): SchemaRegistryBackend {
    return this.mesh.schemaRegistry?.provider ?? 'restapi';
  }

  private registryPassword(): string | undefined {
    const password = this.mesh.schemaRegistry!.password;
    return password && 'variable' in password ? this.variableExpression(password.variable, 'Password of the schema registry') : undefined;
  }

  private cultureampProvider(): void {
    this.once('registry-cultureamp', () => {
      const r = this.mesh.schemaRegistry!;
      const password = this.registryPassword();
      this.providerBlock('schemaregistry', SCHEMAREGISTRY_PROVIDER, () => ({
        schema_registry_url: r.url,
        username: r.username,
        password,
      }));
    });
  }

  private cultureampSchemaBlock(protection: Protection): void {
    this.cultureampProvider();
    const forEach = this.forEachLocal(`schemaregistry_schema_${BLOCKS[protection]}`, () => this.entries(this.schemas, protection, schemaEntry));
    this.resourceBlock(`schema-${protection}`, 'schemaregistry_schema', BLOCKS[protection], () => ({
      for_each: forEach,
      subject: EACH_KEY,
      schema: each('schema'),
      schema_type: each('schema_type'),
      compatibility_level: each('compatibility_level'),
      // The provider reads back no references as null: an empty list would never settle.
      references: '${try(each.value.references, null)}',
      lifecycle: { prevent_destroy: protection === 'protected' },
    }));
  }

  /**
   * Subjects through the registry's REST API (Confluent's), one `restapi_object` per subject:
   * registered with `POST /subjects/<s>/versions` and read back with the registry's own lookup,
   * `POST /subjects/<s>` with the same schema, so the registry (not a text comparison) decides
   * whether the declared schema is registered: no diff after an apply whatever text the
   * registry keeps, and a declared schema missing from the registry (a subject deleted, a
   * registry reset) reads as absent and plans its registration again. Registering a schema
   * the subject already has returns its existing version, so a lost state adopts the subjects.
   * The subject's compatibility level is its own object (`PUT /config/<s>`), applied first.
   */
  private restapiSchemaBlock(protection: Protection, tier: Tier, id: string): void {
    this.restapiCompatibilityBlock();
    const subject = `/subjects/\${each.key}`;
    const forEach = this.forEachLocal(`restapi_object_${restapiBlock(protection, tier)}`, () => this.restapiEntries(protection, tier));
    this.resourceBlock(id, 'restapi_object', restapiBlock(protection, tier), () => ({
      for_each: forEach,
      object_id: EACH_KEY,
      path: `${subject}/versions`,
      create_method: 'POST',
      update_path: `${subject}/versions`,
      update_method: 'POST',
      read_path: subject,
      read_method: 'POST',
      read_data: each('body'),
      destroy_path: subject,
      destroy_method: 'DELETE',
      data: each('body'),
      // The second tier waits for the first, whichever of its blocks exist at synth.
      depends_on: [
        `restapi_object.${RESTAPI_COMPATIBILITY_BLOCK}`,
        ...(tier === 1
          ? (['protected', 'unprotected'] as const).filter((p) => this.blocks.has(`schema-${p}`)).map((p) => `restapi_object.${restapiBlock(p, 0)}`)
          : []),
      ],
      lifecycle: { prevent_destroy: protection === 'protected' },
    }));
  }

  private restapiCompatibilityBlock(): void {
    this.once('schema-compatibility', () => {
      const r = this.mesh.schemaRegistry!;
      const password = this.registryPassword();
      this.providerBlock('restapi', RESTAPI_PROVIDER, () => ({
        uri: r.url.replace(/\/+$/, ''),
        username: r.username,
        password,
        // Each write is read back with the object's own read request, never parsed from the write's answer.
        write_returns_object: false,
        headers: { 'Content-Type': SCHEMA_REGISTRY_MEDIA_TYPE, Accept: SCHEMA_REGISTRY_MEDIA_TYPE },
      }));
      if (this.mesh.schemaRegistry!.migrateFrom === 'cultureamp') this.migrateFromCultureamp();
      const forEach = this.forEachLocal(`restapi_object_${RESTAPI_COMPATIBILITY_BLOCK}`, () =>
        sortedRecord(this.schemas, (s) => ({ body: JSON.stringify({ compatibility: s.compatibility }) })),
      );
      const path = '/config/${each.key}';
      this.resourceBlock('schema-compatibility', 'restapi_object', RESTAPI_COMPATIBILITY_BLOCK, () => ({
        for_each: forEach,
        object_id: EACH_KEY,
        path,
        create_method: 'PUT',
        update_path: path,
        update_method: 'PUT',
        read_path: path,
        destroy_path: path,
        destroy_method: 'DELETE',
        data: each('body'),
      }));
    });
  }

  /** The request body registering each subject of one protection: the Confluent API's own form. */
  private restapiEntries(protection: Protection, tier: Tier): Record<string, { body: string }> {
    const out = nameKeyed<{ body: string }>();
    for (const [key, entry] of Object.entries(this.entries(this.schemas, protection, (s) => s))) {
      if (this.tier(key) !== tier) continue;
      out[key] = {
        body: JSON.stringify({
          schema: entry.schema,
          schemaType: entry.type,
          ...(entry.references?.length ? { references: entry.references } : {}),
        }),
      };
    }
    return out;
  }

  /**
   * While a mesh moves from the cultureamp backend: its subjects leave the state without being
   * destroyed (the restapi objects register the same schemas again, which the registry answers
   * with the versions it has). The provider stays configured so the state can be read.
   */
  private migrateFromCultureamp(): void {
    this.cultureampProvider();
    this.stack.addOverride(
      'removed',
      Object.values(BLOCKS).map((block) => ({ from: `schemaregistry_schema.${block}`, lifecycle: { destroy: false } })),
    );
  }

  private ensureAclResources(): void {
    this.once('acl', () => {
      const forEach = this.forEachLocal('kafka_acl_allow', () => this.aclEntries());
      this.resourceBlock('acl', 'kafka_acl', 'allow', () => ({
        for_each: forEach,
        resource_name: each('resource_name'),
        resource_type: each('resource_type'),
        resource_pattern_type_filter: each('resource_pattern_type_filter'),
        acl_principal: each('acl_principal'),
        // Every mesh ACL allows, from any host: literals on the block, not repeated per entry.
        acl_host: '*',
        acl_operation: each('acl_operation'),
        acl_permission_type: 'Allow',
      }));
    });
  }

  /**
   * The ACLs this stack writes. Left out: those a prefixed ACL of this stack already grants, those
   * the broker implies from the others (Describe, IdempotentWrite: {@link withoutImplied}), and
   * a principal's own ACLs (consumer groups, IdempotentWrite) that another stack writes: each is
   * written by exactly one stack ({@link aclOwnerStack}), which also takes them from grants made
   * in other stacks, so that no ACL is managed by two stacks.
   */
  public effectiveAcls(): Map<string, AclSpec> {
    const candidates = new Map(this.acls);
    for (const [key, acl] of principalAclsByOwner(this).get(this.stack) ?? []) {
      if (!candidates.has(key)) candidates.set(key, acl);
    }
    const prefixed = [...candidates.values()].filter((acl) => acl.patternType === 'Prefixed');
    const out = new Map<string, AclSpec>();
    for (const key of [...candidates.keys()].sort()) {
      const acl = candidates.get(key)!;
      const owner = this.aclOwnerStack(acl);
      if (owner !== undefined && owner !== this.stack) continue;
      if (!prefixed.some((p) => coveredBy(acl, p))) out.set(key, acl);
    }
    // Describe where Read/Write/Delete/Alter of the same stack implies it; IdempotentWrite on 3.0+.
    const kept = new Set(
      withoutImplied(
        [...out].map(([key, acl]) => ({ key, acl })),
        beforeKafka3(this.mesh.cluster.kafkaVersion),
      ).map((e) => e.key),
    );
    for (const key of out.keys()) if (!kept.has(key)) out.delete(key);
    return out;
  }

  /**
   * The one stack that writes `acl` when it is a principal's own ACL; undefined for every other
   * ACL (each granting stack writes those). The owner is the stack whose Domain or ServiceAccount
   * writes the principal's own ACLs; otherwise the stack declaring the principal, else the
   * platform stack (the GovernancePolicy's), when it holds ACLs; else the first stack, by name,
   * among those granting to the principal.
   */
  /** @internal see {@link principalAclsByOwner} */
  public _aclOwnerStack(acl: AclSpec): TerraformStack | undefined {
    return this.aclOwnerStack(acl);
  }

  /** @internal the ACLs of this stack shaped like a principal's own */
  public _principalShapedAcls(): ReadonlyMap<string, AclSpec> {
    return this.principalShapedAcls;
  }

  private aclOwnerStack(acl: AclSpec): TerraformStack | undefined {
    const origin = this.mesh.principalLevelOrigin(acl);
    if (!origin) return undefined;
    if (origin.aclOwner !== undefined && origin.stack) return origin.stack;
    for (const preferred of [origin.stack, this.platformStack()]) {
      if (preferred && resourcesOf(preferred)?.blocks.has('acl')) return preferred;
    }
    const key = aclKey(acl);
    const asking = this.meshResources()
      .filter((r) => r.acls.has(key))
      .map((r) => r.stack);
    return asking.sort((a, b) => (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0))[0];
  }

  /** The stack of the mesh's GovernancePolicy, if there is one. */
  private platformStack(): TerraformStack | undefined {
    const policyPath = policyOf(this.mesh)?.path;
    return policyPath === undefined ? undefined : this.mesh._stacks().find((s) => policyPath.startsWith(`${s.node.path}/`));
  }

  /** @internal */
  public _meshResources(): MeshResources[] {
    return this.meshResources();
  }

  private meshResources(): MeshResources[] {
    return this.mesh
      ._stacks()
      .map(resourcesOf)
      .filter((r): r is MeshResources => r !== undefined);
  }

  private aclEntries(): Record<string, Record<string, string>> {
    const out = nameKeyed<Record<string, string>>();
    for (const [key, acl] of this.effectiveAcls()) {
      if (acl.permission !== 'Allow' || acl.host !== '*') throw new Error(`internal: the mesh writes only ACLs that allow from any host (${key})`);
      out[key] = {
        resource_name: acl.resourceName,
        resource_type: acl.resourceType,
        resource_pattern_type_filter: acl.patternType,
        acl_principal: acl.principal,
        acl_operation: acl.operation,
      };
    }
    return out;
  }

  /** The entries of one protection's block, sorted by key, in the block's own form. */
  private entries<D extends { readonly protection: Protection }, T>(
    map: Map<string, D>,
    protection: Protection,
    entry: (d: D) => T,
  ): Record<string, T> {
    const out = nameKeyed<T>();
    for (const key of [...map.keys()].sort()) {
      const declared = map.get(key)!;
      if (declared.protection === protection) out[key] = entry(declared);
    }
    return out;
  }

  /** `moved` blocks so that changing an object's protection never destroys it. */
  private movedBlocks(): { from: string; to: string }[] {
    const moves: { from: string; to: string }[] = [];
    const add = (type: string, map: Map<string, { readonly protection: Protection }>, blocks: Record<Protection, string>) => {
      for (const key of [...map.keys()].sort()) {
        const { protection } = map.get(key)!;
        const other: Protection = protection === 'protected' ? 'unprotected' : 'protected';
        moves.push({ from: `${type}.${blocks[other]}[${JSON.stringify(key)}]`, to: `${type}.${blocks[protection]}[${JSON.stringify(key)}]` });
      }
    };
    add('kafka_topic', this.topics, BLOCKS);
    const restapi = this.schemaBackend === 'restapi';
    if (!restapi) add('schemaregistry_schema', this.schemas, BLOCKS);
    // restapi: a chain through the three other blocks a subject could have been in, ending at its
    // own (Terraform allows chains, not two moves to one address).
    const all: [Protection, Tier][] = [
      ['unprotected', 1],
      ['protected', 1],
      ['unprotected', 0],
      ['protected', 0],
    ];
    const chain = (key: string, addresses: string[]) => {
      for (let i = 0; i + 1 < addresses.length; i++)
        moves.push({ from: `restapi_object.${addresses[i]}[${key}]`, to: `restapi_object.${addresses[i + 1]}[${key}]` });
    };
    if (restapi) {
      for (const key of [...this.schemas.keys()].sort()) {
        const here: [Protection, Tier] = [this.schemas.get(key)!.protection, this.tier(key)];
        const others = all.filter(([p, t]) => p !== here[0] || t !== here[1]);
        chain(
          JSON.stringify(key),
          [...others, here].map(([p, t]) => restapiBlock(p, t)),
        );
      }
    }
    for (const topic of [...this.decommissioned.keys()].sort()) {
      const { subjects } = this.decommissioned.get(topic)!;
      moves.push({ from: `kafka_topic.protected[${JSON.stringify(topic)}]`, to: `kafka_topic.decommissioned[${JSON.stringify(topic)}]` });
      for (const subject of subjects) {
        if (restapi) chain(JSON.stringify(subject), [restapiBlock('protected', 1), restapiBlock('protected', 0), RESTAPI_DECOMMISSIONED]);
        else
          moves.push({
            from: `schemaregistry_schema.protected[${JSON.stringify(subject)}]`,
            to: `schemaregistry_schema.decommissioned[${JSON.stringify(subject)}]`,
          });
      }
    }
    return moves;
  }

  private runChecks(): void {
    checkAll([...this.checks, () => this.checkReferenceTiers(), () => this.checkLockResolvedReferences()]);
    this.checkLock();
    this.mesh._checkOrphanedLocks();
  }

  /**
   * A schema whose references leave out their text is parsed here, with each referenced version's
   * text from the mesh lock (so a misspelt type name still fails); a version the lock does not
   * hold, or a mesh without a lock, fails naming the reference and the fix.
   */
  private checkLockResolvedReferences(): void {
    const published = this.mesh.lock ? publishedVersions(this.mesh.lock.dir) : undefined;
    for (const [name, s] of [...this.schemas, ...this.externalSchemas]) {
      const field = name.endsWith('-key') ? 'keySchema' : 'valueSchema';
      const schema = this.mesh.findProduct(name.replace(/-(key|value)$/, ''))?.[field];
      if (!schema || schema.references.every((r) => r.schema)) continue;
      const references = resolveReferences(schema, s.path, field, published);
      const parsed = parseSchema(schema.type, schema.text(), flattenReferences(references));
      if (!parsed.ok) {
        fail({
          path: s.path,
          field,
          value: schema.origin === 'inline' ? schema.text() : schema.origin,
          problem: `is not a valid ${schema.type} schema with the referenced versions the mesh lock holds: ${parsed.error.split('\n')[0]}`,
          fix: `correct the ${schema.type} schema, or the references' subjects and versions`,
        });
      }
    }
  }

  /** Compares the stack with the mesh lock (see {@link KafkaMesh} `lock`). */
  private checkLock(): void {
    const lock = this.mesh.lock;
    if (!lock) return;
    const stackName = this.stack.node.id;
    const topics = new Map<string, LockedTopic & { path: string; dataLossAcknowledged?: string }>();
    for (const [name, t] of this.topics) {
      const d = t.declared ?? t;
      topics.set(name, {
        partitions: d.partitions,
        replicationFactor: d.replicationFactor,
        protected: t.protection === 'protected',
        config: d.config,
        path: t.path,
        dataLossAcknowledged: t.dataLossAcknowledged,
      });
    }
    const subjects = new Map<string, CurrentSubject>();
    const published = publishedVersions(lock.dir);
    const unresolved: MeshErrorDetails[] = [];
    for (const [name, s] of [...this.schemas, ...this.externalSchemas]) {
      // Each reference with the text of the subject version it names, as the registry resolves it.
      const product = this.mesh.findProduct(name.replace(/-(key|value)$/, ''));
      const field = name.endsWith('-key') ? 'keySchema' : 'valueSchema';
      const schema = product?.[field];
      let references: ResolvedReference[] | undefined;
      try {
        references = schema && s.references ? resolveReferences(schema, s.path, field, published) : undefined;
      } catch (e) {
        if (!(e instanceof MeshValidationError)) throw e;
        unresolved.push(...e.details);
      }
      subjects.set(name, { type: s.type, compatibility: s.compatibility, schema: s.schema, references, path: s.path });
    }
    if (unresolved.length) throw new MeshValidationError(unresolved);
    const result = compareWithLock(readLock(lock.dir, stackName), {
      stack: stackName,
      topics,
      subjects,
      decommissioned: this.decommissioned,
      declaredElsewhere: (topic) => {
        const product = this.mesh.findProduct(topic);
        return product ? TerraformStack.of(product).node.id : undefined;
      },
    });
    if (result.errors.length) throw new MeshValidationError(result.errors);
    // Written only once the whole synth succeeded: a refused synth leaves the lock as it was.
    if (lock.update) afterSuccessfulSynth(() => writeLock(lock.dir, result.next));
    // A lock folder's first synth: only an app's synth creates it (never Testing.synth).
    else if (lock.create && inAppSynth()) afterSuccessfulSynth(() => createLock(lock.dir, result.next));
    else if (result.pending.length) {
      Annotations.of(this.stack).addWarning(
        `the mesh lock ${lockFile(lock.dir, stackName)} is out of date (${result.pending.join('; ')}): run ${LOCK_COMMAND} and commit it`,
      );
    }
  }

  /** @internal read-only views for the model and tests */
  public _topics(): ReadonlyMap<string, TopicDeclaration> {
    return this.topics;
  }

  /** @internal */
  public _schemas(): ReadonlyMap<string, SubjectDeclaration> {
    return this.schemas;
  }

  /** @internal topics decommissioned in this stack */
  public _decommissioned(): ReadonlyMap<string, DecommissionDeclaration> {
    return this.decommissioned;
  }
}

/** Bumped whenever a stack of any mesh adds ACLs: the index below is rebuilt after that. */
let aclRevision = 0;
const principalAclIndexes = new WeakMap<MeshContext, { revision: string; byOwner: Map<TerraformStack, Map<string, AclSpec>> }>();

/**
 * The ACLs shaped like a principal's own that some stack asks for, grouped by the one stack that
 * writes each ({@link MeshResources.effectiveAcls}); for each key, the ACL of the first stack
 * asking for it. Built once for the whole mesh rather than by each stack reading every other
 * stack's ACLs, which grew with the square of the stacks.
 */
function principalAclsByOwner(resources: MeshResources): Map<TerraformStack, Map<string, AclSpec>> {
  const mesh = resources.mesh;
  const revision = `${aclRevision} ${mesh._stacks().length} ${mesh._principalsRevision()} ${policyOf(mesh)?.path ?? ''}`;
  const cached = principalAclIndexes.get(mesh);
  if (cached?.revision === revision) return cached.byOwner;
  const first = new Map<string, AclSpec>();
  for (const r of resources._meshResources()) for (const [key, acl] of r._principalShapedAcls()) if (!first.has(key)) first.set(key, acl);
  const byOwner = new Map<TerraformStack, Map<string, AclSpec>>();
  for (const [key, acl] of first) {
    const owner = resources._aclOwnerStack(acl);
    if (!owner) continue;
    let owned = byOwner.get(owner);
    if (!owned) byOwner.set(owner, (owned = new Map()));
    owned.set(key, acl);
  }
  principalAclIndexes.set(mesh, { revision, byOwner });
  return byOwner;
}

function resourcesOf(stack: TerraformStack): MeshResources | undefined {
  const r = stack.node.tryFindChild(MeshResources.ID);
  return r instanceof MeshResources ? r : undefined;
}

function sortedRecord<D, T>(map: Map<string, D>, entry: (d: D) => T): Record<string, T> {
  const out = nameKeyed<T>();
  for (const key of [...map.keys()].sort()) out[key] = entry(map.get(key)!);
  return out;
}
