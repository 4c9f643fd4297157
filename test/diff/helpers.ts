import { Acknowledgement, applyPolicy, diffMesh, FailOn, MeshDiff, PlanFile, readSynthOutput, renderMarkdown } from '../../lib/diff';
import { ShopSpec, synthShop } from './shop';

/** The base shop, synthesized once per test file. */
let baseDir: string | undefined;
export function baseShop(): string {
  return (baseDir ??= synthShop({}));
}

export function forgetBaseShop(): void {
  baseDir = undefined;
}

export interface Compared {
  readonly diff: MeshDiff;
  readonly markdown: string;
  readonly exitCode: number;
}

/** Diffs the base shop against one with `head` applied, under a policy. */
export function compareShop(
  head: ShopSpec,
  options: { base?: ShopSpec; failOn?: FailOn; acks?: Acknowledgement[]; plans?: PlanFile[] } = {},
): Compared {
  const base = readSynthOutput(options.base ? synthShop(options.base) : baseShop(), 'base');
  const diff = diffMesh({ base, head: readSynthOutput(synthShop(head), 'head'), ...(options.plans ? { plans: options.plans } : {}) });
  const verdict = applyPolicy(diff, options.failOn ?? 'risk', options.acks ?? []);
  return { diff, markdown: renderMarkdown(diff), exitCode: verdict.exitCode };
}

/** The Markdown of one section: from its heading line to the next heading of its level or above. */
export function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  if (start < 0) throw new Error(`no section starting with ${JSON.stringify(heading)} in:\n${markdown}`);
  const level = /^#+/.exec(heading)?.[0].length ?? 4;
  let end = start + 1;
  // A product's own <details> (its schema text) stays in; the stack's collapsed section ends it.
  let depth = 0;
  const ends = (l: string) => {
    if (l.startsWith('<details>') && !l.startsWith('<details><summary>Details')) depth++;
    if (l === '</details>' && depth > 0) {
      depth--;
      return false;
    }
    return (/^#+ /.test(l) && /^#+/.exec(l)![0].length <= level) || l === '---' || l.startsWith('Unchanged: ') || l === '</details>';
  };
  while (end < lines.length && !ends(lines[end])) end++;
  // The stack's collapsed section is read as its content: the <details> line (and the blank after it) is left out.
  const out = lines.slice(start, end);
  const open = out.findIndex((l) => l.startsWith('<details><summary>Details'));
  if (open >= 0) out.splice(open, out[open + 1] === '' ? 2 : 1);
  return out.join('\n').trimEnd();
}

/**
 * The flag list items of the Markdown (each item with its sub-items), without the ready-to-paste
 * acknowledgement lines (one per open flag, checked in their own test).
 */
export function flagItems(markdown: string): string {
  return section(markdown, '### Risk flags')
    .split('\n')
    .slice(2)
    .filter((l) => !l.startsWith('  - To accept it: '))
    .join('\n');
}
