import { checkCompatibility, CompatibilityLevel } from '../../lib/compat';
import { CorpusCase, loadCorpus } from '../compat/corpus';
import { registry } from './cluster';

/**
 * Replays the offline compatibility corpus against the real registry's compatibility endpoint
 * and measures how often our checker's verdict agrees with it.
 */
const post = (path: string, body: unknown) => registry(path, { method: 'POST', body: JSON.stringify(body) });
const put = (path: string, body: unknown) => registry(path, { method: 'PUT', body: JSON.stringify(body) });

async function registryVerdict(c: CorpusCase, index: number): Promise<boolean | string> {
  const subject = `compat-${index}-${c.name}-value`;
  const refs = Object.entries(c.references ?? {});
  const references = [];
  for (const [i, [name, text]] of refs.entries()) {
    const refSubject = `compat-${index}-ref-${i}`;
    const r = await post(`/subjects/${refSubject}/versions`, { schema: text, schemaType: c.format });
    if (r.status !== 200) return `reference ${name}: HTTP ${r.status} ${JSON.stringify(r.body)}`;
    references.push({ name, subject: refSubject, version: 1 });
  }
  await put(`/config/${subject}`, { compatibility: 'NONE' });
  for (const [i, schema] of c.history.entries()) {
    const r = await post(`/subjects/${subject}/versions`, { schema, schemaType: c.format, references });
    if (r.status !== 200) return `history version ${i + 1}: HTTP ${r.status} ${JSON.stringify(r.body)}`;
  }
  await put(`/config/${subject}`, { compatibility: c.level });
  const transitive = c.level.endsWith('_TRANSITIVE');
  const against = transitive ? c.history.map((_, i) => String(i + 1)) : ['latest'];
  for (const version of against) {
    const r = await post(`/compatibility/subjects/${subject}/versions/${version}`, { schema: c.candidate, schemaType: c.format, references });
    if (r.status !== 200) return `compatibility check: HTTP ${r.status} ${JSON.stringify(r.body)}`;
    if (r.body.is_compatible === false) return false;
  }
  return true;
}

describe('offline verdicts against the real registry', () => {
  it('agree with the registry on the compatibility corpus', async () => {
    const corpus = loadCorpus();
    const disagreements: string[] = [];
    const unanswered: string[] = [];
    let agreed = 0;
    for (const [i, c] of corpus.entries()) {
      const ours = checkCompatibility({
        format: c.format,
        level: c.level as CompatibilityLevel,
        candidate: c.candidate,
        history: c.history,
        references: c.references,
      }).compatible;
      const theirs = await registryVerdict(c, i);
      if (typeof theirs === 'string') unanswered.push(`${c.name}: ${theirs}`);
      else if (theirs === ours) agreed++;
      else
        disagreements.push(
          `${c.name} (${c.format} ${c.level}): ours ${ours ? 'compatible' : 'incompatible'}, registry ${theirs ? 'compatible' : 'incompatible'}${c.note ? ` — note: ${c.note}` : ''}`,
        );
    }
    const answered = corpus.length - unanswered.length;
    const rate = agreed / answered;
    process.stderr.write(
      `\ncompat agreement with the registry: ${agreed}/${answered} = ${(rate * 100).toFixed(1)}% (${corpus.length} cases, ${unanswered.length} the registry could not answer)\n` +
        [...disagreements.map((d) => `  disagree: ${d}`), ...unanswered.map((u) => `  unanswered: ${u}`)].join('\n') +
        '\n',
    );
    expect(answered).toBeGreaterThanOrEqual(corpus.length * 0.9);
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });
});
