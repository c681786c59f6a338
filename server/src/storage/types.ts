import type { Keys } from '../secret.js';

/** What the service stores, behind one interface with two implementations (SQLite, PostgreSQL). */
export interface Aggregate {
  count: number;
  sum: number;
}

/** One counted page view, after bot filtering; the visitor is already a salted hash. */
export interface Hit {
  site: string;
  visitor: string;
  path: string;
  /** The day in the site's time zone, YYYY-MM-DD. */
  day: string;
  at: number;
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates or upgrades the schema: the numbered migrations it lacks, in order (see migrations.ts). */
  migrate(keys: Keys): Promise<void>;
  /** The migrations applied, by version. */
  migrations(): Promise<number[]>;
  aggregate(site: string, item: string): Promise<Aggregate>;
  vote(site: string, item: string, visitor: string): Promise<number | null>;
  /** Casts, replaces (score) or withdraws (null) one visitor's vote, durably, and returns the new aggregate. */
  setVote(site: string, item: string, visitor: string, score: number | null): Promise<Aggregate>;
  /** Records a batch of hits in one transaction; a repeat of a page by a visitor within `repeatMs` is not counted. */
  recordHits(hits: Hit[], repeatMs: number, onlineMs: number): Promise<void>;
  /** Adds historical views per day, e.g. a portal's old counter when it moves to this service. */
  importViews(site: string, days: [day: string, views: number][]): Promise<void>;
  /** Views per day (YYYY-MM-DD) from `fromDay` on, and the total of all days. */
  views(site: string, fromDay: string): Promise<{ days: Map<string, number>; total: number }>;
  /** Distinct visitors seen since `since` (epoch ms). */
  online(site: string, since: number): Promise<number>;
  /** The secret salt of a day, created on first use; salts of other days than `keep` are deleted. */
  salt(day: string, keep: string[]): Promise<string>;
  /** Keeps the article index a CMS pushed (its JSON), so a restart does not lose it. */
  saveArticles(site: string, json: string, at: number): Promise<void>;
  /** When each site's article index was last pushed, for every site that has one: one query at start-up. */
  pushedArticleTimes(): Promise<Map<string, number>>;
  /** The article index last pushed for a site, and when. */
  pushedArticles(site: string): Promise<{ json: string; at: number } | undefined>;
  /** True when the database passes its own integrity check. */
  integrity(): Promise<boolean>;
  close(): Promise<void>;
}
