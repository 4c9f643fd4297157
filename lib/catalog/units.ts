/**
 * Topic settings as a consumer reads them: `86400000` ms is `1 day`, `-1` is `forever`,
 * `1073741824` bytes is `1 GiB` (the diff's words, with "forever" for unlimited retention).
 */
import { duration as diffDuration, size } from '../diff/words';

export { size };

/** A duration in milliseconds in the largest unit that divides it (`7 days`, `90 minutes`); negative is `forever`. */
export function duration(ms: number): string {
  return ms < 0 ? 'forever' : diffDuration(ms);
}

/** A topic config value in words, for the configs whose unit the name says (`*.ms`, `*.bytes`); undefined for others. */
export function configValue(key: string, value: string): string | undefined {
  if (!/^-?\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  if (key.endsWith('.ms')) return duration(n);
  if (key.endsWith('.bytes')) return size(n);
  return undefined;
}
