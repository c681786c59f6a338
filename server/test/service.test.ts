import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { dayIn } from '../src/calendar.js';
import { seedDemo } from '../src/demo-seed.js';
import { parseArticles, SiteRegistry } from '../src/sites.js';
import type { Storage } from '../src/storage/types.js';
import type { VisitCounter } from '../src/visits.js';
import { backends, testKeys } from './backends.js';

const ARTICLES = JSON.parse(readFileSync(new URL('../../demo/data/articles.json', import.meta.url), 'utf8'));
const VISITOR = 'a'.repeat(20);
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36';
const ITEM = 'tiep-tuc-day-manh-cong-tac-phat-trien-dang-vien';

function registry() {
  const sites = new SiteRegistry([
    {
      id: 'phuong-a',
      timeZone: 'Asia/Ho_Chi_Minh',
      origins: ['https://phuong-a.example.gov.vn'],
      max: 5,
      tokenEnv: 'TEST_TOKEN_A',
    },
  ]);
  sites.setArticles(sites.sites.get('phuong-a')!, ARTICLES.articles);
  return sites;
}

for (const backend of backends) {
  describe(`reference service on ${backend.name}`, () => {
    let storage: Storage;
    let app: FastifyInstance;
    let visits: VisitCounter;
    let clock = Date.parse('2024-07-31T17:30:00Z'); // 00:30 on 1 August in Hà Nội

    before(async () => {
      storage = await backend.create();
      ({ app, visits } = await buildApp({
        keys: testKeys,
        storage,
        sites: registry(),
        now: () => clock,
        limits: { votesPerVisitor: 20, votesPerAddress: 100_000, votesPerItemPerAddress: 100_000, perAddress: 100_000 },
      }));
    });
    after(async () => {
      await app.close();
      await storage.close();
    });

    const vote = (score: unknown, visitor = VISITOR, item = ITEM, ip = '10.0.0.1') =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/ratings/${item}/vote`,
        headers: { 'x-visitor-id': visitor, 'content-type': 'application/json' },
        payload: JSON.stringify({ score }),
        remoteAddress: ip,
      });
    const aggregate = async (item = ITEM) => (await app.inject(`/api/v1/ratings/${item}`)).json();

    it('answers the rating contract: cast, replace, read, withdraw', async () => {
      assert.deepEqual(await aggregate(), { count: 0, sum: 0, average: 0, max: 5 });
      assert.deepEqual((await vote(4)).json(), { count: 1, sum: 4, average: 4, max: 5, score: 4 });
      assert.deepEqual((await vote(2, 'b'.repeat(20))).json(), { count: 2, sum: 6, average: 3, max: 5, score: 2 });
      // A new vote replaces the old one; it never adds a second.
      assert.deepEqual((await vote(5)).json(), { count: 2, sum: 7, average: 3.5, max: 5, score: 5 });
      const own = await app.inject({ url: `/api/v1/ratings/${ITEM}/vote`, headers: { 'x-visitor-id': VISITOR } });
      assert.deepEqual(own.json(), { score: 5 });
      const withdrawn = await app.inject({
        method: 'DELETE',
        url: `/api/v1/ratings/${ITEM}/vote`,
        headers: { 'x-visitor-id': VISITOR },
      });
      assert.deepEqual(withdrawn.json(), { count: 1, sum: 2, average: 2, max: 5, score: null });
      // The same routes under the multi-site prefix.
      assert.deepEqual((await app.inject(`/api/v1/sites/phuong-a/ratings/${ITEM}`)).json(), {
        count: 1,
        sum: 2,
        average: 2,
        max: 5,
      });
    });

    it('rejects scores out of range with 422 and a missing visitor id with 400', async () => {
      for (const score of [0, 6, -1]) assert.equal((await vote(score, 'c'.repeat(20), 'range')).statusCode, 422);
      for (const score of [2.5, '4', null, true])
        assert.equal((await vote(score, 'c'.repeat(20), 'range')).statusCode, 400);
      const anonymous = await app.inject({ method: 'PUT', url: '/api/v1/ratings/range/vote', payload: { score: 3 } });
      assert.equal(anonymous.statusCode, 400);
      assert.deepEqual(await aggregate('range'), { count: 0, sum: 0, average: 0, max: 5 });
    });

    it('counts 100 concurrent votes by one visitor once, and 60 visitors’ concurrent votes exactly', async () => {
      // Limits out of the way: this is about the database staying consistent under a burst.
      const { app: open } = await buildApp({
        keys: testKeys,
        storage,
        sites: registry(),
        limits: { votesPerVisitor: 1e6, votesPerAddress: 1e6, votesPerItemPerAddress: 1e6, perAddress: 1e6 },
      });
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          open.inject({
            method: 'PUT',
            url: '/api/v1/ratings/race/vote',
            headers: { 'x-visitor-id': 'd'.repeat(20), 'content-type': 'application/json' },
            payload: JSON.stringify({ score: (i % 5) + 1 }),
          }),
        ),
      );
      await open.close();
      assert.ok(results.every((r) => r.statusCode === 200));
      assert.equal((await aggregate('race')).count, 1);
      const voters = Array.from({ length: 60 }, (_, i) => `visitor-${String(i).padStart(12, '0')}`);
      await Promise.all(voters.map((v, i) => vote((i % 5) + 1, v, 'crowd')));
      const crowd = await aggregate('crowd');
      assert.equal(crowd.count, 60);
      assert.equal(
        crowd.sum,
        voters.reduce((s, _, i) => s + (i % 5) + 1, 0),
      );
    });

    it('keys the vote limit by a well-formed visitor id only: made-up ids share one allowance', async () => {
      const junk = (i: number) =>
        app.inject({
          method: 'PUT',
          url: `/api/v1/ratings/${ITEM}/vote`,
          headers: { 'x-visitor-id': `not a visitor id ${'x'.repeat(i * 100)}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ score: 3 }),
          remoteAddress: '10.66.66.66',
        });
      const statuses = [];
      for (let i = 0; i < 21; i++) statuses.push((await junk(i)).statusCode);
      // Refused by the schema (400) until the address's allowance for unnamed visitors (20 here) is used up.
      assert.deepEqual(statuses, [...Array(20).fill(400), 429]);
    });

    it('limits votes per visitor, with Retry-After, without locking out an office behind one address', async () => {
      let limited;
      for (let i = 0; i < 25 && !limited; i++) {
        const r = await vote((i % 5) + 1, 'e'.repeat(20), 'limits', '10.9.9.9');
        if (r.statusCode === 429) limited = r;
      }
      assert.ok(limited, 'the 21st vote within a minute is refused');
      assert.ok(Number(limited.headers['retry-after']) > 0);
      // Colleagues in the same ward office (same NAT address) still vote.
      for (let i = 0; i < 30; i++)
        assert.equal((await vote(4, `office-${String(i).padStart(12, '0')}`, 'limits', '10.9.9.9')).statusCode, 200);
    });

    it('limits every request per address (an IPv6 /64 is one) until the minute is over, with Retry-After; other addresses keep working', async () => {
      let at = Date.parse('2024-07-31T17:30:00Z');
      const { app: small } = await buildApp({
        keys: testKeys,
        storage,
        sites: registry(),
        now: () => at,
        limits: { votesPerVisitor: 1000, votesPerAddress: 1000, perAddress: 5 },
      });
      const read = (ip: string) => small.inject({ url: `/api/v1/ratings/${ITEM}`, remoteAddress: ip });
      // A crawler's hits are answered but not stored: this test leaves the counts of the tests after it alone.
      const hit = (ip: string) =>
        small.inject({
          method: 'POST',
          url: '/api/v1/stats/hits',
          headers: { 'content-type': 'text/plain', 'user-agent': 'Googlebot/2.1' },
          payload: '{"path":"/limited"}',
          remoteAddress: ip,
        });
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await read('10.7.7.7')).statusCode, (await hit('10.7.7.7')).statusCode);
      assert.deepEqual(statuses, [200, 204, 200, 204, 200, 429]);
      const limited = await read('10.7.7.7');
      assert.equal(limited.statusCode, 429);
      assert.deepEqual(limited.json(), { error: 'too many requests' });
      assert.equal(limited.headers['retry-after'], '60');
      assert.equal(limited.headers['x-content-type-options'], 'nosniff');
      assert.equal((await read('10.7.7.8')).statusCode, 200, 'another address is not affected');
      at += 45_000;
      assert.equal((await read('10.7.7.7')).headers['retry-after'], '15');
      at += 15_000;
      assert.equal((await read('10.7.7.7')).statusCode, 200, 'a new minute, a new allowance');
      // One IPv6 subscriber (a /64) is one address, however its interface ids rotate.
      const v6 = [];
      for (let i = 1; i <= 6; i++) v6.push((await read(`2001:db8:0:42::${i}`)).statusCode);
      assert.deepEqual(v6, [200, 200, 200, 200, 200, 429]);
      await small.close();
    });

    it('counts page views in the site’s day, minus bots, prefetches and repeats within 30 minutes', async () => {
      const hit = (path: string, ua = BROWSER, ip = '10.1.1.1', headers: Record<string, string> = {}) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/stats/hits',
          headers: { 'content-type': 'text/plain', 'user-agent': ua, ...headers },
          payload: JSON.stringify({ path, referrer: '' }),
          remoteAddress: ip,
        });
      assert.equal((await hit('/a')).statusCode, 204);
      await hit('/a'); // a repeat: not counted
      await hit('/b');
      await hit('/a', BROWSER, '10.1.1.2');
      await hit('/a', 'Googlebot/2.1 (+http://www.google.com/bot.html)');
      await hit('/a', 'facebookexternalhit/1.1');
      await hit('/a', BROWSER, '10.1.1.3', { 'sec-purpose': 'prefetch' });
      await visits.flush();
      let stats = (await app.inject('/api/v1/stats')).json();
      assert.equal(stats.timeZone, 'Asia/Ho_Chi_Minh');
      // 00:30 on 1 August in Hà Nội, although it is still 31 July in UTC.
      assert.equal(stats.asOf, '2024-08-01T00:30:00+07:00');
      assert.deepEqual(
        {
          today: stats.today,
          yesterday: stats.yesterday,
          thisMonth: stats.thisMonth,
          lastMonth: stats.lastMonth,
          thisYear: stats.thisYear,
          total: stats.total,
          online: stats.online,
        },
        { today: 3, yesterday: 0, thisMonth: 3, lastMonth: 0, thisYear: 3, total: 3, online: 2 },
      );
      // 31 minutes later the same page counts again; the day before is "yesterday" the next day.
      clock += 31 * 60 * 1000;
      await hit('/a');
      await visits.flush();
      stats = (await app.inject('/api/v1/stats')).json();
      assert.equal(stats.today, 4);
      clock += 24 * 60 * 60 * 1000;
      stats = (await app.inject('/api/v1/stats')).json();
      assert.deepEqual([stats.today, stats.yesterday, stats.thisMonth, stats.total, stats.online], [0, 4, 4, 4, 0]);
    });

    it('keeps a batch of hits whose write failed, and writes it with the next one', async () => {
      const { VisitCounter } = await import('../src/visits.js');
      const site = 'retry-site';
      let at = Date.parse('2024-05-05T03:00:00Z');
      const original = storage.recordHits.bind(storage);
      let failures = 1;
      storage.recordHits = async (...args) => {
        if (failures-- > 0) throw new Error('database unreachable');
        return original(...args);
      };
      try {
        const counter = new VisitCounter(storage, testKeys, () => at);
        await counter.record(site, 'UTC', '10.5.5.5', BROWSER, '/a');
        await counter.record(site, 'UTC', '10.5.5.6', BROWSER, '/a');
        await assert.rejects(counter.flush(), /unreachable/);
        at += 1000;
        await counter.record(site, 'UTC', '10.5.5.7', BROWSER, '/b');
        await counter.flush();
        assert.equal((await storage.views(site, '2024-05-01')).total, 3);
      } finally {
        storage.recordHits = original;
      }
    });

    it('counts a batch of hits exactly as hit by hit: repeats inside the batch, a page due again mid-batch, many visitors', async () => {
      const site = 'batch-site';
      const t0 = Date.parse('2024-03-10T03:00:00Z');
      const minute = 60_000;
      const repeat = 30 * minute;
      const hit = (visitor: string, path: string, at: number, day = '2024-03-10') => ({ site, visitor, path, day, at });
      // v1 viewed /x 29 minutes before the batch: its first hit in the batch is a repeat, the one 2 minutes later is not.
      await storage.recordHits([hit('v1', '/x', t0 - 29 * minute)], repeat, 5 * minute);
      const batch = [
        hit('v1', '/x', t0),
        hit('v1', '/x', t0 + 2 * minute), // 31 minutes after the stored view: counts
        hit('v1', '/x', t0 + 3 * minute), // 1 minute after that: a repeat
        ...Array.from({ length: 50 }, (_, i) => hit(`w${i}`, '/y', t0 + i)), // 50 visitors: 50 views
        ...Array.from({ length: 20 }, (_, i) => hit('w0', '/y', t0 + 100 + i)), // reloads: 0 more
        hit('w0', '/z', t0 + 200), // another page: 1
        hit('w1', '/y', t0 + 31 * minute, '2024-03-11'), // due again the next day: 1, on that day
      ];
      await storage.recordHits(batch, repeat, 5 * minute);
      const { days, total } = await storage.views(site, '2024-03-01');
      assert.deepEqual(Object.fromEntries(days), { '2024-03-10': 1 + 1 + 50 + 1, '2024-03-11': 1 });
      assert.equal(total, 54);
      // Online keeps each visitor's latest hit: only w1 (seen at t0 + 31 min) is within 5 minutes of the batch's end.
      assert.equal(await storage.online(site, 0), 1);
    });

    it('lists related articles ranked, flagged, never the article itself, and an empty list for unknown items', async () => {
      const { items } = (await app.inject(`/api/v1/related/${ITEM}`)).json();
      assert.ok(items.length > 0);
      assert.ok(items.every((i: { url: string }) => !i.url.includes(ITEM)));
      assert.ok(items.every((i: { reason: string }) => ['tag', 'category', 'recent'].includes(i.reason)));
      assert.equal(items[0].reason, 'tag');
      assert.deepEqual((await app.inject('/api/v1/related/khong-co-bai-nay')).json(), { items: [] });
    });

    it('replaces the article index with a bearer token, and refuses without it', async () => {
      process.env.TEST_TOKEN_A = 'secret-token-123';
      const put = (auth?: string) =>
        app.inject({
          method: 'PUT',
          url: '/api/v1/sites/phuong-a/articles',
          headers: auth ? { authorization: auth } : {},
          payload: {
            articles: [
              { id: 'x', url: '/x.html', title: 'X', category: 'c' },
              { id: 'y', url: '/y.html', title: 'Y', category: 'c' },
            ],
          },
        });
      assert.equal((await put()).statusCode, 401);
      assert.equal((await put('Bearer wrong')).statusCode, 401);
      assert.deepEqual((await put('Bearer secret-token-123')).json(), { articles: 2 });
      const { items } = (await app.inject('/api/v1/related/x')).json();
      assert.deepEqual(
        items.map((i: { url: string; reason: string }) => [i.url, i.reason]),
        [['/y.html', 'recent']],
      );
    });

    it('keeps a pushed article index across a restart, unless the site’s file is newer', async () => {
      // The test before pushed x and y. A new process: the same database, a site without an index file.
      const config = { id: 'phuong-a', timeZone: 'Asia/Ho_Chi_Minh', origins: [], max: 5, tokenEnv: 'TEST_TOKEN_A' };
      // Counts the pushed indexes read at start-up: only those newer than the site's file.
      let indexesRead = 0;
      const counting = new Proxy(storage, {
        get(target, name) {
          if (name === 'pushedArticles') indexesRead++;
          const value = Reflect.get(target, name);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      assert.deepEqual([...(await storage.pushedArticleTimes()).keys()], ['phuong-a']);
      const restarted = new SiteRegistry([config]);
      const { app: again } = await buildApp({ keys: testKeys, storage: counting, sites: restarted });
      assert.equal(indexesRead, 1);
      const related = async (server: FastifyInstance, item: string) =>
        (await server.inject(`/api/v1/related/${item}`)).json().items.map((i: { url: string }) => i.url);
      assert.deepEqual(await related(again, 'x'), ['/y.html']);
      await again.close();
      restarted.close();
      const dir = mkdtempSync(join(tmpdir(), 'pw-index-'));
      const file = join(dir, 'articles.json');
      /** A restarted service whose site has an index file with these two articles, written at `mtime`. */
      const withIndexFile = async ([a, b]: string[], mtime?: Date) => {
        writeFileSync(
          file,
          JSON.stringify({
            articles: [a, b].map((id) => ({ id, url: `/${id}.html`, title: id.toUpperCase(), category: 'c' })),
          }),
        );
        if (mtime) utimesSync(file, mtime, mtime);
        const registry = new SiteRegistry([{ ...config, articlesFile: file }]);
        indexesRead = 0;
        const { app: server } = await buildApp({ keys: testKeys, storage: counting, sites: registry });
        const close = async () => {
          await server.close();
          registry.close();
        };
        return { server, close };
      };
      // A file older than the push (a copy that kept its time) does not replace it.
      const fromOld = await withIndexFile(['o', 'p'], new Date(Date.now() - 3_600_000));
      assert.deepEqual(await related(fromOld.server, 'x'), ['/y.html']);
      assert.deepEqual(await related(fromOld.server, 'o'), []);
      await fromOld.close();
      // A file written after the push is the newer index, and wins.
      const fromFile = await withIndexFile(['m', 'n']);
      assert.equal(indexesRead, 0, 'an index older than the file is not even read');
      assert.deepEqual(await related(fromFile.server, 'm'), ['/n.html']);
      assert.deepEqual(await related(fromFile.server, 'x'), []);
      await fromFile.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('carries a related item’s language (BCP 47, canonical case) from the pushed index to the answer, dropping invalid tags', async () => {
      process.env.TEST_TOKEN_A = 'secret-token-123';
      const article = (id: string, lang?: unknown) => ({
        id,
        url: `/${id}.html`,
        title: `Bài ${id}`,
        category: 'c',
        lang,
      });
      const push = await app.inject({
        method: 'PUT',
        url: '/api/v1/sites/phuong-a/articles',
        headers: { authorization: 'Bearer secret-token-123' },
        payload: {
          articles: [
            article('l1'),
            article('l2', 'en-gb'),
            article('l3', 'not a tag!'),
            article('l4', 42),
            article('l5', 'zh-Hant-TW'),
          ],
        },
      });
      assert.deepEqual(push.json(), { articles: 5 });
      const { items } = (await app.inject('/api/v1/related/l1')).json();
      const langs = Object.fromEntries(items.map((i: { url: string; lang?: string }) => [i.url, i.lang ?? null]));
      assert.deepEqual(langs, { '/l2.html': 'en-GB', '/l3.html': null, '/l4.html': null, '/l5.html': 'zh-Hant-TW' });
      assert.ok(items.filter((i: object) => !('lang' in i)).length === 2, 'no lang key at all where there is none');
      // The index's language is every article's without its own (and an invalid one is no language).
      for (const [indexLang, expected] of [
        ['VI', { '/l2.html': 'en-GB', '/l3.html': 'vi', '/l4.html': 'vi', '/l5.html': 'zh-Hant-TW' }],
        ['not a tag!', { '/l2.html': 'en-GB', '/l3.html': null, '/l4.html': null, '/l5.html': 'zh-Hant-TW' }],
      ] as const) {
        const again = await app.inject({
          method: 'PUT',
          url: '/api/v1/sites/phuong-a/articles',
          headers: { authorization: 'Bearer secret-token-123' },
          payload: {
            lang: indexLang,
            articles: [
              article('l1'),
              article('l2', 'en-gb'),
              article('l3', 'not a tag!'),
              article('l4'),
              article('l5', 'zh-Hant-TW'),
            ],
          },
        });
        assert.deepEqual(again.json(), { articles: 5 });
        const answer = (await app.inject('/api/v1/related/l1')).json();
        const byUrl = Object.fromEntries(
          answer.items.map((i: { url: string; lang?: string }) => [i.url, i.lang ?? null]),
        );
        assert.deepEqual(byUrl, expected, `index lang ${indexLang}`);
      }
    });

    it('answers CORS only for the site’s origins', async () => {
      const allowed = await app.inject({
        url: `/api/v1/ratings/${ITEM}`,
        headers: { origin: 'https://phuong-a.example.gov.vn' },
      });
      assert.equal(allowed.headers['access-control-allow-origin'], 'https://phuong-a.example.gov.vn');
      assert.equal(allowed.headers.vary, 'Origin');
      const other = await app.inject({ url: `/api/v1/ratings/${ITEM}`, headers: { origin: 'https://evil.example' } });
      assert.equal(other.headers['access-control-allow-origin'], undefined);
      // A vote from the portal is preflighted (JSON body, visitor header): allowed for the site's origin only.
      const preflight = (origin: string, url = `/api/v1/ratings/${ITEM}/vote`) =>
        app.inject({
          method: 'OPTIONS',
          url,
          headers: {
            origin,
            'access-control-request-method': 'PUT',
            'access-control-request-headers': 'content-type, x-visitor-id',
          },
        });
      const ok = await preflight('https://phuong-a.example.gov.vn');
      assert.equal(ok.statusCode, 204);
      assert.equal(ok.headers['access-control-allow-origin'], 'https://phuong-a.example.gov.vn');
      assert.match(String(ok.headers['access-control-allow-methods']), /PUT/);
      assert.match(String(ok.headers['access-control-allow-headers']), /x-visitor-id/);
      assert.equal(ok.headers['access-control-max-age'], '600');
      const sited = await preflight('https://phuong-a.example.gov.vn', `/api/v1/sites/phuong-a/ratings/${ITEM}/vote`);
      assert.equal(sited.headers['access-control-allow-origin'], 'https://phuong-a.example.gov.vn');
      const refused = await preflight('https://evil.example');
      assert.equal(refused.headers['access-control-allow-origin'], undefined);
      assert.equal(refused.headers['access-control-allow-methods'], undefined);
      // Pages are not API: no CORS headers on them.
      assert.equal(
        (await app.inject({ url: '/', headers: { origin: 'https://phuong-a.example.gov.vn' } })).headers[
          'access-control-allow-origin'
        ],
        undefined,
      );
    });

    it('survives 1,000 malformed or hostile requests: never a 5xx, never a stack trace, never a changed aggregate', async () => {
      const before = await aggregate();
      const hostile = [
        "' OR 1=1 --",
        '"; DROP TABLE votes; --',
        '../../etc/passwd',
        '%00',
        '<script>alert(1)</script>',
        'a'.repeat(5000),
        '{"score":"4"}',
        '\u0000',
        'ｓｃｏｒｅ',
        '😀',
      ];
      const requests = [];
      for (let i = 0; i < 1000; i++) {
        const h = hostile[i % hostile.length];
        const variants = [
          () =>
            app.inject({
              method: 'PUT',
              url: `/api/v1/ratings/${ITEM}/vote`,
              headers: { 'x-visitor-id': VISITOR, 'content-type': 'application/json' },
              payload: h,
            }),
          () =>
            app.inject({
              method: 'PUT',
              url: `/api/v1/ratings/${encodeURIComponent(h)}/vote`,
              headers: { 'x-visitor-id': VISITOR },
              payload: { score: 3 },
            }),
          () =>
            app.inject({
              method: 'PUT',
              url: `/api/v1/ratings/${ITEM}/vote`,
              headers: { 'x-visitor-id': h.slice(0, 100), 'content-type': 'application/json' },
              payload: { score: 3 },
            }),
          () =>
            app.inject({
              method: 'PUT',
              url: `/api/v1/ratings/${ITEM}/vote`,
              headers: { 'x-visitor-id': VISITOR },
              payload: { score: 3, extra: h },
            }),
          () =>
            app.inject({
              method: 'PUT',
              url: `/api/v1/ratings/${ITEM}/vote`,
              headers: { 'x-visitor-id': VISITOR, 'content-type': 'application/json' },
              payload: `{"score": ${JSON.stringify(h)}}`,
            }),
          () =>
            app.inject({
              method: 'PUT',
              url: `/api/v1/ratings/${ITEM}/vote`,
              headers: { 'x-visitor-id': VISITOR, 'content-type': 'application/json' },
              payload: 'x'.repeat(20_000),
            }),
          () =>
            app.inject({
              method: 'POST',
              url: '/api/v1/stats/hits',
              headers: { 'content-type': 'text/plain', 'user-agent': BROWSER },
              payload: h,
            }),
          () =>
            app.inject({
              method: 'POST',
              url: '/api/v1/stats/hits',
              headers: { 'content-type': 'text/plain', 'user-agent': BROWSER },
              payload: JSON.stringify({ path: h, referrer: h }),
            }),
          () => app.inject({ url: `/api/v1/sites/${encodeURIComponent(h)}/ratings/${ITEM}` }),
          () =>
            app.inject({
              method: 'DELETE',
              url: `/api/v1/sites/unknown-site/ratings/${ITEM}/vote`,
              headers: { 'x-visitor-id': VISITOR },
            }),
          () => app.inject({ url: `/api/v1/related/${encodeURIComponent(h)}` }),
          () =>
            app.inject({
              method: 'PUT',
              url: '/api/v1/sites/phuong-a/articles',
              headers: { authorization: `Bearer ${h}` },
              payload: { articles: [] },
            }),
          () =>
            app.inject({
              method: 'PUT',
              url: `/api/v1/ratings/${ITEM}/vote`,
              headers: { 'x-visitor-id': VISITOR, origin: 'https://evil.example', 'content-type': 'application/json' },
              payload: h,
            }),
          () =>
            app.inject({
              method: 'OPTIONS',
              url: `/api/v1/ratings/${ITEM}/vote`,
              headers: { origin: `https://${encodeURIComponent(h)}.example`, 'access-control-request-method': 'PUT' },
            }),
        ];
        requests.push(variants[i % variants.length]());
      }
      const responses = await Promise.all(requests);
      for (const response of responses) {
        assert.ok(response.statusCode < 500, `status ${response.statusCode} for ${response.body.slice(0, 80)}`);
        assert.doesNotMatch(response.body, /at .*\.(ts|js):\d+|stack/i);
      }
      assert.deepEqual(await aggregate(), before);
    });

    it('sends security headers, and never stores a raw IP address', async () => {
      const response = await app.inject(`/api/v1/ratings/${ITEM}`);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['x-frame-options'], 'SAMEORIGIN');
      assert.equal(response.headers['referrer-policy'], 'strict-origin-when-cross-origin');
      // On errors too: a 404, a schema refusal, a malformed body.
      const errors = [
        await app.inject('/api/v1/nothing-here'),
        await app.inject({
          method: 'PUT',
          url: `/api/v1/ratings/${ITEM}/vote`,
          headers: { 'x-visitor-id': 'h'.repeat(20) },
          payload: { score: 9 },
        }),
        await app.inject({
          method: 'POST',
          url: '/api/v1/stats/hits',
          headers: { 'content-type': 'text/plain' },
          payload: '{not json',
        }),
        await app.inject({
          method: 'POST',
          url: '/api/v1/sites/nowhere/stats/hits',
          headers: { 'content-type': 'text/plain' },
          payload: '{"path":"/"}',
        }),
      ];
      assert.deepEqual(
        errors.map((r) => r.statusCode),
        [404, 422, 400, 404],
      );
      for (const r of errors) assert.equal(r.headers['x-content-type-options'], 'nosniff', String(r.statusCode));
      // A counted hit is a bare 204: nothing for those headers to protect, and the busiest answer of all.
      const hit = await app.inject({
        method: 'POST',
        url: '/api/v1/stats/hits',
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER },
        payload: '{"path":"/bare"}',
      });
      assert.equal(hit.statusCode, 204);
      assert.equal(hit.body, '');
      assert.equal(hit.headers['x-frame-options'], undefined);
      await app.inject({
        method: 'POST',
        url: '/api/v1/stats/hits',
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER },
        payload: JSON.stringify({ path: '/ip-check' }),
        remoteAddress: '203.0.113.77',
      });
      await visits.flush();
      if (backend.name === 'sqlite') {
        const dir = (storage as unknown as { db: { name: string } }).db.name.replace(/[^/]+$/, '');
        for (const file of readdirSync(dir)) assert.ok(!readFileSync(`${dir}${file}`).includes('203.0.113.77'), file);
      }
      assert.ok(await storage.integrity());
    });
  });
}

for (const backend of backends) {
  describe(`the demo seed on ${backend.name}`, () => {
    it('gives an empty database the seed page’s rating and a year of visits, and never touches a used one', async () => {
      const storage = await backend.create();
      const site = registry().sites.get('phuong-a')!;
      const now = Date.parse('2024-07-15T03:00:00Z');
      try {
        assert.equal(await seedDemo(storage, site, ITEM, now), true);
        assert.deepEqual(await storage.aggregate('phuong-a', ITEM), { count: 2, sum: 10 });
        const views = await storage.views('phuong-a', '2024-06-01');
        assert.ok(views.total > 50_000);
        assert.equal(views.days.get('2024-07-15'), undefined, 'today starts from real hits');
        assert.ok((views.days.get('2024-07-14') ?? 0) > 0);
        assert.equal(await seedDemo(storage, site, ITEM, now), false);
        assert.deepEqual(await storage.aggregate('phuong-a', ITEM), { count: 2, sum: 10 });
        assert.ok(await storage.integrity());
      } finally {
        await storage.close();
      }
    });
  });
}

describe('sites', () => {
  it('gives the demo’s articles the index’s language, so its English page reads their titles in Vietnamese', () => {
    const articles = parseArticles(ARTICLES);
    assert.ok(articles.length > 5);
    assert.deepEqual([...new Set(articles.map((a) => a.lang))], ['vi']);
  });

  it('keeps several sites apart, each under its own prefix, and drops the single-site prefix', async () => {
    const storage = await backends[0].create();
    const sites = new SiteRegistry([
      { id: 'phuong-a', timeZone: 'Asia/Ho_Chi_Minh', origins: [], max: 5 },
      { id: 'xa-b', timeZone: 'Asia/Ho_Chi_Minh', origins: [], max: 10 },
    ]);
    const { app } = await buildApp({ keys: testKeys, storage, sites });
    try {
      const put = (site: string, score: number) =>
        app.inject({
          method: 'PUT',
          url: `/api/v1/sites/${site}/ratings/same-item/vote`,
          headers: { 'x-visitor-id': VISITOR },
          payload: { score },
        });
      assert.equal((await put('phuong-a', 5)).json().count, 1);
      assert.deepEqual((await put('xa-b', 9)).json(), { count: 1, sum: 9, average: 9, max: 10, score: 9 });
      assert.equal((await put('phuong-a', 9)).statusCode, 422);
      assert.equal((await app.inject('/api/v1/ratings/same-item')).statusCode, 404);
      assert.equal((await app.inject('/api/v1/sites/khong-co/ratings/same-item')).statusCode, 404);
    } finally {
      await app.close();
      await storage.close();
    }
  });

  it('reloads an article index when its file changes', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/pw-sites-`);
    const articles = (titles: string[]) =>
      JSON.stringify({
        articles: titles.map((t, i) => ({ id: `a${i}`, url: `/a${i}.html`, title: t, category: 'c', tags: ['chung'] })),
      });
    writeFileSync(`${dir}/articles.json`, articles(['Một', 'Hai']));
    writeFileSync(`${dir}/sites.json`, JSON.stringify({ sites: [{ id: 'phuong-a', articles: 'articles.json' }] }));
    const sites = SiteRegistry.fromFile(`${dir}/sites.json`);
    try {
      const site = sites.single!;
      assert.equal(site.timeZone, 'Asia/Ho_Chi_Minh');
      assert.deepEqual(
        site.related.get('a0')!.map((r) => r.title),
        ['Hai'],
      );
      writeFileSync(`${dir}/articles.json`, articles(['Một', 'Hai', 'Ba']));
      const deadline = Date.now() + 8000;
      while (site.articleCount !== 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.equal(site.articleCount, 3);
      // A broken file keeps the last good index.
      writeFileSync(`${dir}/articles.json`, '{"articles": [');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(site.articleCount, 3);
    } finally {
      sites.close();
    }
  });

  it('takes new origins, time zone and scale from sites.json without a restart, and answers CORS with them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-sites-'));
    const file = join(dir, 'sites.json');
    const config = (origins: string[], timeZone = 'Asia/Ho_Chi_Minh', max = 5, tokenEnv = 'TOKEN_A') =>
      JSON.stringify({
        sites: [
          { id: 'phuong-a', timeZone, origins, max, tokenEnv },
          { id: 'phuong-b', origins: [] },
        ],
      });
    writeFileSync(file, config(['https://a.example.gov.vn']));
    const sites = SiteRegistry.fromFile(file);
    const storage = await backends[0].create();
    const { app } = await buildApp({ keys: testKeys, storage, sites });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      const allowed = async (origin: string) =>
        (await app.inject({ url: `/api/v1/sites/phuong-a/ratings/${ITEM}`, headers: { origin } })).headers[
          'access-control-allow-origin'
        ];
      assert.equal(await allowed('https://new.example.gov.vn'), undefined);
      writeFileSync(file, '{"sites": ['); // half-written: the configuration in use stays
      await new Promise((r) => setTimeout(r, 1200));
      assert.equal(await allowed('https://a.example.gov.vn'), 'https://a.example.gov.vn');
      writeFileSync(
        file,
        config(['https://a.example.gov.vn', 'https://new.example.gov.vn'], 'Asia/Bangkok', 10, 'TOKEN_A2'),
      );
      const deadline = Date.now() + 8000;
      while (!(await allowed('https://new.example.gov.vn')) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      assert.equal(await allowed('https://new.example.gov.vn'), 'https://new.example.gov.vn');
      const reloaded = sites.sites.get('phuong-a')!;
      assert.deepEqual([reloaded.timeZone, reloaded.max, reloaded.tokenEnv], ['Asia/Bangkok', 10, 'TOKEN_A2']);
      assert.equal((await app.inject(`/api/v1/sites/phuong-a/ratings/${ITEM}`)).json().max, 10);
      // A site added to the file needs a restart, and the log says so.
      writeFileSync(
        file,
        JSON.stringify({ sites: [...JSON.parse(config(['https://a.example.gov.vn'])).sites, { id: 'phuong-c' }] }),
      );
      const later = Date.now() + 8000;
      while (!warnings.length && Date.now() < later) await new Promise((r) => setTimeout(r, 200));
      assert.match(warnings.join('\n'), /phuong-c.*restart/);
      assert.equal((await app.inject('/api/v1/sites/phuong-c/stats')).statusCode, 404);
    } finally {
      console.warn = warn;
      await app.close();
      await storage.close();
      sites.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('calendar', () => {
  it('turns the day at the zone’s midnight, also when asked again within the same minute', () => {
    const midnight = Date.parse('2024-07-31T17:00:00Z'); // 00:00 on 1 August in Hà Nội
    const sequence = [midnight - 60_001, midnight - 1, midnight, midnight + 1, midnight - 1, midnight + 59_999];
    assert.deepEqual(
      sequence.map((at) => dayIn('Asia/Ho_Chi_Minh', at)),
      ['2024-07-31', '2024-07-31', '2024-08-01', '2024-08-01', '2024-07-31', '2024-08-01'],
    );
    // Kathmandu is UTC+05:45: its day also starts on a whole UTC minute.
    assert.equal(dayIn('Asia/Kathmandu', Date.parse('2024-07-31T18:14:59.999Z')), '2024-07-31');
    assert.equal(dayIn('Asia/Kathmandu', Date.parse('2024-07-31T18:15:00Z')), '2024-08-01');
    assert.equal(dayIn('UTC', midnight), '2024-07-31');
  });
});
