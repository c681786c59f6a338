import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { firstPerPage, latestPerVisitor, nextRound, viewKey, viewsPerDay } from './hit-batch.js';
import type { Aggregate, Hit, Storage } from './types.js';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS votes (
     site TEXT NOT NULL, item TEXT NOT NULL, visitor TEXT NOT NULL,
     score INTEGER NOT NULL CHECK (score >= 1), updated_at INTEGER NOT NULL,
     PRIMARY KEY (site, item, visitor))`,
  `CREATE TABLE IF NOT EXISTS rating_totals (site TEXT NOT NULL, item TEXT NOT NULL, count INTEGER NOT NULL, sum INTEGER NOT NULL, PRIMARY KEY (site, item))`,
  // Totals for databases created before rating_totals existed.
  `INSERT OR IGNORE INTO rating_totals (site, item, count, sum) SELECT site, item, count(*), sum(score) FROM votes GROUP BY site, item`,
  `CREATE TABLE IF NOT EXISTS daily_views (site TEXT NOT NULL, day TEXT NOT NULL, views INTEGER NOT NULL, PRIMARY KEY (site, day))`,
  `CREATE TABLE IF NOT EXISTS recent_views (site TEXT NOT NULL, visitor TEXT NOT NULL, path TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (site, visitor, path))`,
  `CREATE INDEX IF NOT EXISTS recent_views_seen ON recent_views (seen_at)`,
  `CREATE TABLE IF NOT EXISTS recent_visitors (site TEXT NOT NULL, visitor TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (site, visitor))`,
  `CREATE INDEX IF NOT EXISTS recent_visitors_seen ON recent_visitors (site, seen_at)`,
  `CREATE TABLE IF NOT EXISTS salts (day TEXT PRIMARY KEY, salt TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS pushed_articles (site TEXT PRIMARY KEY, json TEXT NOT NULL, pushed_at INTEGER NOT NULL)`,
];

/** The embedded default: one file, WAL, every write committed before the response (synchronous=FULL). */
export class SqliteStorage implements Storage {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
  }

  async migrate(): Promise<void> {
    this.db.transaction(() => {
      for (const statement of SCHEMA) this.db.exec(statement);
    })();
  }

  async saveArticles(site: string, json: string, at: number): Promise<void> {
    this.db
      .prepare('INSERT INTO pushed_articles (site, json, pushed_at) VALUES (?, ?, ?) ON CONFLICT (site) DO UPDATE SET json = excluded.json, pushed_at = excluded.pushed_at WHERE pushed_articles.pushed_at < excluded.pushed_at')
      .run(site, json, at);
  }

  async pushedArticleTimes(): Promise<Map<string, number>> {
    const rows = this.db.prepare('SELECT site, pushed_at FROM pushed_articles').all() as { site: string; pushed_at: number }[];
    return new Map(rows.map((row) => [row.site, row.pushed_at]));
  }

  async pushedArticles(site: string): Promise<{ json: string; at: number } | undefined> {
    const row = this.db.prepare('SELECT json, pushed_at FROM pushed_articles WHERE site = ?').get(site) as
      | { json: string; pushed_at: number }
      | undefined;
    return row && { json: row.json, at: row.pushed_at };
  }

  async aggregate(site: string, item: string): Promise<Aggregate> {
    const row = this.db.prepare('SELECT count, sum FROM rating_totals WHERE site = ? AND item = ?').get(site, item) as Aggregate | undefined;
    return { count: row?.count ?? 0, sum: row?.sum ?? 0 };
  }

  async vote(site: string, item: string, visitor: string): Promise<number | null> {
    const row = this.db.prepare('SELECT score FROM votes WHERE site = ? AND item = ? AND visitor = ?').get(site, item, visitor) as
      | { score: number }
      | undefined;
    return row?.score ?? null;
  }

  /**
   * Votes that arrive together are committed together: one transaction, one fsync, then every caller is answered.
   * Each vote still gets the aggregate as it stood right after it, and nothing is answered before it is on disk.
   */
  setVote(site: string, item: string, visitor: string, score: number | null): Promise<Aggregate> {
    return new Promise((resolve, reject) => {
      this.pendingVotes.push({ site, item, visitor, score, resolve, reject });
      if (this.pendingVotes.length === 1) setImmediate(() => this.commitVotes());
    });
  }

  private readonly pendingVotes: {
    site: string;
    item: string;
    visitor: string;
    score: number | null;
    resolve: (aggregate: Aggregate) => void;
    reject: (error: unknown) => void;
  }[] = [];

  private commitVotes(): void {
    const batch = this.pendingVotes.splice(0);
    const previous = this.db.prepare('SELECT score FROM votes WHERE site = ? AND item = ? AND visitor = ?');
    const remove = this.db.prepare('DELETE FROM votes WHERE site = ? AND item = ? AND visitor = ?');
    const upsert = this.db.prepare(
      `INSERT INTO votes (site, item, visitor, score, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (site, item, visitor) DO UPDATE SET score = excluded.score, updated_at = excluded.updated_at`,
    );
    const adjust = this.db.prepare(
      `INSERT INTO rating_totals (site, item, count, sum) VALUES (?, ?, ?, ?)
       ON CONFLICT (site, item) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum
       RETURNING count, sum`,
    );
    let results: Aggregate[];
    try {
      // Totals change by the vote's delta in the same transaction as the vote: they cannot disagree with the votes.
      results = this.db.transaction(() =>
        batch.map(({ site, item, visitor, score }) => {
          const before = (previous.get(site, item, visitor) as { score: number } | undefined)?.score ?? null;
          if (score === null) remove.run(site, item, visitor);
          else upsert.run(site, item, visitor, score, Date.now());
          const count = (score === null ? 0 : 1) - (before === null ? 0 : 1);
          return adjust.get(site, item, count, (score ?? 0) - (before ?? 0)) as Aggregate;
        }),
      ).immediate();
    } catch (error) {
      for (const vote of batch) vote.reject(error);
      return;
    }
    batch.forEach((vote, i) => vote.resolve({ count: results[i].count, sum: results[i].sum }));
  }

  async recordHits(hits: Hit[], repeatMs: number, onlineMs: number): Promise<void> {
    if (!hits.length) return;
    const upsertView = this.db.prepare(
      `INSERT INTO recent_views (site, visitor, path, seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (site, visitor, path) DO UPDATE SET seen_at = excluded.seen_at
       WHERE recent_views.seen_at < excluded.seen_at - ? RETURNING seen_at`,
    );
    const seen = this.db.prepare(
      `INSERT INTO recent_visitors (site, visitor, seen_at) VALUES (?, ?, ?)
       ON CONFLICT (site, visitor) DO UPDATE SET seen_at = max(seen_at, excluded.seen_at)`,
    );
    const add = this.db.prepare(
      `INSERT INTO daily_views (site, day, views) VALUES (?, ?, ?)
       ON CONFLICT (site, day) DO UPDATE SET views = views + excluded.views`,
    );
    const storedAt = this.db.prepare('SELECT seen_at FROM recent_views WHERE site = ? AND visitor = ? AND path = ?').pluck();
    this.db.transaction(() => {
      const latest = hits.reduce((max, hit) => Math.max(max, hit.at), 0);
      for (const { site, visitor, at } of latestPerVisitor(hits)) seen.run(site, visitor, at);
      const counted: Hit[] = [];
      for (let pending = hits; pending.length; ) {
        const { first, rest } = firstPerPage(pending);
        const lastCounted = new Map<string, number>();
        for (const hit of first) {
          const isNew = upsertView.get(hit.site, hit.visitor, hit.path, hit.at, repeatMs);
          if (isNew) counted.push(hit);
          lastCounted.set(viewKey(hit), isNew ? hit.at : (storedAt.get(hit.site, hit.visitor, hit.path) as number));
        }
        pending = nextRound(rest, lastCounted, repeatMs);
      }
      for (const { site, day, views } of viewsPerDay(counted)) add.run(site, day, views);
      this.db.prepare('DELETE FROM recent_views WHERE seen_at < ?').run(latest - repeatMs);
      this.db.prepare('DELETE FROM recent_visitors WHERE seen_at < ?').run(latest - onlineMs);
    }).immediate();
  }

  async importViews(site: string, days: [string, number][]): Promise<void> {
    const add = this.db.prepare(
      `INSERT INTO daily_views (site, day, views) VALUES (?, ?, ?)
       ON CONFLICT (site, day) DO UPDATE SET views = views + excluded.views`,
    );
    this.db.transaction(() => {
      for (const [day, views] of days) add.run(site, day, views);
    }).immediate();
  }

  async views(site: string, fromDay: string): Promise<{ days: Map<string, number>; total: number }> {
    const rows = this.db.prepare('SELECT day, views FROM daily_views WHERE site = ? AND day >= ?').all(site, fromDay) as {
      day: string;
      views: number;
    }[];
    const total = this.db.prepare('SELECT coalesce(sum(views), 0) AS total FROM daily_views WHERE site = ?').get(site) as {
      total: number;
    };
    return { days: new Map(rows.map((r) => [r.day, r.views])), total: total.total };
  }

  async online(site: string, since: number): Promise<number> {
    const row = this.db.prepare('SELECT count(*) AS n FROM recent_visitors WHERE site = ? AND seen_at >= ?').get(site, since) as {
      n: number;
    };
    return row.n;
  }

  async salt(day: string, keep: string[]): Promise<string> {
    return this.db.transaction(() => {
      this.db.prepare('INSERT INTO salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING').run(day, randomBytes(32).toString('hex'));
      this.db.prepare(`DELETE FROM salts WHERE day NOT IN (${keep.map(() => '?').join(', ')})`).run(...keep);
      return (this.db.prepare('SELECT salt FROM salts WHERE day = ?').get(day) as { salt: string }).salt;
    }).immediate();
  }

  async integrity(): Promise<boolean> {
    if ((this.db.pragma('integrity_check', { simple: true }) as string) !== 'ok') return false;
    // And the totals agree with the votes.
    const bad = this.db
      .prepare(
        `SELECT count(*) AS n FROM rating_totals t
           LEFT JOIN (SELECT site, item, count(*) AS c, sum(score) AS s FROM votes GROUP BY site, item) v USING (site, item)
          WHERE t.count <> coalesce(v.c, 0) OR t.sum <> coalesce(v.s, 0)`,
      )
      .get() as { n: number };
    return bad.n === 0;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
