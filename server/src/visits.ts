import { createHash } from 'node:crypto';
import { dayIn } from './calendar.js';
import type { Keys } from './secret.js';
import type { Hit, Storage } from './storage/types.js';

export const REPEAT_MS = 30 * 60 * 1000;
export const ONLINE_MS = 5 * 60 * 1000;
export const FLUSH_MS = 1000;
/** Hits held while the database is unreachable (about a minute of a busy province's traffic). */
const MAX_BUFFERED = 100_000;

/** User agents that are not people: crawlers, link previews, monitors, headless tools. */
const BOTS =
  /bot\b|bot\/|crawl|spider|slurp|mediapartners|facebookexternalhit|embedly|quora link preview|preview|whatsapp|telegram|skype|zalo.*(bot|crawler)|headless|lighthouse|pagespeed|pingdom|uptime|monitor|curl\/|wget\/|python-requests|httpclient|okhttp|go-http-client|axios\/|node-fetch|java\//i;

export function isBot(userAgent: string | undefined, headers: Record<string, unknown>): boolean {
  const purpose = String(headers['sec-purpose'] ?? headers['purpose'] ?? headers['x-purpose'] ?? '');
  if (/prefetch|prerender/i.test(purpose)) return true;
  return !userAgent || BOTS.test(userAgent);
}

/**
 * Counts page views. A visitor is a hash of (the day's key, site, IP, user agent): no raw IP is stored. The day's key
 * is derived from the day's random salt in the database and the service's secret, which the database does not hold,
 * so a copy of the database alone cannot test addresses against the hashes; salts of past days are deleted, so
 * yesterday's visitors cannot be linked to today's even with the secret. Hits are buffered in memory and
 * written in one transaction per second: at most one second of hits is lost if the process crashes.
 */
export class VisitCounter {
  private buffer: Hit[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  /** Today's salt, read from the store once a day rather than once a hit; `value` once it has been read. */
  private salt?: { day: string; read: Promise<string>; value?: string };

  constructor(
    private readonly storage: Storage,
    private readonly keys: Keys,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Buffers one page view. Synchronous once the day's salt is known (every hit but the day's first): the hit route
   * answers without waiting for a promise.
   */
  record(site: string, timeZone: string, ip: string, userAgent: string, path: string): void | Promise<void> {
    const at = this.now();
    const today = dayIn('UTC', at);
    const salt = this.salt?.day === today ? this.salt.value : undefined;
    if (salt === undefined) {
      return this.saltFor(today).then(() => this.record(site, timeZone, ip, userAgent, path));
    }
    this.buffer.push({ site, visitor: this.hash(salt, site, ip, userAgent), path, day: dayIn(timeZone, at), at });
    this.schedule();
  }

  private saltFor(today: string): Promise<string> {
    if (this.salt?.day !== today) {
      const yesterday = dayIn('UTC', this.now() - 86_400_000);
      const salt: NonNullable<VisitCounter['salt']> = {
        day: today,
        read: this.storage.salt(today, [today, yesterday]).then((stored) => this.keys.daySalt(stored)),
      };
      salt.read
        .then((value) => (salt.value = value))
        .catch(() => {
          // A failed read is retried by the next hit rather than remembered.
          if (this.salt === salt) this.salt = undefined;
        });
      this.salt = salt;
    }
    return this.salt.read;
  }

  private hash(salt: string, site: string, ip: string, userAgent: string): string {
    return createHash('sha256').update(`${salt}\u0000${site}\u0000${ip}\u0000${userAgent}`).digest('hex').slice(0, 32);
  }

  /** Writes what is buffered; also called on shutdown. A failed write keeps the batch for the next one, and throws. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing?.catch(() => {});
    const batch = this.buffer;
    this.buffer = [];
    if (!batch.length) return;
    this.flushing = this.storage.recordHits(batch, REPEAT_MS, ONLINE_MS);
    try {
      await this.flushing;
    } catch (error) {
      // Nothing of the batch was written (one transaction): it goes first next time. While the database stays
      // unreachable the oldest hits are dropped past MAX_BUFFERED, so memory stays bounded.
      this.buffer = batch.concat(this.buffer).slice(-MAX_BUFFERED);
      this.schedule();
      throw error;
    } finally {
      this.flushing = undefined;
    }
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.flush().catch((error: Error) =>
        console.error(`visit counter: hits not written, retrying in 1 s: ${error.message}`),
      );
    }, FLUSH_MS);
  }
}
