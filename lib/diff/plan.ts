import * as path from 'path';
import type { AclSpec } from '../model/grants';
import { aclKey } from '../model/grants';
import { abilityWords, breaksClients } from './access';
import type { MeshContext } from './context';
import { DiffInputError, isRecord, parseInputJson, readInputFile } from './errors';
import type { FlagDraft } from './flags';
import { compareSchemas } from './schemas';
import { aclFromAttributes, SchemaValue, TopicValue } from './snapshot';
import { DEFAULT_LEVEL, RestapiSubjectObject, restapiSubjectObject } from './subjects';
import { compareTopicValues } from './topics';
import type { PlannedChange, PlanReport } from './types';
import { configValue, joinWords } from './words';
import { lookupTable } from '../model/records';

type Json = Record<string, unknown>;

/** A plan as `tofu show -json <planfile>` (or `terraform show -json`) prints it. */
export interface PlanFile {
  readonly file: string;
  /** The stack named on the command line (`--plan sales=plan.json`). */
  readonly stack?: string;
  readonly json: Json;
}

const PLAN_FIX =
  "write the plan as JSON in the stack's directory (cdktf.out/stacks/<stack>): `tofu plan -out plan.tfplan && tofu show -json plan.tfplan > plan.json` (terraform works the same), then pass --plan <stack>=plan.json";

/** Reads `--plan [<stack>=]<file>`. Throws {@link DiffInputError} when it is not a JSON plan. */
export function readPlanFile(spec: string): PlanFile {
  const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(spec);
  const file = m ? m[2] : spec;
  const stack = m ? m[1] : undefined;
  const bytes = readInputFile(file, 'the plan file', PLAN_FIX);
  if (bytes.length >= 2 && bytes[0] === 0x50 && bytes[1] === 0x4b) {
    throw new DiffInputError(
      `the plan file ${file} is a binary plan (what \`plan -out\` writes); the diff reads its JSON form`,
      `convert it: \`tofu show -json ${file} > ${file}.json\` (or terraform show -json), and pass the .json file`,
    );
  }
  const json = parseInputJson(bytes.toString('utf8'), file, 'the plan file', PLAN_FIX);
  if (!isRecord(json) || typeof json.format_version !== 'string') {
    throw new DiffInputError(`the plan file ${file} is JSON but not a plan (no format_version)`, PLAN_FIX);
  }
  if (!Array.isArray(json.resource_changes) && !isRecord(json.planned_values)) {
    const state = isRecord(json.values);
    throw new DiffInputError(
      `the plan file ${file} ${state ? 'is a state, not a plan (it has values but no resource_changes)' : 'has no resource_changes'}`,
      state ? `run show -json on a saved plan, not on the state: ${PLAN_FIX}` : PLAN_FIX,
    );
  }
  return { file, ...(stack ? { stack } : {}), json };
}

interface RawChange {
  readonly address: string;
  readonly type: string;
  readonly key?: string;
  readonly actions: string[];
  readonly before: unknown;
  readonly after: unknown;
  readonly afterUnknown: Json;
  readonly replacePaths: string[][];
  readonly previousAddress?: string;
  readonly reason?: string;
}

function rawChanges(list: unknown): RawChange[] {
  if (!Array.isArray(list)) return [];
  const out: RawChange[] = [];
  for (const rc of list) {
    if (!isRecord(rc) || rc.mode === 'data' || !isRecord(rc.change)) continue;
    const change = rc.change;
    out.push({
      address: String(rc.address ?? ''),
      type: String(rc.type ?? ''),
      ...(rc.index !== undefined && rc.index !== null ? { key: String(rc.index) } : {}),
      actions: Array.isArray(change.actions) ? change.actions.map(String) : [],
      before: change.before,
      after: change.after,
      afterUnknown: isRecord(change.after_unknown) ? change.after_unknown : {},
      replacePaths: Array.isArray(change.replace_paths) ? change.replace_paths.filter(Array.isArray).map((p: unknown[]) => p.map(String)) : [],
      ...(typeof rc.previous_address === 'string' ? { previousAddress: rc.previous_address } : {}),
      ...(typeof rc.action_reason === 'string' ? { reason: rc.action_reason } : {}),
    });
  }
  return out;
}

/** The instance keys a plan touches (topics, subjects, ACL keys), to tell which stack it is. */
export function planKeys(plan: PlanFile): Set<string> {
  const keys = new Set<string>();
  for (const rc of [...rawChanges(plan.json.resource_changes), ...rawChanges(plan.json.resource_drift)]) if (rc.key) keys.add(rc.key);
  return keys;
}

/**
 * The stack a plan belongs to: the one named with it, else the stack whose topics, subjects
 * and ACLs it shares most keys with, else its folder's or file's name.
 */
export function planStack(plan: PlanFile, stackKeys: ReadonlyMap<string, ReadonlySet<string>>): string {
  if (plan.stack) return plan.stack;
  const keys = planKeys(plan);
  let best: string | undefined;
  let bestScore = 0;
  for (const [stack, known] of stackKeys) {
    let score = 0;
    for (const k of keys) if (known.has(k)) score++;
    if (score > bestScore) {
      best = stack;
      bestScore = score;
    }
  }
  if (best) return best;
  // cdktf.out/stacks/<stack>/plan.json
  const dir = path.dirname(path.resolve(plan.file));
  if (stackKeys.has(path.basename(dir)) || path.basename(path.dirname(dir)) === 'stacks') return path.basename(dir);
  // The example's convention: a domain per stack, named like it.
  const prefixes = new Map<string, number>();
  for (const k of keys) {
    const m = /^([a-z][a-z0-9-]*)\./.exec(k);
    if (m) prefixes.set(m[1], (prefixes.get(m[1]) ?? 0) + 1);
  }
  const common = [...prefixes].sort((a, b) => b[1] - a[1])[0];
  if (common) return common[0];
  return path.basename(plan.file).replace(/\.json$/, '') || 'plan';
}

const action = (actions: string[], previousAddress?: string): PlannedChange['action'] | undefined => {
  const a = [...actions].sort().join(',');
  if (a === 'create') return 'create';
  if (a === 'update') return 'update';
  if (a === 'delete') return 'delete';
  if (a === 'create,delete') return 'replace';
  if (a === 'forget') return 'forget';
  if (a === 'no-op') return previousAddress ? 'move' : undefined;
  return undefined;
};

const KINDS: Record<string, PlannedChange['kind']> = {
  kafka_topic: 'topic',
  schemaregistry_schema: 'schema',
  kafka_acl: 'acl',
  kafka_quota: 'quota',
  kafka_user_scram_credential: 'credential',
};

function topicValue(v: unknown): TopicValue | undefined {
  if (!isRecord(v)) return undefined;
  const config: Record<string, string> = {};
  if (isRecord(v.config)) for (const k of Object.keys(v.config).sort()) config[k] = String(v.config[k]);
  return { partitions: Number(v.partitions), replicationFactor: Number(v.replication_factor), config };
}

function schemaValue(v: unknown): SchemaValue | undefined {
  if (!isRecord(v) || typeof v.schema !== 'string') return undefined;
  const refs = Array.isArray(v.references) ? v.references.filter(isRecord) : [];
  return {
    schema: v.schema,
    type: String(v.schema_type ?? 'AVRO').toUpperCase() as SchemaValue['type'],
    level: String(v.compatibility_level ?? 'BACKWARD').toUpperCase() as SchemaValue['level'],
    references: refs.map((r) => ({ name: String(r.name), subject: String(r.subject), version: Number(r.version) })),
  };
}

const aclOf = (v: unknown): AclSpec | undefined => (isRecord(v) ? aclFromAttributes((n) => v[n]) : undefined);

const restapiOf = (v: unknown): RestapiSubjectObject | undefined => (isRecord(v) ? restapiSubjectObject(v.path, v.data) : undefined);

/** A subject of the restapi backend, before and after the plan: its schema object joined with its level object. */
interface RestapiSubject {
  before?: SchemaValue;
  after?: SchemaValue;
  /** The plan changes the schema object itself (not only the level). */
  schemaChanges: boolean;
}

/**
 * Joins each subject's two restapi objects (schema and compatibility level) over every change of
 * the plan, unchanged ones included (a plan lists them as no-op), so a change of either one is
 * judged with both.
 */
function restapiSubjects(changes: RawChange[]): Map<string, RestapiSubject> {
  const parts = new Map<
    string,
    { schema: [RestapiSubjectObject?, RestapiSubjectObject?]; level: [RestapiSubjectObject?, RestapiSubjectObject?]; schemaChanges: boolean }
  >();
  for (const rc of changes) {
    if (rc.type !== 'restapi_object') continue;
    const before = restapiOf(rc.before);
    const after = restapiOf(rc.after);
    const one = before ?? after;
    if (!one) continue;
    let p = parts.get(one.subject);
    if (!p) parts.set(one.subject, (p = { schema: [undefined, undefined], level: [undefined, undefined], schemaChanges: false }));
    const slot = one.kind === 'schema' ? p.schema : p.level;
    slot[0] = before;
    slot[1] = after;
    if (one.kind === 'schema' && !(rc.actions.length === 1 && rc.actions[0] === 'no-op')) p.schemaChanges = true;
  }
  const out = new Map<string, RestapiSubject>();
  const join = (schema?: RestapiSubjectObject, level?: RestapiSubjectObject): SchemaValue | undefined =>
    schema?.kind === 'schema'
      ? {
          schema: schema.schema,
          type: schema.type,
          references: schema.references,
          level: level?.kind === 'compatibility' ? level.level : DEFAULT_LEVEL,
        }
      : undefined;
  for (const [subject, p] of parts) {
    out.set(subject, {
      before: join(p.schema[0], p.level[0] ?? p.level[1]),
      after: join(p.schema[1], p.level[1] ?? p.level[0]),
      schemaChanges: p.schemaChanges,
    });
  }
  return out;
}

/** A finding of a plan: a flag draft with who it hurts. */
export interface PlanFlag {
  readonly draft: FlagDraft;
  readonly affects: string[];
}

export interface PlanAnalysis {
  readonly report: PlanReport;
  readonly flags: PlanFlag[];
}

/** Why Terraform chose an action (`action_reason`), in words. */
const REASONS: Readonly<Record<string, string>> = lookupTable({
  replace_because_cannot_update: 'the provider cannot change it in place',
  replace_because_tainted: 'it is tainted',
  replace_by_request: 'replacement was requested',
  replace_by_triggers: 'replace_triggered_by',
  delete_because_no_resource_config: 'no longer declared',
  delete_because_each_key: 'no longer declared',
  delete_because_count_index: 'no longer declared',
  delete_because_no_module: 'its module is gone',
  delete_because_wrong_repetition: 'declared differently',
  delete_because_no_move_target: 'its move target is not declared',
});

const ACTION_WORDS: Record<PlannedChange['action'], string> = {
  create: 'create',
  update: 'update in place',
  delete: 'delete',
  replace: 'delete and create again',
  read: 'read',
  'no-op': 'no change',
  forget: 'forget (removed from the state, left in Kafka)',
  move: 'move in the state only',
};

/** The planned actions of one stack, in the mesh's terms, and the flags they raise. */
export function analyzePlan(plan: PlanFile, stack: string, ctx: MeshContext): PlanAnalysis {
  const flags: PlanFlag[] = [];
  const notes: string[] = [];
  if (plan.json.errored === true) notes.push('The plan errored: it is incomplete, so more may change than it shows.');
  const changes = rawChanges(plan.json.resource_changes);
  // Topics this plan deletes for good: their subjects and ACLs go with them, named by the topic's flag.
  const leaving = new Set<string>();
  for (const rc of changes) {
    const a = action(rc.actions, rc.previousAddress);
    if (rc.type === 'kafka_topic' && a === 'delete') leaving.add(objectOf(rc));
  }
  const drifted = new Set(rawChanges(plan.json.resource_drift).map((rc) => rc.address));
  const subjects = restapiSubjects(changes);
  const planned: PlannedChange[] = [];
  for (const rc of changes) {
    const a = action(rc.actions, rc.previousAddress);
    if (!a) continue;
    const described = describe(rc, a, ctx, leaving, false, subjects);
    if (drifted.has(rc.address) && a === 'update') described.change.details.push('this undoes what was changed outside Terraform');
    planned.push(described.change);
    for (const f of described.flags) flags.push(f);
  }
  const drift: PlannedChange[] = [];
  for (const rc of rawChanges(plan.json.resource_drift)) {
    const a = rc.after === null ? 'delete' : action(rc.actions, rc.previousAddress);
    if (!a || a === 'move') continue;
    drift.push(describe(rc, a, ctx, leaving, true, restapiSubjects(rawChanges(plan.json.resource_drift))).change);
  }
  const tool = typeof plan.json.terraform_version === 'string' ? `version ${plan.json.terraform_version}` : undefined;
  return { report: { file: plan.file, stack, ...(tool ? { tool } : {}), changes: planned, drift, notes }, flags };
}

function objectOf(rc: RawChange): string {
  if (rc.key !== undefined) return rc.key;
  const v = isRecord(rc.after) ? rc.after : isRecord(rc.before) ? rc.before : {};
  if (rc.type === 'kafka_topic' && typeof v.name === 'string') return v.name;
  if (rc.type === 'schemaregistry_schema' && typeof v.subject === 'string') return v.subject;
  const subject = restapiOf(v);
  if (subject) return subject.subject;
  if (rc.type === 'kafka_acl') {
    const spec = aclOf(v);
    if (spec) return aclKey(spec);
  }
  return rc.address;
}

function describe(
  rc: RawChange,
  a: PlannedChange['action'],
  ctx: MeshContext,
  leaving: ReadonlySet<string>,
  drift: boolean,
  subjects: ReadonlyMap<string, RestapiSubject>,
): { change: PlannedChange; flags: PlanFlag[] } {
  const restapi = rc.type === 'restapi_object' ? (restapiOf(rc.after) ?? restapiOf(rc.before)) : undefined;
  const kind = restapi ? 'schema' : (KINDS[rc.type] ?? 'other');
  const object = objectOf(rc);
  const details: string[] = [];
  const flags: PlanFlag[] = [];
  let topic: string | undefined;
  const head = drift
    ? a === 'delete'
      ? 'deleted outside Terraform: the plan creates it again'
      : 'changed outside Terraform since the last apply'
    : `${ACTION_WORDS[a]}${rc.reason ? ` (${REASONS[rc.reason] ?? rc.reason.replace(/_/g, ' ')})` : ''}`;
  details.push(head);
  if (rc.previousAddress) details.push(`moves from ${rc.previousAddress}`);

  if (kind === 'topic') {
    topic = object;
    const before = topicValue(rc.before);
    const after = topicValue(rc.after);
    const affects = ctx.downstreamOf(object);
    if (before && after && (a === 'update' || a === 'replace' || drift)) {
      const findings = compareTopicValues(object, before, after);
      if (findings.partitions) details.push(`partitions ${findings.partitions.from} -> ${findings.partitions.to}`);
      if (findings.replicationFactor && rc.afterUnknown.replication_factor !== true)
        details.push(`replication factor ${findings.replicationFactor.from} -> ${findings.replicationFactor.to}`);
      for (const c of findings.config) details.push(`${c.key}: ${configValue(c.key, c.from)} -> ${configValue(c.key, c.to)}`);
      if (!drift) {
        const forced = rc.replacePaths.map((p) => p[0]);
        for (const f of findings.flags) {
          if (f.kind === 'replication-change' && a === 'replace' && forced.includes('replication_factor')) {
            const rf = findings.replicationFactor!;
            const message = `${object} goes from ${rf.from} to ${rf.to} replicas, and this plan deletes the topic and creates it again to do it (the brokers cannot reassign replicas): every record in it is lost.`;
            flags.push({ draft: { ...f, category: 'data-loss', message }, affects });
          } else if (f.kind !== 'replication-change' || a !== 'replace') {
            flags.push({ draft: f, affects });
          }
        }
        if (a === 'replace' && !forced.some((p) => p === 'partitions' || p === 'replication_factor')) {
          flags.push({
            draft: {
              kind: 'topic-replaced',
              object,
              topic,
              message: `The plan deletes ${object} and creates it again (forced by ${joinWords(forced.length ? forced : ['the provider'])}): every record in it is lost.`,
            },
            affects,
          });
        }
      }
    } else if (a === 'create' && after) {
      details.push(
        `${after.partitions} partitions, ${after.replicationFactor} replicas${
          Object.keys(after.config).length
            ? `, ${Object.entries(after.config)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')}`
            : ''
        }`,
      );
    }
    if (a === 'replace')
      details.push(`every record in it is lost${rc.replacePaths.length ? ` (forced by ${rc.replacePaths.map((p) => p.join('.')).join(', ')})` : ''}`);
    if (a === 'delete' && !drift) {
      details.push('every record in it is lost');
      flags.push({ draft: { kind: 'topic-removed', object, topic, message: `The plan deletes ${object} and every record in it.` }, affects });
    }
  } else if (kind === 'schema') {
    topic = ctx.topicOfSubject(object);
    const joined = restapi ? subjects.get(object) : undefined;
    // A level object changing with its subject's schema object: the schema object's change says it all.
    const judged = !(restapi?.kind === 'compatibility' && joined?.schemaChanges);
    if (restapi?.kind === 'compatibility')
      details.push(`the subject's compatibility level${a === 'delete' ? ' (the registry default applies)' : ''}`);
    const before = restapi ? joined?.before : schemaValue(rc.before);
    const after = restapi ? joined?.after : schemaValue(rc.after);
    const findings = judged
      ? compareSchemas(
          object,
          topic,
          a === 'create' && restapi?.kind === 'compatibility' ? undefined : before,
          a === 'delete' && restapi?.kind === 'schema' ? undefined : after,
          {},
          leaving.has(topic),
        )
      : undefined;
    if (findings && !drift) {
      const d = findings.diff;
      if (d.level.from && d.level.to && d.level.from !== d.level.to) details.push(`compatibility ${d.level.from} -> ${d.level.to}`);
      if (d.verdict)
        details.push(
          d.verdict.checked
            ? `${d.verdict.compatible ? 'compatible' : 'incompatible'} under ${d.verdict.level}`
            : `compatibility not checked: ${d.verdict.error}`,
        );
      for (const f of findings.flags) flags.push({ draft: f, affects: ctx.downstreamOf(topic) });
    }
  } else if (kind === 'acl') {
    const spec = aclOf(a === 'create' ? rc.after : rc.before) ?? aclOf(rc.after);
    if (spec) {
      if (spec.resourceType === 'Topic' && spec.patternType === 'Literal') topic = spec.resourceName;
      const ability = abilityWords([spec.operation], spec.resourceType, spec.resourceName, spec.patternType);
      const who = ctx.who(spec.principal);
      if (a === 'create') details.push(`${who} can now ${ability}`);
      if (a === 'delete') details.push(drift ? `until the apply, ${who} cannot ${ability}` : `${who} can no longer ${ability}`);
      if (a === 'replace') details.push(`${who} briefly cannot ${ability} while the ACL is recreated`);
      if (a === 'delete' && !drift && spec.permission === 'Allow' && breaksClients(spec, [spec.operation]) && !(topic && leaving.has(topic))) {
        const resource = spec.patternType === 'Prefixed' ? `${spec.resourceName}*` : spec.resourceName;
        flags.push({
          draft: {
            kind: 'access-lost',
            object: `${spec.principal}@${spec.resourceType}:${resource}`,
            ...(topic ? { topic } : {}),
            message: `${who} can no longer ${ability} (the plan deletes the ACL): its clients fail with authorization errors.`,
          },
          affects: ctx.principalAndApps(spec.principal),
        });
      }
    }
  } else if (kind === 'quota') {
    const before = isRecord(rc.before) && isRecord(rc.before.config) ? rc.before.config : {};
    const after = isRecord(rc.after) && isRecord(rc.after.config) ? rc.after.config : {};
    for (const k of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      if (String(before[k]) !== String(after[k])) details.push(`${k}: ${before[k] ?? '(not set)'} -> ${after[k] ?? '(not set)'}`);
    }
  } else if (kind === 'credential') {
    // Credentials carry secrets: only the instance key is shown, never a value.
    const [username, mechanism] = object.split(' ');
    if (a === 'delete' && !drift && username) {
      flags.push({
        draft: {
          kind: 'access-lost',
          object: `User:${username}@${mechanism ?? 'SCRAM'}`,
          message: `User:${username} can no longer log in with ${mechanism ?? 'SCRAM'} (the plan deletes the credential): its clients are refused at login.`,
        },
        affects: ctx.principalAndApps(`User:${username}`),
      });
    }
  }
  const change: PlannedChange = {
    address: rc.address,
    action: a,
    kind,
    object,
    ...(topic ? { topic } : {}),
    details,
    ...(rc.previousAddress ? { previousAddress: rc.previousAddress } : {}),
  };
  return { change, flags };
}

/**
 * Where a plan and the head's synthesized stack disagree about topics: a plan made for another
 * change (or before the last commit) shows actions the head does not contain. Each entry is a
 * sentence naming the topic, what the plan does and what the head declares.
 */
export function planDisagreements(plan: PlanFile, head: ReadonlyMap<string, TopicValue> | undefined): string[] {
  if (!head) return [];
  const out: string[] = [];
  for (const rc of rawChanges(plan.json.resource_changes)) {
    if (rc.type !== 'kafka_topic') continue;
    const a = action(rc.actions, rc.previousAddress);
    if (!a || a === 'forget') continue;
    const topic = objectOf(rc);
    const declared = head.get(topic);
    const after = topicValue(rc.after);
    if (a === 'delete') {
      if (declared) out.push(`the plan deletes ${topic}, which the head declares`);
      continue;
    }
    if (!declared) {
      out.push(`the plan ${a === 'create' ? 'creates' : 'keeps'} ${topic}, which the head does not declare`);
      continue;
    }
    if (!after) continue;
    const differences: string[] = [];
    if (Number.isFinite(after.partitions) && after.partitions !== declared.partitions)
      differences.push(`${after.partitions} partitions in the plan, ${declared.partitions} in the head`);
    if (
      Number.isFinite(after.replicationFactor) &&
      rc.afterUnknown.replication_factor !== true &&
      after.replicationFactor !== declared.replicationFactor
    ) {
      differences.push(`${after.replicationFactor} replicas in the plan, ${declared.replicationFactor} in the head`);
    }
    for (const key of [...new Set([...Object.keys(after.config), ...Object.keys(declared.config)])].sort()) {
      if (after.config[key] !== declared.config[key])
        differences.push(`${key} ${after.config[key] ?? '(not set)'} in the plan, ${declared.config[key] ?? '(not set)'} in the head`);
    }
    if (differences.length) out.push(`${topic}: ${differences.join(', ')}`);
  }
  return out;
}
