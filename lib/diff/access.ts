import type { AclSpec } from '../model/grants';
import { aclKey, coveredBy, impliedBy } from '../model/grants';
import type { MeshContext } from './context';
import type { FlagDraft } from './flags';
import type { AccessChange } from './types';
import { joinWords } from './words';

const OPERATION_ORDER = [
  'All',
  'Read',
  'Write',
  'Create',
  'Delete',
  'Alter',
  'AlterConfigs',
  'DescribeConfigs',
  'Describe',
  'IdempotentWrite',
  'ClusterAction',
];
const orderOf = (op: string) => {
  const i = OPERATION_ORDER.indexOf(op);
  return i < 0 ? OPERATION_ORDER.length : i;
};

/** `topic sales.orders`, `every topic starting with sales.`, `consumer groups starting with marketing.` */
export function resourceWords(resourceType: string, name: string, patternType: string): string {
  const prefixed = patternType === 'Prefixed';
  switch (resourceType) {
    case 'Topic':
      return prefixed ? `every topic starting with ${name}` : `topic ${name}`;
    case 'Group':
      return prefixed ? `consumer groups starting with ${name}` : `consumer group ${name}`;
    case 'Cluster':
      return 'the cluster';
    case 'TransactionalID':
      return prefixed ? `transactional ids starting with ${name}` : `transactional id ${name}`;
    default:
      return `${resourceType} ${name}${prefixed ? '*' : ''}`;
  }
}

/** What a set of operations on a resource lets a principal do: `read and write to topic x`. */
export function abilityWords(operations: readonly string[], resourceType: string, name: string, patternType: string): string {
  const ops = new Set(operations);
  const target = resourceWords(resourceType, name, patternType);
  if (ops.has('All')) return `do anything with ${target}`;
  if (resourceType === 'Topic') {
    const verbs = [ops.has('Read') && 'read', ops.has('Write') && 'write to'].filter((v): v is string => !!v);
    const rest = sortOperations([...ops].filter((o) => !['Read', 'Write', 'Describe'].includes(o)));
    const main = verbs.length ? `${joinWords(verbs)} ${target}` : rest.length ? `${joinWords(rest)} on ${target}` : `see ${target}`;
    return verbs.length && rest.length ? `${main} (and ${joinWords(rest)} on it)` : main;
  }
  if (resourceType === 'Group' && ops.has('Read') && ops.size === 1) return `use ${target}`;
  if (resourceType === 'Cluster' && ops.has('IdempotentWrite') && ops.size === 1) return 'produce idempotently (IdempotentWrite on the cluster)';
  if (resourceType === 'TransactionalID' && ops.has('Write')) return `use ${target}`;
  return `${joinWords(sortOperations([...ops]))} on ${target}`;
}

export function sortOperations(ops: string[]): string[] {
  return [...ops].sort((a, b) => orderOf(a) - orderOf(b) || a.localeCompare(b));
}

/** Whether losing these operations stops a client working (reading, writing, joining groups). */
export function breaksClients(spec: AclSpec, operations: readonly string[]): boolean {
  if (operations.includes('All')) return true;
  if (spec.resourceType === 'Topic') return operations.includes('Read') || operations.includes('Write');
  if (spec.resourceType === 'Group') return operations.includes('Read');
  if (spec.resourceType === 'TransactionalID') return operations.includes('Write');
  return false;
}

export interface AccessSide {
  /** Every ACL of the mesh, by key, with the stacks writing it. */
  readonly acls: ReadonlyMap<string, { readonly spec: AclSpec; readonly stacks: readonly string[] }>;
}

/** Where an access change is shown: with a product (literal topic ACLs), or with the stack. */
export interface PlacedAccessChange {
  readonly stack: string;
  /** The topic whose product section shows it; undefined: the stack's principals section. */
  readonly topic?: string;
  readonly change: AccessChange;
  readonly flag?: FlagDraft;
  readonly affects: string[];
}

interface Pending {
  stack: string;
  change: 'gains' | 'loses' | 'moves';
  spec: AclSpec;
  operations: string[];
  fromStack?: string;
}

/**
 * Compares the ACLs of the whole mesh. An ACL that leaves one stack and appears in another is
 * a move, not a loss; an ACL that disappears while a prefixed ACL still grants it is no change
 * in access at all. `removedTopics` are topics that leave the mesh: their readers are named by
 * the topic's own flag, so no access flag is raised for them.
 */
export function diffAccess(
  base: AccessSide,
  head: AccessSide,
  ctx: MeshContext,
  removedTopics: ReadonlySet<string>,
  goneStacks: ReadonlySet<string> = new Set(),
): PlacedAccessChange[] {
  const basePrefixed = [...base.acls.values()].map((a) => a.spec).filter((a) => a.patternType === 'Prefixed');
  const headPrefixed = [...head.acls.values()].map((a) => a.spec).filter((a) => a.patternType === 'Prefixed');
  const groups = new Map<string, Pending>();
  const add = (stack: string, change: Pending['change'], spec: AclSpec, fromStack?: string) => {
    const key = [stack, change, spec.permission, spec.principal, spec.resourceType, spec.patternType, spec.resourceName, fromStack ?? ''].join(
      '\u0000',
    );
    const g = groups.get(key);
    if (g) g.operations.push(spec.operation);
    else groups.set(key, { stack, change, spec, operations: [spec.operation], ...(fromStack ? { fromStack } : {}) });
  };
  const headSpecs = [...head.acls.values()].map((e) => e.spec);
  const keys = [...new Set([...base.acls.keys(), ...head.acls.keys()])].sort();
  for (const key of keys) {
    const b = base.acls.get(key);
    const h = head.acls.get(key);
    if (b && h) {
      const left = b.stacks.filter((s) => !h.stacks.includes(s));
      const entered = h.stacks.filter((s) => !b.stacks.includes(s));
      if (entered.length && left.length) for (const s of entered) add(s, 'moves', h.spec, left.join(', '));
    } else if (b) {
      if (headPrefixed.some((p) => coveredBy(b.spec, p))) continue;
      if (stillImplied(b.spec, headSpecs)) continue;
      for (const s of b.stacks) add(s, 'loses', b.spec);
    } else if (h) {
      if (basePrefixed.some((p) => coveredBy(h.spec, p))) continue;
      for (const s of h.stacks) add(s, 'gains', h.spec);
    }
  }
  const out: PlacedAccessChange[] = [];
  for (const g of groups.values()) out.push(place(g, ctx, removedTopics, goneStacks));
  return out.sort(
    (a, b) =>
      a.stack.localeCompare(b.stack) ||
      (a.topic ?? '').localeCompare(b.topic ?? '') ||
      a.change.principal.localeCompare(b.change.principal) ||
      a.change.change.localeCompare(b.change.change) ||
      a.change.resource.localeCompare(b.change.resource),
  );
}

function place(g: Pending, ctx: MeshContext, removedTopics: ReadonlySet<string>, goneStacks: ReadonlySet<string>): PlacedAccessChange {
  const { spec } = g;
  const operations = sortOperations([...new Set(g.operations)]);
  const resource = spec.patternType === 'Prefixed' ? `${spec.resourceName}*` : spec.resourceName;
  const ability = abilityWords(operations, spec.resourceType, spec.resourceName, spec.patternType);
  const deny = spec.permission === 'Deny';
  let words: string;
  if (g.change === 'moves' && goneStacks.has(g.fromStack ?? '')) {
    words = `keeps ${joinWords(operations)} on ${resourceWords(spec.resourceType, spec.resourceName, spec.patternType)}; stack ${g.fromStack} leaves the app, and stack ${g.stack} takes the ACLs over`;
  } else if (g.change === 'moves') {
    words = `keeps ${joinWords(operations)} on ${resourceWords(spec.resourceType, spec.resourceName, spec.patternType)}, but the ACLs move from stack ${g.fromStack} to stack ${g.stack}: apply ${g.fromStack} before ${g.stack}, or ${g.fromStack}'s apply deletes the ACLs ${g.stack} just created`;
  } else if (deny) {
    words = g.change === 'gains' ? `is now denied to ${ability}` : `is no longer denied to ${ability}`;
  } else {
    words = g.change === 'gains' ? `can now ${ability}` : `can no longer ${ability}`;
  }
  const topic = spec.resourceType === 'Topic' && spec.patternType === 'Literal' ? spec.resourceName : undefined;
  const change: AccessChange = {
    change: g.change,
    principal: spec.principal,
    who: ctx.who(spec.principal),
    operations: deny ? operations.map((o) => `DENY ${o}`) : operations,
    resourceType: spec.resourceType,
    resource,
    words,
    ...(g.fromStack ? { fromStack: g.fromStack } : {}),
  };
  const losing = (g.change === 'loses' && !deny) || (g.change === 'gains' && deny);
  let flag: FlagDraft | undefined;
  if (losing && breaksClients(spec, operations) && !(topic && removedTopics.has(topic))) {
    flag = {
      kind: 'access-lost',
      object: `${spec.principal}@${spec.resourceType}:${resource}`,
      ...(topic ? { topic } : {}),
      message: `${ctx.who(spec.principal)} ${deny ? `is denied to ${ability}` : `can no longer ${ability}`} (${deny ? 'DENY ' : ''}${joinWords(operations)} ${deny ? 'added' : 'removed'}): its clients fail with authorization errors.`,
    };
  }
  return { stack: g.stack, ...(topic ? { topic } : {}), change, ...(flag ? { flag } : {}), affects: ctx.principalAndApps(spec.principal) };
}

/** Every ACL of a set of stacks, by key, with the stacks writing it. */
export function collectAcls(stacks: Iterable<{ readonly name: string; readonly acls: ReadonlyMap<string, AclSpec> }>): AccessSide {
  const acls = new Map<string, { spec: AclSpec; stacks: string[] }>();
  for (const stack of stacks) {
    for (const spec of stack.acls.values()) {
      const key = aclKey(spec);
      const entry = acls.get(key);
      if (entry) entry.stacks.push(stack.name);
      else acls.set(key, { spec, stacks: [stack.name] });
    }
  }
  return { acls };
}

/**
 * Whether the broker still allows what a removed ACL allowed, from the ACLs the head writes: a
 * Describe beside a Read/Write/Delete/Alter that stays, or IdempotentWrite for a principal that
 * keeps Write on a topic (Kafka 3.0 and later). The mesh stopped writing both (lib/grants.ts).
 */
function stillImplied(spec: AclSpec, head: readonly AclSpec[]): boolean {
  if (spec.operation === 'IdempotentWrite' && spec.resourceType === 'Cluster' && spec.permission === 'Allow') {
    return head.some((h) => h.principal === spec.principal && h.operation === 'Write' && h.resourceType === 'Topic' && h.permission === 'Allow');
  }
  return impliedBy(spec, head, true) !== undefined;
}
