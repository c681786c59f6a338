import { createHash } from 'node:crypto';
import { dayIn } from './calendar.js';
import type { Hit, Storage } from './storage/types.js';

export const REPEAT_MS = 30 * 60 * 1000;
export const ONLINE_MS = 5 * 60 * 1000;
export const FLUSH_MS = 1000;

/** User agents that are not people: crawlers, link previews, monitors, headless tools. */
const BOTS =
  /bot\b|bot\/|crawl|spider|slurp|mediapartners|facebookexternalhit|embedly|quora link preview|preview|whatsapp|telegram|skype|zalo.*(bot|crawler)|headless|lighthouse|pagespeed|pingdom|uptime|monitor|curl\/|wget\/|python-requests|httpclient|okhttp|go-http-client|axios\/|node-fetch|java\//i;

export function isBot(userAgent: string | undefined, headers: Record<string, unknown>): boolean {
  const purpose = String(headers['sec-purpose'] ?? headers['purpose'] ?? headers['x-purpose'] ?? '');
  if (/prefetch|prerender/i.test(purpose)) return true;
  return !userAgent || BOTS.test(userAgent);
}

/**
 * Counts page views. A visitor is a hash of (the day's secret salt, site, IP, user agent): no raw IP is stored, and
 * salts of past days are deleted, so yesterday's visitors cannot be linked to today's. Hits are buffered in memory and
 * written in one transaction per second: at most one second of hits is lost if the process crashes.
 */
export class VisitCounter {
  private buffer: Hit[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  /** Today's salt, read from the store once a day rather than once a hit. */
  private salt?: { day: string; value: Promise<string> };

  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  async visitor(site: string, ip: string, userAgent: string): Promise<string> {
    const today = dayIn('UTC', this.now());
    if (this.salt?.day !== today) {
      const yesterday = dayIn('UTC', this.now() - 86_400_000);
      this.salt = { day: today, value: this.storage.salt(today, [today, yesterday]) };
    }
    const salt = await this.salt.value;
    return createHash('sha256').update(`${salt}\u0000${site}\u0000${ip}\u0000${userAgent}`).digest('hex').slice(0, 32);
  }

  async record(site: string, timeZone: string, ip: string, userAgent: string, path: string): Promise<void> {
    const at = this.now();
    this.buffer.push({ site, visitor: await this.visitor(site, ip, userAgent), path, day: dayIn(timeZone, at), at });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes what is buffered; also called on shutdown. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.storage.recordHits(batch, REPEAT_MS, ONLINE_MS);
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }
}
