/** Calendar dates as governance writes them: `YYYY-MM-DD`, compared as text. */

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `text` when it is a `YYYY-MM-DD` date that exists (no 2027-02-30), else undefined. */
export function isoDate(text: string): string | undefined {
  if (!ISO_DATE.test(text)) return undefined;
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? text : undefined;
}

/** Today's date in UTC, `YYYY-MM-DD`. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
