import { checkCompatibility } from '../../lib/compat';
import { CorpusVersion, inputOf, loadReferenceCorpus, ReferenceCase } from '../compat/reference-corpus';
import { registry } from './cluster';

/**
 * Replays the reference corpus (test/compat/corpus-refs) against the real registry: each
 * referenced subject's versions are registered in order, each with its own references, then the
 * history, then the candidate is checked with its references, against the latest version or,
 * for a transitive level, every version. Our verdict must be the registry's.
 */
async function send(method: 'POST' | 'PUT', pathname: string, body: unknown): Promise<{ status: number; body: any }> {
  return registry(pathname, { method, body: JSON.stringify(body) });
}

async function verdictOf(c: ReferenceCase, run: string): Promise<boolean | string> {
  // Subjects of this case only: the corpus reuses subject names across cases.
  const rename = (subject: string) => `${run}-${subject}`;
  const refsOf = (v: CorpusVersion) => v.references.map((r) => ({ name: r.name, subject: rename(r.subject), version: r.version }));
  const register = async (subject: string, versions: CorpusVersion[]): Promise<string | undefined> => {
    await send('PUT', `/config/${subject}`, { compatibility: 'NONE' });
    for (const [i, v] of versions.entries()) {
      const r = await send('POST', `/subjects/${subject}/versions`, { schema: v.schema, schemaType: c.format, references: refsOf(v) });
      if (r.status !== 200) return `${subject} version ${i + 1}: HTTP ${r.status} ${JSON.stringify(r.body)}`;
    }
    return undefined;
  };
  // Referenced subjects first, in an order where each one's references are registered before it.
  const done = new Set<string>();
  const visit = async (subject: string): Promise<string | undefined> => {
    if (done.has(subject)) return undefined;
    done.add(subject);
    for (const v of c.subjects[subject]) {
      for (const r of v.references) {
        const problem = await visit(r.subject);
        if (problem) return problem;
      }
    }
    return register(rename(subject), c.subjects[subject]);
  };
  for (const subject of Object.keys(c.subjects)) {
    const problem = await visit(subject);
    if (problem) return problem;
  }
  const subject = rename(c.subject);
  const problem = await register(subject, c.history);
  if (problem) return problem;
  await send('PUT', `/config/${subject}`, { compatibility: c.level });
  const against = c.level.endsWith('_TRANSITIVE') ? c.history.map((_, i) => String(i + 1)) : ['latest'];
  for (const version of against) {
    const r = await send('POST', `/compatibility/subjects/${subject}/versions/${version}`, { schema: c.candidate.schema, schemaType: c.format, references: refsOf(c.candidate) });
    if (r.status !== 200) return `compatibility check against ${version}: HTTP ${r.status} ${JSON.stringify(r.body)}`;
    if (r.body.is_compatible === false) return false;
  }
  return true;
}

describe('reference corpus against the real registry', () => {
  it('gives the registry\'s verdict on every reference case', async () => {
    const corpus = loadReferenceCorpus();
    const stamp = Date.now().toString(36);
    const disagreements: string[] = [];
    const unanswered: string[] = [];
    for (const [i, c] of corpus.entries()) {
      const ours = checkCompatibility(inputOf(c)).compatible;
      const theirs = await verdictOf(c, `refs-${stamp}-${i}`);
      if (typeof theirs === 'string') unanswered.push(`${c.name}: ${theirs}`);
      else if (theirs !== ours) disagreements.push(`${c.name} (${c.format} ${c.level}): ours ${ours ? 'compatible' : 'incompatible'}, registry ${theirs ? 'compatible' : 'incompatible'}${c.note ? ` (note: ${c.note})` : ''}`);
    }
    process.stderr.write(
      `\nreference corpus: ${corpus.length - disagreements.length - unanswered.length}/${corpus.length} agree with the registry\n`
        + [...disagreements.map((d) => `  disagree: ${d}`), ...unanswered.map((u) => `  unanswered: ${u}`)].join('\n') + '\n',
    );
    expect({ disagreements, unanswered }).toEqual({ disagreements: [], unanswered: [] });
  });
});
