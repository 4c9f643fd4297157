import * as fs from 'fs';
import * as path from 'path';
import { checkCompatibility, CompatibilityLevel, SchemaFormat } from './compat';
import { MeshErrorDetails } from './errors';

/**
 * The mesh lock: per stack, what the committed definition of the mesh holds — every topic with
 * its partitions, replication and protection, and every schema subject with its published
 * versions. Synth compares the code against it, so that a change Kafka cannot make without
 * losing data fails before anything reaches a cluster, and a schema change is checked against
 * every published version offline. `npm run lock` writes it after a change is accepted.
 *
 * Files: `<lockDir>/<stack>.json`, one per stack, so each domain team owns its own.
 */
export interface StackLock {
  readonly lockVersion: 1;
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

export interface LockedSubject {
  readonly type: SchemaFormat;
  readonly compatibility: CompatibilityLevel;
  /** Published versions, oldest first. */
  readonly versions: string[];
}

/** What the stack's code declares now. */
export interface CurrentStack {
  readonly stack: string;
  readonly topics: ReadonlyMap<string, LockedTopic & { readonly path: string; readonly dataLossAcknowledged?: string }>;
  readonly subjects: ReadonlyMap<string, { readonly type: SchemaFormat; readonly compatibility: CompatibilityLevel; readonly schema: string; readonly path: string }>;
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

export function readLock(dir: string, stack: string): StackLock | undefined {
  const file = lockFile(dir, stack);
  if (!fs.existsSync(file)) return undefined;
  const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as StackLock;
  if (lock.lockVersion !== 1) throw new Error(`${file}: unknown lockVersion ${String(lock.lockVersion)}; this version of cdktf-kafka-mesh reads lockVersion 1`);
  return lock;
}

/** The stacks that have a lock file in `dir`, sorted. */
export function lockedStacks(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
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
        ? `keep the product in stack ${stackPath}, or move its state between the stacks first (tofu state mv), then run npm run lock`
        : `declare the product again, or remove it on purpose with domain.decommission('${topic.split('.').slice(1).join('.')}', { reason: '...' })`,
    });
  }

  for (const [topic, now] of current.topics) {
    const locked = lockedTopics[topic];
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

  const nextSubjects: Record<string, LockedSubject> = {};
  for (const [subject, now] of current.subjects) {
    const locked = lockedSubjects[subject];
    if (!locked) {
      pending.push(`subject ${subject} is new`);
      nextSubjects[subject] = { type: now.type, compatibility: now.compatibility, versions: [now.schema] };
      continue;
    }
    const history = locked.versions;
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
    } else if (now.schema !== latest) {
      const result = checkCompatibility({ format: now.type, level: now.compatibility, candidate: now.schema, history, subject });
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
      versions = [...history, now.schema];
      pending.push(`subject ${subject} has a new schema version`);
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

  const nextTopics: Record<string, LockedTopic> = {};
  for (const [topic, now] of [...current.topics].sort(([a], [b]) => a.localeCompare(b))) {
    nextTopics[topic] = { partitions: now.partitions, replicationFactor: now.replicationFactor, protected: now.protected, config: now.config };
  }
  const sortedSubjects: Record<string, LockedSubject> = {};
  for (const subject of Object.keys(nextSubjects).sort()) sortedSubjects[subject] = nextSubjects[subject];
  return { errors, pending, next: { lockVersion: 1, stack: current.stack, topics: nextTopics, subjects: sortedSubjects } };
}

function schemaField(subject: string): string {
  return subject.endsWith('-key') ? 'keySchema' : 'valueSchema';
}

function sameTopic(a: LockedTopic, b: LockedTopic): boolean {
  return a.partitions === b.partitions && a.replicationFactor === b.replicationFactor && a.protected === b.protected && JSON.stringify(a.config) === JSON.stringify(b.config);
}
