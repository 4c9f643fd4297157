/**
 * The reference corpus: compatibility cases whose schemas reference other subjects, each version
 * with its own references, as a registry holds them. One YAML file per format under
 * `corpus-refs/`: `subjects` lists the referenced subjects' versions (oldest first, each a schema
 * and the references it was registered with), and `cases` the cases, each version of `history`
 * and the `candidate` a schema with `references: [{ name, subject, version }]`. The verdicts were
 * written by reasoning from the registry's rules.
 *
 * A case may carry `registryDeparts`: why the local registry (not Confluent) gives another verdict.
 *
 * Replaying a case against a registry: register the referenced subject versions the case reaches,
 * each subject's in order, under level NONE (with their references), register `history` in order
 * under NONE, set the level, then ask whether `candidate` (with its references) is compatible.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { CompatibilityInput, isCompatibilityLevel, ResolvedReference, SchemaFormat } from '../../lib/compat';
import { CorpusCase, ExpectedIssue } from './corpus';

export interface ReferenceSpec {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

export interface CorpusVersion {
  readonly schema: string;
  readonly references: ReferenceSpec[];
}

export interface ReferenceCase extends Pick<CorpusCase, 'name' | 'file' | 'description' | 'note' | 'format' | 'level'> {
  readonly subject: string;
  /** Referenced subjects, their versions oldest first. */
  readonly subjects: Readonly<Record<string, CorpusVersion[]>>;
  readonly history: CorpusVersion[];
  readonly candidate: CorpusVersion;
  readonly expected: { readonly compatible: boolean; readonly issues: ExpectedIssue[] };
  /**
   * Why the project's local registry gives another verdict than Confluent's on this case (one
   * sentence). `expected` stays Confluent's verdict; the e2e replay requires an annotated case to
   * disagree with the local registry and every other case to agree.
   */
  readonly registryDeparts?: string;
}

export const REFERENCE_CORPUS_DIR = path.join(__dirname, 'corpus-refs');

function fail(file: string, message: string): never {
  throw new Error(`${path.relative(process.cwd(), file)}: ${message}`);
}

function version(file: string, raw: unknown, where: string): CorpusVersion {
  const v = raw as { schema?: unknown; references?: unknown };
  if (typeof v?.schema !== 'string') fail(file, `${where}.schema must be a string`);
  const refs = v.references ?? [];
  if (!Array.isArray(refs)) fail(file, `${where}.references must be a list`);
  return {
    schema: v.schema,
    references: refs.map((r, i) => {
      const ref = r as Record<string, unknown>;
      if (typeof ref.name !== 'string' || typeof ref.subject !== 'string' || !Number.isInteger(ref.version)) {
        fail(file, `${where}.references[${i}] needs name, subject and an integer version`);
      }
      return { name: ref.name, subject: ref.subject, version: ref.version as number };
    }),
  };
}

/** The references of a version resolved against the case's subjects, recursively. */
export function resolve(c: Pick<ReferenceCase, 'subjects'>, refs: readonly ReferenceSpec[], depth = 0): ResolvedReference[] {
  if (depth > 20) throw new Error('reference cycle');
  return refs.map((r) => {
    const target = c.subjects[r.subject]?.[r.version - 1];
    if (!target) throw new Error(`no version ${r.version} of subject ${r.subject}`);
    const nested = resolve(c, target.references, depth + 1);
    return { name: r.name, subject: r.subject, version: r.version, schema: target.schema, ...(nested.length ? { references: nested } : {}) };
  });
}

/** The case as the checker's input, every version with its own resolved references. */
export function inputOf(c: ReferenceCase): CompatibilityInput {
  const withRefs = (v: CorpusVersion) => ({ schema: v.schema, references: resolve(c, v.references) });
  return { format: c.format, level: c.level, subject: c.subject, candidate: withRefs(c.candidate), history: c.history.map(withRefs) };
}

function toCases(file: string, doc: unknown): ReferenceCase[] {
  const d = doc as Record<string, unknown>;
  const format = d.format as SchemaFormat;
  if (!['AVRO', 'JSON', 'PROTOBUF'].includes(format)) fail(file, 'format must be AVRO, JSON or PROTOBUF');
  const subjects: Record<string, CorpusVersion[]> = {};
  for (const [subject, versions] of Object.entries((d.subjects ?? {}) as Record<string, unknown>)) {
    if (!Array.isArray(versions)) fail(file, `subjects.${subject} must be a list of versions`);
    subjects[subject] = versions.map((v, i) => version(file, v, `subjects.${subject}[${i}]`));
  }
  if (!Array.isArray(d.cases)) fail(file, 'cases must be a list');
  return d.cases.map((raw, n): ReferenceCase => {
    const c = raw as Record<string, unknown>;
    const where = `cases[${n}]`;
    if (typeof c.name !== 'string' || typeof c.description !== 'string') fail(file, `${where} needs a name and a description`);
    if (!isCompatibilityLevel(c.level)) fail(file, `${where}.level ${String(c.level)} is not a compatibility level`);
    if (!Array.isArray(c.history) || c.history.length === 0) fail(file, `${where}.history must be a non-empty list`);
    const history = c.history.map((h, i) => version(file, h, `${where}.history[${i}]`));
    const expected = c.expected as { compatible?: unknown; issues?: unknown[] } | undefined;
    if (typeof expected?.compatible !== 'boolean') fail(file, `${where}.expected.compatible must be true or false`);
    const issues = (expected.issues ?? []).map((x, i): ExpectedIssue => {
      const issue = x as Record<string, unknown>;
      if (issue.direction !== 'BACKWARD' && issue.direction !== 'FORWARD')
        fail(file, `${where}.expected.issues[${i}].direction must be BACKWARD or FORWARD`);
      const against = issue.againstVersion;
      if (typeof against !== 'number' || against < 1 || against > history.length)
        fail(file, `${where}.expected.issues[${i}].againstVersion out of range`);
      if (typeof issue.rule !== 'string') fail(file, `${where}.expected.issues[${i}].rule must be a string`);
      return { rule: issue.rule, path: typeof issue.path === 'string' ? issue.path : '', direction: issue.direction, againstVersion: against };
    });
    if (expected.compatible === issues.length > 0) fail(file, `${where}: a compatible case lists no issues, an incompatible one at least one`);
    if (c.registryDeparts !== undefined && (typeof c.registryDeparts !== 'string' || !/^\S.*\.$/s.test(c.registryDeparts.trim()))) {
      fail(file, `${where}.registryDeparts must be a sentence saying why the local registry departs from Confluent`);
    }
    const result: ReferenceCase = {
      name: c.name,
      file,
      description: c.description,
      note: typeof c.note === 'string' ? c.note : undefined,
      format,
      level: c.level,
      subject: typeof c.subject === 'string' ? c.subject : 'sales.orders-value',
      subjects,
      history,
      candidate: version(file, c.candidate, `${where}.candidate`),
      expected: { compatible: expected.compatible, issues },
      ...(typeof c.registryDeparts === 'string' ? { registryDeparts: c.registryDeparts.trim() } : {}),
    };
    for (const v of [...history, result.candidate]) resolve(result, v.references);
    return result;
  });
}

/** Every case of the reference corpus, sorted by name; throws on a malformed file. */
export function loadReferenceCorpus(dir: string = REFERENCE_CORPUS_DIR): ReferenceCase[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => path.join(dir, f));
  const cases = files.flatMap((file) => toCases(file, parseYaml(fs.readFileSync(file, 'utf8'), { maxAliasCount: -1 })));
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.name)) fail(c.file, `duplicate case name ${c.name}`);
    seen.add(c.name);
  }
  return cases.sort((a, b) => a.name.localeCompare(b.name));
}
