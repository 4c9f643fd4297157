/**
 * A small YAML writer for plain data (objects, arrays, strings, numbers, booleans, null): block
 * style, strings left plain only when no YAML 1.1 or 1.2 reader could take them for anything
 * else (`on`, `no`, `1.0`, `2024-01-01` and the like are quoted), multi-line text as literal
 * blocks. Much faster than a general YAML library, which matters because every synth writes
 * the catalog.
 */

type Data = unknown;

/** Words YAML 1.1 readers turn into booleans or null. */
const SPECIAL_WORDS = new Set(
  ['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null', '~'].flatMap((w) => [w, w.toUpperCase(), w[0].toUpperCase() + w.slice(1)]),
);

/** Starts with a letter; then letters, digits and `_ . / @ + : ( ) -`, single spaces between words. */
const PLAIN = /^[A-Za-z][A-Za-z0-9_./@+:()-]*(?: [A-Za-z0-9_./@+:()-]+)*$/;

function plainOk(s: string): boolean {
  return PLAIN.test(s) && !SPECIAL_WORDS.has(s) && !s.endsWith(':') && !s.includes(': ');
}

/** A scalar on one line: plain when unambiguous, else double-quoted (JSON escapes are YAML escapes). */
function scalar(value: Data): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`toYaml: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'string') return plainOk(value) ? value : JSON.stringify(value);
  throw new Error(`toYaml: cannot write a ${typeof value}`);
}

/** Multi-line text that a literal block keeps exactly (printable, no carriage returns, no leading space). */
function blockOk(s: string): boolean {
  return s.includes('\n') && !/^[ \t\n]/.test(s) && !/[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff\r]/.test(s) && !/[ \t]\n/.test(s) && !/[ \t]$/.test(s);
}

function block(s: string, pad: string): string[] {
  const trailing = /\n*$/.exec(s)?.[0].length ?? 0;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing <= 1 ? s.replace(/\n$/, '') : s.slice(0, s.length - trailing + 1).replace(/\n$/, '');
  const lines = [`|${chomp}`, ...body.split('\n').map((l) => (l === '' ? '' : pad + l))];
  if (chomp === '+') for (let i = 1; i < trailing; i++) lines.push('');
  return lines;
}

const isMap = (v: Data): v is Record<string, Data> => typeof v === 'object' && v !== null && !Array.isArray(v);

function entries(obj: Record<string, Data>): [string, Data][] {
  return Object.entries(obj).filter(([, v]) => v !== undefined);
}

/** Lines of `value` as the content of a block node indented by `indent` spaces. */
function node(value: Data, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const item of value) {
      if (isMap(item) || Array.isArray(item)) {
        const inner = Array.isArray(item) ? (item.length === 0 ? null : node(item, indent + 2)) : entries(item).length === 0 ? null : node(item, indent + 2);
        if (inner === null) out.push(`${pad}- ${Array.isArray(item) ? '[]' : '{}'}`);
        else out.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1));
      } else if (typeof item === 'string' && blockOk(item)) {
        const [head, ...rest] = block(item, `${pad}  `);
        out.push(`${pad}- ${head}`, ...rest);
      } else {
        out.push(`${pad}- ${scalar(item)}`);
      }
    }
    return out;
  }
  if (isMap(value)) {
    const out: string[] = [];
    for (const [k, v] of entries(value)) {
      const key = scalar(k);
      if (Array.isArray(v)) {
        if (v.length === 0) out.push(`${pad}${key}: []`);
        else out.push(`${pad}${key}:`, ...node(v, indent + 2));
      } else if (isMap(v)) {
        if (entries(v).length === 0) out.push(`${pad}${key}: {}`);
        else out.push(`${pad}${key}:`, ...node(v, indent + 2));
      } else if (typeof v === 'string' && blockOk(v)) {
        const [head, ...rest] = block(v, `${pad}  `);
        out.push(`${pad}${key}: ${head}`, ...rest);
      } else {
        out.push(`${pad}${key}: ${scalar(v)}`);
      }
    }
    return out;
  }
  return [`${pad}${scalar(value)}`];
}

/** `value` as a YAML document. */
export function toYaml(value: Data): string {
  if (Array.isArray(value) && value.length === 0) return '[]\n';
  if (isMap(value) && entries(value).length === 0) return '{}\n';
  return `${node(value, 0).join('\n')}\n`;
}

/** Several YAML documents in one text, each starting with `---`. */
export function toYamlDocuments(values: readonly Data[]): string {
  return values.map((v) => `---\n${toYaml(v)}`).join('');
}
