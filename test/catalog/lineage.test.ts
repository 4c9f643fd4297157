/**
 * Lineage: the graph itself, and its Mermaid and Graphviz DOT renderings. The DOT text is laid
 * out by real Graphviz (compiled to WebAssembly, @viz-js/viz), which also proves that names
 * full of quotes, backslashes and line breaks come through intact.
 */
import * as fs from 'fs';
import * as path from 'path';
import { instance, Viz } from '@viz-js/viz';
import {
  buildLineage,
  capNeighbourhood,
  dotLabel,
  dotString,
  lineageDot,
  lineageMermaid,
  mermaidLabel,
  neighbourhood,
  nodeText,
} from '../../lib/catalog';
import type { Lineage } from '../../lib/catalog';
import { lineageSvg } from '../../lib/catalog/svg';
import { FIXTURE_WEIRD_APP, FIXTURE_WEIRD_SYSTEM, fixtureModel } from './fixture';
import { synthExample } from './helpers';

const example = synthExample();
const fixture = fixtureModel();
let viz: Viz;

beforeAll(async () => {
  viz = await instance();
});

const edgesOf = (l: ReturnType<typeof buildLineage>) => l.edges.map((e) => `${e.from} -${e.kind}-> ${e.to}`);

const XML_ENTITIES: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' };
const unxml = (t: string) =>
  t.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(Number(e[1] === 'x' ? `0${e.slice(1)}` : e.slice(1))) : (XML_ENTITIES[e] ?? m),
  );

/**
 * What Graphviz draws for a DOT text: the label text of every node (lines joined by `\n`)
 * and the number of edges, from its SVG output. Fails with Graphviz's errors.
 */
function graphviz(dot: string): { labels: string[]; edges: number } {
  const result = viz.render(dot, { format: 'svg' });
  if (result.status !== 'success') throw new Error(`Graphviz rejected the DOT text: ${result.errors.map((e) => e.message).join('; ')}\n${dot}`);
  const nodes = result.output
    .split('<g id="node')
    .slice(1)
    .map((g) => g.slice(0, g.indexOf('</g>')));
  const labels = nodes.map((g) => [...g.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unxml(m[1])).join('\n'));
  return { labels, edges: result.output.split('<g id="edge').length - 1 };
}

const MERMAID_REFS: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', num: '#' };

/** The labels of a Mermaid flowchart's nodes, character references and line breaks decoded. */
function mermaidNodes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s+(n\d+)(?:\[\(|\(\[|\[\[|\{\{)"([^"]*)"(?:\)\]|\]\)|\]\]|\}\})$/.exec(line);
    if (m)
      out.set(
        m[1],
        m[2].replace(/<br>/g, '\n').replace(/&(amp|lt|gt|quot|num);/g, (_, name: string) => MERMAID_REFS[name]),
      );
  }
  return out;
}

describe('lineage', () => {
  it('synth writes lineage.json, lineage.mmd and lineage.dot from the same graph', () => {
    const lineage = buildLineage(example.model);
    expect(JSON.parse(fs.readFileSync(path.join(example.catalogDir, 'lineage.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(lineage)));
    expect(fs.readFileSync(path.join(example.catalogDir, 'lineage.mmd'), 'utf8')).toBe(lineageMermaid(lineage));
    expect(fs.readFileSync(path.join(example.catalogDir, 'lineage.dot'), 'utf8')).toBe(lineageDot(lineage));
  });

  it('has writing clients -> topic -> reading clients for every grant of the example mesh', () => {
    const lineage = buildLineage(example.model);
    const edges = edgesOf(lineage);
    for (const p of example.model.products) {
      expect(lineage.nodes).toContainEqual(expect.objectContaining({ id: `topic:${p.topic}`, kind: 'topic', domain: p.domain, declared: true }));
      const covered = (principal: string, dir: 'inputs' | 'outputs') =>
        example.model.applications.some((a) => a.principal === principal && a[dir].includes(p.topic));
      for (const w of p.producers) if (!covered(w, 'outputs')) expect(edges).toContain(`producer:${w} -writes-> topic:${p.topic}`);
      for (const r of p.consumers) if (!covered(r, 'inputs')) expect(edges).toContain(`topic:${p.topic} -reads-> consumer:${r}`);
    }
    expect(
      lineage.edges
        .filter((e) => e.kind === 'writes' || e.kind === 'reads')
        .every((e) => e.principal && [e.from, e.to].includes(`${e.kind === 'writes' ? 'producer' : 'consumer'}:${e.principal}`)),
    ).toBe(true);
  });

  it('data never flows through a principal: no path from a topic a principal reads to a topic it writes', () => {
    // User:sales reads inventory.stock-level-updated and writes sales.orders: that is two grants, not a flow.
    // Data does flow through an application: the ksqlDB cluster joins the stock into sales.orders-with-stock.
    const lineage = buildLineage(example.model);
    expect(example.model.products.find((p) => p.topic === 'inventory.stock-level-updated')?.consumers).toContain('User:sales');
    const around = neighbourhood(lineage, 'topic:inventory.stock-level-updated', 2);
    const viaApps = example.model.applications
      .filter((a) => a.inputs.includes('inventory.stock-level-updated'))
      .flatMap((a) => a.outputs.map((t) => `topic:${t}`));
    expect(viaApps).toEqual(['topic:sales.orders-with-stock']);
    expect([...around.layer.keys()].filter((id) => id.startsWith('topic:sales.') && !viaApps.includes(id))).toEqual([]);
    expect(around.layer.get('consumer:User:sales')).toBe(1);
    for (const n of lineage.nodes.filter((x) => x.kind === 'client')) {
      const out = lineage.edges.filter((e) => e.from === n.id);
      const into = lineage.edges.filter((e) => e.to === n.id);
      // A client node is a source (writing clients) or a sink (reading clients), never both.
      expect(n.role === 'producer' ? into : out).toEqual([]);
    }
  });

  it('adds applications (inputs, outputs) and external systems; an app’s edge replaces its principal’s grant edge', () => {
    const lineage = buildLineage(fixture);
    const edges = edgesOf(lineage);
    expect(edges).toEqual(
      expect.arrayContaining([
        'external:postgresql:ledger -source-> app:ledger-source',
        'app:ledger-source -output-> topic:payments.transactions',
        'topic:payments.transactions -input-> app:refund-enricher',
        'app:refund-enricher -output-> topic:payments.refunds.v2',
        `topic:logistics.shipments -input-> app:${FIXTURE_WEIRD_APP}`,
        `topic:legacy.events -input-> app:${FIXTURE_WEIRD_APP}`,
        `app:${FIXTURE_WEIRD_APP} -sink-> external:${FIXTURE_WEIRD_SYSTEM}`,
        'topic:payments.transactions -reads-> consumer:User:logistics',
        'producer:User:payments -writes-> topic:logistics.scratch_pad',
      ]),
    );
    // refund-enricher runs as User:payments and writes payments.refunds.v2; User:bi's loader reads logistics.shipments.
    expect(edges).not.toContain('producer:User:payments -writes-> topic:payments.refunds.v2');
    expect(edges).not.toContain('topic:logistics.shipments -reads-> consumer:User:bi');
    expect(lineage.nodes).toContainEqual({ id: 'topic:legacy.events', kind: 'topic', label: 'legacy.events', declared: false });
    expect(lineage.nodes).toContainEqual({
      id: 'app:refund-enricher',
      kind: 'application',
      label: 'refund-enricher',
      domain: 'payments',
      applicationKind: 'streams',
      principal: 'User:payments',
    });
    expect(lineage.edges).toContainEqual({
      from: 'app:refund-enricher',
      to: 'topic:payments.refunds.v2',
      kind: 'output',
      principal: 'User:payments',
    });
    expect(nodeText(lineage.nodes.find((n) => n.id === 'app:refund-enricher')!)).toBe('refund-enricher\nas User:payments');
    expect(nodeText(lineage.nodes.find((n) => n.id === 'consumer:User:logistics')!)).toBe('User:logistics\nclients reading');
  });

  it('Graphviz lays out the DOT of the example and of the fixture and draws every label exactly', () => {
    for (const model of [example.model, fixture]) {
      const lineage = buildLineage(model);
      const drawn = graphviz(lineageDot(lineage));
      expect(drawn.labels.sort()).toEqual(lineage.nodes.map(nodeText).sort());
      expect(drawn.edges).toBe(lineage.edges.length);
    }
  });

  it('DOT labels survive quotes, backslashes (even a trailing one), markup and line breaks', () => {
    for (const text of [FIXTURE_WEIRD_APP, FIXTURE_WEIRD_SYSTEM, 'ends with \\', '<b>&amp;</b> "x"', 'ünïcødé ✓']) {
      expect(graphviz(`digraph { n [label=${dotLabel(text)}]; }`).labels).toEqual([text]);
    }
    expect(dotString('a "b"')).toBe('"a \\"b\\""');
    expect(() => dotString('a\\b')).toThrow('holds a backslash');
  });

  it('Mermaid labels escape what could end or break them, and decode to the name', () => {
    // Checked by hand in Mermaid 12 (headless Chromium): these render as the original text.
    expect(mermaidLabel('a "b" <c> #35; & x\ny')).toBe('"a &quot;b&quot; &lt;c&gt; &num;35; &amp; x<br>y"');
    for (const model of [example.model, fixture]) {
      const lineage = buildLineage(model);
      const text = lineageMermaid(lineage);
      expect(text.startsWith('flowchart LR\n')).toBe(true);
      expect([...mermaidNodes(text).values()].sort()).toEqual(lineage.nodes.map(nodeText).sort());
      const edgeLines = text.split('\n').filter((l) => l.includes('-->'));
      expect(edgeLines).toHaveLength(lineage.edges.length);
      // No label holds a '#' Mermaid could read as the start of one of its own escapes.
      expect(text.split('\n').filter((l) => /^\s+(n|d)\d+\S*\s*\S*"/.test(l) && l.includes('#'))).toEqual([]);
      for (const l of edgeLines) expect(l).toMatch(/^ {2}n\d+ -->\|(writes|reads|input|output|source|sink)\| n\d+$/);
    }
  });

  it('the neighbourhood of a topic keeps what flows into it and out of it, in layers', () => {
    const lineage = buildLineage(fixture);
    const around = neighbourhood(lineage, 'topic:payments.transactions', 2);
    expect(Object.fromEntries(around.layer)).toEqual({
      'topic:payments.transactions': 0,
      'app:ledger-source': -1,
      'external:postgresql:ledger': -2,
      'app:refund-enricher': 1,
      'consumer:User:logistics': 1,
      'consumer:User:bi': 1,
      'topic:payments.refunds.v2': 2,
      // User:payments's clients write the topic; User:logistics's read it. That User:logistics also
      // writes logistics topics is another grant: no data is known to flow there, so they are not drawn.
      'producer:User:payments': -1,
    });
    expect(around.edges.every((e) => (around.layer.get(e.to) as number) > (around.layer.get(e.from) as number))).toBe(true);
  });

  it('a capped neighbourhood draws at most a few nodes per column, keeps paths to what it draws, and counts the rest', () => {
    // One topic read by 20 principals' clients; each of the first 15 feeds an app of its own.
    const focus = 'topic:big.orders';
    const readers = Array.from({ length: 20 }, (_, i) => `app:reader-${String(i).padStart(2, '0')}`);
    const lineage: Lineage = {
      nodes: [
        { id: focus, kind: 'topic', label: 'big.orders', declared: true },
        ...readers.map((id) => ({ id, kind: 'application' as const, label: id.slice(4) })),
        ...readers.slice(0, 15).map((_, i) => ({ id: `topic:out-${i}`, kind: 'topic' as const, label: `out-${i}`, declared: false })),
      ],
      edges: [
        ...readers.map((to) => ({ from: focus, to, kind: 'input' as const })),
        ...readers.slice(0, 15).map((from, i) => ({ from, to: `topic:out-${i}`, kind: 'output' as const })),
      ],
    };
    const capped = capNeighbourhood(neighbourhood(lineage, focus, 2), 4);
    const drawn = (layer: number) => capped.nodes.filter((n) => capped.layer.get(n.id) === layer).map((n) => n.id);
    expect(drawn(0)).toEqual([focus]);
    expect(drawn(1)).toEqual(readers.slice(0, 4));
    // Only the outputs of the drawn readers: a node is never drawn without the path to it.
    expect(drawn(2)).toEqual(['topic:out-0', 'topic:out-1', 'topic:out-2', 'topic:out-3']);
    expect(Object.fromEntries(capped.more)).toEqual({ 1: 16, 2: 11 });
    expect(capped.omitted).toHaveLength(27);
    expect(capped.edges.every((e) => capped.nodes.some((n) => n.id === e.from) && capped.nodes.some((n) => n.id === e.to))).toBe(true);
    const svg = lineageSvg(capped, capped.layer, { focus, more: capped.more });
    expect(svg.match(/<g class="node /g)).toHaveLength(9);
    expect(svg.match(/<g class="more">/g)).toHaveLength(2);
    expect(svg).toContain('+16 more');
    // Uncapped, the same picture would hold all 36 nodes.
    expect(capNeighbourhood(neighbourhood(lineage, focus, 2), 100).nodes).toHaveLength(36);
  });
});
