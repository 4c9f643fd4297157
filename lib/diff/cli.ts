import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { generateCodeowners } from '../codeowners/codeowners';
import type { MeshModel } from '../model/model';
import { SynthFailedError, synthesizeRef, TemporarySynth } from './base-ref';
import { diffMesh } from './compare';
import { DiffInputError, isRecord, parseInputJson, readInputFile } from './errors';
import { checkFreshness, parseRefusal, refuseIncomplete } from './head';
import { renderMarkdown } from './markdown';
import { PlanFile, readPlanFile } from './plan';
import { Acknowledgement, applyPolicy, DEFAULT_FAIL_ON, parseFailOn, readAcknowledgementFile } from './policy';
import { readCatalogFile, readSynthOutput, SynthSnapshot } from './snapshot';
import type { Refusal } from './types';
import { didYouMean, globMatch } from './words';

/** Where the command line writes; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** The environment (GITHUB_STEP_SUMMARY is read from it). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
};

/** Exit codes: 0 passes, 1 unacknowledged flags (or a stale CODEOWNERS with --check), 2 unusable input. */
export const EXIT = { ok: 0, flags: 1, error: 2 } as const;

const USAGE = `kafka-mesh: review tools for a data mesh on Kafka

Commands:
  kafka-mesh diff        what a change does to the mesh, per stack and data product, with risk flags
  kafka-mesh codeowners  a CODEOWNERS file from the mesh: each domain team owns its stack and schemas
  kafka-mesh lock        update the mesh lock after a reviewed change (runs the app with MESH_LOCK=update)
  kafka-mesh import      write mesh code for an existing cluster; the first deploy adopts every object
  kafka-mesh doctor      compare a live cluster with the synthesized mesh: drift and unmanaged objects

Run kafka-mesh <command> --help for its options.
`;

const DIFF_USAGE = `kafka-mesh diff: compare two synthesized meshes (and plans) in the mesh's own terms

Usage:
  kafka-mesh diff --base <dir> [--head <dir>]        two synth outputs (cdktf.out)
  kafka-mesh diff --base-ref <git ref> [--head <dir>] synthesize the base from a git ref first
  kafka-mesh diff --base-ref <ref> --head-ref <ref>  synthesize both (a refused head is reported)
  kafka-mesh diff --plan [<stack>=]<plan.json> ...   planned actions (tofu/terraform show -json)

Options:
  --base <dir>            synth output of the base (what is deployed, e.g. main)
  --base-ref <ref>        synthesize the base at this git ref in a temporary worktree
  --synth-command <cmd>   how to synthesize the base (default: the app command of its cdktf.json)
  --head <dir>            synth output of the head (default: cdktf.out); refused when it is
                          not a whole synth (no manifest.json) or older than files in the checkout
  --head-ref <ref>        synthesize the head at this git ref instead (e.g. HEAD); when the mesh
                          refuses it (its lock, validation, governance), the report says why
  --base-label <text>     how the report names the base (default: its directory or ref)
  --head-label <text>     how the report names the head (default: its directory)
  --plan [<stack>=]<file> a plan as JSON, repeatable; the stack is guessed when not given
  --format markdown|json  output format (default: markdown)
  --out <file>            write the output to a file instead of stdout
  --max-chars <n>         keep the Markdown under n characters, leaving out stack details
                          that do not fit, product by product (a GitHub comment takes 65536)
  --full-report <where>   where the uncut report is, named when the comment is cut
                          (e.g. "the mesh-diff artifact of this run")
  --fail-on risk|data-loss|never
                          exit 1 on unacknowledged flags of this level (default: ${DEFAULT_FAIL_ON})
  --ack <flag id>         accept a flag (repeatable; * matches any characters)
  --ack-file <file>       accept the flags listed in a file: "<flag id> <reason>" a line
                          (lines may start with "kafka-mesh-ack:"; # starts a comment)

When GITHUB_STEP_SUMMARY is set (GitHub Actions), the report is also written to the job summary.

Exit codes: 0 passes, 1 unacknowledged flags at the --fail-on level (or a head the mesh refuses),
2 the diff could not be made.
`;

const CODEOWNERS_USAGE = `kafka-mesh codeowners: write CODEOWNERS from the mesh model

Usage:
  kafka-mesh codeowners [--synth <dir> | --catalog <file>] [--owner-map <file>] [--out <file>] [--check]

Options:
  --synth <dir>           synth output whose catalog/catalog.json is read (default: cdktf.out)
  --catalog <file>        read this catalog instead
  --owner-map <file>      JSON object: owner as written in the mesh -> "@org/team" (or a list)
  --default-owner <h>     owner of everything else (a * line), repeatable
  --root <dir>            repository root; paths are relative to it (default: current directory)
  --stacks-dir <dir>      where stack files are (default: stacks)
  --lock-dir <dir>        where the mesh lock is (default: mesh.lock)
  --out <file>            write the file (default: stdout)
  --check                 compare with --out (default .github/CODEOWNERS) and exit 1 if it differs
`;

/** Runs the command line; resolves to the exit code. Never throws. */
export function runCli(argv: readonly string[], io: CliIo = defaultIo): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'diff':
        return diffCommand(rest, io);
      case 'codeowners':
        return codeownersCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? EXIT.error : EXIT.ok;
      default:
        throw new DiffInputError(
          `unknown command ${JSON.stringify(command)}`,
          'use one of kafka-mesh diff, codeowners, lock, import or doctor (kafka-mesh --help says what each does)',
        );
    }
  } catch (e) {
    const where = command === 'diff' || command === 'codeowners' ? `kafka-mesh ${command}` : 'kafka-mesh';
    if (e instanceof DiffInputError) {
      io.stderr(`${where}: ${e.message}\n  fix: ${e.fix}\n`);
    } else if (isParseArgsError(e)) {
      io.stderr(`${where}: ${(e as Error).message}\n  fix: ${optionHint((e as Error).message, command)}see ${where} --help\n`);
    } else {
      io.stderr(
        `${where}: unexpected error: ${(e as Error)?.message ?? String(e)}\n  ${process.env.KAFKA_MESH_DEBUG ? ((e as Error)?.stack ?? '') : 'set KAFKA_MESH_DEBUG=1 to see where it happened'}\n`,
      );
    }
    return EXIT.error;
  }
}

const DIFF_OPTIONS = [
  'base',
  'base-ref',
  'synth-command',
  'head',
  'head-ref',
  'base-label',
  'head-label',
  'plan',
  'format',
  'out',
  'max-chars',
  'full-report',
  'fail-on',
  'ack',
  'ack-file',
  'help',
];
const CODEOWNERS_OPTIONS = ['synth', 'catalog', 'owner-map', 'default-owner', 'root', 'stacks-dir', 'lock-dir', 'out', 'check', 'help'];

/** `did you mean --ack-file? ` for a mistyped option, else nothing. */
function optionHint(message: string, command: string | undefined): string {
  const m = /Unknown option '--?([^']+)'/.exec(message);
  if (!m) return '';
  const near = didYouMean(m[1], command === 'codeowners' ? CODEOWNERS_OPTIONS : DIFF_OPTIONS);
  return near ? `did you mean --${near}? ` : '';
}

function isParseArgsError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function diffCommand(argv: readonly string[], io: CliIo): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      base: { type: 'string' },
      'base-ref': { type: 'string' },
      'synth-command': { type: 'string' },
      head: { type: 'string' },
      'head-ref': { type: 'string' },
      'full-report': { type: 'string' },
      'base-label': { type: 'string' },
      'head-label': { type: 'string' },
      plan: { type: 'string', multiple: true },
      format: { type: 'string' },
      out: { type: 'string' },
      'max-chars': { type: 'string' },
      'fail-on': { type: 'string' },
      ack: { type: 'string', multiple: true },
      'ack-file': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout(DIFF_USAGE);
    return EXIT.ok;
  }
  const format = values.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'json')
    throw new DiffInputError(`--format ${JSON.stringify(format)} is not a format`, 'use --format markdown or --format json');
  const failOn = parseFailOn(values['fail-on']);
  const maxChars = values['max-chars'] === undefined ? undefined : Number(values['max-chars']);
  if (maxChars !== undefined && !(Number.isInteger(maxChars) && maxChars >= 1000)) {
    throw new DiffInputError(
      `--max-chars ${JSON.stringify(values['max-chars'])} is not a length`,
      'give a whole number of characters, at least 1000 (a GitHub comment takes 65536)',
    );
  }
  const resolve = (p: string) => path.resolve(io.cwd, p);
  const acks: Acknowledgement[] = [
    ...(values.ack ?? []).map((pattern) => ({ pattern, source: '--ack' })),
    ...(values['ack-file'] ?? []).flatMap((f) => readAcknowledgementFile(resolve(f)).map((a) => ({ ...a, source: a.source.replace(resolve(f), f) }))),
  ];
  if (values.base && values['base-ref']) throw new DiffInputError('--base and --base-ref both name the base', 'pass one of them');
  const plans: PlanFile[] = (values.plan ?? []).map((spec) => {
    const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(spec);
    const plan = readPlanFile(m ? `${m[1]}=${resolve(m[2])}` : resolve(spec));
    return { ...plan, file: m ? m[2] : spec };
  });
  const comparing = !!(values.base || values['base-ref']);
  if (!comparing && !plans.length) {
    throw new DiffInputError('nothing to compare', 'pass --base <dir> (or --base-ref <git ref>) and --head <dir>, or one or more --plan <file>');
  }

  if (values.head && values['head-ref']) throw new DiffInputError('--head and --head-ref both name the head', 'pass one of them');
  if (values['head-ref'] && !comparing)
    throw new DiffInputError('--head-ref needs a base to compare with', 'pass --base-ref <git ref> (or --base <dir>) too');

  const temporaries: TemporarySynth[] = [];
  const log = (m: string) => io.stderr(`kafka-mesh diff: ${m}\n`);
  const synthCommand = values['synth-command'] ? { command: values['synth-command'] } : {};
  const warnings: string[] = [];
  try {
    let base: SynthSnapshot | undefined;
    if (values['base-ref']) {
      const t = synthesizeRef({ ref: values['base-ref'], projectDir: io.cwd, ...synthCommand, log });
      temporaries.push(t);
      base = { ...readSynthOutput(t.outDir, values['base-label'] ?? values['base-ref']), commit: t.commit.slice(0, 12) };
    } else if (values.base) {
      base = readSynthOutput(resolve(values.base), values['base-label'] ?? values.base);
    }
    if (base) refuseIncomplete(base, 'base');
    let head: SynthSnapshot | undefined;
    let refusals: Refusal[] | undefined;
    let refusedCommit: string | undefined;
    if (values['head-ref']) {
      const ref = values['head-ref'];
      try {
        const t = synthesizeRef({ ref, projectDir: io.cwd, ...synthCommand, log, role: 'head' });
        temporaries.push(t);
        head = { ...readSynthOutput(t.outDir, values['head-label'] ?? ref), commit: t.commit.slice(0, 12) };
      } catch (e) {
        if (!(e instanceof SynthFailedError)) throw e;
        refusals = parseRefusal(e.output, base?.catalog);
        if (!refusals.length) throw e;
        log(`the mesh refuses ${ref} (${e.commit.slice(0, 12)}): ${refusals.length} error(s), shown in the report`);
        head = undefined;
        refusedCommit = e.commit.slice(0, 12);
        warnings.push(
          `The head ${values['head-label'] ?? ref} (commit ${e.commit.slice(0, 12)}) does not synthesize: the mesh refuses it. Each refusal is a flag below; fix the code, since acknowledging cannot make it deploy.`,
        );
      }
    } else {
      const headDir = values.head ?? (comparing ? 'cdktf.out' : undefined);
      if (headDir) {
        const read = readSynthOutput(resolve(headDir), values['head-label'] ?? headDir);
        refuseIncomplete(read, 'head');
        const fresh = checkFreshness(read, io.cwd);
        if (fresh?.newerFiles.length) {
          const shown = fresh.newerFiles.slice(0, 5).join(', ');
          throw new DiffInputError(
            `the head ${headDir} is stale: ${fresh.newerFiles.length} file(s) changed after it was written (${shown}${fresh.newerFiles.length > 5 ? ', ...' : ''}), so it does not show this checkout`,
            'synthesize again (npm run synth) and check that it succeeds, or let the diff synthesize the commit: --head-ref HEAD',
          );
        }
        if (fresh?.olderThanCommit)
          warnings.push(
            `The head ${headDir} was written before the last commit (${fresh.commit}): if that commit changed the mesh, synthesize again.`,
          );
        head = fresh?.commit ? { ...read, commit: `${fresh.commit}${fresh.dirty ? ' with uncommitted changes' : ''}` } : read;
      }
    }
    const diff = diffMesh({ ...(base ? { base } : {}), ...(head ? { head } : {}), plans, ...(refusals ? { refusals } : {}), warnings });
    if (refusals && diff.head === undefined)
      (diff as { head?: unknown }).head = {
        label: values['head-label'] ?? values['head-ref'],
        catalog: false,
        ...(refusedCommit ? { commit: refusedCommit } : {}),
      };
    const verdict = applyPolicy(diff, failOn, acks);
    for (const w of diff.warnings) io.stderr(`kafka-mesh diff: warning: ${w}\n`);
    const markdownOptions = { ...(values['full-report'] ? { fullReport: values['full-report'] } : {}) };
    const output =
      format === 'json'
        ? `${JSON.stringify(diff, null, 2)}\n`
        : renderMarkdown(diff, { ...markdownOptions, ...(maxChars === undefined ? {} : { maxChars }) });
    const summaryFile = (io.env ?? process.env).GITHUB_STEP_SUMMARY;
    if (summaryFile) fs.appendFileSync(summaryFile, renderMarkdown(diff, { ...markdownOptions, maxChars: 1_000_000 }));
    if (values.out) {
      fs.mkdirSync(path.dirname(resolve(values.out)), { recursive: true });
      fs.writeFileSync(resolve(values.out), output);
    } else {
      io.stdout(output);
    }
    const open = diff.flags.filter((f) => !f.acknowledged).length;
    const status = verdict.exitCode ? `fails (--fail-on ${failOn}): ${verdict.failing.join(', ')}` : `passes (--fail-on ${failOn})`;
    io.stderr(`kafka-mesh diff: ${diff.stacks.length} stack(s) changed, ${diff.flags.length} flag(s), ${open} unacknowledged; ${status}\n`);
    for (const unused of verdict.unusedAcks) {
      const [what, hint] = unused.split('; ');
      io.stderr(`kafka-mesh diff: the acknowledgement ${what} matches no flag${hint ? `; ${hint}` : ''}\n`);
    }
    if (refusals?.length && acks.some((a) => refusals!.some((r) => globMatch(a.pattern, r.flag)))) {
      io.stderr('kafka-mesh diff: a refusal by the mesh cannot be acknowledged: change the code so that the head synthesizes\n');
    }
    return verdict.exitCode;
  } finally {
    for (const t of temporaries) t.dispose();
  }
}

function codeownersCommand(argv: readonly string[], io: CliIo): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      synth: { type: 'string' },
      catalog: { type: 'string' },
      'owner-map': { type: 'string' },
      'default-owner': { type: 'string', multiple: true },
      root: { type: 'string' },
      'stacks-dir': { type: 'string' },
      'lock-dir': { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout(CODEOWNERS_USAGE);
    return EXIT.ok;
  }
  const resolve = (p: string) => path.resolve(io.cwd, p);
  if (values.synth && values.catalog) throw new DiffInputError('--synth and --catalog both name the model', 'pass one of them');
  let model: MeshModel;
  if (values.catalog) {
    model = readCatalogFile(resolve(values.catalog));
  } else {
    const snapshot = readSynthOutput(resolve(values.synth ?? 'cdktf.out'), values.synth ?? 'cdktf.out');
    if (!snapshot.catalog) {
      throw new DiffInputError(
        `the synth output ${values.synth ?? 'cdktf.out'} has no catalog/catalog.json`,
        'synthesize with a version of the library that writes the catalog, or pass --catalog <file>',
      );
    }
    model = snapshot.catalog;
  }
  const ownerMap = values['owner-map'] ? readOwnerMap(resolve(values['owner-map'])) : undefined;
  const result = generateCodeowners({
    model,
    root: resolve(values.root ?? '.'),
    ...(ownerMap ? { ownerMap } : {}),
    ...(values['default-owner'] ? { defaultOwners: values['default-owner'] } : {}),
    ...(values['stacks-dir'] ? { stacksDir: values['stacks-dir'] } : {}),
    ...(values['lock-dir'] ? { lockDir: values['lock-dir'] } : {}),
  });
  for (const w of result.warnings) io.stderr(`kafka-mesh codeowners: ${w}\n`);
  if (values.check) {
    const target = values.out ?? '.github/CODEOWNERS';
    const current = fs.existsSync(resolve(target)) ? fs.readFileSync(resolve(target), 'utf8') : undefined;
    if (current === result.text) {
      io.stderr(`kafka-mesh codeowners: ${target} is up to date\n`);
      return EXIT.ok;
    }
    io.stderr(
      `kafka-mesh codeowners: ${target} is ${current === undefined ? 'missing' : 'out of date'}; run kafka-mesh codeowners --out ${target} and commit it\n`,
    );
    return EXIT.flags;
  }
  if (values.out) {
    fs.mkdirSync(path.dirname(resolve(values.out)), { recursive: true });
    fs.writeFileSync(resolve(values.out), result.text);
    io.stderr(`kafka-mesh codeowners: wrote ${values.out}\n`);
  } else {
    io.stdout(result.text);
  }
  return EXIT.ok;
}

function readOwnerMap(file: string): Record<string, string | string[]> {
  const fix = 'write a JSON object from owners as the mesh names them to CODEOWNERS handles, e.g. {"sales-team@example.com": "@example/sales"}';
  const json = parseInputJson(readInputFile(file, 'the owner map', fix).toString('utf8'), file, 'the owner map', fix);
  if (!isRecord(json)) throw new DiffInputError(`the owner map ${file} is not a JSON object`, fix);
  for (const [owner, handles] of Object.entries(json)) {
    const ok = typeof handles === 'string' || (Array.isArray(handles) && handles.every((h) => typeof h === 'string'));
    if (!ok)
      throw new DiffInputError(
        `the owner map ${file} maps ${JSON.stringify(owner)} to ${JSON.stringify(handles)}, not a handle or a list of handles`,
        fix,
      );
  }
  return json as Record<string, string | string[]>;
}
