/**
 * Small text helpers shared by the format modules: JSON parsing with positions, stable
 * stringification and a bounded cache.
 */

/** Line and column (both 1-based) of a character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * How deep a schema may nest (objects and arrays of a JSON text, braces of a Protobuf file). The
 * parsers and the checker's walks recurse: far deeper, the JavaScript stack ran out ("Maximum call
 * stack size exceeded", from avsc, ajv or a walk of ours) instead of a message about the schema.
 * Real schemas nest a few dozen levels at most.
 */
export const MAX_SCHEMA_NESTING = 256;

/**
 * Why `text` nests too deep to be read, or undefined. JSON (Avro, JSON Schema): `{` and `[`
 * outside strings; Protobuf: `{` outside strings and comments. One pass, no parse.
 */
export function nestingProblem(format: 'AVRO' | 'JSON' | 'PROTOBUF', text: string): string | undefined {
  const proto = format === 'PROTOBUF';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || (proto && c === "'")) {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (proto && c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (proto && c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '{' || (!proto && c === '[')) {
      if (++depth > MAX_SCHEMA_NESTING) {
        const { line, column } = lineColumn(text, i);
        return `nests deeper than ${MAX_SCHEMA_NESTING} levels (at line ${line} column ${column}), deeper than the checker reads and than any real schema`;
      }
    } else if (c === '}' || (!proto && c === ']')) {
      depth--;
    }
  }
  return undefined;
}

/** JSON.parse, with the error rewritten to carry a line and column. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    if (/line \d+ column \d+/.test(message)) {
      throw new Error(`invalid JSON: ${message}`);
    }
    const match = /position (\d+)/.exec(message);
    const offset = match ? Number(match[1]) : text.length;
    const { line, column } = lineColumn(text, offset);
    throw new Error(`invalid JSON at line ${line} column ${column}: ${message}`);
  }
}

/** JSON text of a value with object keys sorted, so equal values give equal text. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(stableStringify).join(',')}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/** A map that forgets its oldest entries beyond `capacity` (insertion order, refreshed on hit). */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A cache key for a schema text with its references. */
export function schemaKey(text: string, references: Readonly<Record<string, string>>): string {
  const names = Object.keys(references).sort();
  if (names.length === 0) {
    return text;
  }
  return `${text}\u0000${names.map((n) => `${n}\u0001${references[n]}`).join('\u0002')}`;
}

/** `a`, `a.b`: joins path parts, skipping empty ones. */
export function joinPath(parent: string, child: string): string {
  if (!parent) return child;
  if (!child) return parent;
  return `${parent}.${child}`;
}

/**
 * Where a JSON pointer (`/properties/a/type`) most likely sits in `text`: each object key is
 * searched in turn after the previous one (array indices are skipped). Approximate, but it points
 * at the right line for validation errors that carry no position of their own.
 */
export function locatePointer(text: string, pointer: string): { line: number; column: number } | undefined {
  let from = 0;
  let found = -1;
  for (const part of pointer.split('/').filter(Boolean)) {
    if (/^\d+$/.test(part)) continue;
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    const match = new RegExp(`${JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`).exec(text.slice(from));
    if (!match) break;
    found = from + match.index;
    from = found + match[0].length;
  }
  return found < 0 ? undefined : lineColumn(text, found);
}

/** Where a quoted name first appears in `text`, for errors that name it but give no position. */
export function locateName(text: string, name: string): { line: number; column: number } | undefined {
  const index = text.indexOf(JSON.stringify(name));
  return index < 0 ? undefined : lineColumn(text, index);
}
