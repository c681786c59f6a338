import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Aggregate, Hit, Storage } from './types.js';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS votes (
     site TEXT NOT NULL, item TEXT NOT NULL, visitor TEXT NOT NULL,
     score INTEGER NOT NULL CHECK (score >= 1), updated_at INTEGER NOT NULL,
     PRIMARY KEY (site, item, visitor))`,
  `CREATE TABLE IF NOT EXISTS daily_views (site TEXT NOT NULL, day TEXT NOT NULL, views INTEGER NOT NULL, PRIMARY KEY (site, day))`,
  `CREATE TABLE IF NOT EXISTS recent_views (site TEXT NOT NULL, visitor TEXT NOT NULL, path TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (site, visitor, path))`,
  `CREATE INDEX IF NOT EXISTS recent_views_seen ON recent_views (seen_at)`,
  `CREATE TABLE IF NOT EXISTS recent_visitors (site TEXT NOT NULL, visitor TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (site, visitor))`,
  `CREATE INDEX IF NOT EXISTS recent_visitors_seen ON recent_visitors (site, seen_at)`,
  `CREATE TABLE IF NOT EXISTS salts (day TEXT PRIMARY KEY, salt TEXT NOT NULL)`,
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

  async aggregate(site: string, item: string): Promise<Aggregate> {
    const row = this.db
      .prepare('SELECT count(*) AS count, coalesce(sum(score), 0) AS sum FROM votes WHERE site = ? AND item = ?')
      .get(site, item) as Aggregate;
    return { count: row.count, sum: row.sum };
  }

  async vote(site: string, item: string, visitor: string): Promise<number | null> {
    const row = this.db.prepare('SELECT score FROM votes WHERE site = ? AND item = ? AND visitor = ?').get(site, item, visitor) as
      | { score: number }
      | undefined;
    return row?.score ?? null;
  }

  async setVote(site: string, item: string, visitor: string, score: number | null): Promise<Aggregate> {
    // The aggregate is computed from the votes in the same transaction: it cannot disagree with them.
    return this.db.transaction(() => {
      if (score === null) {
        this.db.prepare('DELETE FROM votes WHERE site = ? AND item = ? AND visitor = ?').run(site, item, visitor);
      } else {
        this.db
          .prepare(
            `INSERT INTO votes (site, item, visitor, score, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (site, item, visitor) DO UPDATE SET score = excluded.score, updated_at = excluded.updated_at`,
          )
          .run(site, item, visitor, score, Date.now());
      }
      return this.db
        .prepare('SELECT count(*) AS count, coalesce(sum(score), 0) AS sum FROM votes WHERE site = ? AND item = ?')
        .get(site, item) as Aggregate;
    }).immediate();
  }

  async recordHits(hits: Hit[], repeatMs: number, onlineMs: number): Promise<void> {
    if (!hits.length) return;
    const upsertView = this.db.prepare(
      `INSERT INTO recent_views (site, visitor, path, seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (site, visitor, path) DO UPDATE SET seen_at = excluded.seen_at
       WHERE recent_views.seen_at < excluded.seen_at - ? RETURNING seen_at`,
    );
    const count = this.db.prepare(
      `INSERT INTO daily_views (site, day, views) VALUES (?, ?, 1)
       ON CONFLICT (site, day) DO UPDATE SET views = views + 1`,
    );
    const seen = this.db.prepare(
      `INSERT INTO recent_visitors (site, visitor, seen_at) VALUES (?, ?, ?)
       ON CONFLICT (site, visitor) DO UPDATE SET seen_at = max(seen_at, excluded.seen_at)`,
    );
    this.db.transaction(() => {
      let latest = 0;
      for (const hit of hits) {
        latest = Math.max(latest, hit.at);
        seen.run(hit.site, hit.visitor, hit.at);
        if (upsertView.get(hit.site, hit.visitor, hit.path, hit.at, repeatMs)) count.run(hit.site, hit.day);
      }
      this.db.prepare('DELETE FROM recent_views WHERE seen_at < ?').run(latest - repeatMs);
      this.db.prepare('DELETE FROM recent_visitors WHERE seen_at < ?').run(latest - onlineMs);
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
    return (this.db.pragma('integrity_check', { simple: true }) as string) === 'ok';
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
