import * as fs from 'fs';
import * as path from 'path';
import { checkCompatibility, CompatibilityLevel, ResolvedReference, SchemaFormat } from '../compat';
import { MeshErrorDetails } from '../errors';
import { nameKeyed, ownEntry, sortedByKey } from '../model/records';

/**
 * The mesh lock: per stack, what the committed definition of the mesh holds — every topic with
 * its partitions, replication and protection, and every schema subject with its published
 * versions. Synth compares the code against it, so that a change Kafka cannot make without
 * losing data fails before anything reaches a cluster, and a schema change is checked against
 * every published version offline. `npx kafka-mesh lock` writes it after a change is accepted.
 *
 * Files: `<lockDir>/<stack>.json`, one per stack, so each domain team owns its own.
 *
 * lockVersion 2 records each published version with the references it was registered with
 * (subject, version and text, recursively). A lockVersion 1 file (versions as bare texts) is read
 * as version 2: its versions are taken to use the references the code declares now, and the next
 * `npx kafka-mesh lock` records them.
 */
export interface StackLock {
  readonly lockVersion: 2;
  readonly stack: string;
  readonly topics: Record<string, LockedTopic>;
  readonly subjects: Record<string, LockedSubject>;
}

export interface LockedTopic {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly protected: boolean;
  readonly config: Record<string, string>;
}

/** A published schema version as it was registered and checked. */
export interface LockedVersion {
  readonly schema: string;
  /**
   * The references it was registered with, each with the referenced subject version's text.
   * Absent: none (or, read from a lockVersion 1 file, not recorded).
   */
  readonly references?: readonly ResolvedReference[];
}

export interface LockedSubject {
  readonly type: SchemaFormat;
  readonly compatibility: CompatibilityLevel;
  /** Published versions, oldest first. */
  readonly versions: LockedVersion[];
}

/** A subject as the code declares it now. */
export interface CurrentSubject {
  readonly type: SchemaFormat;
  readonly compatibility: CompatibilityLevel;
  readonly schema: string;
  /** Its references, resolved (see `resolveReferences` in schema.ts). @default none */
  readonly references?: readonly ResolvedReference[];
  readonly path: string;
}

/** What the stack's code declares now. */
export interface CurrentStack {
  readonly stack: string;
  readonly topics: ReadonlyMap<string, LockedTopic & { readonly path: string; readonly dataLossAcknowledged?: string }>;
  readonly subjects: ReadonlyMap<string, CurrentSubject>;
  /** Topics being decommissioned in this stack, with the reason. */
  readonly decommissioned: ReadonlyMap<string, { readonly reason: string; readonly path: string }>;
  /** Where each topic of the whole mesh is declared now (stack name), to explain moves. */
  readonly declaredElsewhere: (topic: string) => string | undefined;
}

export interface LockComparison {
  /** Changes that would lose data or break consumers: synth fails. */
  readonly errors: MeshErrorDetails[];
  /** Safe differences: the lock is out of date. */
  readonly pending: string[];
  /** The lock as it should be once this code is accepted. */
  readonly next: StackLock;
}

export function lockFile(dir: string, stack: string): string {
  return path.join(dir, `${stack}.json`);
}

/** Marks versions read from a lockVersion 1 file, whose references were not recorded. */
const UNRECORDED = Symbol('references not recorded');

export function readLock(dir: string, stack: string): StackLock | undefined {
  const file = lockFile(dir, stack);
  if (!fs.existsSync(file)) return undefined;
  return parseLock(JSON.parse(fs.readFileSync(file, 'utf8')), file);
}

/** A lock file's content as lockVersion 2 (a lockVersion 1 file is migrated). */
export function parseLock(raw: unknown, file = 'mesh lock'): StackLock {
  const lock = raw as { lockVersion?: unknown; subjects?: Record<string, { versions?: unknown[] }> };
  if (lock.lockVersion === 2) return raw as StackLock;
  if (lock.lockVersion !== 1)
    throw new Error(`${file}: unknown lockVersion ${String(lock.lockVersion)}; this version of cdktf-kafka-mesh reads lockVersion 1 and 2`);
  const subjects = nameKeyed<LockedSubject>();
  for (const [subject, locked] of Object.entries(lock.subjects ?? {})) {
    const versions = (locked.versions ?? []).map((v) => {
      if (typeof v !== 'string') throw new Error(`${file}: subject ${subject}: a lockVersion 1 version must be a schema text`);
      return Object.defineProperty({ schema: v }, UNRECORDED, { value: true, enumerable: false }) as LockedVersion;
    });
    subjects[subject] = { ...(locked as unknown as LockedSubject), versions };
  }
  return { ...(raw as StackLock), lockVersion: 2, subjects };
}

function unrecorded(v: LockedVersion): boolean {
  return (v as unknown as Record<symbol, unknown>)[UNRECORDED] === true;
}

/**
 * Looks up a published subject version in any stack's lock in `dir` (read on first use): how a
 * reference that names another product's subject at a version finds that version's text.
 */
export function publishedVersions(dir: string): (subject: string, version: number) => LockedVersion | undefined {
  let bySubject: Map<string, LockedSubject> | undefined;
  return (subject, version) => {
    if (!bySubject) {
      bySubject = new Map();
      const files = fs.existsSync(dir)
        ? fs
            .readdirSync(dir)
            .filter((f) => f.endsWith('.json'))
            .sort()
        : [];
      for (const file of files) {
        const lock = readLock(dir, file.replace(/\.json$/, ''));
        for (const [name, locked] of Object.entries(lock?.subjects ?? {})) bySubject.set(name, locked);
      }
    }
    return Number.isInteger(version) && version >= 1 ? bySubject.get(subject)?.versions[version - 1] : undefined;
  };
}

/** The stacks that have a lock file in `dir`, sorted. */
export function lockedStacks(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Removes a stack's lock file (the stack is gone and held nothing any more). */
export function removeLock(dir: string, stack: string): void {
  fs.rmSync(lockFile(dir, stack), { force: true });
}

/** Writes a stack's lock file (whole: a temporary file renamed into place). */
export function writeLock(dir: string, lock: StackLock): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = lockFile(dir, lock.stack);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(lock, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

const announced = new Set<string>();

/**
 * Writes a stack's lock file into a lock folder that did not exist before this synth (the default
 * lock's first synth), saying once per folder what was created and what it does from now on.
 */
export function createLock(dir: string, lock: StackLock): void {
  writeLock(dir, lock);
  if (announced.has(dir)) return;
  announced.add(dir);
  const shown = path.relative(process.cwd(), dir) || dir;
  process.stderr.write(
    `cdktf-kafka-mesh: created the mesh lock ${shown}${path.sep} (one <stack>.json per stack: the topics and schema versions this synth declares). ` +
      `Commit it: from now on synth refuses changes that lose data or break a published schema. ` +
      `After a reviewed change, npx kafka-mesh lock updates it. (Opt out with lock: false on the KafkaMesh.)\n`,
  );
}

/** Compares the code of one stack with its lock. Pure: no I/O. */
export function compareWithLock(lock: StackLock | undefined, current: CurrentStack): LockComparison {
  const errors: MeshErrorDetails[] = [];
  const pending: string[] = [];
  const lockedTopics = lock?.topics ?? {};
  const lockedSubjects = lock?.subjects ?? {};
  const stackPath = current.stack;

  for (const topic of Object.keys(lockedTopics)) {
    if (current.topics.has(topic)) continue;
    if (current.decommissioned.has(topic)) {
      pending.push(`topic ${topic} is decommissioned (${current.decommissioned.get(topic)!.reason}) and leaves the lock`);
      continue;
    }
    const elsewhere = current.declaredElsewhere(topic);
    errors.push({
      path: stackPath,
      field: `topic ${topic}`,
      problem: elsewhere
        ? `moved to stack ${elsewhere}: this stack would delete the topic and its data, and ${elsewhere} would create an empty one`
        : 'is in the mesh lock but no product declares it any more: deploying would delete the topic and its data',
      fix: elsewhere
        ? `keep the product in stack ${stackPath}, or move its state between the stacks first (tofu state mv), then run npx kafka-mesh lock`
        : `declare the product again, or remove it on purpose with domain.decommission('${topic.split('.').slice(1).join('.')}', { reason: '...' })`,
    });
  }

  for (const [topic, now] of current.topics) {
    const locked = ownEntry(lockedTopics, topic);
    if (!locked) {
      pending.push(`topic ${topic} is new`);
      continue;
    }
    if (now.partitions < locked.partitions && !now.dataLossAcknowledged) {
      errors.push({
        path: now.path,
        field: 'partitions',
        value: now.partitions,
        problem: `would shrink ${topic} from ${locked.partitions} partitions; Kafka cannot remove partitions, so the topic would be deleted and recreated empty`,
        fix: `keep partitions at ${locked.partitions} (or more); to start over, publish a new version of the product, or acknowledge the loss with acknowledgeDataLoss: '<reason>'`,
      });
    }
    if (!sameTopic(now, locked)) pending.push(`topic ${topic} changed`);
  }

  const nextSubjects = nameKeyed<LockedSubject>();
  for (const [subject, now] of current.subjects) {
    const locked = ownEntry(lockedSubjects, subject);
    const registered = registeredVersion(now);
    if (!locked) {
      pending.push(`subject ${subject} is new`);
      nextSubjects[subject] = { type: now.type, compatibility: now.compatibility, versions: [registered] };
      continue;
    }
    // Versions from a lockVersion 1 file are taken to use the references declared now.
    const history = locked.versions.map((v) => (unrecorded(v) ? registeredVersion({ schema: v.schema, references: now.references }) : v));
    const latest = history[history.length - 1];
    let versions = history;
    if (now.type !== locked.type) {
      errors.push({
        path: now.path,
        field: 'schema type',
        value: now.type,
        problem: `changes ${subject} from ${locked.type} to ${now.type}: every consumer's deserializer would break`,
        fix: `keep the ${locked.type} schema, or publish a new version of the product with the new format`,
      });
    } else if (!latest || !sameVersion(registered, latest)) {
      const result = checkCompatibility({
        format: now.type,
        level: now.compatibility,
        candidate: withReferences(registered),
        history: history.map(withReferences),
        subject,
      });
      if (!result.compatible) {
        for (const issue of result.issues) {
          errors.push({
            path: now.path,
            field: schemaField(subject),
            problem: issue.message,
            fix: `make the change ${now.compatibility}-compatible (e.g. give new fields defaults, keep removed fields optional), or publish a new version of the product`,
          });
        }
      }
      versions = [...history, registered];
      const moved = latest && registered.schema === latest.schema;
      pending.push(`subject ${subject} has a new schema version${moved ? ` (its references moved: ${describeReferences(registered)})` : ''}`);
    }
    if (now.compatibility !== locked.compatibility) pending.push(`subject ${subject} compatibility ${locked.compatibility} -> ${now.compatibility}`);
    nextSubjects[subject] = { type: now.type, compatibility: now.compatibility, versions };
  }
  for (const subject of Object.keys(lockedSubjects)) {
    if (!current.subjects.has(subject)) {
      const topic = subject.replace(/-(key|value)$/, '');
      if (!current.topics.has(topic) && !current.decommissioned.has(topic)) continue; // reported with its topic
      if (!current.decommissioned.has(topic)) {
        errors.push({
          path: current.topics.get(topic)?.path ?? stackPath,
          field: schemaField(subject),
          problem: `was removed, so subject ${subject} would be deleted and consumers could no longer read existing records`,
          fix: 'keep the schema, or decommission the product',
        });
      }
    }
  }

  const nextTopics = nameKeyed<LockedTopic>();
  for (const [topic, now] of [...current.topics].sort(([a], [b]) => a.localeCompare(b))) {
    nextTopics[topic] = { partitions: now.partitions, replicationFactor: now.replicationFactor, protected: now.protected, config: now.config };
  }
  const sortedSubjects = sortedByKey(nextSubjects);
  return { errors, pending, next: { lockVersion: 2, stack: current.stack, topics: nextTopics, subjects: sortedSubjects } };
}

/** The version the code would register: its text and, when it has any, its references. */
function registeredVersion(now: { readonly schema: string; readonly references?: readonly ResolvedReference[] }): LockedVersion {
  return now.references && now.references.length ? { schema: now.schema, references: now.references } : { schema: now.schema };
}

/** The checker's input for a locked version: exactly its own references. */
function withReferences(v: LockedVersion): { schema: string; references: readonly ResolvedReference[] } {
  return { schema: v.schema, references: v.references ?? [] };
}

function referenceKey(refs: readonly ResolvedReference[] | undefined): string {
  return JSON.stringify((refs ?? []).map((r) => [r.name, r.subject, r.version, r.schema, referenceKey(r.references)]));
}

function sameVersion(a: LockedVersion, b: LockedVersion): boolean {
  return a.schema === b.schema && referenceKey(a.references) === referenceKey(b.references);
}

function describeReferences(v: LockedVersion): string {
  return (v.references ?? []).map((r) => `${r.name} -> ${r.subject} version ${r.version}`).join(', ') || 'none';
}

function schemaField(subject: string): string {
  return subject.endsWith('-key') ? 'keySchema' : 'valueSchema';
}

function sameTopic(a: LockedTopic, b: LockedTopic): boolean {
  return (
    a.partitions === b.partitions &&
    a.replicationFactor === b.replicationFactor &&
    a.protected === b.protected &&
    JSON.stringify(a.config) === JSON.stringify(b.config)
  );
}
