// Regression tests for the holes an outside test found (issue 16, findings 1-7), over real HTTP where the framework
// answers before the service's code, on both backends.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { buildApp, parseTrustProxy, type AppOptions } from '../src/app.js';
import { SiteRegistry } from '../src/sites.js';
import type { Storage } from '../src/storage/types.js';
import type { VisitCounter } from '../src/visits.js';
import { backends, testKeys } from './backends.js';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

function registry() {
  return new SiteRegistry([
    { id: 'phuong-a', timeZone: 'Asia/Ho_Chi_Minh', origins: [], max: 5, tokenEnv: 'FINDINGS_TOKEN' },
  ]);
}

/** Sends raw bytes on a new connection and resolves with everything the server wrote before closing. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (chunk) => (out += chunk));
    socket.on('close', () => resolve(out));
    socket.on('error', () => resolve(out));
    setTimeout(() => socket.destroy(), 3000);
  });
}

function assertErrorAnswer(answer: string, status: number, echo: string) {
  const [head, body] = answer.split('\r\n\r\n');
  assert.match(head, new RegExp(`^HTTP/1.1 ${status} `), head);
  for (const [name, value] of Object.entries(HEADERS))
    assert.match(head.toLowerCase(), new RegExp(`\\r\\n${name}: ${value.toLowerCase()}\\r\\n`), `${status} ${name}`);
  assert.match(body, /^\{"error":"[a-z ]+"\}$/, `${status} body`);
  assert.ok(!answer.includes(echo), `${status} echoes the request`);
}

for (const backend of backends) {
  describe(`issue 16 findings on ${backend.name}`, () => {
    let storage: Storage;
    let app: FastifyInstance;
    let visits: VisitCounter;
    let port: number;
    let at = Date.parse('2024-07-15T03:00:00Z');
    const start = async (options: Partial<AppOptions> = {}) => {
      const built = await buildApp({ keys: testKeys, storage, sites: registry(), now: () => at, ...options });
      await built.app.listen({ port: 0, host: '127.0.0.1' });
      return { ...built, port: (built.app.server.address() as AddressInfo).port };
    };
    before(async () => {
      storage = await backend.create();
      ({ app, visits, port } = await start());
    });
    after(async () => {
      await app.close();
      await storage.close();
    });
    const url = (path: string, p = port) => `http://127.0.0.1:${p}/api/v1${path}`;

    it('1: answers ids of 101 to 200 characters on every route, and refuses 201 with 400', async () => {
      const headers = { 'x-visitor-id': 'long-id-visitor-0001' };
      for (const length of [101, 150, 200]) {
        const item = `bai-viet-${'a'.repeat(length - 9)}`;
        assert.equal(item.length, length);
        assert.equal((await fetch(url(`/ratings/${item}`))).status, 200);
        assert.equal((await fetch(url(`/ratings/${item}/vote`), { headers })).status, 200);
        assert.equal(
          (
            await fetch(url(`/ratings/${item}/vote`), {
              method: 'PUT',
              headers: { ...headers, 'content-type': 'application/json' },
              body: '{"score":3}',
            })
          ).status,
          200,
        );
        assert.equal((await fetch(url(`/ratings/${item}/vote`), { method: 'DELETE', headers })).status, 200);
        assert.equal((await fetch(url(`/related/${item}`))).status, 200);
        assert.equal((await fetch(url(`/sites/phuong-a/ratings/${item}`))).status, 200);
      }
      const tooLong = await fetch(url(`/ratings/${'a'.repeat(201)}`));
      assert.equal(tooLong.status, 400);
      assert.deepEqual(await tooLong.json(), { error: 'invalid request' });
    });

    it('2: refuses an unauthenticated 8 MB article index at once, without reading it, and nothing else slows', async () => {
      process.env.FINDINGS_TOKEN = 'findings-token-1234';
      const started = Date.now();
      const refused = new Promise<{ status: number; ms: number }>((resolve, reject) => {
        const put = request(
          url('/articles'),
          { method: 'PUT', headers: { 'content-type': 'application/json', 'content-length': 8_000_000 } },
          (response) => {
            response.resume();
            resolve({ status: response.statusCode!, ms: Date.now() - started });
            put.destroy();
          },
        );
        put.on('error', (error) =>
          error.message.includes('EPIPE') || error.message.includes('ECONNRESET') ? undefined : reject(error),
        );
        // A deeply nested array, written in chunks, as the attack sent it.
        const chunk = '['.repeat(64 * 1024);
        let sent = 0;
        const write = () => {
          while (sent < 4_000_000 && !put.destroyed) {
            sent += chunk.length;
            if (!put.write(chunk)) return put.once('drain', write);
          }
        };
        write();
      });
      const stats = (async () => {
        const t0 = Date.now();
        await (await fetch(url('/stats'))).json();
        return Date.now() - t0;
      })();
      const [{ status, ms }, statsMs] = await Promise.all([refused, stats]);
      assert.equal(status, 401);
      assert.ok(ms < 1000, `401 after ${ms} ms`);
      assert.ok(statsMs < 1000, `a concurrent GET stats took ${statsMs} ms`);
    });

    it('3: trusts only the proxy hops the operator names: a forged X-Forwarded-For changes nothing', async () => {
      // TRUST_PROXY: a hop count, or the proxies' addresses and CIDRs; never "everything".
      assert.equal(parseTrustProxy('1'), 1);
      assert.equal(parseTrustProxy(' 2 '), 2);
      assert.deepEqual(parseTrustProxy('10.0.0.1, 192.168.0.0/16'), ['10.0.0.1', '192.168.0.0/16']);
      assert.equal(parseTrustProxy(''), undefined);
      assert.equal(parseTrustProxy(undefined), undefined);
      const proxied = await start({ trustProxy: 1, limits: { perAddress: 20 } });
      const listed = await start({ trustProxy: ['127.0.0.1'], limits: { perAddress: 20 } });
      try {
        for (const server of [proxied, listed]) {
          const statuses = [];
          for (let i = 0; i < 50; i++) {
            const forged = { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` };
            statuses.push((await fetch(url('/ratings/xff', server.port), { headers: forged })).status);
          }
          assert.equal(
            statuses.filter((s) => s === 200).length,
            20,
            'the real client (the proxy’s last hop) is limited',
          );
          assert.equal(statuses.filter((s) => s === 429).length, 30);
        }
        at += 3_600_000;
        const site = `xff-${Date.now()}`;
        const viewsToday = async () => (await storage.views('phuong-a', '2024-07-15')).days.get('2024-07-15') ?? 0;
        const before = await viewsToday();
        for (let i = 0; i < 50; i++) {
          await proxied.app.inject({
            method: 'POST',
            url: '/api/v1/stats/hits',
            headers: {
              'content-type': 'text/plain',
              'user-agent': BROWSER,
              'x-forwarded-for': `198.51.100.${i}, 203.0.113.${(i % 2) + 7}`,
            },
            payload: JSON.stringify({ path: `/${site}` }),
          });
        }
        await proxied.visits.flush();
        assert.equal((await viewsToday()) - before, 2, '50 forged hits from 2 real clients count as 2 views');
        assert.equal(await storage.online('phuong-a', at - 1), 2, 'and as 2 visitors online');
      } finally {
        await proxied.app.close();
        await listed.app.close();
      }
    });

    it('4: caps votes on one article per address, however the visitor id rotates, yet an office votes on many', async () => {
      const rotating = await start({ limits: { votesPerItemPerAddress: 60 } });
      try {
        const vote = (item: string, visitor: string) =>
          rotating.app.inject({
            method: 'PUT',
            url: `/api/v1/ratings/${item}/vote`,
            headers: { 'x-visitor-id': visitor, 'content-type': 'application/json' },
            payload: '{"score":5}',
            remoteAddress: '100.64.1.1',
          });
        const statuses = [];
        for (let i = 0; i < 200; i++)
          statuses.push((await vote('one-article', `rotating-${String(i).padStart(10, '0')}`)).statusCode);
        assert.equal(statuses.filter((s) => s === 200).length, 60);
        assert.equal((await rotating.app.inject('/api/v1/ratings/one-article')).json().count, 60);
        // A ward office behind one NAT address: 40 staff each rate 5 articles.
        for (let article = 0; article < 5; article++) {
          for (let staff = 0; staff < 40; staff++) {
            assert.equal(
              (await vote(`office-article-${article}`, `office-staff-${String(staff).padStart(8, '0')}`)).statusCode,
              200,
            );
          }
        }
      } finally {
        await rotating.app.close();
      }
    });

    it('5: answers the framework’s own errors with the security headers and {"error"}, never echoing the URL', async () => {
      const marker = 'echo-marker';
      assertErrorAnswer(
        await raw(port, `GET /api/v1/ratings/%E0%A4%A${marker} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
        400,
        marker,
      );
      // A malformed site name is no site: 404, the same as any unknown one.
      assertErrorAnswer(
        await raw(port, `GET /api/v1/sites/%E0%A4%A${marker}/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
        404,
        marker,
      );
      assertErrorAnswer(
        await raw(
          port,
          `GET /api/v1/ratings/${marker}${'a'.repeat(1200)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        ),
        414,
        marker,
      );
      assertErrorAnswer(
        await raw(port, `GET /api/v1/stats HTTP/1.1\r\nHost: x\r\nX-${marker}: ${'a'.repeat(20_000)}\r\n\r\n`),
        431,
        marker,
      );
      assertErrorAnswer(await raw(port, `${marker} / HTTP/1.1\r\n\r\n`), 400, marker);
      assertErrorAnswer(
        await raw(
          port,
          `PUT /api/v1/ratings/a/vote HTTP/1.1\r\nHost: x\r\nx-visitor-id: aaaaaaaaaaaaaaaaaaaa\r\ncontent-type: application/${marker}\r\ncontent-length: 3\r\nConnection: close\r\n\r\n<a>`,
        ),
        415,
        marker,
      );
      assertErrorAnswer(
        await raw(
          port,
          `PUT /api/v1/ratings/a/vote HTTP/1.1\r\nHost: x\r\nx-visitor-id: aaaaaaaaaaaaaaaaaaaa\r\ncontent-type: application/json\r\ncontent-length: 20000\r\nConnection: close\r\n\r\n${'1'.repeat(20000)}`,
        ),
        413,
        marker,
      );
    });

    it('7: a copy of the database reveals no address and no visitor id', async () => {
      const ip = '127.0.0.1';
      const site = 'phuong-a';
      const id = 'secret-visitor-id-0001';
      await app.inject({
        method: 'POST',
        url: '/api/v1/stats/hits',
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER },
        payload: '{"path":"/dump"}',
        remoteAddress: ip,
      });
      await visits.flush();
      await app.inject({
        method: 'PUT',
        url: '/api/v1/ratings/dump/vote',
        headers: { 'x-visitor-id': id },
        payload: { score: 4 },
      });
      const dump = await tables(backend.name, storage);
      const text = JSON.stringify(dump);
      assert.ok(!text.includes(id), 'the visitor id is stored as a keyed hash');
      assert.ok(dump.votes.some((row) => row.item === 'dump'));
      // The attack: hash every candidate address with the stored salt, as the previous release did.
      const hashes = new Set(dump.recent_visitors.map((row) => String(row.visitor)));
      assert.ok(hashes.size > 0);
      for (const { salt } of dump.salts) {
        for (const candidate of [ip, '10.0.0.1', '::1', '::ffff:127.0.0.1']) {
          const guess = createHash('sha256')
            .update(`${salt}\u0000${site}\u0000${candidate}\u0000${BROWSER}`)
            .digest('hex')
            .slice(0, 32);
          assert.ok(!hashes.has(guess), `${candidate} recovered from the stored salt`);
        }
      }
    });
  });
}

/** Every row of the tables that hold visitors, read as a dump would. */
async function tables(
  kind: string,
  storage: Storage,
): Promise<Record<'votes' | 'recent_visitors' | 'salts', Record<string, unknown>[]>> {
  const names = ['votes', 'recent_visitors', 'salts'] as const;
  if (kind === 'sqlite') {
    const db = new Database(Reflect.get(Reflect.get(storage, 'db'), 'name') as string, { readonly: true });
    const out = Object.fromEntries(names.map((name) => [name, db.prepare(`SELECT * FROM ${name}`).all()]));
    db.close();
    return out as Record<(typeof names)[number], Record<string, unknown>[]>;
  }
  const pool = Reflect.get(storage, 'pool') as pg.Pool;
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const name of names) out[name] = (await pool.query(`SELECT * FROM ${name}`)).rows;
  return out as Record<(typeof names)[number], Record<string, unknown>[]>;
}
