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

/** The characters of a plain scalar's words: letters, digits and `_ . / @ + : ( ) -`, by code. */
const WORD_CHARS = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./@+:()-') WORD_CHARS[c.charCodeAt(0)] = 1;
const SPACE = 32;
const COLON = 58;

/**
 * Starts with a letter; then word characters, single spaces between words; no `: ` and no `:`
 * at the end. One pass over the characters: every key and string value of the catalog comes here.
 */
function plainOk(s: string): boolean {
  const first = s.charCodeAt(0);
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return false;
  let prev = first;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === SPACE ? prev === SPACE || prev === COLON : c >= 128 || WORD_CHARS[c] === 0) return false;
    prev = c;
  }
  // The special words are letters only, five at most.
  return prev !== SPACE && prev !== COLON && (s.length > 5 || !SPECIAL_WORDS.has(s));
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

/**
 * `s` as a literal block: its header (`|`, `|-` or `|+`: how many line breaks end it), then its
 * lines, each but the empty ones indented by `pad`, as one text. (The Backstage file holds every
 * product's AsyncAPI document this way: no array of its lines, no regular expression anchored at
 * its end.)
 */
function block(s: string, pad: string): string {
  let trailing = 0;
  while (trailing < s.length && s.charCodeAt(s.length - 1 - trailing) === 10) trailing++;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  // blockOk: the first line is not empty.
  const body = pad + s.slice(0, s.length - trailing).replace(/\n(?!\n)/g, `\n${pad}`);
  return `|${chomp}\n${body}${chomp === '+' ? '\n'.repeat(trailing - 1) : ''}`;
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
      out.push(`${key}: ${block(v, padOf(indent + 2))}`);
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
      out.push(`${dash}${block(item, padOf(indent + 2))}`);
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
    return hasEntries(value) ? yamlEntries(value, 0) : '{}\n';
  } else if (typeof value === 'string' && blockOk(value)) {
    out.push(block(value, '  '));
  } else {
    out.push(scalar(value));
  }
  return `${out.join('\n')}\n`;
}

/**
 * The entries of a mapping as YAML lines at `indent`, each ending with a line break (none for
 * none): a part of a document written piece by piece.
 */
export function yamlEntries(map: Record<string, Data>, indent: number): string {
  const out: string[] = [];
  writeMap(map, indent, out);
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** Several YAML documents in one text, each starting with `---`. */
export function toYamlDocuments(values: readonly Data[]): string {
  return values.map((v) => `---\n${toYaml(v)}`).join('');
}
