import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { AdoptError, connectionFromEnvironment } from './connection';
import { diagnose, readDeclaredMesh, renderFindings } from './doctor';
import { generateMesh } from './generate';
import { readCluster } from './read-cluster';

export interface AdoptIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

const defaultIo: AdoptIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd(), env: process.env };

const CONNECTION_HELP = `Connection (the same variables the mesh's providers read):
  KAFKA_BOOTSTRAP_SERVERS, KAFKA_ENABLE_TLS (default true), KAFKA_SKIP_VERIFY, KAFKA_CA_CERT,
  KAFKA_SASL_MECHANISM (plain, scram-sha256, scram-sha512), KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD,
  SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_USERNAME (or REST_API_USERNAME), REST_API_PASSWORD`;

export const IMPORT_USAGE = `kafka-mesh import: write mesh code for an existing cluster, so the first deploy adopts it

Usage:
  kafka-mesh import [--out <dir>] [--prefix <p>]... [--domain <d>]... [--dry-run] [--force]

Options:
  --out <dir>        where to write main.ts, stacks/, schemas/, mesh.lock/, adopt/, IMPORT.md (default: .)
  --prefix <p>       only topics (and their subjects) whose names start with p (repeatable)
  --domain <d>       only this domain (repeatable), with the topics whose names do not fit that it adopts
  --dry-run          print what would be written; write nothing
  --force            overwrite files that exist already
  --format text|json the summary printed (default: text)

${CONNECTION_HELP}

Exit codes: 0 written (or printed), 2 the cluster could not be read or the files not written (nothing is written).
`;

export const DOCTOR_USAGE = `kafka-mesh doctor: compare a live cluster with the synthesized mesh (read-only)

Usage:
  kafka-mesh doctor [--synth <dir>] [--prefix <p>]... [--format text|json] [--fail-on drift|unmanaged|never]

Options:
  --synth <dir>      the synth output (default: cdktf.out)
  --prefix <p>       only topics (and subjects) whose names start with p (repeatable)
  --format text|json report format (default: text)
  --fail-on <level>  exit 1 on drift (default), on drift or anything unmanaged, or never

${CONNECTION_HELP}

Exit codes: 0 nothing at the --fail-on level, 1 findings at that level, 2 the check could not run.
`;

function report(io: AdoptIo, command: string, e: unknown): number {
  if (e instanceof AdoptError) io.stderr(`kafka-mesh ${command}: ${e.message}\n  setting: ${e.setting}\n  fix: ${e.fix}\nNothing was written.\n`);
  else if (typeof (e as NodeJS.ErrnoException)?.code === 'string' && (e as NodeJS.ErrnoException).code!.startsWith('ERR_PARSE_ARGS'))
    io.stderr(`kafka-mesh ${command}: ${(e as Error).message}\n  fix: see kafka-mesh ${command} --help\n`);
  else
    io.stderr(
      `kafka-mesh ${command}: unexpected error: ${(e as Error)?.message ?? String(e)}\n  ${io.env.KAFKA_MESH_DEBUG ? ((e as Error)?.stack ?? '') : 'set KAFKA_MESH_DEBUG=1 to see where it happened'}\nNothing was written.\n`,
    );
  return 2;
}

/** `kafka-mesh import`. Reads everything first; writes only when all of it succeeded. */
export async function importCommand(argv: readonly string[], io: AdoptIo = defaultIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string' },
        prefix: { type: 'string', multiple: true },
        domain: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      io.stdout(IMPORT_USAGE);
      return 0;
    }
    if (values.format && !['text', 'json'].includes(values.format))
      throw new AdoptError(`--format must be text or json (got ${JSON.stringify(values.format)})`, '--format', 'use --format text or --format json');
    for (const d of values.domain ?? [])
      if (!/^[a-z][a-z0-9-]{0,62}$/.test(d))
        throw new AdoptError(
          `--domain ${JSON.stringify(d)} is not a domain name`,
          '--domain',
          'use lower-case letters, digits and dashes, starting with a letter (e.g. --domain sales)',
        );
    const connection = connectionFromEnvironment(io.env);
    // --domain is applied to what is read (not as a prefix), so that the topics whose names do not
    // fit and that the domain adopts under their own names are found too.
    const snapshot = await readCluster(connection, { prefixes: values.prefix });
    const { files, report: r } = generateMesh(snapshot, { domains: values.domain, adminUser: connection.sasl?.username });
    const out = path.resolve(io.cwd, values.out ?? '.');
    if (values['dry-run']) {
      if (values.format === 'json') io.stdout(`${JSON.stringify({ out, files: Object.fromEntries(files), report: r }, null, 2)}\n`);
      else for (const [file, text] of files) io.stdout(`==> ${path.join(out, file)} <==\n${text}\n`);
      return 0;
    }
    const clashes = [...files.keys()].filter((f) => fs.existsSync(path.join(out, f)));
    if (clashes.length && !values.force)
      throw new AdoptError(
        `${clashes.length} file(s) exist already in ${out}: ${clashes.slice(0, 5).join(', ')}${clashes.length > 5 ? ', ...' : ''}`,
        '--out',
        'choose an empty --out directory, or pass --force to overwrite them',
      );
    // Staged next to the output, then moved into place: a failed write leaves nothing behind.
    const stage = fs.mkdtempSync(path.join(path.dirname(out), `.kafka-mesh-import-`));
    try {
      for (const [file, text] of files) {
        fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
        fs.writeFileSync(path.join(stage, file), text);
      }
      for (const file of files.keys()) {
        fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
        fs.renameSync(path.join(stage, file), path.join(out, file));
      }
    } finally {
      fs.rmSync(stage, { recursive: true, force: true });
    }
    if (values.format === 'json') io.stdout(`${JSON.stringify({ out, files: [...files.keys()], report: r }, null, 2)}\n`);
    else {
      io.stdout(
        `kafka-mesh import: wrote ${files.size} files to ${out}: ${r.domains.length} domain(s), ${r.domains.reduce((n, d) => n + d.topics, 0)} topic(s), ${r.imports} import block(s)\n`,
      );
      io.stdout(
        `  adopted under their own names: ${r.misfits.length} topic(s) whose names do not fit (TOPIC_NAMING waived); not adopted: ${r.unexplainedAcls.length} ACL(s) no grant explains, ${r.unmanagedSubjects.length} subject(s); see IMPORT.md\n`,
      );
    }
    return 0;
  } catch (e) {
    return report(io, 'import', e);
  }
}

/** `kafka-mesh doctor`. */
export async function doctorCommand(argv: readonly string[], io: AdoptIo = defaultIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        synth: { type: 'string' },
        prefix: { type: 'string', multiple: true },
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      io.stdout(DOCTOR_USAGE);
      return 0;
    }
    const failOn = values['fail-on'] ?? 'drift';
    if (!['drift', 'unmanaged', 'never'].includes(failOn))
      throw new AdoptError(
        `--fail-on must be drift, unmanaged or never (got ${JSON.stringify(failOn)})`,
        '--fail-on',
        "use --fail-on drift (CI on changes behind the mesh's back), unmanaged (also objects the mesh does not manage) or never",
      );
    if (values.format && !['text', 'json'].includes(values.format))
      throw new AdoptError(`--format must be text or json (got ${JSON.stringify(values.format)})`, '--format', 'use --format text or --format json');
    const declared = readDeclaredMesh(path.resolve(io.cwd, values.synth ?? 'cdktf.out'));
    const connection = connectionFromEnvironment(io.env);
    const snapshot = await readCluster(connection, { prefixes: values.prefix });
    const findings = await diagnose(snapshot, declared, connection, values.prefix ?? []);
    if (values.format === 'json')
      io.stdout(
        `${JSON.stringify({ findings, drift: findings.filter((f) => f.kind === 'drift').length, unmanaged: findings.filter((f) => f.kind === 'unmanaged').length }, null, 2)}\n`,
      );
    else io.stdout(renderFindings(findings));
    const failing = failOn === 'never' ? [] : findings.filter((f) => f.kind === 'drift' || (failOn === 'unmanaged' && f.kind === 'unmanaged'));
    return failing.length ? 1 : 0;
  } catch (e) {
    return report(io, 'doctor', e);
  }
}
