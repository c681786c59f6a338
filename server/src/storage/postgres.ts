import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Keys } from '../secret.js';
import { firstPerPage, latestPerVisitor, nextRound, viewKey, viewsPerDay } from './hit-batch.js';
import { MIGRATIONS, MIGRATIONS_TABLE, type Migration } from './migrations.js';
import type { Aggregate, Hit, Storage } from './types.js';

interface PendingVote {
  site: string;
  item: string;
  visitor: string;
  score: number | null;
  resolve: (aggregate: Aggregate) => void;
  reject: (error: unknown) => void;
}

/**
 * Which hits of a batch count as views, in rounds of one hit per page (ON CONFLICT may not touch a row twice in one
 * statement); the rounds are those of `nextRound` in hit-batch.ts.
 */
async function countViews(client: pg.PoolClient, hits: Hit[], repeatMs: number): Promise<Hit[]> {
  const counted: Hit[] = [];
  for (let pending = hits; pending.length;) {
    // One row per page in a round: ON CONFLICT may not touch a row twice in one statement.
    const { first, rest } = firstPerPage(pending);
    const { rows } = await client.query<{ site: string; visitor: string; path: string }>(
      `INSERT INTO recent_views (site, visitor, path, seen_at)
       SELECT site, visitor, path, seen_at FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
         AS batch (site, visitor, path, seen_at)
       ON CONFLICT (site, visitor, path) DO UPDATE SET seen_at = EXCLUDED.seen_at
       WHERE recent_views.seen_at < EXCLUDED.seen_at - $5
       RETURNING site, visitor, path`,
      [
        first.map((h) => h.site),
        first.map((h) => h.visitor),
        first.map((h) => h.path),
        first.map((h) => h.at),
        repeatMs,
      ],
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
  return counted;
}

async function applyMigration(client: pg.PoolClient, migration: Migration, keys: Keys): Promise<void> {
  for (const statement of migration.postgres) await client.query(statement);
  if (!migration.rekeyVisitors) return;
  const { rows } = await client.query<{ visitor: string }>('SELECT DISTINCT visitor FROM votes');
  const ids = rows.map((row) => row.visitor);
  await client.query(
    'UPDATE votes v SET visitor = k.key FROM unnest($1::text[], $2::text[]) AS k (id, key) WHERE v.visitor = k.id',
    [ids, ids.map((id) => keys.visitor(id))],
  );
}

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

  /** Applies the migrations this database lacks, each in its own transaction with its record. */
  async migrate(keys: Keys): Promise<void> {
    for (const migration of MIGRATIONS) {
      await this.transaction(async (client) => {
        // One migrating instance at a time when several start together.
        await client.query('SELECT pg_advisory_xact_lock(727100)');
        await client.query(MIGRATIONS_TABLE('BIGINT'));
        const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
        if (done.rowCount) return;
        await applyMigration(client, migration, keys);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          Date.now(),
        ]);
      });
    }
  }

  /** The versions applied, in order. */
  async migrations(): Promise<number[]> {
    const { rows } = await this.pool.query('SELECT version FROM schema_migrations ORDER BY version');
    return rows.map((row: { version: number }) => row.version);
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
    const { rows } = await this.pool.query('SELECT count, sum FROM rating_totals WHERE site = $1 AND item = $2', [
      site,
      item,
    ]);
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

  /**
   * One round trip per batch of votes (see `pw_set_votes` in migrations.ts), one batch in flight at a time: the votes
   * that arrive meanwhile wait and go together in the next call, sharing its commit. On a popular article every vote
   * waits for the item's totals row anyway; batching turns that queue of commits into one commit per batch. Each caller
   * is answered once its vote is committed, with the aggregate right after it.
   */
  setVote(site: string, item: string, visitor: string, score: number | null): Promise<Aggregate> {
    return new Promise((resolve, reject) => {
      this.pendingVotes.push({ site, item, visitor, score, resolve, reject });
      if (!this.committing && this.pendingVotes.length === 1) setImmediate(() => void this.commitVotes());
    });
  }

  private readonly pendingVotes: PendingVote[] = [];
  private committing = false;

  private async commitVotes(): Promise<void> {
    // Bounded, so one call stays a short transaction however many votes wait.
    const batch = this.pendingVotes.splice(0, 500);
    if (!batch.length) return;
    this.committing = true;
    try {
      const { rows } = await this.pool.query<{ ord: number; count: number; sum: number }>(
        'SELECT ord, count, sum FROM pw_set_votes($1::text[], $2::text[], $3::text[], $4::integer[], $5)',
        [
          batch.map((v) => v.site),
          batch.map((v) => v.item),
          batch.map((v) => v.visitor),
          batch.map((v) => v.score),
          Date.now(),
        ],
      );
      for (const row of rows) batch[row.ord - 1].resolve({ count: row.count, sum: row.sum });
    } catch (error) {
      for (const vote of batch) vote.reject(error);
    } finally {
      this.committing = false;
      if (this.pendingVotes.length) void this.commitVotes();
    }
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
      const counted = await countViews(client, hits, repeatMs);
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
    const { rows } = await this.pool.query(
      'SELECT day, views::bigint AS views FROM daily_views WHERE site = $1 AND day >= $2',
      [site, fromDay],
    );
    const total = await this.pool.query(
      'SELECT coalesce(sum(views), 0)::bigint AS total FROM daily_views WHERE site = $1',
      [site],
    );
    return { days: new Map(rows.map((r) => [r.day as string, Number(r.views)])), total: Number(total.rows[0].total) };
  }

  async online(site: string, since: number): Promise<number> {
    const { rows } = await this.pool.query(
      'SELECT count(*)::int AS n FROM recent_visitors WHERE site = $1 AND seen_at >= $2',
      [site, since],
    );
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
