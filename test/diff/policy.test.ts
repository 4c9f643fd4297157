import MarkdownIt from 'markdown-it';
import { parseAcknowledgements, renderMarkdown } from '../../lib/diff';
import { compareShop } from './helpers';
import { cleanShops } from './shop';

afterAll(() => cleanShops());

/** Base: marketing and analytics read sales.orders. Head: 3 partitions (data loss), analytics no longer reads (risk). */
const HEAD = { partitions: 3, readers: ['marketing'] as const };
const LOSS = 'partition-decrease:sales.orders';
const ACCESS = 'access-lost:User:analytics@Topic:sales.orders';

describe('kafka-mesh diff: exit policy and acknowledgements', () => {
  it('reads acknowledgements one a line, with or without the kafka-mesh-ack: prefix, with reasons', () => {
    const acks = parseAcknowledgements(
      [
        '# reviewed by the sales team',
        '',
        `kafka-mesh-ack: ${LOSS} orders are replayed from the shop database`,
        `${ACCESS} # analytics moved to sales.orders.v2`,
        'access-lost:*@Topic:sales.returns',
      ].join('\n'),
      'acks.txt',
    );
    expect(acks).toEqual([
      { pattern: LOSS, reason: 'orders are replayed from the shop database', source: 'acks.txt:3' },
      { pattern: ACCESS, reason: 'analytics moved to sales.orders.v2', source: 'acks.txt:4' },
      { pattern: 'access-lost:*@Topic:sales.returns', source: 'acks.txt:5' },
    ]);
  });

  it('fails on every unacknowledged flag by default (--fail-on risk)', () => {
    const { diff, exitCode, markdown } = compareShop(HEAD);
    expect(diff.flags.map((f) => f.id)).toEqual([LOSS, ACCESS]);
    expect(exitCode).toBe(1);
    expect(diff.verdict).toEqual({ failOn: 'risk', failing: [LOSS, ACCESS], exitCode: 1, unusedAcks: [] });
    expect(markdown.split('---\n')[1]).toBe(
      [
        '',
        '**This check fails**: 2 unacknowledged flags (`--fail-on risk`).',
        '',
        'To accept a flag after review, acknowledge its id with a reason, one a line: `kafka-mesh-ack: <flag id> <reason>` (in an ack file, or with `--ack <flag id>`).',
        '',
      ].join('\n'),
    );
  });

  it('--fail-on data-loss fails only on data loss', () => {
    expect(compareShop(HEAD, { failOn: 'data-loss' }).diff.verdict?.failing).toEqual([LOSS]);
    const onlyRisk = compareShop({ readers: ['marketing'] }, { failOn: 'data-loss' });
    expect(onlyRisk.exitCode).toBe(0);
    expect(onlyRisk.markdown).toContain('This check passes (`--fail-on data-loss`): every flag that counts is acknowledged.');
  });

  it('--fail-on never reports the flags and passes', () => {
    const { exitCode, markdown } = compareShop(HEAD, { failOn: 'never' });
    expect(exitCode).toBe(0);
    expect(markdown).toContain('The check does not fail on flags (`--fail-on never`).');
  });

  it('passes once every flag is acknowledged, shows who acknowledged it and why, and reports acknowledgements that match nothing', () => {
    const acks = [
      { pattern: LOSS, reason: 'orders are replayed', source: 'pr-description:3' },
      { pattern: 'access-lost:User:analytics@*', source: '--ack' },
      { pattern: 'retention-cut:sales.orders', source: '--ack' },
    ];
    const { diff, exitCode, markdown } = compareShop(HEAD, { acks });
    expect(exitCode).toBe(0);
    expect(diff.verdict?.unusedAcks).toEqual(['retention-cut:sales.orders (--ack)']);
    expect(markdown).toContain('  - Acknowledged (pr-description:3): orders are replayed.');
    expect(markdown).toContain('  - Acknowledged (--ack).');
    expect(markdown).toContain('**2 risk flags**; 2 acknowledged.');
    expect(markdown).toContain('Acknowledgements that match no flag: `retention-cut:sales.orders (--ack)`.');
  });

  it('still fails while one flag is open', () => {
    const { diff, exitCode } = compareShop(HEAD, { acks: [{ pattern: LOSS, source: '--ack' }] });
    expect(exitCode).toBe(1);
    expect(diff.verdict?.failing).toEqual([ACCESS]);
  });
});

describe('kafka-mesh diff: long reports', () => {
  it('keeps the summary, the flags and the verdict under --max-chars, cutting product by product and saying where the full report is', () => {
    const { diff, markdown } = compareShop({ ...HEAD, analyticsScram: { version: '2' }, billingStack: 'sales' });
    expect(diff.stacks.map((s) => s.stack)).toEqual(['billing', 'platform', 'sales']);
    const max = markdown.length - 300;
    const short = renderMarkdown(diff, { maxChars: max, fullReport: 'the mesh-diff artifact of this run' });
    expect(short.length).toBeLessThanOrEqual(max);
    expect(short).toContain('### Risk flags');
    expect(short).toContain('| `sales` | 0 | 2 | 0 | 0 | 1 | **3 open, 2 data loss** |');
    // Every stack keeps its heading; only the last product's details give way, named with its flags.
    for (const stack of ['billing', 'platform', 'sales']) expect(short).toContain(`### Stack \`${stack}\``);
    expect(short).not.toContain('#### `sales.orders`');
    expect(short).toContain(
      '* `sales.orders` (changed; flags `access-lost:User:analytics@Topic:sales.orders`, `partition-decrease:sales.orders`): details left out.',
    );
    expect(short).toMatch(
      /> \*\*Cut\*\*: the details of \d+ sections? (is|are) left out \(each is named in its stack, with its flags\) to keep this under/,
    );
    expect(short).toContain('the full report is the mesh-diff artifact of this run.');
    expect(short).toContain('**This check fails**');
    // As rendered (CommonMark with HTML, as GitHub does): each stack's details collapsed, the cut products listed inside.
    const html = new MarkdownIt({ html: true }).render(short);
    expect(html).toMatch(/<details><summary>Details \(2 data products, 3 flags\)<\/summary>/);
    expect(html).toMatch(
      /<li><code>sales\.orders<\/code> \(changed; flags <code>access-lost:User:analytics@Topic:sales\.orders<\/code>, <code>partition-decrease:sales\.orders<\/code>\): details left out\.<\/li>/,
    );
    expect(html).toMatch(/<blockquote>\n<p><strong>Cut<\/strong>: the details of \d+ sections? (is|are) left out/);
    expect((html.match(/<details>/g) ?? []).length).toBe((html.match(/<\/details>/g) ?? []).length);
    expect(renderMarkdown(diff, { maxChars: markdown.length })).toBe(markdown);
    // Below what the named lines need: the summary, the flags and the verdict alone, still under the limit.
    const tiny = renderMarkdown(diff, { maxChars: 2000, fullReport: 'the mesh-diff artifact of this run' });
    expect(tiny.length).toBeLessThanOrEqual(2000);
    expect(tiny).toContain(
      "> **Cut**: every stack's section is left out to keep this under 2000 characters; the full report is the mesh-diff artifact of this run.",
    );
    expect(tiny).not.toContain('<details>');
  });
});
