/**
 * A lineage picture as inline SVG, laid out here (no browser library, no network): columns by
 * distance from the product's topic, upstream on the left and downstream on the right.
 */
import { escapeHtml } from './names';
import { nodeText } from './lineage';
import type { Lineage, LineageNode, LineageNodeKind } from './lineage';

const COLUMN_WIDTH = 230;
const NODE_WIDTH = 180;
const NODE_HEIGHT = 40;
const ROW_GAP = 18;
const MARGIN = 16;
const MAX_LABEL = 26;
/** Characters of a node's second line (smaller type). */
const MAX_SUB_LABEL = 32;

const COLORS: Record<LineageNodeKind, { fill: string; stroke: string }> = {
  topic: { fill: '#e8f1fb', stroke: '#2f6fb3' },
  client: { fill: '#eef7ea', stroke: '#3c8a2e' },
  application: { fill: '#fff4e0', stroke: '#b7791f' },
  external: { fill: '#f3eefa', stroke: '#6b46c1' },
};

/**
 * How the pictures look, for the catalog's style sheet: the SVG carries the layout and classes
 * only (at 20,000 products the same attributes on every shape were a tenth of the catalog's
 * bytes). `.legend i.<kind>` are the legend's swatches.
 */
export const LINEAGE_CSS = [
  '.lineage .edge path { fill:none; stroke:#777; stroke-width:1.3; marker-end:url(#arrow); }',
  '.lineage text { text-anchor:middle; font-size:12px; fill:#1a1a1a; }',
  '.lineage .edge text { font-size:10px; fill:#555; }',
  '.lineage text.sub { font-size:10px; fill:#5b6470; }',
  '.lineage .node rect { stroke-width:1.2; }',
  '.lineage .node.focus rect { stroke-width:3; }',
  '.lineage .node.focus text.name { font-weight:bold; }',
  '.lineage rect.undeclared, .lineage .more rect { stroke-dasharray:4 3; }',
  '.lineage .more rect { fill:#fff; stroke:#8a94a0; }',
  '.lineage .more text { fill:#5b6470; }',
  ...Object.entries(COLORS).map(
    ([kind, c]) =>
      `.lineage .node.${kind} rect { fill:${c.fill}; stroke:${c.stroke}; }\n.legend i.${kind} { background:${c.fill}; border-color:${c.stroke}; }`,
  ),
].join('\n');

export interface SvgOptions {
  /** The node drawn emphasized (the product's topic). */
  readonly focus?: string;
  /** Where each node's link goes (product pages for topics), relative to the page. */
  readonly href?: (node: LineageNode) => string | undefined;
  /** The accessible title of the picture. */
  readonly title?: string;
  /** Nodes not drawn, counted by column (layer): each column gets a "+N more" box at its foot. */
  readonly more?: ReadonlyMap<number, number>;
}

/**
 * Draws `graph` with nodes in the columns `layer` gives (any integers; sorted left to right),
 * and the edges that go from one column to the next.
 */
export function lineageSvg(graph: Lineage, layer: ReadonlyMap<string, number>, options: SvgOptions = {}): string {
  const more = options.more ?? new Map<number, number>();
  const columns = [...new Set([...graph.nodes.map((n) => layer.get(n.id) ?? 0), ...more.keys()])].sort((a, b) => a - b);
  const byColumn = new Map<number, LineageNode[]>(columns.map((c) => [c, []]));
  for (const n of graph.nodes) byColumn.get(layer.get(n.id) ?? 0)?.push(n);
  const rank: Record<LineageNodeKind, number> = { external: 0, application: 1, client: 2, topic: 3 };
  for (const list of byColumn.values()) list.sort((a, b) => rank[a.kind] - rank[b.kind] || a.label.localeCompare(b.label));
  // A column with nodes left out has one more row: its "+N more" box.
  const slots = (c: number) => (byColumn.get(c)?.length ?? 0) + (more.get(c) ? 1 : 0);
  const rows = Math.max(1, ...columns.map(slots));
  const height = MARGIN * 2 + rows * NODE_HEIGHT + (rows - 1) * ROW_GAP;
  const width = MARGIN * 2 + (columns.length - 1) * COLUMN_WIDTH + NODE_WIDTH;
  const pos = new Map<string, { x: number; y: number }>();
  const moreBoxes: { x: number; y: number; count: number }[] = [];
  columns.forEach((c, ci) => {
    const list = byColumn.get(c) ?? [];
    const used = slots(c) * NODE_HEIGHT + (slots(c) - 1) * ROW_GAP;
    const top = (height - used) / 2;
    list.forEach((n, i) => pos.set(n.id, { x: MARGIN + ci * COLUMN_WIDTH, y: top + i * (NODE_HEIGHT + ROW_GAP) }));
    const hidden = more.get(c);
    if (hidden) moreBoxes.push({ x: MARGIN + ci * COLUMN_WIDTH, y: top + list.length * (NODE_HEIGHT + ROW_GAP), count: hidden });
  });

  const parts: string[] = [];
  const title = options.title ?? 'Lineage';
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="lineage" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    `<title>${escapeHtml(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
  );
  const column = new Map(columns.map((c, i) => [c, i]));
  const col = (id: string) => column.get(layer.get(id) ?? 0) ?? 0;
  for (const e of graph.edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    // Only edges between neighbouring columns: a longer one would cross the nodes between.
    if (!a || !b || col(e.to) - col(e.from) !== 1) continue;
    const x1 = a.x + NODE_WIDTH;
    const y1 = a.y + NODE_HEIGHT / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_HEIGHT / 2;
    const mx = (x1 + x2) / 2;
    parts.push(
      `<g class="edge" data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}"><path d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 2},${y2}"/>` +
        `<text x="${mx}" y="${(y1 + y2) / 2 - 4}">${escapeHtml(e.kind)}</text></g>`,
    );
  }
  for (const n of graph.nodes) {
    const p = pos.get(n.id);
    if (!p) continue;
    const focus = n.id === options.focus;
    const [first, second] = nodeText(n).split('\n');
    const cut = (t: string, max = MAX_LABEL) => (t.length > max ? `${t.slice(0, max - 1)}…` : t);
    const rx = n.kind === 'client' ? 17 : n.kind === 'topic' ? 10 : 3;
    const cx = p.x + NODE_WIDTH / 2;
    const shape =
      `<rect x="${p.x}" y="${p.y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="${rx}"${n.kind === 'topic' && n.declared === false ? ' class="undeclared"' : ''}/>` +
      (second === undefined
        ? `<text class="name" x="${cx}" y="${p.y + NODE_HEIGHT / 2 + 4}">${escapeHtml(cut(first))}</text>`
        : `<text class="name" x="${cx}" y="${p.y + 16}">${escapeHtml(cut(first))}</text>` +
          `<text class="sub" x="${cx}" y="${p.y + 31}">${escapeHtml(cut(second, MAX_SUB_LABEL))}</text>`);
    const href = options.href?.(n);
    // The tooltip names the kind of node (also told by its colour); the whole text only when the label is cut.
    const whole = first.length > MAX_LABEL || (second !== undefined && second.length > MAX_SUB_LABEL);
    const body = `<title>${escapeHtml(whole ? `${n.kind}: ${nodeText(n).replace('\n', ', ')}` : n.kind)}</title>${shape}`;
    parts.push(
      `<g class="node ${n.kind}${focus ? ' focus' : ''}" data-id="${escapeHtml(n.id)}">${href ? `<a href="${escapeHtml(href)}">${body}</a>` : body}</g>`,
    );
  }
  for (const b of moreBoxes) {
    parts.push(
      `<g class="more"><rect x="${b.x}" y="${b.y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="3"/>` +
        `<text x="${b.x + NODE_WIDTH / 2}" y="${b.y + NODE_HEIGHT / 2 + 4}">+${b.count} more (listed below)</text></g>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
