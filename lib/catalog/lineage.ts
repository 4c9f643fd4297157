/**
 * Lineage: the declared graph of how data flows between topics, applications and systems
 * outside Kafka. Streams apps and connectors add their inputs, outputs and external systems; a
 * grant with no declared application behind it is drawn as the principal's clients: one node
 * for those that write (data flows into the topic) and another for those that read (data flows
 * out and stops there). A principal is never a node data flows through: a grant to read one
 * topic and write another does not mean the one feeds the other. Rendered as JSON, Mermaid and
 * Graphviz DOT.
 */
import type { ApplicationKind, MeshModel } from '../model/model';
import { applicationExternals, applicationsOnTopic } from './applications';

export type LineageNodeKind = 'topic' | 'client' | 'application' | 'external';

export interface LineageNode {
  /** Unique: `topic:<topic>`, `producer:<principal>`, `consumer:<principal>`, `app:<name>`, `external:<system>`. */
  readonly id: string;
  readonly kind: LineageNodeKind;
  readonly label: string;
  /** The domain owning the topic, principal or application, when known. */
  readonly domain?: string;
  /** For topics: whether a product declares it (an application may name a topic outside the mesh). */
  readonly declared?: boolean;
  /** For applications: `streams`, `connector`, `ksql` or `nifi`. */
  readonly applicationKind?: ApplicationKind;
  /** For clients and applications: the principal they authenticate as. */
  readonly principal?: string;
  /** For clients: whether they write the topics they are linked to (`producer`) or read them (`consumer`). */
  readonly role?: 'producer' | 'consumer';
}

/**
 * `writes`/`reads`: a principal's clients writing or reading a topic (a grant). `output`/`input`:
 * an application writing or reading a topic. `source`/`sink`: an external system an application
 * reads from or writes to. Every edge goes the way the data flows.
 */
export type LineageEdgeKind = 'writes' | 'reads' | 'output' | 'input' | 'source' | 'sink';

export interface LineageEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: LineageEdgeKind;
  /** For edges to and from topics: the principal whose ACLs carry the flow. */
  readonly principal?: string;
}

export interface Lineage {
  readonly nodes: LineageNode[];
  readonly edges: LineageEdge[];
}

export const nodeId = {
  topic: (topic: string) => `topic:${topic}`,
  producer: (principal: string) => `producer:${principal}`,
  consumer: (principal: string) => `consumer:${principal}`,
  application: (name: string) => `app:${name}`,
  external: (system: string) => `external:${system}`,
};

/** What a node shows: its label, and for clients and applications the principal on a second line. */
export function nodeText(n: LineageNode): string {
  if (n.kind === 'client') return `${n.label}\n${n.role === 'producer' ? 'clients writing' : 'clients reading'}`;
  if (n.kind === 'application' && n.principal) return `${n.label}\nas ${n.principal}`;
  return n.label;
}

/**
 * The mesh's lineage graph. A grant edge is left out when an application running as that
 * principal declares the same topic as its input or output: the application's edge says more.
 */
export function buildLineage(model: MeshModel): Lineage {
  const nodes = new Map<string, LineageNode>();
  const edges: LineageEdge[] = [];
  const edgeKeys = new Set<string>();
  const addNode = (n: LineageNode) => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
  };
  const addEdge = (e: LineageEdge) => {
    const key = `${e.from}\u0000${e.to}\u0000${e.kind}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push(e);
  };
  const domainOfPrincipal = new Map(model.domains.map((d) => [d.principal, d.name]));
  const clientNode = (principal: string, role: 'producer' | 'consumer') => {
    const domain = domainOfPrincipal.get(principal);
    const id = nodeId[role](principal);
    addNode({ id, kind: 'client', label: principal, ...(domain ? { domain } : {}), principal, role });
    return id;
  };
  const productDomain = new Map(model.products.map((p) => [p.topic, p.domain]));
  const topicNode = (topic: string) => {
    const domain = productDomain.get(topic);
    addNode({ id: nodeId.topic(topic), kind: 'topic', label: topic, declared: domain !== undefined, ...(domain ? { domain } : {}) });
    return nodeId.topic(topic);
  };
  const appCovers = (principal: string, topic: string, direction: 'inputs' | 'outputs') =>
    applicationsOnTopic(model.applications, topic).some((a) => a.principal === principal && a[direction].includes(topic));

  for (const p of model.products) topicNode(p.topic);
  for (const p of model.products) {
    const topic = nodeId.topic(p.topic);
    for (const producer of p.producers) {
      if (!appCovers(producer, p.topic, 'outputs'))
        addEdge({ from: clientNode(producer, 'producer'), to: topic, kind: 'writes', principal: producer });
    }
    for (const consumer of p.consumers) {
      if (!appCovers(consumer, p.topic, 'inputs')) addEdge({ from: topic, to: clientNode(consumer, 'consumer'), kind: 'reads', principal: consumer });
    }
  }
  for (const a of model.applications) {
    const app = nodeId.application(a.name);
    addNode({ id: app, kind: 'application', label: a.name, domain: a.domain, applicationKind: a.kind, principal: a.principal });
    for (const t of a.inputs) addEdge({ from: topicNode(t), to: app, kind: 'input', principal: a.principal });
    for (const t of a.outputs) addEdge({ from: app, to: topicNode(t), kind: 'output', principal: a.principal });
    for (const external of applicationExternals(a)) {
      const ext = nodeId.external(external.system);
      addNode({ id: ext, kind: 'external', label: external.system });
      if (external.direction === 'source') addEdge({ from: ext, to: app, kind: 'source' });
      else addEdge({ from: app, to: ext, kind: 'sink' });
    }
  }
  return { nodes: [...nodes.values()], edges };
}

/**
 * The part of the graph around one node: everything upstream and downstream of it, up to
 * `depth` edges away, following edge direction (so a reader's other topics are not pulled in).
 */
export function neighbourhood(lineage: Lineage, focus: string, depth = 2): Lineage & { readonly layer: ReadonlyMap<string, number> } {
  const index = indexOf(lineage);
  const layer = new Map<string, number>([[focus, 0]]);
  const walk = (dir: 1 | -1) => {
    let frontier = [focus];
    for (let d = 1; d <= depth && frontier.length > 0; d++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const e of (dir === 1 ? index.out : index.in).get(id) ?? []) {
          const other = dir === 1 ? e.to : e.from;
          if (layer.has(other)) continue;
          layer.set(other, dir * d);
          next.push(other);
        }
      }
      frontier = next;
    }
  };
  walk(-1);
  walk(1);
  // In the graph's own order, as a filter of the whole graph would give, without scanning it.
  const nodes = [...layer.keys()]
    .map((id) => index.nodes.get(id))
    .filter((n): n is { node: LineageNode; at: number } => n !== undefined)
    .sort((a, b) => a.at - b.at)
    .map((n) => n.node);
  // The edges among those nodes: a node with more out-edges than the neighbourhood has nodes
  // (a principal that writes hundreds of topics) is looked up by pair instead of scanned.
  const edges = [...layer.keys()]
    .flatMap((from) => {
      const outs = index.out.get(from) ?? [];
      return outs.length <= layer.size ? outs : [...layer.keys()].flatMap((to) => index.pair.get(from)?.get(to) ?? []);
    })
    .filter((e) => layer.has(e.to) && (layer.get(e.to) as number) > (layer.get(e.from) as number))
    .sort((a, b) => (index.edgeAt.get(a) as number) - (index.edgeAt.get(b) as number));
  return { nodes, edges, layer };
}

/** A neighbourhood drawn with at most a few nodes per column: the others, not drawn, listed. */
export interface CappedNeighbourhood extends Lineage {
  readonly layer: ReadonlyMap<string, number>;
  /** The nodes left out, nearest columns first, in the graph's order. */
  readonly omitted: LineageNode[];
  /** How many nodes each column left out, by layer. */
  readonly more: ReadonlyMap<number, number>;
}

/**
 * `graph` (a {@link neighbourhood}) with at most `max` nodes in each column besides the focus,
 * so that a picture stays readable and small whatever the mesh's size. Nearer columns are cut
 * first; a node further out is kept only when an edge links it to a kept node of the column
 * before it (a picture never shows a node without the path to it). In the graph's order.
 */
export function capNeighbourhood(graph: Lineage & { readonly layer: ReadonlyMap<string, number> }, max: number): CappedNeighbourhood {
  const kept = new Set<string>();
  const omitted: LineageNode[] = [];
  const more = new Map<number, number>();
  const byColumn = new Map<number, LineageNode[]>();
  for (const n of graph.nodes) {
    const at = graph.layer.get(n.id) ?? 0;
    (byColumn.get(at) ?? byColumn.set(at, []).get(at)!).push(n);
  }
  const linked = new Map<string, Set<string>>();
  for (const e of graph.edges) {
    (linked.get(e.from) ?? linked.set(e.from, new Set()).get(e.from)!).add(e.to);
    (linked.get(e.to) ?? linked.set(e.to, new Set()).get(e.to)!).add(e.from);
  }
  const columns = [...byColumn.keys()].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
  for (const at of columns) {
    const nodes = byColumn.get(at) ?? [];
    let count = 0;
    for (const n of nodes) {
      const reachable = at === 0 || [...(linked.get(n.id) ?? [])].some((o) => kept.has(o) && graph.layer.get(o) === at - Math.sign(at));
      if (at === 0 || (reachable && count < max)) {
        kept.add(n.id);
        if (at !== 0) count++;
      } else {
        omitted.push(n);
        more.set(at, (more.get(at) ?? 0) + 1);
      }
    }
  }
  return {
    nodes: graph.nodes.filter((n) => kept.has(n.id)),
    edges: graph.edges.filter((e) => kept.has(e.from) && kept.has(e.to)),
    layer: graph.layer,
    omitted,
    more,
  };
}

interface LineageIndex {
  readonly nodes: ReadonlyMap<string, { node: LineageNode; at: number }>;
  readonly out: ReadonlyMap<string, LineageEdge[]>;
  readonly in: ReadonlyMap<string, LineageEdge[]>;
  readonly edgeAt: ReadonlyMap<LineageEdge, number>;
  /** Edges by source, then target. */
  readonly pair: ReadonlyMap<string, ReadonlyMap<string, LineageEdge[]>>;
}

/** Adjacency of a lineage graph, built once per graph (a catalog asks for every product's neighbourhood). */
const indexes = new WeakMap<Lineage, LineageIndex>();
function indexOf(lineage: Lineage): LineageIndex {
  let index = indexes.get(lineage);
  if (index) return index;
  const nodes = new Map(lineage.nodes.map((node, at) => [node.id, { node, at }]));
  const out = new Map<string, LineageEdge[]>();
  const inn = new Map<string, LineageEdge[]>();
  const edgeAt = new Map<LineageEdge, number>();
  const pair = new Map<string, Map<string, LineageEdge[]>>();
  lineage.edges.forEach((e, at) => {
    edgeAt.set(e, at);
    const targets = pair.get(e.from) ?? pair.set(e.from, new Map()).get(e.from)!;
    (targets.get(e.to) ?? targets.set(e.to, []).get(e.to)!).push(e);
    (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e);
    (inn.get(e.to) ?? inn.set(e.to, []).get(e.to)!).push(e);
  });
  index = { nodes, out, in: inn, edgeAt, pair };
  indexes.set(lineage, index);
  return index;
}

// ---------------------------------------------------------------- Mermaid

/**
 * A Mermaid label, quoted: `&`, `<`, `>`, `"` and `#` become named character references
 * (`&amp;` `&lt;` `&gt;` `&quot;` `&num;`) and line breaks `<br>`, so no name can end the
 * label, inject markup or form one of Mermaid's own `#code;` escapes. (Mermaid's numeric
 * `#34;` form is not used: Mermaid 12 leaves it undecoded.)
 */
export function mermaidLabel(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/#/g, '&num;')
    .replace(/\r?\n|\r/g, '<br>');
  return `"${escaped}"`;
}

const MERMAID_SHAPES: Record<LineageNodeKind, (label: string) => string> = {
  topic: (l) => `[(${l})]`,
  client: (l) => `([${l}])`,
  application: (l) => `[[${l}]]`,
  external: (l) => `{{${l}}}`,
};

/** The lineage as a Mermaid flowchart, nodes grouped by domain. */
export function lineageMermaid(lineage: Lineage): string {
  const ids = new Map(lineage.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  const byDomain = groupByDomain(lineage.nodes);
  let sub = 0;
  for (const [domain, nodes] of byDomain) {
    const indent = domain === undefined ? '  ' : '    ';
    if (domain !== undefined) lines.push(`  subgraph d${sub++} [${mermaidLabel(domain)}]`);
    for (const n of nodes) lines.push(`${indent}${ids.get(n.id)}${MERMAID_SHAPES[n.kind](mermaidLabel(nodeText(n)))}`);
    if (domain !== undefined) lines.push('  end');
  }
  for (const e of lineage.edges) lines.push(`  ${ids.get(e.from)} -->|${e.kind}| ${ids.get(e.to)}`);
  for (const kind of ['topic', 'client', 'application', 'external'] as const) {
    const members = lineage.nodes.filter((n) => n.kind === kind).map((n) => ids.get(n.id));
    if (members.length > 0) lines.push(`  class ${members.join(',')} ${kind}`);
  }
  lines.push(
    '  classDef topic fill:#e8f1fb,stroke:#2f6fb3',
    '  classDef client fill:#eef7ea,stroke:#3c8a2e',
    '  classDef application fill:#fff4e0,stroke:#b7791f',
    '  classDef external fill:#f3eefa,stroke:#6b46c1',
  );
  return `${lines.join('\n')}\n`;
}

function groupByDomain(nodes: readonly LineageNode[]): Map<string | undefined, LineageNode[]> {
  const groups = new Map<string | undefined, LineageNode[]>();
  for (const n of nodes) {
    const list = groups.get(n.domain) ?? [];
    list.push(n);
    groups.set(n.domain, list);
  }
  // Nodes without a domain last, outside any subgraph.
  const loose = groups.get(undefined);
  groups.delete(undefined);
  if (loose) groups.set(undefined, loose);
  return groups;
}

// ---------------------------------------------------------------- Graphviz DOT

/**
 * A DOT double-quoted string. Only for text without backslashes: DOT keeps `\\` sequences
 * as written, and no escape can end a string with a backslash. Labels use {@link dotLabel}.
 */
export function dotString(text: string): string {
  if (text.includes('\\')) throw new Error(`dotString: ${JSON.stringify(text)} holds a backslash; use dotLabel`);
  return `"${text.replace(/"/g, '\\"').replace(/\r?\n|\r/g, ' ')}"`;
}

/**
 * A DOT label that shows `text` exactly: an HTML-like label in which everything but letters,
 * digits and a few safe marks is a numeric character reference, and line breaks are `<BR/>`.
 */
export function dotLabel(text: string): string {
  const lines = text.split(/\r?\n|\r/).map((line) => {
    let out = '';
    for (const ch of line) out += /[A-Za-z0-9 .,:_@/+=()-]/.test(ch) ? ch : `&#${ch.codePointAt(0)};`;
    return out;
  });
  return `<${lines.join('<BR/>')}>`;
}

/** Node ids that are safe as they are stay readable in the DOT text; others become `n<index>`. */
function dotIds(lineage: Lineage): Map<string, string> {
  return new Map(lineage.nodes.map((n, i) => [n.id, /^[A-Za-z0-9 .:_@/+=()-]+$/.test(n.id) ? dotString(n.id) : `n${i}`]));
}

const DOT_SHAPES: Record<LineageNodeKind, string> = {
  topic: 'shape=cylinder, style=filled, fillcolor="#e8f1fb", color="#2f6fb3"',
  client: 'shape=box, style="rounded,filled", fillcolor="#eef7ea", color="#3c8a2e"',
  application: 'shape=component, style=filled, fillcolor="#fff4e0", color="#b7791f"',
  external: 'shape=hexagon, style=filled, fillcolor="#f3eefa", color="#6b46c1"',
};

/** The lineage as a Graphviz digraph, one cluster per domain. */
export function lineageDot(lineage: Lineage): string {
  const ids = dotIds(lineage);
  const lines = ['digraph lineage {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  let cluster = 0;
  for (const [domain, nodes] of groupByDomain(lineage.nodes)) {
    const indent = domain === undefined ? '  ' : '    ';
    if (domain !== undefined) lines.push(`  subgraph cluster_${cluster++} {`, `    label=${dotLabel(domain)};`, '    style=dashed;');
    for (const n of nodes) {
      const shape =
        n.kind === 'topic' && n.declared === false ? DOT_SHAPES.topic.replace('style=filled', 'style="dashed,filled"') : DOT_SHAPES[n.kind];
      lines.push(`${indent}${ids.get(n.id)} [label=${dotLabel(nodeText(n))}, ${shape}];`);
    }
    if (domain !== undefined) lines.push('  }');
  }
  for (const e of lineage.edges) lines.push(`  ${ids.get(e.from)} -> ${ids.get(e.to)} [label=${dotString(e.kind)}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
