import { dateFormatter } from '../core/locale.js';

/** The visit counter's data, validated field by field: a bad field hides one number, never shows a wrong one. */
export const FIELDS = ['online', 'today', 'yesterday', 'this-month', 'last-month', 'this-year', 'total'] as const;
export type Field = (typeof FIELDS)[number];
export const DEFAULT_FIELDS: Field[] = ['today', 'yesterday', 'this-month', 'last-month', 'this-year'];

/** The response's key for a field: `this-month` is `thisMonth`. */
const keyOf = (field: Field) => field.replace(/-(\w)/, (_, letter: string) => letter.toUpperCase());

export interface Stats {
  /** The server's date, when it sent a valid `asOf` and `timeZone`. */
  date?: { month: string; year: string };
  counts: Partial<Record<Field, number>>;
}

/** Reads a `fields` attribute: known names, in the order given, without repeats; the default when none is known. */
export function parseFields(value: string | null | undefined): Field[] {
  const names = (value ?? '').toLowerCase().split(/[\s,]+/);
  const fields = [...new Set(names.filter((name): name is Field => (FIELDS as readonly string[]).includes(name)))];
  return fields.length ? fields : [...DEFAULT_FIELDS];
}

/** An ISO 8601 date-time with an explicit offset or Z: a bare date would be read in the visitor's own zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const CALENDAR: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit' };
/**
 * Zones the portals use that keep one offset all year, in minutes east of UTC: their calendar is read without Intl,
 * whose first date formatter is a long task on a cheap phone. Other zones go through Intl.
 */
const FIXED_ZONES: Record<string, number> = { 'Asia/Ho_Chi_Minh': 420, 'Asia/Saigon': 420, UTC: 0, 'Etc/UTC': 0 };

/** The month and year of an instant in the portal's time zone, never the visitor's. */
export function calendarDate(asOf: unknown, timeZone: unknown): Stats['date'] {
  if (typeof asOf !== 'string' || !ISO_INSTANT.test(asOf) || typeof timeZone !== 'string' || !timeZone)
    return undefined;
  const instant = new Date(asOf);
  const offset = FIXED_ZONES[timeZone];
  if (offset !== undefined) {
    const local = new Date(instant.getTime() + offset * 60_000);
    const year = local.getUTCFullYear();
    return year === year ? { month: String(local.getUTCMonth() + 1).padStart(2, '0'), year: String(year) } : undefined;
  }
  let parts: Intl.DateTimeFormatPart[];
  try {
    // Shared: a counter that refreshes every minute does not build a formatter each time.
    parts = dateFormatter('en-US', CALENDAR, timeZone).formatToParts(instant);
  } catch {
    return undefined; // An unknown time zone, or an impossible date (a RangeError either way).
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { month: part('month'), year: part('year') };
}

/**
 * Valid counts only: non-negative safe integers (a string, a float, a negative or a huge number is left out). A body
 * with no valid count at all is not the contract's: undefined, as a failure (the counter says it has no numbers).
 */
export function parseStats(body: unknown): Stats | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const counts: Stats['counts'] = {};
  for (const field of FIELDS) {
    const value = record[keyOf(field)];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) counts[field] = value;
  }
  return Object.keys(counts).length ? { counts, date: calendarDate(record.asOf, record.timeZone) } : undefined;
}
