import type { MeshModel, ProductModel } from '../model/model';
import { collectAcls, diffAccess } from './access';
import { MeshContext } from './context';
import { FlagDraft, FlagSet } from './flags';
import { DiffInputError } from './errors';
import { analyzePlan, planDisagreements, PlanFile, planStack } from './plan';
import { compareSchemas } from './schemas';
import type { Protected, SchemaValue, StackSnapshot, SynthSnapshot, TopicValue } from './snapshot';
import { compareTopicValues } from './topics';
import {
  AccessChange,
  CredentialDiff,
  DIFF_FORMAT_VERSION,
  DomainDiff,
  FieldChange,
  FlagKind,
  FlagSource,
  MeshDiff,
  Notice,
  OtherResourceDiff,
  PlanReport,
  ProductDiff,
  QuotaDiff,
  Refusal,
  SchemaDiff,
  SideLabel,
  StackDiff,
  TopicDiff,
} from './types';
import { joinWords } from './words';
import { nameKeyed } from '../model/records';

export interface DiffInput {
  readonly base?: SynthSnapshot;
  readonly head?: SynthSnapshot;
  readonly plans?: readonly PlanFile[];
  /** The head's synth was refused by the mesh: these are its errors (there is no head output). */
  readonly refusals?: readonly Refusal[];
  /** Doubts about the inputs found before the diff (passed through to the report). */
  readonly warnings?: readonly string[];
}

interface ProductBuilder {
  topic: string;
  status?: ProductDiff['status'];
  topicDiff?: TopicDiff;
  access: AccessChange[];
  schemas: SchemaDiff[];
  metadata: FieldChange[];
  flags: string[];
}

interface StackBuilder {
  stack: string;
  status: StackDiff['status'];
  products: Map<string, ProductBuilder>;
  principalAccess: AccessChange[];
  quotas: QuotaDiff[];
  credentials: CredentialDiff[];
  other: OtherResourceDiff[];
  domainChanges: DomainDiff[];
  plans: PlanReport[];
}

const EMPTY: SynthSnapshot = { dir: '', label: '', stacks: new Map() };

/**
 * Compares two synthesized meshes (and reads plans) into a {@link MeshDiff}: per stack and data
 * product, what changes and what it means, with the risk flags a reviewer must accept.
 */
export function diffMesh(input: DiffInput): MeshDiff {
  const base = input.base ?? EMPTY;
  const head = input.head ?? EMPTY;
  const compareSynth = !!input.base && !!input.head;
  const ctx = new MeshContext(base.catalog, head.catalog);
  for (const stack of base.stacks.values()) {
    for (const acl of stack.acls.values()) {
      if (
        acl.resourceType === 'Topic' &&
        acl.patternType === 'Literal' &&
        acl.permission === 'Allow' &&
        (acl.operation === 'Read' || acl.operation === 'All')
      )
        ctx.noteReader(acl.resourceName, acl.principal);
    }
  }
  const flags = new FlagSet();
  const stacks = new Map<string, StackBuilder>();
  const stackOf = (name: string): StackBuilder => {
    let s = stacks.get(name);
    if (!s) {
      const status = !compareSynth ? 'changed' : !base.stacks.has(name) ? 'added' : !head.stacks.has(name) ? 'removed' : 'changed';
      s = { stack: name, status, products: new Map(), principalAccess: [], quotas: [], credentials: [], other: [], domainChanges: [], plans: [] };
      stacks.set(name, s);
    }
    return s;
  };
  const productOf = (stack: string, topic: string): ProductBuilder => {
    const s = stackOf(stack);
    let p = s.products.get(topic);
    if (!p) s.products.set(topic, (p = { topic, access: [], schemas: [], metadata: [], flags: [] }));
    return p;
  };
  const raise = (draft: FlagDraft, stack: string, affects: string[], source: FlagSource) => {
    const flag = flags.add(draft, stack, affects, source);
    // Plans show their findings in their own section; a product gets one only from the synth diff.
    if (draft.topic && (source === 'synth' || stacks.get(stack)?.products.has(draft.topic))) {
      const p = productOf(stack, draft.topic);
      if (!p.flags.includes(flag.id)) p.flags.push(flag.id);
    }
    return flag;
  };

  const notices: Notice[] = [];
  const warnings: string[] = [...(input.warnings ?? [])];
  for (const r of input.refusals ?? []) {
    const stack = (r.topic && ctx.product(r.topic)?.stack) || r.path.split('/')[0];
    const category = /partition|no product declares|moved to stack|deleted/.test(`${r.rule} ${r.problem}`) ? 'data-loss' : 'risk';
    raise(
      {
        kind: 'synth-refused',
        object: r.flag.slice('synth-refused:'.length),
        ...(r.topic ? { topic: r.topic } : {}),
        category,
        message: `${r.topic ?? r.path}: ${r.rule}: ${r.problem}${r.fix ? `. Fix: ${r.fix}` : ''}`,
      },
      stack,
      r.topic ? ctx.downstreamOf(r.topic) : [],
      'synth',
    );
  }

  if (compareSynth) {
    for (const name of [...base.stacks.keys(), ...head.stacks.keys()]) if (!base.stacks.has(name) || !head.stacks.has(name)) stackOf(name);
    const gone = new Set([...base.stacks.keys()].filter((name) => !head.stacks.has(name)));
    const removedTopics = compareTopics(base, head, ctx, gone, productOf, raise, notices);
    compareAllSchemas(base, head, ctx, removedTopics, productOf, raise);
    for (const placed of diffAccess(collectAcls(base.stacks.values()), collectAcls(head.stacks.values()), ctx, removedTopics, gone)) {
      if (placed.topic) productOf(placed.stack, placed.topic).access.push(placed.change);
      else stackOf(placed.stack).principalAccess.push(placed.change);
      if (placed.flag) raise(placed.flag, placed.stack, placed.affects, 'synth');
    }
    for (const name of new Set([...base.stacks.keys(), ...head.stacks.keys()])) {
      comparePlatform(name, base.stacks.get(name), head.stacks.get(name), ctx, stackOf, raise);
    }
    compareCatalogs(base.catalog, head.catalog, stackOf, productOf);
    notices.push(...catalogNotices(base.catalog, head.catalog, ctx), ...lockNotices(head, base));
    for (const edit of lockEdits(head, base)) {
      raise(
        {
          kind: 'lock-edited',
          object: edit.file,
          message: `The mesh lock ${edit.file} was edited by hand: it disagrees with the code about what this change does not touch (${edit.items.join('; ')}), which no synth or npx kafka-mesh lock writes. The lock is what stops a change that loses data at synth: one that holds less than what is deployed (fewer partitions, a schema version removed) lets such a change through. Restore the file from the base branch, or write it from the code with npx kafka-mesh lock.`,
        },
        edit.stack,
        [],
        'synth',
      );
    }
  }

  const stackKeys = new Map<string, Set<string>>();
  for (const snap of [head, base]) {
    for (const [name, s] of snap.stacks) {
      const keys = stackKeys.get(name) ?? new Set<string>();
      for (const k of [...s.topics.keys(), ...s.schemas.keys(), ...s.acls.keys(), ...s.credentials.keys()]) keys.add(k);
      stackKeys.set(name, keys);
    }
  }
  const known = [...stackKeys.keys()].sort();
  for (const plan of input.plans ?? []) {
    if (plan.stack && known.length && !stackKeys.has(plan.stack)) {
      throw new DiffInputError(
        `--plan ${plan.stack}=${plan.file} names stack ${plan.stack}, which is in neither synth output`,
        `name one of the stacks: ${known.join(', ')}`,
      );
    }
    const stack = planStack(plan, stackKeys);
    if (input.head) {
      const disagree = planDisagreements(plan, head.stacks.get(stack) && new Map([...head.stacks.get(stack)!.topics].map(([k, v]) => [k, v.value])));
      if (disagree.length) {
        warnings.push(
          `The plan ${plan.file} does not match the head's synth of stack ${stack} (${disagree.join('; ')}): it was made for another change or before the last commit, so its findings may not be this change's. Plan again from this synth.`,
        );
      }
    }
    const analysis = analyzePlan(plan, stack, ctx);
    stackOf(stack).plans.push(analysis.report);
    for (const f of analysis.flags) raise(f.draft, stack, f.affects, 'plan');
  }

  // A decommission in the code is the owner deleting the topic on purpose, with a reason.
  for (const flag of flags.list()) {
    if (flag.kind !== 'topic-removed' || !flag.topic) continue;
    const where = [...head.stacks.values()].find((s) => s.decommissioned.has(flag.topic!));
    const why = head.catalog?.domains.flatMap((d) => d.decommissioned ?? []).find((d) => d.topic === flag.topic)?.reason;
    if (where && !liveReaders(head, flag.topic).length)
      flag.acknowledged = { by: 'code', reason: `decommissioned in stack ${where.name}${why ? `: ${why}` : ''}` };
  }

  // acknowledgeDataLoss in the code accepts, with its reason, what this change loses of the topic's
  // records. Only when this change writes it: one left over from an earlier change accepts nothing new.
  for (const flag of flags.list()) {
    if (flag.acknowledged || flag.category !== 'data-loss' || !flag.topic || !CODE_ACKNOWLEDGES.has(flag.kind)) continue;
    const now = head.catalog?.products.find((p) => p.topic === flag.topic)?.dataLossAcknowledged;
    if (!now) continue;
    const before = base.catalog?.products.find((p) => p.topic === flag.topic)?.dataLossAcknowledged;
    if (before === now)
      flag.message += ` (acknowledgeDataLoss '${now}' was already in the code before this change: it does not acknowledge this one)`;
    else flag.acknowledged = { by: 'code', reason: `acknowledgeDataLoss on ${flag.topic}: ${now}` };
  }

  const out: StackDiff[] = [];
  for (const s of [...stacks.values()].sort((a, b) => a.stack.localeCompare(b.stack))) {
    const products = [...s.products.values()]
      .filter((p) => p.topicDiff || p.access.length || p.schemas.length || p.metadata.length || p.flags.length)
      .sort((a, b) => a.topic.localeCompare(b.topic))
      .map((p) => finishProduct(p, ctx, base.catalog, head.catalog));
    const stackDiff: StackDiff = {
      stack: s.stack,
      status: s.status,
      domains: ctx.domainsOfStack(s.stack).map((d) => ({ name: d.name, owner: d.owner })),
      domainChanges: s.domainChanges,
      products,
      principalAccess: s.principalAccess,
      quotas: s.quotas,
      credentials: s.credentials,
      other: s.other,
      plans: s.plans,
    };
    const empty =
      !products.length &&
      !s.principalAccess.length &&
      !s.quotas.length &&
      !s.credentials.length &&
      !s.other.length &&
      !s.domainChanges.length &&
      !s.plans.length;
    if (!empty || s.status !== 'changed') out.push(stackDiff);
  }
  const changed = new Set(out.map((s) => s.stack));
  const unchangedStacks = [...new Set([...base.stacks.keys(), ...head.stacks.keys()])].filter((s) => !changed.has(s)).sort();
  return {
    formatVersion: DIFF_FORMAT_VERSION,
    ...(input.base ? { base: sideLabel(base) } : {}),
    ...(input.head ? { head: sideLabel(head) } : {}),
    stacks: out,
    flags: flags.list(),
    unchangedStacks,
    notices: notices.sort((a, b) => a.stack.localeCompare(b.stack) || (a.topic ?? '').localeCompare(b.topic ?? '') || a.text.localeCompare(b.text)),
    warnings,
    ...(input.refusals?.length ? { refusals: [...input.refusals] } : {}),
  };
}

function finishProduct(p: ProductBuilder, ctx: MeshContext, base?: MeshModel, head?: MeshModel): ProductDiff {
  const model = ctx.productIn(head, p.topic) ?? ctx.productIn(base, p.topic);
  const status = p.status ?? (p.topicDiff?.status === 'added' ? 'added' : p.topicDiff?.status === 'removed' ? 'removed' : 'changed');
  return {
    topic: p.topic,
    ...(model ? { domain: model.domain, owner: model.owner } : {}),
    status,
    ...(p.topicDiff ? { topicDiff: p.topicDiff } : {}),
    access: p.access,
    schemas: p.schemas.sort((a, b) => a.subject.localeCompare(b.subject)),
    metadata: p.metadata,
    flags: p.flags.sort(),
  };
}

type ProductOf = (stack: string, topic: string) => ProductBuilder;
type Raise = (draft: FlagDraft, stack: string, affects: string[], source: FlagSource) => unknown;

/** Where each object of a kind lives in a mesh: name -> stack and value. */
function locate<T>(snap: SynthSnapshot, pick: (s: StackSnapshot) => ReadonlyMap<string, T>): Map<string, { stack: string; value: T }> {
  const out = new Map<string, { stack: string; value: T }>();
  for (const [name, s] of snap.stacks) for (const [key, value] of pick(s)) if (!out.has(key)) out.set(key, { stack: name, value });
  return out;
}

/**
 * Topics added, removed, changed and moved. A stack that leaves the app is not applied any more,
 * so its topics are not deleted: they are orphaned (still in Kafka, no longer managed).
 */
function compareTopics(
  base: SynthSnapshot,
  head: SynthSnapshot,
  ctx: MeshContext,
  gone: ReadonlySet<string>,
  productOf: ProductOf,
  raise: Raise,
  notices: Notice[],
): Set<string> {
  const before = locate(base, (s) => s.topics);
  const after = locate(head, (s) => s.topics);
  const removed = new Set<string>();
  for (const topic of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(topic);
    const a = after.get(topic);
    const affects = ctx.downstreamOf(topic);
    if (b && !a) {
      removed.add(topic);
      const decommissioned = [...head.stacks.values()].some((s) => s.decommissioned.has(topic));
      const notes =
        b.value.protected && !decommissioned ? ['It is protected (prevent_destroy): the plan fails until the product is decommissioned.'] : [];
      productOf(b.stack, topic).topicDiff = { status: 'removed', value: { ...b.value.value, protected: b.value.protected }, config: [], notes };
      if (gone.has(b.stack)) {
        const message = `${topic} is no longer declared because stack ${b.stack} leaves the app: nothing applies that stack any more, so the topic stays in Kafka unmanaged (and \`cdktf destroy ${b.stack}\` would delete it with every record).`;
        raise({ kind: 'topic-removed', object: topic, topic, category: 'risk', message }, b.stack, affects, 'synth');
        continue;
      }
      const how = decommissioned ? 'is decommissioned' : 'is no longer declared';
      const live = decommissioned ? liveReaders(head, topic) : [];
      const still = live.length
        ? ` Yet ${joinWords(live.map((r) => ctx.who(r)))} still ${live.length === 1 ? 'reads' : 'read'} it in the head: ${live.length === 1 ? 'it fails' : 'they fail'} once the topic is gone, so the decommission is not accepted by itself.`
        : '';
      raise(
        {
          kind: 'topic-removed',
          object: topic,
          topic,
          message: `${topic} ${how}: the apply of stack ${b.stack} deletes the topic and every record in it.${still}`,
        },
        b.stack,
        affects,
        'synth',
      );
      continue;
    }
    if (!b && a) {
      const notes = a.value.protected ? [] : ['It is not protected (removalPolicy destroy): Terraform may delete it.'];
      productOf(a.stack, topic).topicDiff = { status: 'added', value: { ...a.value.value, protected: a.value.protected }, config: [], notes };
      continue;
    }
    if (!b || !a) continue;
    const diff = topicChange(topic, b.value, a.value, b.stack, a.stack, gone.has(b.stack), affects, raise);
    if (diff) productOf(a.stack, topic).topicDiff = diff;
    if (diff?.partitions && diff.partitions.to > diff.partitions.from && affects.length) {
      notices.push({
        kind: 'partitions-grow',
        stack: a.stack,
        topic,
        text: `${topic} grows from ${diff.partitions.from} to ${diff.partitions.to} partitions: for ${joinWords(affects)}, records of one key may land on another partition from now on, so per-key order holds only among new records (a Streams app joining or aggregating by key needs its co-partitioned topics resized too).`,
      });
    }
  }
  return removed;
}

function topicChange(
  topic: string,
  b: Protected<TopicValue>,
  a: Protected<TopicValue>,
  fromStack: string,
  toStack: string,
  fromGone: boolean,
  affects: string[],
  raise: Raise,
): TopicDiff | undefined {
  const findings = compareTopicValues(topic, b.value, a.value);
  const moved = fromStack !== toStack;
  const unprotected = b.protected && !a.protected;
  const changed = moved || findings.partitions || findings.replicationFactor || findings.config.length || b.protected !== a.protected;
  if (!changed) return undefined;
  const notes = [...findings.notes];
  for (const f of findings.flags) raise(f, toStack, affects, 'synth');
  if (moved && fromGone) {
    const message = `${topic} moves from stack ${fromStack}, which leaves the app, to stack ${toStack}: the topic exists, so ${toStack}'s apply fails to create it until it is imported into ${toStack}'s state (tofu import).`;
    raise({ kind: 'topic-moved', object: topic, topic, category: 'risk', message }, toStack, affects, 'synth');
  } else if (moved) {
    raise(
      {
        kind: 'topic-moved',
        object: topic,
        topic,
        message: `${topic} moves from stack ${fromStack} to stack ${toStack}: ${fromStack}'s apply deletes the topic and every record in it, and ${toStack}'s creates an empty one, unless its state is moved between the stacks first.`,
      },
      toStack,
      affects,
      'synth',
    );
  }
  if (unprotected) {
    if (findings.partitions && findings.partitions.to < findings.partitions.from)
      notes.push('Its protection (prevent_destroy) is lifted so that the provider can recreate it.');
    else
      raise(
        {
          kind: 'topic-unprotected',
          object: topic,
          topic,
          message: `${topic} loses its protection (prevent_destroy): from now on Terraform deletes it, with every record, when a change asks for that.`,
        },
        toStack,
        affects,
        'synth',
      );
  }
  if (!b.protected && a.protected) notes.push('It becomes protected (prevent_destroy).');
  return {
    status: moved ? 'moved' : 'changed',
    ...(findings.partitions ? { partitions: findings.partitions } : {}),
    ...(findings.replicationFactor ? { replicationFactor: findings.replicationFactor } : {}),
    config: findings.config,
    ...(b.protected !== a.protected ? { protected: { from: b.protected, to: a.protected } } : {}),
    ...(moved ? { movedFrom: fromStack, movedTo: toStack } : {}),
    notes,
  };
}

function compareAllSchemas(
  base: SynthSnapshot,
  head: SynthSnapshot,
  ctx: MeshContext,
  removedTopics: ReadonlySet<string>,
  productOf: ProductOf,
  raise: Raise,
): void {
  const before = locate(base, (s) => s.schemas);
  const after = locate(head, (s) => s.schemas);
  const decommissioned = new Set<string>();
  for (const s of head.stacks.values()) for (const d of s.decommissioned) decommissioned.add(d);
  for (const subject of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(subject);
    const a = after.get(subject);
    const topic = ctx.topicOfSubject(subject);
    const references = resolveReferences(a?.value.value, after);
    const baseReferences = resolveReferences(b?.value.value, before);
    const leaves = removedTopics.has(topic) || decommissioned.has(topic) || decommissioned.has(subject);
    const findings = compareSchemas(subject, topic, b?.value.value, a?.value.value, references, leaves, baseReferences);
    if (!findings) continue;
    const stack = (a ?? b)!.stack;
    const diff = findings.diff;
    if (a && b && a.stack !== b.stack)
      diff.notes.push(`The subject moves from stack ${b.stack} to stack ${a.stack}: it is deleted by one apply and registered again by the other.`);
    productOf(stack, topic).schemas.push(diff);
    for (const f of findings.flags) raise(f, stack, ctx.downstreamOf(topic), 'synth');
  }
}

/** Reference name -> schema text, from the subjects of the same mesh. */
function resolveReferences(value: SchemaValue | undefined, subjects: Map<string, { value: Protected<SchemaValue> }>): Record<string, string> {
  const out = nameKeyed<string>();
  for (const ref of value?.references ?? []) {
    const target = subjects.get(ref.subject);
    if (target) out[ref.name] = target.value.value.schema;
  }
  return out;
}

function comparePlatform(
  name: string,
  b: StackSnapshot | undefined,
  a: StackSnapshot | undefined,
  ctx: MeshContext,
  stackOf: (name: string) => StackBuilder,
  raise: Raise,
): void {
  const s = () => stackOf(name);
  const quotaKeys = new Set([...(b?.quotas.keys() ?? []), ...(a?.quotas.keys() ?? [])]);
  for (const entity of [...quotaKeys].sort()) {
    const before = b?.quotas.get(entity);
    const after = a?.quotas.get(entity);
    const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
    const changes = keys
      .filter((k) => before?.[k] !== after?.[k])
      .map((key) => ({
        key,
        ...(before?.[key] !== undefined ? { from: before[key] } : {}),
        ...(after?.[key] !== undefined ? { to: after[key] } : {}),
      }));
    if (changes.length) s().quotas.push({ entity, status: !before ? 'added' : !after ? 'removed' : 'changed', changes });
  }
  const credKeys = new Set([...(b?.credentials.keys() ?? []), ...(a?.credentials.keys() ?? [])]);
  for (const key of [...credKeys].sort()) {
    const before = b?.credentials.get(key);
    const after = a?.credentials.get(key);
    const value = (after ?? before)!;
    const principal = `User:${value.username}`;
    if (before && after) {
      if (before.version !== after.version)
        s().credentials.push({ key, principal, status: 'rotated', mechanism: value.mechanism, version: { from: before.version, to: after.version } });
    } else {
      s().credentials.push({ key, principal, status: after ? 'added' : 'removed', mechanism: value.mechanism });
      if (!after) {
        raise(
          {
            kind: 'access-lost',
            object: `${principal}@${value.mechanism}`,
            message: `${ctx.who(principal)} can no longer log in with ${value.mechanism} (its credential is deleted): its clients are refused at login.`,
          },
          name,
          ctx.principalAndApps(principal),
          'synth',
        );
      }
    }
  }
  const otherKeys = new Set([...(b?.other.keys() ?? []), ...(a?.other.keys() ?? [])]);
  for (const address of [...otherKeys].sort()) {
    const before = b?.other.get(address);
    const after = a?.other.get(address);
    if (before !== after) s().other.push({ address, status: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed' });
  }
}

const PRODUCT_FIELDS: { field: string; get: (p: ProductModel) => string | undefined }[] = [
  { field: 'description', get: (p) => p.description },
  { field: 'owner', get: (p) => p.owner },
  { field: 'classification', get: (p) => p.classification },
  { field: 'tags', get: (p) => (p.tags ?? []).join(', ') },
  {
    field: 'service level',
    get: (p) =>
      p.sla
        ? Object.entries(p.sla)
            .map(([k, v]) => `${k} ${String(v)}`)
            .join(', ')
        : undefined,
  },
  { field: 'kind', get: (p) => p.kind },
  { field: 'acknowledgeDataLoss', get: (p) => p.dataLossAcknowledged },
];

function compareCatalogs(
  base: MeshModel | undefined,
  head: MeshModel | undefined,
  stackOf: (name: string) => StackBuilder,
  productOf: ProductOf,
): void {
  if (!base || !head) return;
  for (const hp of head.products) {
    const bp = base.products.find((p) => p.topic === hp.topic);
    if (!bp) continue;
    const changes: FieldChange[] = [];
    for (const { field, get } of PRODUCT_FIELDS) {
      const from = get(bp) || undefined;
      const to = get(hp) || undefined;
      if (from !== to) changes.push({ field, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
    }
    if (changes.length) productOf(hp.stack, hp.topic).metadata.push(...changes);
  }
  const names = [...new Set([...base.domains.map((d) => d.name), ...head.domains.map((d) => d.name)])].sort();
  for (const name of names) {
    const b = base.domains.find((d) => d.name === name);
    const h = head.domains.find((d) => d.name === name);
    const stack = (h ?? b)!.stack;
    if (!b || !h) {
      stackOf(stack).domainChanges.push({ name, status: h ? 'added' : 'removed', changes: [] });
      continue;
    }
    const changes: FieldChange[] = [];
    for (const field of ['owner', 'contact', 'principal', 'consumerGroupPrefix', 'stack'] as const) {
      if (b[field] !== h[field]) changes.push({ field, from: b[field], to: h[field] });
    }
    if (changes.length) stackOf(stack).domainChanges.push({ name, status: 'changed', changes });
  }
}

function sideLabel(snap: SynthSnapshot): SideLabel {
  return { label: snap.label, catalog: !!snap.catalog, ...(snap.commit ? { commit: snap.commit } : {}) };
}

/**
 * Who still reads `topic` in the head: applications with it as input, and principals other than
 * its owner with a Read ACL on it (literal, or a prefix covering it).
 */
function liveReaders(head: SynthSnapshot, topic: string): string[] {
  const owner = head.catalog?.domains.find((d) => topic.startsWith(d.topicPrefix))?.principal;
  const readers = new Set<string>();
  for (const s of head.stacks.values()) {
    for (const acl of s.acls.values()) {
      if (acl.resourceType !== 'Topic' || acl.permission !== 'Allow' || (acl.operation !== 'Read' && acl.operation !== 'All')) continue;
      const covers = acl.patternType === 'Prefixed' ? topic.startsWith(acl.resourceName) : acl.resourceName === topic;
      if (covers && acl.principal !== owner) readers.add(acl.principal);
    }
  }
  for (const app of head.catalog?.applications ?? []) if (app.inputs.includes(topic)) readers.add(app.principal);
  return [...readers].sort();
}

const SENSITIVE = new Set(['confidential', 'pii']);

/** New applications, principals and writers, and new readers of confidential or PII products. */
function catalogNotices(base: MeshModel | undefined, head: MeshModel | undefined, ctx: MeshContext): Notice[] {
  if (!base || !head) return [];
  const out: Notice[] = [];
  for (const app of head.applications) {
    if (base.applications.some((a) => a.name === app.name)) continue;
    const io = [app.inputs.length ? `reads ${joinWords(app.inputs)}` : '', app.outputs.length ? `writes ${joinWords(app.outputs)}` : ''].filter(
      Boolean,
    );
    out.push({
      kind: 'new-application',
      stack: app.stack,
      text: `New ${app.kind} app ${app.name} (domain ${app.domain}) runs as ${app.principal}${io.length ? ` and ${joinWords(io)}` : ''}.`,
    });
  }
  for (const p of head.principals) {
    if (base.principals.some((b) => b.principal === p.principal)) continue;
    out.push({
      kind: 'new-principal',
      stack: p.declaredBy.split('/')[0],
      text: `New principal ${p.principal}, declared at ${p.declaredBy}${p.description ? ` (${p.description})` : ''}.`,
    });
  }
  for (const hp of head.products) {
    const bp = base.products.find((p) => p.topic === hp.topic);
    if (!bp) continue;
    for (const w of hp.producers.filter((x) => !bp.producers.includes(x))) {
      out.push({
        kind: 'extra-writer',
        stack: hp.stack,
        topic: hp.topic,
        text: `${ctx.who(w)} becomes a writer of ${hp.topic}, besides ${joinWords(bp.producers.map((x) => ctx.who(x)))}: its records land in the owner's product, under the owner's schema.`,
      });
    }
    if (SENSITIVE.has(hp.classification)) {
      for (const r of hp.consumers.filter((x) => !bp.consumers.includes(x))) {
        out.push({
          kind: 'sensitive-reader',
          stack: hp.stack,
          topic: hp.topic,
          text: `${ctx.who(r)} is a new reader of ${hp.topic}, classified ${hp.classification}: check that it may hold this data.`,
        });
      }
    }
  }
  return out;
}

/** The data-loss flags of a topic that the product's `acknowledgeDataLoss` accepts (a deleted or moved topic has no product to say it). */
const CODE_ACKNOWLEDGES: ReadonlySet<FlagKind> = new Set<FlagKind>([
  'partition-decrease',
  'replication-change',
  'retention-cut',
  'cleanup-policy-flip',
  'topic-unprotected',
  'topic-replaced',
]);

/** The head synth's warnings about the mesh lock (out of date, edited), without machine paths. */
/** The synth's warnings about the mesh lock, with the lock file as `<dir>/<stack>.json` (no machine path). */
function lockWarnings(snap: SynthSnapshot): { stack: string; text: string }[] {
  return (snap.manifest?.annotations ?? [])
    .filter((a) => a.level === '@cdktf/warn' && /mesh lock/.test(a.message))
    .map((a) => ({
      stack: a.stack,
      text: a.message.replace(/the mesh lock (\S+)/, (_m, file: string) => `the mesh lock ${file.split(/[\\/]/).slice(-2).join('/')}`),
    }));
}

/** What an out-of-date warning says differs between the lock and the code: `topic <name> changed`, `subject <name> is new`... */
function lockDifferences(text: string): { file: string; items: { kind: 'topic' | 'subject'; name: string; item: string }[] } | undefined {
  const m = /the mesh lock (\S+) is out of date \((.*)\): run (?:npx kafka-mesh lock|npm run lock)/.exec(text);
  if (!m) return undefined;
  const items = [...m[2].matchAll(/(?:^|; )(topic|subject) (\S+) (is new|changed|has a new schema version|compatibility \S+ -> \S+)/g)].map((i) => ({
    kind: i[1] as 'topic' | 'subject',
    name: i[2],
    item: `${i[1]} ${i[2]} ${i[3]}`,
  }));
  return { file: m[1], items };
}

/**
 * Mesh locks edited by hand: the head's lock disagrees with the code about a topic or subject
 * whose synthesized resources this change leaves as they are, while the base's lock agreed with
 * that same code. The code did not change, so the lock did, and not the way `npx kafka-mesh lock` (which
 * writes the lock from the code) would have.
 */
function lockEdits(head: SynthSnapshot, base: SynthSnapshot): { stack: string; file: string; items: string[] }[] {
  const before = new Set(lockWarnings(base).flatMap((w) => (lockDifferences(w.text)?.items ?? []).map((i) => `${w.stack} ${i.kind} ${i.name}`)));
  const same = (stack: string, kind: 'topic' | 'subject', name: string) => {
    const pick = (snap: SynthSnapshot) => {
      const s = snap.stacks.get(stack);
      return s && (kind === 'topic' ? s.topics.get(name) : s.schemas.get(name));
    };
    const b = pick(base);
    const h = pick(head);
    return b !== undefined && h !== undefined && JSON.stringify(b) === JSON.stringify(h);
  };
  const out: { stack: string; file: string; items: string[] }[] = [];
  for (const w of lockWarnings(head)) {
    const d = lockDifferences(w.text);
    const items = (d?.items ?? []).filter((i) => !before.has(`${w.stack} ${i.kind} ${i.name}`) && same(w.stack, i.kind, i.name)).map((i) => i.item);
    if (d && items.length) out.push({ stack: w.stack, file: d.file, items });
  }
  return out;
}

function lockNotices(head: SynthSnapshot, base: SynthSnapshot): Notice[] {
  const texts = lockWarnings;
  // Only what this change brings: a lock already out of date at the base is not the change's doing.
  const before = new Set(texts(base).map((a) => a.text));
  return texts(head)
    .filter((a) => !before.has(a.text))
    .map((a) => ({ kind: 'mesh-lock' as const, stack: a.stack, text: `${a.text.charAt(0).toUpperCase()}${a.text.slice(1)}.` }));
}
