import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { MeshModel } from '../model/model';
import { DiffInputError } from './errors';
import type { SynthSnapshot } from './snapshot';
import type { Refusal } from './types';

/**
 * Whether a synth output is whole: cdktf writes `manifest.json` once every stack is written, so
 * an output without it, or whose stacks differ from the manifest's, is what a failed or
 * interrupted synth left. Diffed as if whole, its missing stacks would read as stacks leaving
 * the app. Returns the reasons it is not whole (empty when it is).
 */
export function incompleteReasons(snap: SynthSnapshot): string[] {
  const m = snap.manifest;
  if (!m)
    return [
      `${snap.dir} has no manifest.json, which cdktf writes when a synth completes: it is what a failed or interrupted synth left, or not a synth output`,
    ];
  const out: string[] = [];
  const missing = [...m.stacks.keys()].filter((s) => !snap.stacks.has(s) || !fs.existsSync(path.join(snap.dir, m.stacks.get(s)!)));
  if (missing.length)
    out.push(`its manifest lists ${missing.length === 1 ? 'stack' : 'stacks'} ${missing.join(', ')}, whose configuration is missing`);
  const extra = [...snap.stacks.keys()].filter((s) => !m.stacks.has(s));
  if (extra.length)
    out.push(
      `${extra.length === 1 ? 'stack' : 'stacks'} ${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} in the output but not in its manifest (left from an earlier synth)`,
    );
  return out;
}

function git(args: string[], cwd: string): string | undefined {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return r.status === 0 ? r.stdout : undefined;
}

/** Files may be written by the synth itself (the mesh lock, just after the output): allowed slack. */
const SLACK_MS = 2000;

export interface Freshness {
  /** The checkout's commit (12 hex digits), when the output lies in a git checkout. */
  readonly commit?: string;
  /** Tracked or new files changed since: the output does not show the working tree. */
  readonly newerFiles: string[];
  /** Uncommitted changes in the project: the output may hold them, the commit does not. */
  readonly dirty: boolean;
  /** The last commit is newer than the output (a warning: clocks and rebases can mislead). */
  readonly olderThanCommit: boolean;
}

/**
 * Compares a synth output with the git checkout around it (when it is inside one): which commit
 * it stands for, and whether files changed after it was written.
 */
export function checkFreshness(snap: SynthSnapshot, projectDir: string): Freshness | undefined {
  if (!snap.manifest) return undefined;
  const top = git(['rev-parse', '--show-toplevel'], projectDir)?.trim();
  if (!top) return undefined;
  const root = fs.realpathSync(top);
  const outDir = fs.realpathSync(snap.dir);
  const inside = path.relative(root, outDir);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  const commit = git(['rev-parse', '--short=12', 'HEAD'], root)?.trim();
  const project = path.relative(root, fs.realpathSync(projectDir)) || '.';
  const listed = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', project], root) ?? '';
  const written = snap.manifest.writtenMs;
  const newerFiles: string[] = [];
  for (const rel of listed.split('\0').filter(Boolean)) {
    const file = path.join(root, rel);
    if (file.startsWith(outDir + path.sep)) continue;
    let mtime: number;
    try {
      mtime = fs.statSync(file).mtimeMs;
    } catch {
      continue; // deleted in the working tree
    }
    if (mtime > written + SLACK_MS) newerFiles.push(rel);
  }
  const dirty = !!git(['status', '--porcelain', '--untracked-files=no', '--', project], root)?.trim();
  const committed = Number(git(['log', '-1', '--format=%ct', 'HEAD'], root)?.trim()) * 1000;
  return {
    ...(commit ? { commit } : {}),
    newerFiles: newerFiles.sort(),
    dirty,
    olderThanCommit: Number.isFinite(committed) && committed > written + SLACK_MS,
  };
}

const RULES: { test: RegExp; rule: string }[] = [
  { test: /would shrink .* partitions/, rule: 'fewer partitions (the mesh lock)' },
  { test: /moved to stack/, rule: 'product moves to another stack (the mesh lock)' },
  { test: /no product declares it/, rule: 'product deleted without decommission (the mesh lock)' },
  { test: /breaks (BACKWARD|FORWARD)|compatib/i, rule: 'incompatible schema (the mesh lock)' },
  { test: /changes .* from \w+ to \w+: every consumer/, rule: 'schema type changes (the mesh lock)' },
  { test: /subject .* would be deleted/, rule: 'schema removed (the mesh lock)' },
  { test: /outside its domain|prefix/, rule: 'topic outside its domain' },
];

/**
 * The errors a refused synth printed (`cdktf-kafka-mesh: the mesh is not valid:` or
 * `governance or validation errors:`, one `<path>: <field> <problem>. Fix: <fix>` a line), with
 * the product each is about, found in `catalog` (the base's) by construct path or topic name.
 * Empty when the output holds no such refusal (the synth failed for another reason).
 */
export function parseRefusal(output: string, catalog: MeshModel | undefined): Refusal[] {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => /cdktf-kafka-mesh: (the mesh is not valid|governance or validation errors):/.test(l));
  if (start < 0) return [];
  const out: Refusal[] = [];
  const seen = new Set<string>();
  for (const raw of lines.slice(start + 1)) {
    if (!/^\s+\S/.test(raw)) break;
    const line = raw.trim().replace(/^\[([^\]]+)\]\s*/, '$1: ');
    const m = /^([^:\s][^:]*?): (.*)$/.exec(line);
    if (!m) continue;
    const [, where, rest] = m;
    const fixAt = rest.indexOf('. Fix: ');
    const problem = fixAt >= 0 ? rest.slice(0, fixAt) : rest;
    const fix = fixAt >= 0 ? rest.slice(fixAt + '. Fix: '.length).replace(/\.$/, '') : undefined;
    const reader = liveReader(where, problem, catalog);
    if (reader) {
      let flag = `synth-refused:${reader.topic}:${reader.field}`;
      for (let n = 2; seen.has(flag); n++) flag = `synth-refused:${reader.topic}:${reader.field}-${n}`;
      seen.add(flag);
      out.push({ path: where, topic: reader.topic, rule: 'a live reader of a removed product', problem: reader.problem, fix: reader.fix, flag });
      continue;
    }
    const named = /^topic (\S+) /.exec(problem)?.[1];
    const product =
      catalog?.products.find((p) => p.topic === named) ??
      catalog?.products.find((p) => where === p.constructPath || where.startsWith(`${p.constructPath}/`));
    const topic = named ?? product?.topic;
    const rule = RULES.find((r) => r.test.test(problem))?.rule ?? 'the mesh refuses it';
    const field = /^(\S+)/.exec(problem)?.[1] ?? 'error';
    let flag = `synth-refused:${topic ?? where}:${named ? 'topic' : field}`;
    for (let n = 2; seen.has(flag); n++) flag = `synth-refused:${topic ?? where}:${named ? 'topic' : field}-${n}`;
    seen.add(flag);
    out.push({ path: where, ...(topic ? { topic } : {}), rule, problem, ...(fix ? { fix } : {}), flag });
  }
  return out;
}

/**
 * An application input the mesh refuses as "not a data product" although the base declares that
 * product: the change removes (decommissions or deletes) a topic that the application still reads.
 */
function liveReader(
  where: string,
  problem: string,
  catalog: MeshModel | undefined,
): { topic: string; field: string; problem: string; fix: string } | undefined {
  const m = /^(\S+) is not a data product of the mesh \(got "([^"]+)"\)/.exec(problem);
  if (!m || !catalog?.products.some((p) => p.topic === m[2])) return undefined;
  const [, field, topic] = m;
  const app = catalog.applications.find((a) => where === a.constructPath || where.startsWith(`${a.constructPath}/`));
  const who = app ? `the ${app.kind} app ${app.name} (domain ${app.domain}, ${app.principal})` : where;
  return {
    topic,
    field,
    problem: `${who} still reads ${topic} (${field}), which this change removes: once the topic is gone, it fails`,
    fix: `move ${app ? app.name : where} off ${topic} first (remove it from ${field.replace(/\[\d+\]$/, '')}, after its owner agrees), or keep the product`,
  };
}

/** Throws when the head is not whole, naming why and what to do. */
export function refuseIncomplete(snap: SynthSnapshot, role: 'head' | 'base'): void {
  const reasons = incompleteReasons(snap);
  if (!reasons.length) return;
  throw new DiffInputError(
    `the ${role} ${snap.label} is not a whole synth output: ${reasons.join('; ')}`,
    role === 'head'
      ? 'synthesize the head again (npm run synth) and check that it succeeds, or let the diff synthesize it: --head-ref HEAD (a refusal by the mesh is then shown in the report)'
      : 'synthesize the base again, or use --base-ref <git ref>',
  );
}
