/**
 * The schema's history: numbered migrations, applied in order, each once, recorded in `schema_migrations` in the same
 * transaction as its changes. A database from any earlier release is brought up to date at start-up; a migration is
 * never edited once released: a change is a new one at the end.
 *
 * Migration 1 is the schema of the releases before migrations existed (`CREATE ... IF NOT EXISTS`), so it applies
 * alike to an empty database and to one those releases made.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string[];
  postgres: string[];
  /** A change SQL cannot make alone: visitor ids re-keyed with the service's secret, which the database does not hold. */
  rekeyVisitors?: true;
}

const table = (big: string) => [
  `CREATE TABLE IF NOT EXISTS votes (
     site TEXT NOT NULL, item TEXT NOT NULL, visitor TEXT NOT NULL,
     score INTEGER NOT NULL CHECK (score >= 1), updated_at ${big} NOT NULL,
     PRIMARY KEY (site, item, visitor))`,
  `CREATE TABLE IF NOT EXISTS rating_totals (site TEXT NOT NULL, item TEXT NOT NULL, count INTEGER NOT NULL, sum INTEGER NOT NULL, PRIMARY KEY (site, item))`,
];
const rest = (big: string) => [
  `CREATE TABLE IF NOT EXISTS daily_views (site TEXT NOT NULL, day TEXT NOT NULL, views ${big} NOT NULL, PRIMARY KEY (site, day))`,
  `CREATE TABLE IF NOT EXISTS recent_views (site TEXT NOT NULL, visitor TEXT NOT NULL, path TEXT NOT NULL, seen_at ${big} NOT NULL, PRIMARY KEY (site, visitor, path))`,
  `CREATE INDEX IF NOT EXISTS recent_views_seen ON recent_views (seen_at)`,
  `CREATE TABLE IF NOT EXISTS recent_visitors (site TEXT NOT NULL, visitor TEXT NOT NULL, seen_at ${big} NOT NULL, PRIMARY KEY (site, visitor))`,
  `CREATE INDEX IF NOT EXISTS recent_visitors_seen ON recent_visitors (site, seen_at)`,
  `CREATE TABLE IF NOT EXISTS salts (day TEXT PRIMARY KEY, salt TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS pushed_articles (site TEXT PRIMARY KEY, json TEXT NOT NULL, pushed_at ${big} NOT NULL)`,
];

/**
 * PostgreSQL: a batch of votes in one call, so a vote costs one round trip (and votes that arrive together share one
 * commit). Each vote's before-score is read under the lock of its item's totals row, taken in (site, item) order so
 * that two instances' batches cannot deadlock; the answer is each vote's aggregate right after it.
 */
const SET_VOTES = `
CREATE OR REPLACE FUNCTION pw_set_votes(p_sites text[], p_items text[], p_visitors text[], p_scores integer[], p_at bigint)
RETURNS TABLE (ord integer, count integer, sum integer) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  i integer;
  before integer;
  c integer;
  s integer;
BEGIN
  INSERT INTO rating_totals AS t (site, item, count, sum)
    SELECT DISTINCT u.site, u.item, 0, 0 FROM unnest(p_sites, p_items) AS u (site, item) ORDER BY 1, 2
    ON CONFLICT DO NOTHING;
  PERFORM 1 FROM rating_totals t JOIN (SELECT DISTINCT * FROM unnest(p_sites, p_items) AS u (site, item)) u
    ON t.site = u.site AND t.item = u.item ORDER BY t.site, t.item FOR UPDATE OF t;
  FOR i IN 1 .. coalesce(array_length(p_sites, 1), 0) LOOP
    IF p_scores[i] IS NULL THEN
      DELETE FROM votes v WHERE v.site = p_sites[i] AND v.item = p_items[i] AND v.visitor = p_visitors[i]
        RETURNING v.score INTO before;
    ELSE
      SELECT v.score INTO before FROM votes v WHERE v.site = p_sites[i] AND v.item = p_items[i] AND v.visitor = p_visitors[i];
      INSERT INTO votes (site, item, visitor, score, updated_at) VALUES (p_sites[i], p_items[i], p_visitors[i], p_scores[i], p_at)
        ON CONFLICT (site, item, visitor) DO UPDATE SET score = EXCLUDED.score, updated_at = EXCLUDED.updated_at;
    END IF;
    UPDATE rating_totals t
       SET count = t.count + (CASE WHEN p_scores[i] IS NULL THEN 0 ELSE 1 END) - (CASE WHEN before IS NULL THEN 0 ELSE 1 END),
           sum = t.sum + coalesce(p_scores[i], 0) - coalesce(before, 0)
     WHERE t.site = p_sites[i] AND t.item = p_items[i]
     RETURNING t.count, t.sum INTO c, s;
    ord := i; count := c; sum := s;
    RETURN NEXT;
    before := NULL;
  END LOOP;
END $$`;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'the schema before numbered migrations',
    sqlite: [
      ...table('INTEGER'),
      `INSERT OR IGNORE INTO rating_totals (site, item, count, sum) SELECT site, item, count(*), sum(score) FROM votes GROUP BY site, item`,
      ...rest('INTEGER'),
    ],
    postgres: [
      ...table('BIGINT'),
      `INSERT INTO rating_totals (site, item, count, sum) SELECT site, item, count(*), sum(score) FROM votes GROUP BY site, item ON CONFLICT DO NOTHING`,
      ...rest('BIGINT'),
    ],
  },
  {
    version: 2,
    name: 'visitor ids stored as keyed hashes',
    sqlite: [],
    postgres: [],
    rekeyVisitors: true,
  },
  {
    version: 3,
    name: 'votes in one round trip (PostgreSQL)',
    sqlite: [],
    postgres: [SET_VOTES],
  },
];

/** The bookkeeping table, created before anything else. */
export const MIGRATIONS_TABLE = (big: string) =>
  `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ${big} NOT NULL)`;
