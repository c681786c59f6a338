import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { firstPerPage, latestPerVisitor, nextRound, viewKey, viewsPerDay } from './hit-batch.js';
import type { Aggregate, Hit, Storage } from './types.js';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS votes (
     site TEXT NOT NULL, item TEXT NOT NULL, visitor TEXT NOT NULL,
     score INTEGER NOT NULL CHECK (score >= 1), updated_at BIGINT NOT NULL,
     PRIMARY KEY (site, item, visitor))`,
  `CREATE TABLE IF NOT EXISTS rating_totals (site TEXT NOT NULL, item TEXT NOT NULL, count INTEGER NOT NULL, sum INTEGER NOT NULL, PRIMARY KEY (site, item))`,
  `INSERT INTO rating_totals (site, item, count, sum) SELECT site, item, count(*), sum(score) FROM votes GROUP BY site, item ON CONFLICT DO NOTHING`,
  `CREATE TABLE IF NOT EXISTS daily_views (site TEXT NOT NULL, day TEXT NOT NULL, views BIGINT NOT NULL, PRIMARY KEY (site, day))`,
  `CREATE TABLE IF NOT EXISTS recent_views (site TEXT NOT NULL, visitor TEXT NOT NULL, path TEXT NOT NULL, seen_at BIGINT NOT NULL, PRIMARY KEY (site, visitor, path))`,
  `CREATE INDEX IF NOT EXISTS recent_views_seen ON recent_views (seen_at)`,
  `CREATE TABLE IF NOT EXISTS recent_visitors (site TEXT NOT NULL, visitor TEXT NOT NULL, seen_at BIGINT NOT NULL, PRIMARY KEY (site, visitor))`,
  `CREATE INDEX IF NOT EXISTS recent_visitors_seen ON recent_visitors (site, seen_at)`,
  `CREATE TABLE IF NOT EXISTS salts (day TEXT PRIMARY KEY, salt TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS pushed_articles (site TEXT PRIMARY KEY, json TEXT NOT NULL, pushed_at BIGINT NOT NULL)`,
];

/** For a province hosting hundreds of portals: stateless service instances sharing one PostgreSQL. */
export class PostgresStorage implements Storage {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 10 });
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      // One migrating instance at a time when several start together.
      await client.query('SELECT pg_advisory_xact_lock(727100)');
      for (const statement of SCHEMA) await client.query(statement);
    });
  }

  async saveArticles(site: string, json: string, at: number): Promise<void> {
    await this.pool.query(
      'INSERT INTO pushed_articles (site, json, pushed_at) VALUES ($1, $2, $3) ON CONFLICT (site) DO UPDATE SET json = excluded.json, pushed_at = excluded.pushed_at WHERE pushed_articles.pushed_at < excluded.pushed_at',
      [site, json, at],
    );
  }

  async pushedArticleTimes(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query('SELECT site, pushed_at FROM pushed_articles');
    return new Map(rows.map((row: { site: string; pushed_at: string }) => [row.site, Number(row.pushed_at)]));
  }

  async pushedArticles(site: string): Promise<{ json: string; at: number } | undefined> {
    const { rows } = await this.pool.query('SELECT json, pushed_at FROM pushed_articles WHERE site = $1', [site]);
    return rows[0] && { json: rows[0].json, at: Number(rows[0].pushed_at) };
  }

  async aggregate(site: string, item: string): Promise<Aggregate> {
    const { rows } = await this.pool.query('SELECT count, sum FROM rating_totals WHERE site = $1 AND item = $2', [site, item]);
    return { count: rows[0]?.count ?? 0, sum: rows[0]?.sum ?? 0 };
  }

  async vote(site: string, item: string, visitor: string): Promise<number | null> {
    const { rows } = await this.pool.query('SELECT score FROM votes WHERE site = $1 AND item = $2 AND visitor = $3', [
      site,
      item,
      visitor,
    ]);
    return rows[0]?.score ?? null;
  }

  setVote(site: string, item: string, visitor: string, score: number | null): Promise<Aggregate> {
    return this.transaction(async (client) => {
      // Lock the item's totals row first: concurrent votes on one item queue here, so the delta below is exact.
      await client.query('INSERT INTO rating_totals (site, item, count, sum) VALUES ($1, $2, 0, 0) ON CONFLICT DO NOTHING', [site, item]);
      await client.query('SELECT 1 FROM rating_totals WHERE site = $1 AND item = $2 FOR UPDATE', [site, item]);
      const previous = await client.query('SELECT score FROM votes WHERE site = $1 AND item = $2 AND visitor = $3', [site, item, visitor]);
      const before: number | null = previous.rows[0]?.score ?? null;
      if (score === null) {
        await client.query('DELETE FROM votes WHERE site = $1 AND item = $2 AND visitor = $3', [site, item, visitor]);
      } else {
        await client.query(
          `INSERT INTO votes (site, item, visitor, score, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (site, item, visitor) DO UPDATE SET score = EXCLUDED.score, updated_at = EXCLUDED.updated_at`,
          [site, item, visitor, score, Date.now()],
        );
      }
      const { rows } = await client.query(
        'UPDATE rating_totals SET count = count + $3, sum = sum + $4 WHERE site = $1 AND item = $2 RETURNING count, sum',
        [site, item, (score === null ? 0 : 1) - (before === null ? 0 : 1), (score ?? 0) - (before ?? 0)],
      );
      return { count: rows[0].count, sum: rows[0].sum };
    });
  }

  async recordHits(hits: Hit[], repeatMs: number, onlineMs: number): Promise<void> {
    if (!hits.length) return;
    // A few multi-row statements per batch (arrays through unnest), not several round trips per hit: a province's
    // hundreds of portals flush into one database.
    await this.transaction(async (client) => {
      const latest = hits.reduce((max, hit) => Math.max(max, hit.at), 0);
      const visitors = latestPerVisitor(hits);
      await client.query(
        `INSERT INTO recent_visitors (site, visitor, seen_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
         ON CONFLICT (site, visitor) DO UPDATE SET seen_at = GREATEST(recent_visitors.seen_at, EXCLUDED.seen_at)`,
        [visitors.map((v) => v.site), visitors.map((v) => v.visitor), visitors.map((v) => v.at)],
      );
      const counted: Hit[] = [];
      for (let pending = hits; pending.length; ) {
        // One row per page in a round: ON CONFLICT may not touch a row twice in one statement.
        const { first, rest } = firstPerPage(pending);
        const { rows } = await client.query<{ site: string; visitor: string; path: string }>(
          `INSERT INTO recent_views (site, visitor, path, seen_at)
           SELECT site, visitor, path, seen_at FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
             AS batch (site, visitor, path, seen_at)
           ON CONFLICT (site, visitor, path) DO UPDATE SET seen_at = EXCLUDED.seen_at
           WHERE recent_views.seen_at < EXCLUDED.seen_at - $5
           RETURNING site, visitor, path`,
          [first.map((h) => h.site), first.map((h) => h.visitor), first.map((h) => h.path), first.map((h) => h.at), repeatMs],
        );
        const countedKeys = new Set(rows.map(viewKey));
        const lastCounted = new Map<string, number>();
        const repeats: Hit[] = [];
        for (const hit of first) {
          if (countedKeys.has(viewKey(hit))) {
            counted.push(hit);
            lastCounted.set(viewKey(hit), hit.at);
          } else repeats.push(hit);
        }
        if (repeats.length && rest.length) {
          // When the stored view was: the batch's later hits of those pages are repeats until 30 minutes after it.
          const stored = await client.query<{ site: string; visitor: string; path: string; seen_at: string }>(
            `SELECT v.site, v.visitor, v.path, v.seen_at FROM recent_views v
             JOIN unnest($1::text[], $2::text[], $3::text[]) AS batch (site, visitor, path)
               ON v.site = batch.site AND v.visitor = batch.visitor AND v.path = batch.path`,
            [repeats.map((h) => h.site), repeats.map((h) => h.visitor), repeats.map((h) => h.path)],
          );
          for (const row of stored.rows) lastCounted.set(viewKey(row), Number(row.seen_at));
        }
        pending = nextRound(rest, lastCounted, repeatMs);
      }
      const days = viewsPerDay(counted);
      if (days.length) {
        await client.query(
          `INSERT INTO daily_views (site, day, views)
           SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
           ON CONFLICT (site, day) DO UPDATE SET views = daily_views.views + EXCLUDED.views`,
          [days.map((d) => d.site), days.map((d) => d.day), days.map((d) => d.views)],
        );
      }
      await client.query('DELETE FROM recent_views WHERE seen_at < $1', [latest - repeatMs]);
      await client.query('DELETE FROM recent_visitors WHERE seen_at < $1', [latest - onlineMs]);
    });
  }

  importViews(site: string, days: [string, number][]): Promise<void> {
    return this.transaction(async (client) => {
      for (const [day, views] of days) {
        await client.query(
          `INSERT INTO daily_views (site, day, views) VALUES ($1, $2, $3)
           ON CONFLICT (site, day) DO UPDATE SET views = daily_views.views + EXCLUDED.views`,
          [site, day, views],
        );
      }
    });
  }

  async views(site: string, fromDay: string): Promise<{ days: Map<string, number>; total: number }> {
    const { rows } = await this.pool.query('SELECT day, views::bigint AS views FROM daily_views WHERE site = $1 AND day >= $2', [
      site,
      fromDay,
    ]);
    const total = await this.pool.query('SELECT coalesce(sum(views), 0)::bigint AS total FROM daily_views WHERE site = $1', [site]);
    return { days: new Map(rows.map((r) => [r.day as string, Number(r.views)])), total: Number(total.rows[0].total) };
  }

  async online(site: string, since: number): Promise<number> {
    const { rows } = await this.pool.query('SELECT count(*)::int AS n FROM recent_visitors WHERE site = $1 AND seen_at >= $2', [
      site,
      since,
    ]);
    return rows[0].n;
  }

  salt(day: string, keep: string[]): Promise<string> {
    return this.transaction(async (client) => {
      await client.query('INSERT INTO salts (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING', [
        day,
        randomBytes(32).toString('hex'),
      ]);
      await client.query('DELETE FROM salts WHERE NOT (day = ANY($1))', [keep]);
      const { rows } = await client.query('SELECT salt FROM salts WHERE day = $1', [day]);
      return rows[0].salt as string;
    });
  }

  async integrity(): Promise<boolean> {
    // PostgreSQL has no single integrity pragma: check the invariants that matter, votes in range and totals that
    // agree with the votes.
    const { rows } = await this.pool.query(
      `SELECT (SELECT count(*) FROM votes WHERE score < 1)
            + (SELECT count(*) FROM rating_totals t
                 LEFT JOIN (SELECT site, item, count(*) AS c, sum(score) AS s FROM votes GROUP BY site, item) v USING (site, item)
                WHERE t.count <> coalesce(v.c, 0) OR t.sum <> coalesce(v.s, 0)) AS bad`,
    );
    return Number(rows[0].bad) === 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
