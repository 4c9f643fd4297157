/** Small helpers that turn values into words a reviewer reads at a glance. */

const DURATIONS: [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1_000, 'second'],
];

/** `86400000` -> `1 day`, `5400000` -> `90 minutes`, `-1` -> `infinite`. */
export function duration(ms: number): string {
  if (ms < 0) return 'infinite';
  if (ms === 0) return '0 ms';
  for (const [unit, name] of DURATIONS) {
    if (ms >= unit && ms % unit === 0) return plural(ms / unit, name);
  }
  return `${ms} ms`;
}

const SIZES: [number, string][] = [
  [1024 ** 4, 'TiB'],
  [1024 ** 3, 'GiB'],
  [1024 ** 2, 'MiB'],
  [1024, 'KiB'],
];

/** `1073741824` -> `1 GiB`, `2000000` -> `about 1.9 MiB`, `-1` -> `no limit`. */
export function size(bytes: number): string {
  if (bytes < 0) return 'no limit';
  for (const [unit, name] of SIZES) {
    if (bytes >= unit) return bytes % unit === 0 ? `${bytes / unit} ${name}` : `about ${(bytes / unit).toFixed(1)} ${name}`;
  }
  return plural(bytes, 'byte');
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A config value with its meaning where the key has a unit: `86400000 (1 day)`. */
export function configValue(key: string, value: string | undefined): string {
  if (value === undefined) return '(not set)';
  const n = Number(value);
  if (value.trim() !== '' && Number.isInteger(n)) {
    if (key.endsWith('.ms')) return `${value} (${duration(n)})`;
    if (key.endsWith('.bytes') && (n < 0 || n >= 1024)) return `${value} (${size(n)})`;
  }
  return value;
}

/** `a`, `a and b`, `a, b and c`. */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Matches `text` against a pattern where `*` stands for any run of characters. */
export function globMatch(pattern: string, text: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(text);
}

/** The candidate closest to `word`, when it is close enough to be a typo of it (the library's own hint). */
export { closest as didYouMean } from '../errors';
