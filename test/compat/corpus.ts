/**
 * The compatibility corpus: schema pairs and chains with the verdict a Confluent schema registry
 * gives, one YAML file per case under `corpus/<format>/`. The cases were written by reasoning
 * from the registry's documented rules; they are data, so another tool (e.g. a run against a real
 * registry's `/compatibility` endpoint) can replay them.
 *
 * Replaying a case against a registry: register each reference as its own subject, register
 * `history` in order under level NONE, set the subject's level to `level`, then ask whether
 * `candidate` is compatible (for a transitive level, against all versions).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { COMPATIBILITY_LEVELS, CompatibilityDirection, CompatibilityLevel, isCompatibilityLevel, SchemaFormat } from '../../lib/compat';

export interface ExpectedIssue {
  readonly rule: string;
  /** The exact issue path ('' for the root). */
  readonly path: string;
  readonly direction: CompatibilityDirection;
  readonly againstVersion: number;
  /** Text the message must contain besides the field name (used for root-level issues). */
  readonly messageContains?: string;
}

export interface CorpusCase {
  /** File name without extension, e.g. `avro-backward-add-field-without-default`. */
  readonly name: string;
  readonly file: string;
  readonly description: string;
  readonly note?: string;
  readonly format: SchemaFormat;
  readonly level: CompatibilityLevel;
  readonly subject?: string;
  readonly references?: Record<string, string>;
  /** Published versions, oldest first. */
  readonly history: string[];
  readonly candidate: string;
  readonly expected: {
    readonly compatible: boolean;
    /** For incompatible cases: every issue the check must report (and no other rule). */
    readonly issues: ExpectedIssue[];
  };
}

export const CORPUS_DIR = path.join(__dirname, 'corpus');

const FORMATS: readonly SchemaFormat[] = ['AVRO', 'JSON', 'PROTOBUF'];

function fail(file: string, message: string): never {
  throw new Error(`${path.relative(process.cwd(), file)}: ${message}`);
}

function str(file: string, value: unknown, field: string): string {
  if (typeof value !== 'string') fail(file, `${field} must be a string`);
  return value;
}

function toCase(file: string, doc: unknown): CorpusCase {
  if (typeof doc !== 'object' || doc === null) fail(file, 'not a YAML mapping');
  const d = doc as Record<string, unknown>;
  const format = str(file, d.format, 'format') as SchemaFormat;
  if (!FORMATS.includes(format)) fail(file, `format must be one of ${FORMATS.join(', ')}`);
  if (!isCompatibilityLevel(d.level)) fail(file, `level ${String(d.level)} is not a compatibility level`);
  if (!Array.isArray(d.history) || d.history.length === 0) fail(file, 'history must be a non-empty list of schemas');
  const history = d.history.map((h, i) => str(file, h, `history[${i}]`));
  const expected = d.expected as Record<string, unknown> | undefined;
  if (!expected || typeof expected.compatible !== 'boolean') fail(file, 'expected.compatible must be true or false');
  const issues = (Array.isArray(expected.issues) ? expected.issues : []).map((raw, i): ExpectedIssue => {
    const issue = raw as Record<string, unknown>;
    const direction = issue.direction as CompatibilityDirection;
    if (direction !== 'BACKWARD' && direction !== 'FORWARD') fail(file, `expected.issues[${i}].direction must be BACKWARD or FORWARD`);
    const version = issue.againstVersion;
    if (typeof version !== 'number' || version < 1 || version > history.length) fail(file, `expected.issues[${i}].againstVersion out of range`);
    return {
      rule: str(file, issue.rule, `expected.issues[${i}].rule`),
      path: issue.path === undefined || issue.path === null ? '' : str(file, issue.path, `expected.issues[${i}].path`),
      direction,
      againstVersion: version,
      messageContains: issue.messageContains === undefined ? undefined : str(file, issue.messageContains, `expected.issues[${i}].messageContains`),
    };
  });
  if (!expected.compatible && issues.length === 0) fail(file, 'an incompatible case must list its expected issues');
  if (expected.compatible && issues.length > 0) fail(file, 'a compatible case cannot list issues');
  let references: Record<string, string> | undefined;
  if (d.references !== undefined) {
    references = {};
    for (const [name, text] of Object.entries(d.references as Record<string, unknown>)) {
      references[name] = str(file, text, `references.${name}`);
    }
  }
  return {
    name: path.basename(file).replace(/\.ya?ml$/, ''),
    file,
    description: str(file, d.description, 'description'),
    note: d.note === undefined ? undefined : str(file, d.note, 'note'),
    format,
    level: d.level,
    subject: d.subject === undefined ? undefined : str(file, d.subject, 'subject'),
    references,
    history,
    candidate: str(file, d.candidate, 'candidate'),
    expected: { compatible: expected.compatible, issues },
  };
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

/** Every case of the corpus, sorted by name; throws on a malformed file. */
export function loadCorpus(dir: string = CORPUS_DIR): CorpusCase[] {
  const cases = yamlFiles(dir).map((file) => toCase(file, parseYaml(fs.readFileSync(file, 'utf8'))));
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.name)) fail(c.file, `duplicate case name ${c.name}`);
    seen.add(c.name);
  }
  return cases.sort((a, b) => a.name.localeCompare(b.name));
}

/** The `format/level` pairs a corpus lacks (every format at every level is wanted). */
export function missingCombinations(cases: readonly { readonly format: SchemaFormat; readonly level: CompatibilityLevel }[]): string[] {
  const combos = new Set(cases.map((c) => `${c.format}/${c.level}`));
  return FORMATS.flatMap((format) => COMPATIBILITY_LEVELS.map((level) => `${format}/${level}`)).filter((x) => !combos.has(x));
}
