import { checkCompatibility } from '../../lib/compat';
import { CorpusVersion, inputOf, loadReferenceCorpus, ReferenceCase } from '../compat/reference-corpus';
import { registry } from './cluster';

/**
 * Replays the reference corpus (test/compat/corpus-refs) against the real registry: the
 * referenced subject versions a case reaches are registered (each subject's in order, each with
 * its own references), then the history, then the candidate is checked with its references,
 * against the latest version or, for a transitive level, every version.
 *
 * Only the versions a case reaches are registered, a reference names the version the registry
 * gave it, and a case's subjects are deleted (permanently) when it is done: a registry may take a
 * new schema for one it already holds (the local one identifies an Avro schema without its aliases,
 * across subjects, and keeps the first text; Confluent compares aliases and docs too), and a
 * version held with another text than the one sent would make the answer about another schema.
 * Such a case is reported unanswered, never answered wrongly.
 *
 * Our verdict is meant to be Confluent's. The local registry departs from Confluent in places; a
 * case where it does carries `registryDeparts` (why, checked against Confluent's rules). Every
 * other case must agree with the registry, and every annotated case must still disagree, so an
 * annotation cannot outlive the departure it explains.
 */
async function send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', pathname: string, body?: unknown): Promise<{ status: number; body: any }> {
  return registry(pathname, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

/** The schema text as compared for "the registry holds what was sent": JSON by value, Protobuf by tokens. */
function comparable(format: ReferenceCase['format'], text: string): string {
  if (format === 'PROTOBUF') return text.replace(/\s+/g, ' ').trim();
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sorted(x)]),
          )
        : v;
  return JSON.stringify(sorted(JSON.parse(text)));
}

async function verdictOf(c: ReferenceCase, run: string): Promise<boolean | string> {
  const created: string[] = [];
  try {
    return await replay(c, run, created);
  } finally {
    // Dependents first: a registry refuses to delete a version another one references.
    for (const subject of [...new Set(created)].reverse()) {
      await send('DELETE', `/subjects/${subject}`);
      await send('DELETE', `/subjects/${subject}?permanent=true`);
    }
  }
}

async function replay(c: ReferenceCase, run: string, created: string[]): Promise<boolean | string> {
  // Subjects of this case only: the corpus reuses subject names across cases.
  const rename = (subject: string) => `${run}-${subject}`;
  /** corpus subject -> corpus version -> the registry's version of the renamed subject */
  const registered = new Map<string, Map<number, number>>();
  const refsOf = (v: CorpusVersion) =>
    v.references.map((r) => ({ name: r.name, subject: rename(r.subject), version: registered.get(r.subject)!.get(r.version)! }));

  /** Registers one version under NONE; returns the registry's version number, or why not. */
  const register = async (subject: string, v: CorpusVersion, what: string): Promise<number | string> => {
    await send('PUT', `/config/${subject}`, { compatibility: 'NONE' });
    const before = await send('GET', `/subjects/${subject}/versions`);
    const known = new Set<number>(before.status === 200 && Array.isArray(before.body) ? before.body : []);
    const r = await send('POST', `/subjects/${subject}/versions`, { schema: v.schema, schemaType: c.format, references: refsOf(v) });
    created.push(subject);
    if (r.status !== 200) return `${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`;
    const after = await send('GET', `/subjects/${subject}/versions`);
    const added = (Array.isArray(after.body) ? (after.body as number[]) : []).filter((n) => !known.has(n));
    if (added.length !== 1)
      return `${what}: the registry made no new version of ${subject} (schema id ${JSON.stringify(r.body?.id)}): it takes the schema for one it holds`;
    const held = await send('GET', `/subjects/${subject}/versions/${added[0]}`);
    if (held.status !== 200 || comparable(c.format, held.body.schema) !== comparable(c.format, v.schema)) {
      return `${what}: the registry holds version ${added[0]} of ${subject} with another schema text than the one sent: ${JSON.stringify(held.body?.schema ?? held.body)}`;
    }
    return added[0];
  };

  // The referenced subject versions the case reaches, each subject's in order, references first.
  const reached = new Map<string, Set<number>>();
  const reach = (refs: CorpusVersion['references']) => {
    for (const r of refs) {
      const versions = reached.get(r.subject) ?? new Set<number>();
      reached.set(r.subject, versions);
      if (versions.has(r.version)) continue;
      versions.add(r.version);
      reach(c.subjects[r.subject][r.version - 1].references);
    }
  };
  for (const v of [...c.history, c.candidate]) reach(v.references);
  const pending = [...reached].flatMap(([subject, versions]) => [...versions].sort((a, b) => a - b).map((version) => ({ subject, version })));
  while (pending.length) {
    const i = pending.findIndex(
      (p) =>
        c.subjects[p.subject][p.version - 1].references.every((r) => registered.get(r.subject)?.has(r.version)) &&
        !pending.some((q) => q.subject === p.subject && q.version < p.version),
    );
    if (i < 0) return `the references of ${pending.map((p) => `${p.subject} v${p.version}`).join(', ')} form a cycle`;
    const [{ subject, version }] = pending.splice(i, 1);
    const landed = await register(rename(subject), c.subjects[subject][version - 1], `${subject} version ${version}`);
    if (typeof landed === 'string') return landed;
    registered.set(subject, (registered.get(subject) ?? new Map<number, number>()).set(version, landed));
  }

  const subject = rename(c.subject);
  const history: number[] = [];
  for (const [i, v] of c.history.entries()) {
    const landed = await register(subject, v, `history version ${i + 1}`);
    if (typeof landed === 'string') return landed;
    history.push(landed);
  }
  await send('PUT', `/config/${subject}`, { compatibility: c.level });
  const against = c.level.endsWith('_TRANSITIVE') ? history.map(String) : ['latest'];
  for (const version of against) {
    const r = await send('POST', `/compatibility/subjects/${subject}/versions/${version}`, {
      schema: c.candidate.schema,
      schemaType: c.format,
      references: refsOf(c.candidate),
    });
    if (r.status !== 200) return `compatibility check against ${version}: HTTP ${r.status} ${JSON.stringify(r.body)}`;
    if (r.body.is_compatible === false) return false;
  }
  return true;
}

const verdict = (compatible: boolean) => (compatible ? 'compatible' : 'incompatible');

describe('reference corpus against the real registry', () => {
  it("gives the registry's verdict on every reference case, except where the registry departs from Confluent", async () => {
    const corpus = loadReferenceCorpus();
    const stamp = Date.now().toString(36);
    const disagreements: string[] = [];
    const staleDepartures: string[] = [];
    const unanswered: string[] = [];
    const departures: string[] = [];
    let agreed = 0;
    for (const [i, c] of corpus.entries()) {
      const ours = checkCompatibility(inputOf(c)).compatible;
      const theirs = await verdictOf(c, `refs-${stamp}-${i}`);
      if (typeof theirs === 'string') {
        unanswered.push(`${c.name}: ${theirs}`);
        continue;
      }
      const line = `${c.name} (${c.format} ${c.level}): ours ${verdict(ours)}, registry ${verdict(theirs)}`;
      if (theirs === ours) {
        agreed++;
        if (c.registryDeparts) staleDepartures.push(`${line}; annotated registryDeparts: ${c.registryDeparts}`);
      } else if (c.registryDeparts) {
        departures.push(`${line} (registry departs: ${c.registryDeparts})`);
      } else {
        disagreements.push(`${line}${c.note ? ` (note: ${c.note})` : ''}`);
      }
    }
    const answered = corpus.length - unanswered.length;
    process.stderr.write(
      `\nreference corpus: ${agreed}/${answered} answered cases agree with the registry (${corpus.length} cases, ${unanswered.length} unanswered); ` +
        `${departures.length} disagree where the registry departs from Confluent, ${disagreements.length} disagree otherwise, ${staleDepartures.length} annotated departures now agree\n` +
        [
          ...disagreements.map((d) => `  disagree: ${d}`),
          ...staleDepartures.map((d) => `  stale registryDeparts: ${d}`),
          ...unanswered.map((u) => `  unanswered: ${u}`),
          ...departures.map((d) => `  known departure: ${d}`),
        ].join('\n') +
        '\n',
    );
    expect({ disagreements, staleDepartures, unanswered }).toEqual({ disagreements: [], staleDepartures: [], unanswered: [] });
  });
});
