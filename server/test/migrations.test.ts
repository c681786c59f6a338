// A database made by the release before numbered migrations is upgraded in place: its votes, totals, views and pushed
// index are kept and still answered, visitor ids are re-keyed once, and migrating again changes nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildApp } from '../src/app.js';
import { SiteRegistry } from '../src/sites.js';
import { MIGRATIONS } from '../src/storage/migrations.js';
import { backends, testKeys } from './backends.js';
import { POSTGRES_0_1_0, SQLITE_0_1_0 } from './fixtures/schema-0.1.0.js';

const VISITOR = 'old-release-visitor-01';
const OTHER = 'old-release-visitor-02';
const data = [
  `INSERT INTO votes (site, item, visitor, score, updated_at) VALUES ('phuong-a', 'bai-cu', '${VISITOR}', 4, 1700000000000)`,
  `INSERT INTO votes (site, item, visitor, score, updated_at) VALUES ('phuong-a', 'bai-cu', '${OTHER}', 2, 1700000000000)`,
  `INSERT INTO rating_totals (site, item, count, sum) VALUES ('phuong-a', 'bai-cu', 2, 6)`,
  `INSERT INTO daily_views (site, day, views) VALUES ('phuong-a', '2024-07-14', 120), ('phuong-a', '2024-07-15', 30)`,
  `INSERT INTO salts (day, salt) VALUES ('2024-07-15', 'an-old-salt')`,
  `INSERT INTO pushed_articles (site, json, pushed_at) VALUES ('phuong-a', '[{"id":"p","url":"/p.html","title":"P","category":"c"},{"id":"q","url":"/q.html","title":"Q","category":"c"}]', 1700000000000)`,
];

for (const backend of backends) {
  describe(`migrations on ${backend.name}`, () => {
    it('upgrades a database made by the previous release and keeps its data', async () => {
      const storage = await backend.prepared({
        sqlite: [...SQLITE_0_1_0, ...data],
        postgres: [...POSTGRES_0_1_0, ...data],
      });
      const sites = new SiteRegistry([{ id: 'phuong-a', timeZone: 'Asia/Ho_Chi_Minh', origins: [], max: 5 }]);
      const at = Date.parse('2024-07-15T05:00:00Z');
      try {
        await storage.migrate(testKeys);
        assert.deepEqual(
          await storage.migrations(),
          MIGRATIONS.map((m) => m.version),
        );
        // Twice: nothing is applied again (visitor ids are not re-keyed a second time).
        await storage.migrate(testKeys);
        const { app } = await buildApp({ keys: testKeys, storage, sites, now: () => at });
        const own = (visitor: string) =>
          app
            .inject({ url: '/api/v1/ratings/bai-cu/vote', headers: { 'x-visitor-id': visitor } })
            .then((r) => r.json());
        assert.deepEqual(await own(VISITOR), { score: 4 });
        assert.deepEqual(await own(OTHER), { score: 2 });
        assert.deepEqual((await app.inject('/api/v1/ratings/bai-cu')).json(), { count: 2, sum: 6, average: 3, max: 5 });
        const stats = (await app.inject('/api/v1/stats')).json();
        assert.deepEqual([stats.today, stats.yesterday, stats.total], [30, 120, 150]);
        const related = (await app.inject('/api/v1/related/p')).json();
        assert.deepEqual(
          related.items.map((i: { url: string }) => i.url),
          ['/q.html'],
        );
        // A vote after the upgrade replaces the old one: the re-keyed id and the new one are the same visitor.
        const put = await app.inject({
          method: 'PUT',
          url: '/api/v1/ratings/bai-cu/vote',
          headers: { 'x-visitor-id': VISITOR },
          payload: { score: 5 },
        });
        assert.deepEqual(put.json(), { count: 2, sum: 7, average: 3.5, max: 5, score: 5 });
        await app.close();
        assert.ok(await storage.integrity());
      } finally {
        sites.close();
        await storage.close();
      }
    });

    it('creates an empty database with every migration recorded in order', async () => {
      const storage = await backend.create();
      try {
        assert.deepEqual(await storage.migrations(), [1, 2, 3]);
        assert.deepEqual(
          MIGRATIONS.map((m) => m.version),
          [1, 2, 3],
          'numbered from 1, in order, none skipped',
        );
      } finally {
        await storage.close();
      }
    });
  });
}
