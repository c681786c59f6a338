// The hot reads served from snapshots with validators, and three instances on one PostgreSQL behaving as one service.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildApp } from '../src/app.js';
import { SiteRegistry } from '../src/sites.js';
import type { Storage } from '../src/storage/types.js';
import { backends, testKeys } from './backends.js';

const root = new URL('../..', import.meta.url).pathname;

for (const backend of backends) {
  describe(`GET stats and related on ${backend.name}`, () => {
    it('computes each site’s counter at most once a second, and answers 304 to a matching If-None-Match', async () => {
      const storage = await backend.create();
      let reads = 0;
      const counting: Storage = Object.create(storage, {
        views: { value: (...args: Parameters<Storage['views']>) => (reads++, storage.views(...args)) },
      });
      let at = Date.parse('2024-07-15T03:00:00Z');
      const sites = new SiteRegistry([{ id: 'phuong-a', timeZone: 'Asia/Ho_Chi_Minh', origins: [], max: 5 }]);
      sites.setArticles(sites.sites.get('phuong-a')!, [
        { id: 'a', url: '/a.html', title: 'A', category: 'c' },
        { id: 'b', url: '/b.html', title: 'B', category: 'c' },
      ]);
      const { app } = await buildApp({ keys: testKeys, storage: counting, sites, now: () => at });
      try {
        const answers = await Promise.all(Array.from({ length: 50 }, () => app.inject('/api/v1/stats')));
        assert.equal(reads, 1, '50 concurrent requests, one computation');
        const first = answers[0];
        assert.equal(first.headers['cache-control'], 'public, max-age=1');
        const etag = String(first.headers.etag);
        assert.match(etag, /^"[\w-]+"$/);
        assert.ok(answers.every((a) => a.body === first.body));
        at += 999;
        await app.inject('/api/v1/stats');
        assert.equal(reads, 1, 'still within the second');
        at += 1;
        const revalidated = await app.inject({ url: '/api/v1/stats', headers: { 'if-none-match': etag } });
        assert.equal(reads, 2, 'a second later, computed again');
        assert.equal(revalidated.statusCode, 304, 'nothing changed: 304, although asOf moved');
        assert.equal(revalidated.body, '');
        assert.equal(
          (await app.inject({ url: '/api/v1/stats', headers: { 'if-none-match': '"other"' } })).statusCode,
          200,
        );
        await storage.importViews('phuong-a', [['2024-07-15', 7]]);
        at += 1000;
        const changed = await app.inject({ url: '/api/v1/stats', headers: { 'if-none-match': etag } });
        assert.equal(changed.statusCode, 200);
        assert.equal(changed.json().today, 7);
        assert.notEqual(changed.headers.etag, etag);

        const related = await app.inject('/api/v1/related/a');
        assert.equal(related.headers['cache-control'], 'public, max-age=60');
        const again = await app.inject({
          url: '/api/v1/related/a',
          headers: { 'if-none-match': String(related.headers.etag) },
        });
        assert.equal(again.statusCode, 304);
        assert.equal(again.body, '');
      } finally {
        await app.close();
        sites.close();
        await storage.close();
      }
    });
  });
}

/** Starts the service as its own process and resolves once it listens. */
function start(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/main.ts')], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DEMO: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('service did not start')), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('at http://')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`service exited with ${code}`)));
  });
}

const postgres = backends.find((b) => b.name === 'postgres');
describe(
  'three instances on one PostgreSQL',
  { skip: !postgres && 'no PostgreSQL (scripts/test-server.mjs starts one)' },
  () => {
    it('count hits, votes, withdrawals and an article push exactly, with one shared salt, and limit per instance', async () => {
      const { DATABASE_URL } = await postgres!.env();
      const env = {
        DATABASE_URL,
        VISITOR_SECRET: 'three instances, one shared secret',
        REQUESTS_PER_ADDRESS: '1000000',
        VOTES_PER_ADDRESS: '1000000',
        VOTES_PER_ITEM_PER_ADDRESS: '1000000',
        VOTES_PER_VISITOR: '5',
        SITES_FILE: join(root, 'server/test/fixtures/sites-multi.json'),
        ARTICLES_TOKEN: 'push-token-0123456789',
      };
      const base = 30000 + Math.floor(Math.random() * 20000);
      const ports = [base, base + 1, base + 2];
      // Started together: the migrations run once, under their lock.
      const children = await Promise.all(ports.map((port) => start(env, port)));
      const api = (i: number, path: string) => `http://127.0.0.1:${ports[i % 3]}/api/v1/sites/phuong-a${path}`;
      try {
        // 30 visitors (told apart by their browsers) each view 3 pages, every view repeated on all three instances.
        const hits = [];
        for (let visitor = 0; visitor < 30; visitor++) {
          for (let page = 0; page < 3; page++) {
            for (let instance = 0; instance < 3; instance++) {
              hits.push(
                fetch(api(visitor + page + instance, '/stats/hits'), {
                  method: 'POST',
                  headers: {
                    'content-type': 'text/plain',
                    'user-agent': `Mozilla/5.0 (Visitor ${visitor}) Firefox/128.0`,
                  },
                  body: JSON.stringify({ path: `/trang-${page}.html` }),
                }).then((r) => assert.equal(r.status, 204)),
              );
            }
          }
        }
        await Promise.all(hits);
        // 60 voters spread over the instances; then 20 of them change their vote and 10 withdraw it, each on another one.
        const vote = (i: number, voter: number, score: number | null) =>
          fetch(api(i, '/ratings/bai-chung/vote'), {
            method: score === null ? 'DELETE' : 'PUT',
            headers: {
              'x-visitor-id': `voter-${String(voter).padStart(12, '0')}`,
              ...(score === null ? {} : { 'content-type': 'application/json' }),
            },
            body: score === null ? undefined : JSON.stringify({ score }),
          }).then((r) => assert.equal(r.status, 200));
        await Promise.all(Array.from({ length: 60 }, (_, v) => vote(v, v, (v % 5) + 1)));
        await Promise.all([
          ...Array.from({ length: 20 }, (_, v) => vote(v + 1, v, 5)),
          ...Array.from({ length: 10 }, (_, v) => vote(v + 2, 20 + v, null)),
        ]);
        const scores = Array.from({ length: 60 }, (_, v) => (v < 20 ? 5 : v < 30 ? 0 : (v % 5) + 1));
        const expected = { count: 50, sum: scores.reduce((a, b) => a + b, 0) };
        for (let i = 0; i < 3; i++) {
          const aggregate = (await (await fetch(api(i, '/ratings/bai-chung'))).json()) as {
            count: number;
            sum: number;
          };
          assert.deepEqual({ count: aggregate.count, sum: aggregate.sum }, expected, `instance ${i}`);
          const own = (await (
            await fetch(api(i, '/ratings/bai-chung/vote'), {
              headers: { 'x-visitor-id': `voter-${String(25).padStart(12, '0')}` },
            })
          ).json()) as { score: number | null };
          assert.equal(own.score, null, 'a withdrawal is seen on every instance');
        }
        // The limits are counted by each instance (server/README.md says why): one visitor's 30 votes sent round-robin
        // get 5 through on each of the three.
        const limited = [];
        for (let i = 0; i < 30; i++) {
          const r = await fetch(api(i, '/ratings/gioi-han/vote'), {
            method: 'PUT',
            headers: { 'content-type': 'application/json', 'x-visitor-id': 'one-eager-visitor-0001' },
            body: JSON.stringify({ score: (i % 5) + 1 }),
          });
          limited.push(r.status);
        }
        assert.equal(limited.filter((status) => status === 200).length, 15);
        assert.equal(limited.filter((status) => status === 429).length, 15);
        // An index pushed through one instance is served by all three.
        const articles = [1, 2, 3].map((n) => ({
          id: `moi-${n}`,
          url: `/moi-${n}.html`,
          title: `Tin mới ${n}`,
          category: 'c',
          lang: 'vi',
        }));
        const push = await fetch(api(1, '/articles'), {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${env.ARTICLES_TOKEN}` },
          body: JSON.stringify({ articles }),
        });
        assert.equal(push.status, 200);
        const deadline = Date.now() + 15_000;
        const views = async () =>
          Promise.all(
            [0, 1, 2].map(
              async (i) => ((await (await fetch(api(i, '/stats'))).json()) as { today: number; total: number }).total,
            ),
          );
        const related = async () =>
          Promise.all(
            [0, 1, 2].map(
              async (i) =>
                ((await (await fetch(api(i, '/related/moi-1'))).json()) as { items: unknown[] }).items.length,
            ),
          );
        let seen = { views: await views(), related: await related() };
        while ((seen.views.some((v) => v !== 90) || seen.related.some((n) => n !== 2)) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 500));
          seen = { views: await views(), related: await related() };
        }
        assert.deepEqual(
          seen.views,
          [90, 90, 90],
          '270 hits: 30 visitors × 3 pages, each counted once whichever instance it reached',
        );
        assert.deepEqual(seen.related, [2, 2, 2]);
      } finally {
        for (const child of children) child.kill('SIGTERM');
        await Promise.all(
          children.map((child) => (child.exitCode !== null ? undefined : new Promise((r) => child.once('exit', r)))),
        );
      }
    });
  },
);
