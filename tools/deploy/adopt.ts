/**
 * The read-only check `npm run deploy` runs before it applies: for each stack, the mesh's own
 * objects that already exist on the cluster but are missing from the stack's state (a failed
 * apply that created some topics, a lost state file) are adopted with Terraform/OpenTofu
 * `import` blocks when they match the declaration, and refused, naming the object and the
 * difference, when they do not. It writes nothing to the cluster or the registry, and never
 * plans a delete or an overwrite.
 *
 * What needs no import: ACLs (creating an existing ACL is a no-op in Kafka), SCRAM credentials and
 * quotas (upserts), and schema subjects (registering a schema a subject already has returns its
 * version; a subject missing from the registry reads as absent and is registered again). For
 * subjects the check warns loudly when the registry lost history the mesh lock records, or when
 * a subject's schema id differs from the one recorded after the last deploy.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Kafka } from 'kafkajs';
import { AdoptError, connectionFromEnvironment, ConnectionSettings, kafkaConfig } from '../../lib/adopt/connection';
import { readLiveTopics, registryRequest } from '../../lib/adopt/read-cluster';
import { LiveTopicShape, topicDifferences } from '../../lib/adopt/topic-match';
import { blockEntries } from '../../lib/model/for-each';

/** One `import` block: `to` is the resource address, `id` the provider's import id. */
export interface ImportBlock {
  readonly to: string;
  readonly id: string;
}

export interface StackCheck {
  readonly stack: string;
  readonly imports: ImportBlock[];
  /** Objects that exist but differ from the declaration: the deploy must not proceed. */
  readonly refusals: string[];
  /** Things the deploy proceeds with but a person must know (lost schema history, new ids). */
  readonly warnings: string[];
}

/** What the cluster holds of one topic, as the check compares it (lib/adopt/topic-match.ts). */
export type ExistingTopic = LiveTopicShape;

interface DeclaredTopic {
  readonly partitions: number;
  readonly replication_factor: number;
  readonly config: Record<string, string>;
}

const TOPIC_BLOCKS = ['protected', 'unprotected'] as const;

/** The topics a synthesized stack declares, with their address. */
export function declaredTopics(tf: any): { address: string; name: string; topic: DeclaredTopic }[] {
  const out: { address: string; name: string; topic: DeclaredTopic }[] = [];
  for (const block of TOPIC_BLOCKS) {
    for (const [name, topic] of Object.entries<DeclaredTopic>(blockEntries(tf, 'kafka_topic', block))) {
      out.push({ address: `kafka_topic.${block}[${JSON.stringify(name)}]`, name, topic });
    }
  }
  return out;
}

/** Where a stack keeps its local state, or undefined for another backend. */
export function localStatePath(tf: any, stackDir: string): string | undefined {
  const local = tf.terraform?.backend?.local;
  if (!local) return tf.terraform?.backend ? undefined : path.join(stackDir, 'terraform.tfstate');
  return path.resolve(stackDir, local.path ?? 'terraform.tfstate');
}

/**
 * A stack's local state, or undefined when it has none. OpenTofu rewrites the file in place
 * (emptied, then written), so a read can meet it half-written: an apply still running for a
 * moment after `cdktf deploy` gave up on another stack, or one killed while writing. The file is
 * read again until it parses, for up to `waitMs`; one that stays empty is no state, as OpenTofu
 * reads it; one that stays unreadable fails the deploy, naming it and the way back.
 */
export async function readState(stateFile: string, waitMs = STATE_WAIT_MS): Promise<any | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (!fs.existsSync(stateFile)) return undefined;
    const text = fs.readFileSync(stateFile, 'utf8');
    try {
      return JSON.parse(text);
    } catch (e) {
      if (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (!text.trim()) return undefined;
      throw new Error(
        `deploy: ${stateFile} is not a readable OpenTofu state (${(e as Error).message}). Fix: make sure no other deploy of this stack runs, restore the file from ${path.basename(stateFile)}.backup next to it (OpenTofu's copy of the state before its last write) or from your own backup, and run npm run deploy again`,
      );
    }
  }
}

/** How long {@link readState} waits for a state file being written. */
export const STATE_WAIT_MS = 5_000;

/** Addresses of every resource instance in a state file (`kafka_topic.protected["sales.orders"]`). */
export async function stateAddresses(stateFile: string, waitMs = STATE_WAIT_MS): Promise<Set<string>> {
  const out = new Set<string>();
  const state = await readState(stateFile, waitMs);
  if (!state) return out;
  for (const r of state.resources ?? []) {
    if (r.mode !== 'managed') continue;
    for (const i of r.instances ?? []) out.add(`${r.type}.${r.name}${i.index_key === undefined ? '' : `[${JSON.stringify(i.index_key)}]`}`);
  }
  return out;
}

/**
 * The difference between a topic on the cluster and its declaration, in words, or undefined
 * when they match (the comparison doctor makes too: {@link topicDifferences}). A config the topic
 * has but the declaration does not set counts: adopting it would make the next apply remove it.
 */
export function topicDifference(declared: DeclaredTopic, existing: ExistingTopic): string | undefined {
  const diffs = topicDifferences(
    { partitions: declared.partitions, replicationFactor: declared.replication_factor, config: declared.config ?? {} },
    existing,
  ).map((d) => {
    if (d.kind !== 'config') return `${d.kind === 'partitions' ? 'partitions' : 'replication factor'} ${d.live} (declared ${d.declared})`;
    if (d.declared === undefined) return `${d.key}=${d.live} is set on the topic (not declared)`;
    return `${d.key}=${d.live ?? '(broker default)'} (declared ${d.declared})`;
  });
  return diffs.length ? diffs.join(', ') : undefined;
}

/** The import blocks and refusals for one stack's topics, given what the cluster holds. */
export function planTopicAdoption(
  stack: string,
  tf: any,
  inState: ReadonlySet<string>,
  existing: ReadonlyMap<string, ExistingTopic>,
): Pick<StackCheck, 'imports' | 'refusals'> {
  const imports: ImportBlock[] = [];
  const refusals: string[] = [];
  for (const { address, name, topic } of declaredTopics(tf)) {
    if (inState.has(address)) continue;
    const found = existing.get(name);
    if (!found) continue;
    const diff = topicDifference(topic, found);
    if (diff === undefined) imports.push({ to: address, id: name });
    else {
      refusals.push(
        `stack ${stack}: topic ${name} exists on the cluster but not in the stack's state, and differs from the declaration: ${diff}. ` +
          `Fix: change the declaration to match the topic (then the deploy adopts it), or change the topic to match (kafka-configs --alter / kafka-topics --alter), ` +
          `or, if its records are not needed, delete the topic; see docs/operations.md "Lost state"`,
      );
    }
  }
  return { imports, refusals };
}

/** Adds the import blocks to a synthesized stack's JSON `tf`, as read from `tfFile` (kept with any the stack had), and writes it back. */
export function writeImports(tfFile: string, tf: any, imports: readonly ImportBlock[]): void {
  if (!imports.length) return;
  tf.import = [...(tf.import ?? []), ...imports];
  const tmp = `${tfFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(tf, null, 2));
  fs.renameSync(tmp, tfFile);
}

/** A Kafka client for the check, from the provider's environment (KAFKA_*), read as `kafka-mesh import` reads it. */
export function kafkaFromEnv(env: NodeJS.ProcessEnv): Kafka {
  let c: ConnectionSettings;
  try {
    c = connectionFromEnvironment(env);
  } catch (e) {
    if (e instanceof AdoptError)
      throw new Error(`deploy: the pre-deploy check reads the cluster, but ${e.message}. Fix: ${e.fix} (npm run local:up writes cluster.env)`);
    throw e;
  }
  return new Kafka({ ...kafkaConfig(c), clientId: 'kafka-mesh-deploy-check', retry: { retries: 8 } });
}

/** What the cluster holds of the given topics (absent ones are left out). */
export async function readTopics(kafka: Kafka, names: readonly string[]): Promise<Map<string, ExistingTopic>> {
  if (!names.length) return new Map();
  const wanted = new Set(names);
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await readLiveTopics(admin, (n) => wanted.has(n))).map((t) => [t.name, t]));
  } finally {
    await admin.disconnect();
  }
}

// ----------------------------------------------------------------- schema identity

/** Per stack, after a deploy: each declared subject's version and schema id in the registry. */
export type SchemaIds = Record<string, { version: number; id: number }>;

const SUBJECT_BLOCKS = ['subject', 'subject_unprotected', 'subject_referencing', 'subject_unprotected_referencing'];

/** The subjects a stack registers through restapi, with their request bodies. */
export function declaredSubjects(tf: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of SUBJECT_BLOCKS)
    for (const [s, v] of Object.entries<{ body: string }>(blockEntries(tf, 'restapi_object', block))) out[s] = v.body;
  return out;
}

/** Where the registry has the declared schema of each subject (undefined: not registered). */
export async function lookupSubjects(
  registryUrl: string,
  subjects: Record<string, string>,
): Promise<Map<string, { version: number; id: number; versions: number } | undefined>> {
  const out = new Map<string, { version: number; id: number; versions: number } | undefined>();
  for (const [subject, body] of Object.entries(subjects)) {
    const s = encodeURIComponent(subject);
    const found = await registryRequest({ url: registryUrl }, `/subjects/${s}`, { method: 'POST', body });
    const versions = await registryRequest({ url: registryUrl }, `/subjects/${s}/versions`);
    const count = Array.isArray(versions.body) ? versions.body.length : 0;
    out.set(
      subject,
      found.status === 200
        ? { version: found.body.version, id: found.body.id, versions: count }
        : count
          ? { version: 0, id: 0, versions: count }
          : undefined,
    );
  }
  return out;
}

/**
 * Loud warnings about schema identity: a subject the mesh lock says was published but the
 * registry has no trace of (a registry reset: it is registered again, as version 1, with a new
 * id), fewer versions than the lock records (lost history), or a schema id other than the one
 * recorded after the last deploy (records written with the old id need the old registry's data).
 */
export function schemaIdentityWarnings(
  stack: string,
  lockedVersions: Record<string, number>,
  registry: ReadonlyMap<string, { version: number; id: number; versions: number } | undefined>,
  recorded: SchemaIds,
): string[] {
  const out: string[] = [];
  for (const [subject, now] of registry) {
    const locked = lockedVersions[subject] ?? 0;
    const before = recorded[subject];
    const had = before ? ` (after the last deploy: version ${before.version}, schema id ${before.id})` : '';
    if (!now) {
      if (locked || before) {
        out.push(
          `WARNING stack ${stack}: subject ${subject} is missing from the registry${had}; the mesh lock records ${locked} published version(s). ` +
            `This deploy registers the declared schema again: it becomes version 1 of a new history, under the id the registry assigns. ` +
            `Records already written with the old schema id cannot be decoded through this registry. Fix: restore the registry's data from its backup before deploying ` +
            `if records were written; otherwise let the deploy proceed (docs/operations.md "Registry reset")`,
        );
      }
      continue;
    }
    if (locked > now.versions) {
      out.push(
        `WARNING stack ${stack}: subject ${subject} has ${now.versions} version(s) in the registry, the mesh lock records ${locked}: its history was lost (docs/operations.md "Registry reset")`,
      );
    }
    if (before && now.id && now.id !== before.id) {
      out.push(
        `WARNING stack ${stack}: subject ${subject}'s declared schema has schema id ${now.id} in the registry, not ${before.id} as after the last deploy: records written with id ${before.id} need the old registry's data (docs/operations.md "Registry reset")`,
      );
    }
  }
  return out;
}

/** The file keeping a stack's subject ids between deploys, next to its state. */
export function schemaIdsFile(stateFile: string): string {
  return stateFile.replace(/\.tfstate$/, '') + '.schema-ids.json';
}

export function readSchemaIds(file: string): SchemaIds {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

export function writeSchemaIds(file: string, ids: SchemaIds): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(ids, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/** How many versions the mesh lock records per subject of a stack. */
export function lockedVersionCounts(lockDir: string, stack: string): Record<string, number> {
  const file = path.join(lockDir, `${stack}.json`);
  if (!fs.existsSync(file)) return {};
  const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
  return Object.fromEntries(Object.entries<any>(lock.subjects ?? {}).map(([s, v]) => [s, (v.versions ?? []).length]));
}

/** Runs the whole check for the given stacks of a synth output and writes their import blocks. */
export async function checkStacks(outdir: string, stacks: readonly string[], env: NodeJS.ProcessEnv, lockDir: string): Promise<StackCheck[]> {
  const kafka = kafkaFromEnv(env);
  const results: StackCheck[] = [];
  for (const stack of stacks) {
    const stackDir = path.join(outdir, 'stacks', stack);
    const tfFile = path.join(stackDir, 'cdk.tf.json');
    const tf = JSON.parse(fs.readFileSync(tfFile, 'utf8'));
    const stateFile = localStatePath(tf, stackDir);
    const warnings: string[] = [];
    if (!stateFile) {
      warnings.push(
        `stack ${stack}: its backend is not local, so the pre-deploy check cannot read its state: objects left outside the state need tofu import by hand (docs/operations.md)`,
      );
      results.push({ stack, imports: [], refusals: [], warnings });
      continue;
    }
    const topics = declaredTopics(tf);
    const inState = await stateAddresses(stateFile);
    const missing = topics.filter((t) => !inState.has(t.address)).map((t) => t.name);
    const existing = await readTopics(kafka, missing);
    const { imports, refusals } = planTopicAdoption(stack, tf, inState, existing);
    const subjects = declaredSubjects(tf);
    const registryUrl = tf.provider?.restapi?.[0]?.uri;
    if (registryUrl && Object.keys(subjects).length) {
      const found = await lookupSubjects(registryUrl, subjects);
      warnings.push(...schemaIdentityWarnings(stack, lockedVersionCounts(lockDir, stack), found, readSchemaIds(schemaIdsFile(stateFile))));
    }
    writeImports(tfFile, tf, imports);
    results.push({ stack, imports, refusals, warnings });
  }
  return results;
}

/** After a stack applied: records each declared subject's version and id, for the next check. */
export async function recordSchemaIds(outdir: string, stack: string): Promise<void> {
  const stackDir = path.join(outdir, 'stacks', stack);
  const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  const stateFile = localStatePath(tf, stackDir);
  const registryUrl = tf.provider?.restapi?.[0]?.uri;
  const subjects = declaredSubjects(tf);
  if (!stateFile || !registryUrl || !Object.keys(subjects).length) return;
  const ids: SchemaIds = {};
  for (const [subject, v] of await lookupSubjects(registryUrl, subjects)) if (v && v.id) ids[subject] = { version: v.version, id: v.id };
  writeSchemaIds(schemaIdsFile(stateFile), ids);
}
