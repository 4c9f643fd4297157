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

// eslint-disable-next-line no-control-regex -- control characters are exactly what a YAML block scalar cannot hold
const NOT_IN_BLOCK = /[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff\r]/;

/** Multi-line text that a literal block keeps exactly (printable, no carriage returns, no leading space). */
function blockOk(s: string): boolean {
  return s.includes('\n') && !/^[ \t\n]/.test(s) && !NOT_IN_BLOCK.test(s) && !/[ \t]\n/.test(s) && !/[ \t]$/.test(s);
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

function hasEntries(obj: Record<string, Data>): boolean {
  for (const k in obj) if (obj[k] !== undefined) return true;
  return false;
}

const pads: string[] = [];
function padOf(indent: number): string {
  return (pads[indent] ??= ' '.repeat(indent));
}

/**
 * Appends the lines of a mapping at `indent` to `out`. `lead` replaces the indentation of its
 * first line (`  - ` when the mapping is an item of a sequence).
 */
function writeMap(obj: Record<string, Data>, indent: number, out: string[], lead?: string): void {
  const pad = padOf(indent);
  let prefix = lead ?? pad;
  for (const k in obj) {
    const v = obj[k];
    if (v === undefined) continue;
    const key = prefix + scalar(k);
    prefix = pad;
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${key}: []`);
      else {
        out.push(`${key}:`);
        writeSeq(v, indent + 2, out);
      }
    } else if (isMap(v)) {
      if (!hasEntries(v)) out.push(`${key}: {}`);
      else {
        out.push(`${key}:`);
        writeMap(v, indent + 2, out);
      }
    } else if (typeof v === 'string' && blockOk(v)) {
      const [head, ...rest] = block(v, padOf(indent + 2));
      out.push(`${key}: ${head}`, ...rest);
    } else {
      out.push(`${key}: ${scalar(v)}`);
    }
  }
}

/** Appends the lines of a sequence at `indent` to `out` (`lead` as for {@link writeMap}). */
function writeSeq(items: readonly Data[], indent: number, out: string[], lead?: string): void {
  const pad = padOf(indent);
  let prefix = lead ?? pad;
  for (const item of items) {
    const dash = `${prefix}- `;
    prefix = pad;
    if (Array.isArray(item)) {
      if (item.length === 0) out.push(`${dash}[]`);
      else writeSeq(item, indent + 2, out, dash);
    } else if (isMap(item)) {
      if (!hasEntries(item)) out.push(`${dash}{}`);
      else writeMap(item, indent + 2, out, dash);
    } else if (typeof item === 'string' && blockOk(item)) {
      const [head, ...rest] = block(item, padOf(indent + 2));
      out.push(`${dash}${head}`, ...rest);
    } else {
      out.push(`${dash}${scalar(item)}`);
    }
  }
}

/** `value` as a YAML document. */
export function toYaml(value: Data): string {
  const out: string[] = [];
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]\n';
    writeSeq(value, 0, out);
  } else if (isMap(value)) {
    if (!hasEntries(value)) return '{}\n';
    writeMap(value, 0, out);
  } else if (typeof value === 'string' && blockOk(value)) {
    out.push(...block(value, '  '));
  } else {
    out.push(scalar(value));
  }
  return `${out.join('\n')}\n`;
}

/** Several YAML documents in one text, each starting with `---`. */
export function toYamlDocuments(values: readonly Data[]): string {
  return values.map((v) => `---\n${toYaml(v)}`).join('');
}
