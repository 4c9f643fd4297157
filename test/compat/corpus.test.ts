import { checkCompatibility, CompatibilityIssue } from '../../lib/compat';
import { CorpusCase, ExpectedIssue, loadCorpus, missingCombinations } from './corpus';

const corpus = loadCorpus();

function describeIssues(issues: readonly CompatibilityIssue[]): string {
  return issues.map((i) => `  ${i.direction} v${i.againstVersion} ${i.rule} @${i.path || '(root)'}: ${i.message}`).join('\n') || '  (none)';
}

function matches(actual: CompatibilityIssue, expected: ExpectedIssue): boolean {
  return (
    actual.rule === expected.rule &&
    actual.path === expected.path &&
    actual.direction === expected.direction &&
    actual.againstVersion === expected.againstVersion
  );
}

function run(c: CorpusCase) {
  return checkCompatibility({
    format: c.format,
    level: c.level,
    candidate: c.candidate,
    history: c.history,
    subject: c.subject,
    references: c.references,
  });
}

describe('compatibility corpus', () => {
  it('has at least 60 cases covering every format and level', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(missingCombinations(corpus)).toEqual([]);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = run(c);
    const detail = `${c.description}\nactual issues:\n${describeIssues(result.issues)}`;
    expect({ compatible: result.compatible, detail }).toEqual({ compatible: c.expected.compatible, detail });
    expect(result.level).toBe(c.level);
    for (const want of c.expected.issues) {
      const found = result.issues.find((i) => matches(i, want));
      expect({ want, found: Boolean(found), detail }).toEqual({ want, found: true, detail });
      if (!found) continue;
      const field = want.path.split('.').pop() ?? '';
      if (field) expect(found.message).toContain(field.replace(/\[.*$|\{.*$/, ''));
      if (want.messageContains) expect(found.message).toContain(want.messageContains);
      expect(found.message).toContain(want.direction);
      expect(found.message).toContain(`against version ${want.againstVersion}`);
      expect(found.message).toContain(want.rule);
      if (c.subject) expect(found.message).toContain(c.subject);
    }
    const allowedRules = new Set(c.expected.issues.map((i) => i.rule));
    const surprises = result.issues.filter((i) => !allowedRules.has(i.rule));
    expect(describeIssues(surprises)).toBe(describeIssues([]));
  });
});
