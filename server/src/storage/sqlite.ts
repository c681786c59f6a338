import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Keys } from '../secret.js';
import { firstPerPage, latestPerVisitor, nextRound, viewKey, viewsPerDay } from './hit-batch.js';
import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js';
import type { Aggregate, Hit, Storage } from './types.js';

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

  /** Applies the migrations this database lacks, each in its own transaction with its record. */
  async migrate(keys: Keys): Promise<void> {
    this.db.exec(MIGRATIONS_TABLE('INTEGER'));
    for (const migration of MIGRATIONS) {
      this.db
        .transaction(() => {
          if (this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version)) return;
          for (const statement of migration.sqlite) this.db.exec(statement);
          if (migration.rekeyVisitors) {
            this.db.function('pw_visitor_key', { deterministic: true }, (id: unknown) => keys.visitor(String(id)));
            this.db.exec('UPDATE votes SET visitor = pw_visitor_key(visitor)');
          }
          this.db
            .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(migration.version, migration.name, Date.now());
        })
        .immediate();
    }
  }

  /** The versions applied, in order. */
  async migrations(): Promise<number[]> {
    return this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
  }

  async saveArticles(site: string, json: string, at: number): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO pushed_articles (site, json, pushed_at) VALUES (?, ?, ?) ON CONFLICT (site) DO UPDATE SET json = excluded.json, pushed_at = excluded.pushed_at WHERE pushed_articles.pushed_at < excluded.pushed_at',
      )
      .run(site, json, at);
  }

  async pushedArticleTimes(): Promise<Map<string, number>> {
    const rows = this.db.prepare('SELECT site, pushed_at FROM pushed_articles').all() as {
      site: string;
      pushed_at: number;
    }[];
    return new Map(rows.map((row) => [row.site, row.pushed_at]));
  }

  async pushedArticles(site: string): Promise<{ json: string; at: number } | undefined> {
    const row = this.db.prepare('SELECT json, pushed_at FROM pushed_articles WHERE site = ?').get(site) as
      { json: string; pushed_at: number } | undefined;
    return row && { json: row.json, at: row.pushed_at };
  }

  async aggregate(site: string, item: string): Promise<Aggregate> {
    const row = this.db.prepare('SELECT count, sum FROM rating_totals WHERE site = ? AND item = ?').get(site, item) as
      Aggregate | undefined;
    return { count: row?.count ?? 0, sum: row?.sum ?? 0 };
  }

  async vote(site: string, item: string, visitor: string): Promise<number | null> {
    const row = this.db
      .prepare('SELECT score FROM votes WHERE site = ? AND item = ? AND visitor = ?')
      .get(site, item, visitor) as { score: number } | undefined;
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
      results = this.db
        .transaction(() =>
          batch.map(({ site, item, visitor, score }) => {
            const before = (previous.get(site, item, visitor) as { score: number } | undefined)?.score ?? null;
            if (score === null) remove.run(site, item, visitor);
            else upsert.run(site, item, visitor, score, Date.now());
            const count = (score === null ? 0 : 1) - (before === null ? 0 : 1);
            return adjust.get(site, item, count, (score ?? 0) - (before ?? 0)) as Aggregate;
          }),
        )
        .immediate();
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
    const storedAt = this.db
      .prepare('SELECT seen_at FROM recent_views WHERE site = ? AND visitor = ? AND path = ?')
      .pluck();
    this.db
      .transaction(() => {
        const latest = hits.reduce((max, hit) => Math.max(max, hit.at), 0);
        for (const { site, visitor, at } of latestPerVisitor(hits)) seen.run(site, visitor, at);
        const counted: Hit[] = [];
        for (let pending = hits; pending.length;) {
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
      })
      .immediate();
  }

  async importViews(site: string, days: [string, number][]): Promise<void> {
    const add = this.db.prepare(
      `INSERT INTO daily_views (site, day, views) VALUES (?, ?, ?)
       ON CONFLICT (site, day) DO UPDATE SET views = views + excluded.views`,
    );
    this.db
      .transaction(() => {
        for (const [day, views] of days) add.run(site, day, views);
      })
      .immediate();
  }

  async views(site: string, fromDay: string): Promise<{ days: Map<string, number>; total: number }> {
    const rows = this.db
      .prepare('SELECT day, views FROM daily_views WHERE site = ? AND day >= ?')
      .all(site, fromDay) as {
      day: string;
      views: number;
    }[];
    const total = this.db
      .prepare('SELECT coalesce(sum(views), 0) AS total FROM daily_views WHERE site = ?')
      .get(site) as {
      total: number;
    };
    return { days: new Map(rows.map((r) => [r.day, r.views])), total: total.total };
  }

  async online(site: string, since: number): Promise<number> {
    const row = this.db
      .prepare('SELECT count(*) AS n FROM recent_visitors WHERE site = ? AND seen_at >= ?')
      .get(site, since) as {
      n: number;
    };
    return row.n;
  }

  async salt(day: string, keep: string[]): Promise<string> {
    return this.db
      .transaction(() => {
        this.db
          .prepare('INSERT INTO salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING')
          .run(day, randomBytes(32).toString('hex'));
        this.db.prepare(`DELETE FROM salts WHERE day NOT IN (${keep.map(() => '?').join(', ')})`).run(...keep);
        return (this.db.prepare('SELECT salt FROM salts WHERE day = ?').get(day) as { salt: string }).salt;
      })
      .immediate();
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
