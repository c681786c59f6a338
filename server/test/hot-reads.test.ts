// The hot reads (server/src/hot-reads.ts) answer GET stats and GET related before Fastify when the answer is in
// memory: over real HTTP they must answer exactly as the routes do (compared with Fastify's own answer to the same
// request, through inject, which never meets the hot reads), count against the same limit, and leave to Fastify
// everything they do not serve.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../src/app.js';
import { SiteRegistry } from '../src/sites.js';
import type { Storage } from '../src/storage/types.js';
import { backends, testKeys } from './backends.js';

const ARTICLES = JSON.parse(readFileSync(new URL('../../demo/data/articles.json', import.meta.url), 'utf8'));
const ITEM = 'tiep-tuc-day-manh-cong-tac-phat-trien-dang-vien';
const ORIGIN = 'https://phuong-a.example.vn';
const NOW = Date.parse('2024-07-15T03:00:00Z');
// Headers that differ between two answers by nature, not by meaning.
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

function registry() {
  const sites = new SiteRegistry([
    { id: 'phuong-a', timeZone: 'Asia/Ho_Chi_Minh', origins: [ORIGIN], max: 5, tokenEnv: 'HOT_TOKEN' },
  ]);
  sites.setArticles(sites.sites.get('phuong-a')!, ARTICLES.articles);
  return sites;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const meaningful = (entries: Iterable<[string, string]>) =>
  Object.fromEntries([...entries].filter(([name]) => !TRANSPORT.has(name.toLowerCase())).sort());

for (const backend of backends) {
  describe(`hot reads on ${backend.name}`, () => {
    let storage: Storage;
    const running: FastifyInstance[] = [];
    /** A listening service and the URLs Fastify itself handled (the hot reads' answers never reach its hooks). */
    const start = async (options: Partial<AppOptions> = {}, prepare?: (app: FastifyInstance) => void) => {
      // A fixed clock: the counter's snapshot stays the same second however slow the machine.
      const { app } = await buildApp({ keys: testKeys, storage, sites: registry(), now: () => NOW, ...options });
      const handled: string[] = [];
      // onResponse: it runs for every answer Fastify gives, even one a hook gave before the route.
      app.addHook('onResponse', (request, _reply, done) => {
        handled.push(request.url);
        done();
      });
      prepare?.(app);
      await app.listen({ port: 0, host: '127.0.0.1' });
      running.push(app);
      const port = (app.server.address() as AddressInfo).port;
      const get = async (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> => {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers });
        return { status: response.status, headers: meaningful(response.headers), body: await response.text() };
      };
      const inject = async (path: string, headers: Record<string, string> = {}): Promise<Answer> => {
        const response = await app.inject({ method: 'GET', url: path, headers });
        return {
          status: response.statusCode,
          headers: meaningful(Object.entries(response.headers).map(([k, v]) => [k, String(v)])),
          body: response.body,
        };
      };
      return { app, port, handled, get, inject };
    };
    before(async () => {
      storage = await backend.create();
    });
    after(async () => {
      for (const app of running) await app.close();
      await storage.close();
      delete process.env.HOT_TOKEN;
    });

    it('answers related and stats exactly as the routes do, with CORS and 304, without reaching Fastify', async () => {
      const { handled, get, inject } = await start();
      const fresh = await get(`/api/v1/related/${ITEM}`);
      const etag = fresh.headers.etag;
      const cases: [string, Record<string, string>][] = [
        [`/api/v1/related/${ITEM}`, {}],
        [`/api/v1/sites/phuong-a/related/${ITEM}`, {}],
        [`/api/v1/related/${ITEM}`, { origin: ORIGIN }],
        [`/api/v1/related/${ITEM}`, { origin: 'https://elsewhere.example' }],
        [`/api/v1/related/${ITEM}`, { 'if-none-match': etag }],
        [`/api/v1/related/${ITEM}`, { 'if-none-match': `"other", W/${etag}`, origin: ORIGIN }],
        [`/api/v1/related/${ITEM}`, { 'if-none-match': '"other"' }],
      ];
      handled.length = 0;
      for (const [path, headers] of cases) {
        const label = `${path} ${JSON.stringify(headers)}`;
        assert.deepEqual(await get(path, headers), await inject(path, headers), label);
      }
      // Every case went through inject once and never through the server's Fastify handler.
      assert.deepEqual(
        handled,
        cases.map(([path]) => path),
        'only the injected requests reached Fastify',
      );
      assert.equal(fresh.status, 200);
      assert.ok(JSON.parse(fresh.body).items.length > 0);
      assert.equal((await get(`/api/v1/related/${ITEM}`, { 'if-none-match': etag })).status, 304);
      assert.equal(
        (await get(`/api/v1/related/${ITEM}`, { origin: ORIGIN })).headers['access-control-allow-origin'],
        ORIGIN,
      );

      // The counter: the first request of the second computes it through Fastify, the next ones are hot.
      handled.length = 0;
      const first = await get('/api/v1/stats', { origin: ORIGIN });
      const statsCases: [string, Record<string, string>][] = [
        ['/api/v1/stats', { origin: ORIGIN }],
        ['/api/v1/sites/phuong-a/stats', {}],
        ['/api/v1/stats', { origin: 'https://elsewhere.example' }],
        ['/api/v1/stats', { 'if-none-match': first.headers.etag }],
      ];
      const hotAnswers = [];
      for (const [path, headers] of statsCases) hotAnswers.push(await get(path, headers));
      assert.deepEqual(handled, ['/api/v1/stats'], 'the repeats were hot');
      assert.deepEqual(hotAnswers[0], first);
      assert.equal(first.headers['access-control-allow-origin'], ORIGIN);
      assert.equal(hotAnswers[2].headers['access-control-allow-origin'], undefined);
      assert.equal(hotAnswers[3].status, 304);
      for (const [i, [path, headers]] of statsCases.entries())
        assert.deepEqual(hotAnswers[i], await inject(path, headers), `${path} ${JSON.stringify(headers)}`);
    });

    it('leaves to Fastify what is not served from memory: unknown items and sites, queries, encodings, HEAD', async () => {
      const { handled, get } = await start();
      await get('/api/v1/stats');
      handled.length = 0;
      const passed = [
        '/api/v1/related/khong-co-bai-nay',
        '/api/v1/sites/khong-co/related/x',
        `/api/v1/related/${ITEM}?x=1`,
        `/api/v1/related/${ITEM.replace('-', '%2D')}`,
        `/api/v1/related/${ITEM}/`,
        `/api/v1/related/${'a'.repeat(201)}`,
        '/api/v1/stats?x=1',
        '/api/v1/sites/khong-co/stats',
        '/api/v1//stats',
      ];
      const answers = [];
      for (const path of passed) answers.push((await get(path)).status);
      assert.deepEqual(answers, [200, 404, 200, 200, 404, 400, 200, 404, 404]);
      assert.equal((await get(`/api/v1/related/${ITEM}`, {}, 'HEAD')).status, 200);
      assert.equal((await get('/api/v1/stats', {}, 'HEAD')).status, 200);
      assert.deepEqual(handled, [...passed, `/api/v1/related/${ITEM}`, '/api/v1/stats']);
      // The encoded item is the same item: Fastify decodes it and answers the same list.
      assert.deepEqual(
        JSON.parse((await get(passed[3])).body),
        JSON.parse((await get(`/api/v1/related/${ITEM}`)).body),
      );
    });

    it('counts hot answers against the per-address limit, then Fastify refuses with its 429', async () => {
      const { get, handled } = await start({ limits: { perAddress: 3 } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await get(`/api/v1/related/${ITEM}`)).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      // The three allowed were answered hot, and counted: the fourth is refused by Fastify's hook.
      assert.deepEqual(handled, [`/api/v1/related/${ITEM}`]);
      const refused = await get(`/api/v1/related/${ITEM}`);
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers['retry-after']) >= 1);
      assert.equal(refused.headers['x-content-type-options'], 'nosniff');
      assert.deepEqual(JSON.parse(refused.body), { error: 'too many requests' });
    });

    it('behind a trusted proxy, keys the limit by the address the proxy saw, as Fastify does', async () => {
      for (const trustProxy of [1, ['127.0.0.1/8']]) {
        const { get, handled } = await start({ limits: { perAddress: 2 }, trustProxy });
        const from = (address: string) => ({ 'x-forwarded-for': `203.0.113.9, ${address}` });
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await get(`/api/v1/related/${ITEM}`, from('198.51.100.1'))).status);
        // The client-written leftmost entry changes nothing; another address the proxy saw has its own allowance.
        statuses.push((await get(`/api/v1/related/${ITEM}`, { 'x-forwarded-for': '192.0.2.1, 198.51.100.1' })).status);
        statuses.push((await get(`/api/v1/related/${ITEM}`, from('198.51.100.2'))).status);
        assert.deepEqual(statuses, [200, 200, 429, 429, 200], JSON.stringify(trustProxy));
        // Only the refused ones reached Fastify.
        assert.deepEqual(handled, [`/api/v1/related/${ITEM}`, `/api/v1/related/${ITEM}`], JSON.stringify(trustProxy));
      }
    });

    it('once the service is closing, leaves requests on open connections to Fastify, which closes them', async () => {
      // The counter's first read is held in a hook until the close has begun, so its connection is busy then (an idle
      // one is simply closed), and a related read is sent on it during the close.
      let arrived!: () => void;
      const held = new Promise<void>((resolve) => (arrived = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let begun!: () => void;
      const closing = new Promise<void>((resolve) => (begun = resolve));
      const { app, port } = await start({}, (app) => {
        app.addHook('onRequest', (request, _reply, done) => {
          if (!request.url.endsWith('/stats')) return done();
          arrived();
          void released.then(() => done());
        });
        app.addHook('preClose', (done) => {
          begun();
          done();
        });
      });
      const socket = connect(port, '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => (received += chunk));
      const ended = new Promise((resolve) => socket.on('close', resolve));
      socket.write('GET /api/v1/stats HTTP/1.1\r\nHost: x\r\n\r\n');
      await held;
      const closed = app.close();
      await closing;
      // Sent on the busy connection once the close has begun, as a proxy's next request would be.
      socket.write(`GET /api/v1/related/${ITEM} HTTP/1.1\r\nHost: x\r\n\r\n`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      release();
      await ended;
      await closed;
      const answers = received.split(/(?=HTTP\/1\.1 )/);
      assert.equal(answers.length, 2, received);
      assert.match(answers[0], /^HTTP\/1\.1 200 /);
      // Without the check, the hot reads answered 200 with keep-alive here, and a client that kept asking kept the
      // server from closing (and the buffered hits from being written).
      assert.match(answers[1], /^HTTP\/1\.1 503 /);
      assert.match(answers[1].toLowerCase(), /\r\nconnection: close\r\n/);
    });

    it('serves a newly pushed index at once', async () => {
      process.env.HOT_TOKEN = 'hot-token-123';
      const { app, get } = await start();
      await get(`/api/v1/related/${ITEM}`);
      const pushed = await app.inject({
        method: 'PUT',
        url: '/api/v1/sites/phuong-a/articles',
        headers: { authorization: 'Bearer hot-token-123' },
        payload: {
          articles: [
            { id: ITEM, url: '/a.html', title: 'A', category: 'c' },
            { id: 'y', url: '/y.html', title: 'Y', category: 'c' },
          ],
        },
      });
      assert.equal(pushed.statusCode, 200);
      const { items } = JSON.parse((await get(`/api/v1/related/${ITEM}`)).body);
      assert.deepEqual(
        items.map((item: { url: string }) => item.url),
        ['/y.html'],
      );
    });
  });
}
