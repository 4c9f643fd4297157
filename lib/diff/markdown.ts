import { FLAG_KINDS } from './flags';
import { ACK_PREFIX } from './policy';
import type { AccessChange, MeshDiff, PlannedChange, PlanReport, ProductDiff, RiskFlag, SchemaDiff, StackDiff, TopicDiff } from './types';
import { configValue, joinWords, plural } from './words';

/** Marks the comment, so that a workflow can find and update its own earlier comment. */
export const MARKDOWN_MARKER = '<!-- kafka-mesh-diff -->';

/** Inline code that survives backticks in the text. */
function code(s: string): string {
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

/** Free text from the mesh: no HTML reaches the comment. */
function text(s: string): string {
  return s.replace(/</g, '&lt;');
}

function categoryWords(flag: RiskFlag): string {
  return flag.category === 'data-loss' ? '**Data loss**' : '**Risk**';
}

export interface MarkdownOptions {
  /**
   * Longest output, in characters (a GitHub comment takes 65536). Data products whose details do
   * not fit are left out one by one, each named with its flags; the summary table, the flags and
   * the verdict always stay.
   * @default no limit
   */
  readonly maxChars?: number;
  /** Where the uncut report is (a CI artifact, a job summary), named when the comment is cut. */
  readonly fullReport?: string;
}

const tidy = (lines: string[]) =>
  lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd();

/** A piece of a stack's section that can be left out, with the line that stands for it then. */
interface Unit {
  readonly text: string;
  readonly stub: string;
}

interface StackBlock {
  readonly open: string;
  readonly units: Unit[];
  readonly close: string;
}

/** The diff as Markdown for a pull request comment (and for people reading a terminal). */
export function renderMarkdown(diff: MeshDiff, options: MarkdownOptions = {}): string {
  const head: string[] = [MARKDOWN_MARKER, '## Kafka mesh diff', '', summary(diff), ''];
  for (const w of diff.warnings) head.push(`> **Warning**: ${text(w)}`, '');
  if (diff.stacks.length) head.push(...summaryTable(diff), '');
  if (diff.refusals?.length) head.push(...renderRefusals(diff), '');
  const flags = diff.flags.filter((f) => f.kind !== 'synth-refused');
  if (flags.length) {
    head.push('### Risk flags', '');
    for (const flag of flags) head.push(...renderFlag(flag));
    head.push('');
  }
  if (diff.notices.length) {
    head.push('### Also review', '');
    for (const n of diff.notices) head.push(`- ${text(n.text)}`);
    head.push('');
  }
  const blocks = diff.stacks.map(stackBlock);
  const unchanged = diff.unchangedStacks.length ? `Unchanged: ${diff.unchangedStacks.map(code).join(', ')}.` : '';
  const tail = tidy(footer(diff));
  const assemble = (keep: (unit: Unit) => boolean, note: string) => {
    // Stubs in a row make one list: a blank line between two parts, a line break between stubs.
    const stacks = blocks.map((b) => {
      let out = b.open;
      b.units.forEach((u, i) => (out += keep(u) ? `\n\n${u.text}` : `${i > 0 && !keep(b.units[i - 1]) ? '\n' : '\n\n'}${u.stub}`));
      return `${out}\n\n${b.close}`;
    });
    return `${[tidy(head), ...stacks, unchanged, note, tail].filter(Boolean).join('\n\n')}\n`;
  };
  const full = assemble(() => true, '');
  const max = options.maxChars;
  if (max === undefined || full.length <= max) return full;
  // Products are kept in order while they fit; the others are named by a line each.
  const all = blocks.flatMap((b) => b.units);
  const kept = new Set<Unit>();
  const note = (left: number) => cutNote(left, max, options.fullReport);
  for (const unit of all) {
    kept.add(unit);
    if (assemble((u) => kept.has(u), note(all.length - kept.size)).length > max) kept.delete(unit);
  }
  const cut = assemble((u) => kept.has(u), note(all.length - kept.size));
  if (cut.length <= max) return cut;
  // Even the named lines do not fit: the summary, the flags and the verdict alone, cut at a line.
  const stacksNote = `> **Cut**: every stack's section is left out to keep this under ${max} characters; ${cutNote(all.length, max, options.fullReport).split('; ').pop()}`;
  const summaryOnly = `${[tidy(head), stacksNote, tail].filter(Boolean).join('\n\n')}\n`;
  if (summaryOnly.length <= max) return summaryOnly;
  const room = max - stacksNote.length - 3;
  const lines = tidy(head).split('\n');
  let kept2 = '';
  for (const line of lines) {
    if (kept2.length + line.length + 1 > room) break;
    kept2 += `${line}\n`;
  }
  return `${kept2}\n${stacksNote}\n`.slice(0, max);
}

function cutNote(left: number, max: number, fullReport: string | undefined): string {
  const where = fullReport ? `the full report is ${text(fullReport)}` : 'run `kafka-mesh diff` for the full report';
  return `> **Cut**: the details of ${plural(left, 'section')} are left out (each is named in its stack, with its flags) to keep this under ${max} characters; ${where}.`;
}

function stackCounts(s: StackDiff, diff: MeshDiff) {
  const topics = { created: 0, changed: 0, deleted: 0 };
  for (const p of s.products) {
    const t = p.topicDiff;
    if (!t) continue;
    if (t.status === 'added') topics.created++;
    else if (t.status === 'removed') topics.deleted++;
    else topics.changed++;
  }
  const access = [...s.products.flatMap((p) => p.access), ...s.principalAccess];
  const gained = access.filter((a) => a.change === 'gains').length;
  const lost = access.filter((a) => a.change === 'loses').length;
  const flags = diff.flags.filter((f) => f.stack === s.stack);
  return { topics, gained, lost, flags };
}

function flagCell(flags: RiskFlag[]): string {
  if (!flags.length) return 'none';
  const open = flags.filter((f) => !f.acknowledged);
  const loss = open.filter((f) => f.category === 'data-loss').length;
  const parts = [`${open.length} open`];
  if (loss) parts.push(`${loss} data loss`);
  if (flags.length > open.length) parts.push(`${flags.length - open.length} acknowledged`);
  return `${open.length ? '**' : ''}${parts.join(', ')}${open.length ? '**' : ''}`;
}

/** One row per changed stack: what it does at a glance. */
function summaryTable(diff: MeshDiff): string[] {
  const rows = [
    '| Stack | Topics created | Topics changed | Topics deleted | Access gained | Access lost | Flags |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const s of diff.stacks) {
    const c = stackCounts(s, diff);
    const status = s.status === 'added' ? ' (new)' : s.status === 'removed' ? ' (leaves the app)' : '';
    rows.push(
      `| ${code(s.stack)}${status} | ${c.topics.created} | ${c.topics.changed} | ${c.topics.deleted} | ${c.gained} | ${c.lost} | ${flagCell(c.flags)} |`,
    );
  }
  return rows;
}

function renderRefusals(diff: MeshDiff): string[] {
  const out = [
    '### The mesh refuses the head',
    '',
    'The head does not synthesize, so it cannot deploy. Change the code; an acknowledgement cannot accept these.',
    '',
  ];
  for (const r of diff.refusals ?? []) {
    const flag = diff.flags.find((f) => f.id === r.flag);
    out.push(
      `- ${code(r.flag)} ${r.topic ? `data product ${code(r.topic)}` : code(r.path)}: **${text(r.rule)}**. ${text(r.problem.charAt(0).toUpperCase() + r.problem.slice(1))}.`,
    );
    if (r.fix) out.push(`  - Fix: ${text(r.fix)}.`);
    if (flag?.affects.length) out.push(`  - Affects: ${text(joinWords(flag.affects))}.`);
    out.push(`  - At ${code(r.path)}.`);
  }
  return out;
}

function summary(diff: MeshDiff): string {
  const parts: string[] = [];
  const side = (s: NonNullable<MeshDiff['base']>) => `${code(s.label)}${s.commit ? ` (commit ${code(s.commit)})` : ''}`;
  if (diff.base && diff.head) parts.push(`Base ${side(diff.base)}, head ${side(diff.head)}.`);
  const plans = diff.stacks.flatMap((s) => s.plans);
  if (plans.length) parts.push(`${plural(plans.length, 'plan')} read.`);
  const changed = diff.stacks.length;
  if (diff.refusals?.length) parts.push('**The mesh refuses the head**: it does not synthesize.');
  else
    parts.push(
      changed
        ? `${plural(changed, 'stack')} ${changed === 1 ? 'changes' : 'change'}: ${diff.stacks.map((s) => code(s.stack)).join(', ')}.`
        : 'Nothing changes.',
    );
  if (!diff.base?.catalog && diff.base) parts.push('The base has no catalog, so who is affected is read from its ACLs only.');
  const open = diff.flags.filter((f) => !f.acknowledged);
  const loss = open.filter((f) => f.category === 'data-loss').length;
  if (diff.flags.length) {
    const acked = diff.flags.length - open.length;
    parts.push(`**${plural(diff.flags.length, 'risk flag')}**${loss ? `, ${loss} of them data loss` : ''}${acked ? `; ${acked} acknowledged` : ''}.`);
  } else {
    parts.push('No risk flags.');
  }
  return parts.join(' ');
}

function renderFlag(flag: RiskFlag): string[] {
  const lines = [`- ${categoryWords(flag)} (${FLAG_KINDS[flag.kind].title}) ${code(flag.id)}: ${text(flag.message)}`];
  if (flag.affects.length) lines.push(`  - Affects: ${text(joinWords(flag.affects))}.`);
  if (flag.sources.includes('plan')) lines.push(`  - Seen in ${flag.sources.includes('synth') ? 'the synthesized code and the plan' : 'the plan'}.`);
  if (flag.acknowledged)
    lines.push(`  - Acknowledged (${text(flag.acknowledged.by)})${flag.acknowledged.reason ? `: ${text(flag.acknowledged.reason)}` : ''}.`);
  else lines.push(`  - To accept it: ${code(`${ACK_PREFIX} ${flag.id} <why this is fine>`)}`);
  return lines;
}

/**
 * A stack's section: its heading, then its details collapsed (`<details>`), cut into units that a
 * long report can leave out one by one: each data product, the principals, the other resources,
 * each plan.
 */
function stackBlock(stack: StackDiff): StackBlock {
  const owners = stack.domains.map((d) => `domain ${d.name} (owner ${text(d.owner)})`);
  const status =
    stack.status === 'added'
      ? ' (new stack)'
      : stack.status === 'removed'
        ? ' (leaves the app: no longer applied, so what it created stays in Kafka unmanaged)'
        : '';
  const flagged = new Set(stack.products.flatMap((p) => p.flags));
  const what = [stack.products.length ? plural(stack.products.length, 'data product') : '', flagged.size ? plural(flagged.size, 'flag') : '']
    .filter(Boolean)
    .join(', ');
  const open = [
    `### Stack ${code(stack.stack)}${owners.length ? `: ${joinWords(owners)}` : ''}${status}`,
    '',
    `<details><summary>Details${what ? ` (${what})` : ''}</summary>`,
    '',
  ];
  const domains: string[] = [];
  for (const d of stack.domainChanges) {
    if (d.status !== 'changed') domains.push(`- Domain ${code(d.name)} is ${d.status === 'added' ? 'new' : 'removed'}.`);
    else
      domains.push(
        `- Domain ${code(d.name)}: ${d.changes.map((c) => `${c.field} ${text(c.from ?? '(none)')} -> ${text(c.to ?? '(none)')}`).join('; ')}.`,
      );
  }
  open.push(...domains, '');
  const units: Unit[] = [];
  for (const p of stack.products) {
    const flags = p.flags.length ? `; flags ${p.flags.map(code).join(', ')}` : '';
    units.push({ text: tidy(renderProduct(p)), stub: `* ${code(p.topic)} (${p.status}${flags}): details left out.` });
  }
  const principals = [
    ...stack.principalAccess.map(accessLine),
    ...stack.quotas.map(
      (q) =>
        `- Quota of ${code(q.entity)} ${q.status === 'changed' ? 'changes' : q.status === 'added' ? 'is new' : 'is removed'}: ${q.changes.map((c) => `${c.key} ${c.from ?? '(not set)'} -> ${c.to ?? '(not set)'}`).join(', ')}.`,
    ),
    ...stack.credentials.map((c) =>
      c.status === 'rotated'
        ? `- The ${c.mechanism} password of ${code(c.principal)} is rotated (version ${c.version?.from ?? '(none)'} -> ${c.version?.to ?? '(none)'}): its clients need the new password.`
        : `- ${code(c.principal)} ${c.status === 'added' ? 'gets' : 'loses'} its ${c.mechanism} credential.`,
    ),
  ];
  if (principals.length)
    units.push({
      text: tidy(['#### Principals, groups and quotas', '', ...principals]),
      stub: `* Principals, groups and quotas (${plural(principals.length, 'change')}): details left out.`,
    });
  if (stack.other.length) {
    const provider = (o: StackDiff['other'][number]) =>
      o.status === 'changed'
        ? `- The settings of ${code(o.address)} change: check that the stack still reaches the same cluster or registry (another one means everything is planned anew there).`
        : `- ${code(o.address)} is ${o.status === 'added' ? 'configured: the stack declares its first resources of it' : 'no longer configured: the stack declares no resources of it any more'}.`;
    const line = (o: StackDiff['other'][number]) => (o.address.startsWith('provider.') ? provider(o) : `- ${code(o.address)} is ${o.status}.`);
    units.push({
      text: tidy(['#### Other resources and providers', '', ...stack.other.map(line)]),
      stub: `* Other resources and providers (${plural(stack.other.length, 'change')}): details left out.`,
    });
  }
  for (const plan of stack.plans) units.push({ text: tidy(renderPlan(plan)), stub: `* Planned actions of ${code(plan.file)}: details left out.` });
  return { open: tidy(open), units, close: '</details>' };
}

function productHeading(p: ProductDiff): string {
  const status = p.status === 'added' ? 'new' : p.status === 'removed' ? 'removed' : 'changed';
  const owner = p.owner ? `, owner ${text(p.owner)}` : '';
  return `#### ${code(p.topic)} (${status}${owner})`;
}

function renderProduct(p: ProductDiff): string[] {
  const out = [productHeading(p), ''];
  if (p.flags.length) out.push(`Flags: ${p.flags.map(code).join(', ')}`, '');
  if (p.topicDiff) out.push(...renderTopic(p.topicDiff), '');
  if (p.access.length) out.push('Access:', '', ...p.access.map(accessLine), '');
  for (const s of p.schemas) out.push(...renderSchema(s), '');
  if (p.metadata.length) {
    out.push('Catalog:', '', ...p.metadata.map((m) => `- ${m.field}: ${text(m.from ?? '(none)')} -> ${text(m.to ?? '(none)')}`), '');
  }
  return out;
}

function renderTopic(t: TopicDiff): string[] {
  const out: string[] = [];
  if ((t.status === 'added' || t.status === 'removed') && t.value) {
    const v = t.value;
    const config = Object.keys(v.config)
      .sort()
      .map((k) => `${k} ${configValue(k, v.config[k])}`);
    const what = `${plural(v.partitions, 'partition')}, ${plural(v.replicationFactor, 'replica')}${config.length ? `, ${config.join(', ')}` : ''}${v.protected ? ', protected' : ''}`;
    out.push(`Topic ${t.status === 'added' ? 'created' : 'deleted'}: ${what}.`);
  } else {
    const items = !!(t.partitions || t.replicationFactor || t.config.length || t.protected || t.notes.length);
    const what = t.status === 'moved' ? `Topic moves from stack ${code(t.movedFrom ?? '?')} to stack ${code(t.movedTo ?? '?')}` : 'Topic';
    out.push(items ? `${what}:` : `${what}.`, '');
    if (t.partitions) out.push(`- partitions: ${t.partitions.from} -> ${t.partitions.to}`);
    if (t.replicationFactor) out.push(`- replication factor: ${t.replicationFactor.from} -> ${t.replicationFactor.to}`);
    for (const c of t.config) out.push(`- ${code(c.key)}: ${configValue(c.key, c.from)} -> ${configValue(c.key, c.to)}`);
    if (t.protected) out.push(`- protection (prevent_destroy): ${t.protected.from ? 'on' : 'off'} -> ${t.protected.to ? 'on' : 'off'}`);
  }
  for (const n of t.notes) out.push(`- ${text(n)}`);
  return out;
}

function accessLine(a: AccessChange): string {
  const ops = a.change === 'moves' ? '' : ` (ACLs ${a.change === 'gains' ? 'added' : 'removed'}: ${a.operations.join(', ')})`;
  return `- ${text(a.who)} ${text(a.words)}${ops}.`;
}

function renderSchema(s: SchemaDiff): string[] {
  const type = s.type.to ?? s.type.from;
  const level = s.level.to ?? s.level.from;
  const head = `Schema ${code(s.subject)} (${[type, level].filter(Boolean).join(', ')})`;
  const out: string[] = [];
  switch (s.status) {
    case 'added':
      out.push(`${head}: new subject, first version ${code(s.fingerprint.to ?? '?')}.`);
      break;
    case 'removed':
      out.push(`${head}: subject deleted (was ${code(s.fingerprint.from ?? '?')}).`);
      break;
    case 'settings':
      out.push(`${head}: the schema is unchanged; compatibility ${s.level.from} -> ${s.level.to}.`);
      break;
    case 'reformatted':
      out.push(`${head}: the text changes, the schema does not (${code(s.fingerprint.to ?? '?')}).`);
      break;
    case 'changed': {
      const v = s.verdict;
      const verdict = !v
        ? ''
        : !v.checked
          ? `; compatibility not checked (${text(v.error ?? 'unknown error')})`
          : v.compatible
            ? `; **compatible** under ${v.level}`
            : `; **incompatible** under ${v.level}`;
      const levels = s.level.from !== s.level.to ? `; compatibility ${s.level.from} -> ${s.level.to}` : '';
      const types = s.type.from !== s.type.to ? `; type ${s.type.from} -> ${s.type.to}` : '';
      out.push(`${head}: new version ${code(s.fingerprint.from ?? '?')} -> ${code(s.fingerprint.to ?? '?')}${types}${levels}${verdict}.`);
      break;
    }
  }
  const details = [...(s.verdict?.issues ?? []), ...s.notes];
  if (details.length) out.push('', ...details.map((d) => `- ${text(d)}`));
  if (s.textDiff.length) {
    const fence = s.textDiff.some((l) => l.includes('```')) ? '````' : '```';
    out.push('', '<details><summary>Schema text</summary>', '', `${fence}diff`, ...s.textDiff, fence, '', '</details>');
  }
  return out;
}

function plannedLabel(c: PlannedChange): string {
  switch (c.kind) {
    case 'topic':
      return `Topic ${code(c.object)}`;
    case 'schema':
      return `Schema ${code(c.object)}`;
    case 'acl':
      return `ACL ${code(c.object)}`;
    case 'quota':
      return `Quota ${code(c.object)}`;
    case 'credential':
      return `Credential ${code(c.object)}`;
    default:
      return code(c.address);
  }
}

function plannedLine(c: PlannedChange): string {
  const [first, ...rest] = c.details;
  return `- ${plannedLabel(c)}: **${text(first)}**${rest.length ? `; ${text(rest.join('; '))}` : ''}.`;
}

function renderPlan(plan: PlanReport): string[] {
  const out = [`#### Planned actions (${code(plan.file)}${plan.tool ? `, ${plan.tool}` : ''})`, ''];
  for (const n of plan.notes) out.push(`- ${text(n)}`);
  const order = (a: PlannedChange, b: PlannedChange) =>
    (a.topic ?? '\uffff').localeCompare(b.topic ?? '\uffff') || a.address.localeCompare(b.address);
  const changes = [...plan.changes].sort(order);
  if (!changes.length) out.push('- No changes.');
  let topic: string | undefined;
  for (const c of changes) {
    if (c.topic !== topic && c.topic) out.push(`- Data product ${code(c.topic)}:`);
    topic = c.topic;
    out.push(c.topic ? `  ${plannedLine(c)}` : plannedLine(c));
  }
  if (plan.drift.length) {
    out.push('', 'Changed outside Terraform (found when the plan refreshed the state):', '');
    for (const d of [...plan.drift].sort(order)) out.push(plannedLine(d));
  }
  out.push('');
  return out;
}

function footer(diff: MeshDiff): string[] {
  const v = diff.verdict;
  if (!v) return [];
  const out = ['---', ''];
  if (v.failOn === 'never') out.push('The check does not fail on flags (`--fail-on never`).');
  else if (v.failing.length) {
    const what = v.failOn === 'data-loss' ? 'data-loss flag' : 'flag';
    out.push(`**This check fails**: ${plural(v.failing.length, `unacknowledged ${what}`)} (\`--fail-on ${v.failOn}\`).`);
  } else out.push(`This check passes (\`--fail-on ${v.failOn}\`)${diff.flags.length ? ': every flag that counts is acknowledged' : ''}.`);
  if (diff.flags.some((f) => !f.acknowledged && f.kind !== 'synth-refused')) {
    out.push(
      '',
      `To accept a flag after review, acknowledge its id with a reason, one a line: ${code(`${ACK_PREFIX} <flag id> <reason>`)} (in an ack file, or with \`--ack <flag id>\`).`,
    );
  }
  if (v.unusedAcks.length) out.push('', `Acknowledgements that match no flag: ${v.unusedAcks.map(code).join(', ')}.`);
  return out;
}
