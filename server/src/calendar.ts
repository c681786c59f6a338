const dayFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();
/** The last answer per zone, by UTC minute: every zone's day starts on a whole minute, and hits come many a minute. */
const lastDay = new Map<string, { minute: number; day: string }>();

/** Calendar days in a site's time zone, computed on the server: "today" is the portal's today, not UTC's. */
export function dayIn(timeZone: string, at: number): string {
  const minute = Math.floor(at / 60_000);
  const last = lastDay.get(timeZone);
  if (last?.minute === minute) return last.day;
  let format = dayFormats.get(timeZone);
  // en-CA writes dates as YYYY-MM-DD. Formatters are cached: building one costs more than the request it serves.
  if (!format)
    dayFormats.set(
      timeZone,
      (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })),
    );
  const day = format.format(at);
  lastDay.set(timeZone, { minute, day });
  return day;
}

/** The instant as an ISO string with the zone's offset, e.g. 2024-07-15T10:00:00+07:00. */
export function isoIn(timeZone: string, at: number): string {
  let format = timeFormats.get(timeZone);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    };
    timeFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', options)));
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offset = Math.round((local - Math.floor(at / 1000) * 1000) / 60000);
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${hh}:${mm}`;
}

/** The day before a YYYY-MM-DD day. */
export function previousDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** YYYY-MM of the month before. */
export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

export function validTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
