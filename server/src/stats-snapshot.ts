import { createHash } from 'node:crypto';
import { dayIn, isoIn, previousDay, previousMonth } from './calendar.js';
import type { Stats } from './schemas.js';
import type { Site } from './sites.js';
import type { Storage } from './storage/types.js';
import { ONLINE_MS } from './visits.js';

/** A JSON answer as sent: its text, and an ETag over what it says. */
export interface CachedBody {
  body: string;
  etag: string;
}

export const etagOf = (text: string) => `"${createHash('sha1').update(text).digest('base64url').slice(0, 22)}"`;

/** A site's counter numbers at `at`, from the stored views (two queries) and the visitors seen in the last minutes. */
export async function computeStats(storage: Storage, site: Site, at: number): Promise<{ stats: Stats; today: string }> {
  const today = dayIn(site.timeZone, at);
  const month = today.slice(0, 7);
  const lastMonth = previousMonth(month);
  const year = today.slice(0, 4);
  const from = `${lastMonth}-01` < `${year}-01-01` ? `${lastMonth}-01` : `${year}-01-01`;
  const [{ days, total }, online] = await Promise.all([
    storage.views(site.id, from),
    storage.online(site.id, at - ONLINE_MS),
  ]);
  let thisMonth = 0;
  let last = 0;
  let thisYear = 0;
  for (const [day, views] of days) {
    if (day.startsWith(month)) thisMonth += views;
    if (day.startsWith(lastMonth)) last += views;
    if (day.startsWith(year)) thisYear += views;
  }
  const stats = {
    timeZone: site.timeZone,
    asOf: isoIn(site.timeZone, at),
    online,
    today: days.get(today) ?? 0,
    yesterday: days.get(previousDay(today)) ?? 0,
    thisMonth,
    lastMonth: last,
    thisYear,
    total,
  };
  return { stats, today };
}

/**
 * Each site's counter answer, recomputed at most once a second however many page views ask for it (every page view
 * does): requests within the second share one computation and one serialized body. The ETag covers the counts and the
 * day, not `asOf`, so a browser or proxy revalidating gets 304 while nothing it shows has changed.
 */
/** One site's snapshot: when it was taken, its answer, and that answer once computed. */
interface Snapshot {
  at: number;
  answer: Promise<CachedBody>;
  ready?: CachedBody;
}

export class StatsSnapshots {
  private readonly cache = new Map<string, Snapshot>();

  constructor(
    private readonly storage: Storage,
    private readonly now: () => number,
    private readonly maxAgeMs = 1000,
  ) {}

  get(site: Site): Promise<CachedBody> {
    const cached = this.fresh(site);
    if (cached) return cached.answer;
    const at = this.now();
    const entry: Snapshot = {
      at,
      answer: computeStats(this.storage, site, at).then(({ stats, today }) => {
        const { asOf: _asOf, ...counts } = stats;
        return (entry.ready = {
          body: JSON.stringify(stats),
          etag: etagOf(`${today}\u0000${JSON.stringify(counts)}`),
        });
      }),
    };
    // A failed computation is not kept: the next request tries again.
    entry.answer.catch(() => this.cache.get(site.id) === entry && this.cache.delete(site.id));
    this.cache.set(site.id, entry);
    return entry.answer;
  }

  /** The site's snapshot if it is computed and under a second old, without waiting; else undefined. */
  current(site: Site): CachedBody | undefined {
    return this.fresh(site)?.ready;
  }

  /** The site's snapshot if it was taken less than `maxAgeMs` ago (and not in the future: a clock set back). */
  private fresh(site: Site): Snapshot | undefined {
    const at = this.now();
    const cached = this.cache.get(site.id);
    return cached && at >= cached.at && at - cached.at < this.maxAgeMs ? cached : undefined;
  }

  /** Forgets a site's snapshot (its numbers just changed here). */
  invalidate(siteId: string): void {
    this.cache.delete(siteId);
  }
}
