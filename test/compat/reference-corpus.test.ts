import { checkCompatibility, CompatibilityIssue, SchemaVersion } from '../../lib/compat';
import { compareWithLock, StackLock } from '../../lib/lock/lock';
import { missingCombinations } from './corpus';
import { inputOf, loadReferenceCorpus, ReferenceCase } from './reference-corpus';

const corpus = loadReferenceCorpus();

function describeIssues(issues: readonly CompatibilityIssue[]): string {
  return issues.map((i) => `  ${i.direction} v${i.againstVersion} ${i.rule} @${i.path || '(root)'}: ${i.message}`).join('\n') || '  (none)';
}

describe('reference corpus (each version with its own references)', () => {
  it('has at least 60 cases: every format, transitive levels, histories where only the referenced version changes', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(missingCombinations(corpus)).toEqual([]);
    for (const format of ['AVRO', 'JSON', 'PROTOBUF']) {
      const onlyReferenceMoves = (c: ReferenceCase) =>
        c.format === format &&
        [...c.history, c.candidate].every((v) => v.schema === c.candidate.schema) &&
        new Set([...c.history, c.candidate].map((v) => JSON.stringify(v.references))).size > 1;
      expect(corpus.filter(onlyReferenceMoves).length).toBeGreaterThanOrEqual(5);
    }
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = checkCompatibility(inputOf(c));
    const detail = `${c.description}\nactual issues:\n${describeIssues(result.issues)}`;
    expect({ compatible: result.compatible, detail }).toEqual({ compatible: c.expected.compatible, detail });
    for (const want of c.expected.issues) {
      const found = result.issues.find(
        (i) => i.rule === want.rule && i.path === want.path && i.direction === want.direction && i.againstVersion === want.againstVersion,
      );
      expect({ want, found: Boolean(found), detail }).toEqual({ want, found: true, detail });
      if (found)
        expect(found.message).toContain(`breaks ${want.direction} for ${c.subject} (against version ${want.againstVersion}, rule ${want.rule})`);
    }
    const allowed = new Set(c.expected.issues.map((i) => `${i.rule} v${i.againstVersion} ${i.direction}`));
    const surprises = result.issues.filter((i) => !allowed.has(`${i.rule} v${i.againstVersion} ${i.direction}`));
    expect(describeIssues(surprises)).toBe(describeIssues([]));
  });
});

/**
 * The same cases through the mesh lock: the history is the lock's published versions (each with
 * its references), the candidate what the code declares now. As when registering with the
 * registry, a candidate equal to the latest version (text and references) is not checked.
 */
describe('reference corpus through the mesh lock', () => {
  it.each(corpus.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const input = inputOf(c);
    const history = input.history as SchemaVersion[];
    const candidate = input.candidate as SchemaVersion;
    const subject = c.subject;
    const lock: StackLock = {
      lockVersion: 2,
      stack: 'sales',
      topics: {},
      subjects: {
        [subject]: { type: c.format, compatibility: c.level, versions: history.map((v) => ({ schema: v.schema, references: v.references })) },
      },
    };
    const result = compareWithLock(lock, {
      stack: 'sales',
      topics: new Map(),
      subjects: new Map([
        [subject, { type: c.format, compatibility: c.level, schema: candidate.schema, references: candidate.references, path: 'sales/orders' }],
      ]),
      decommissioned: new Map(),
      declaredElsewhere: () => undefined,
    });
    const sameAsLatest = JSON.stringify(history[history.length - 1]) === JSON.stringify(candidate);
    expect(result.errors.length === 0).toBe(sameAsLatest || c.expected.compatible);
    for (const e of result.errors) expect(e).toMatchObject({ path: 'sales/orders', field: 'valueSchema' });
    for (const want of sameAsLatest ? [] : c.expected.issues) {
      expect(result.errors.map((e) => e.problem)).toContainEqual(
        expect.stringContaining(`(against version ${want.againstVersion}, rule ${want.rule})`),
      );
    }
    if (!sameAsLatest) expect(result.next.subjects[subject].versions).toHaveLength(history.length + 1);
  });
});
