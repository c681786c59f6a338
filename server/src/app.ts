import { timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { dayIn, isoIn, previousDay, previousMonth } from './calendar.js';
import { parseArticles, type Site, type SiteRegistry } from './sites.js';
import type { Storage } from './storage/types.js';
import { addressKey, WindowLimiter } from './limiter.js';
import { isBot, ONLINE_MS, VisitCounter } from './visits.js';

export interface AppOptions {
  storage: Storage;
  sites: SiteRegistry;
  now?: () => number;
  /** Serve the demo portal page and the CDN bundles (npm start). */
  demo?: boolean;
  /** Requests per minute: per visitor for votes, per address for everything. */
  limits?: { votesPerVisitor: number; votesPerAddress: number; perAddress: number };
}

const ITEM = { type: 'string', pattern: '^[A-Za-z0-9._~-]{1,200}$' } as const;
const SITE = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } as const;
const VISITOR = { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' } as const;
const root = fileURLToPath(new URL('../..', import.meta.url));

declare module 'fastify' {
  interface FastifyRequest {
    site?: Site;
  }
}

/** The visitor id header, already checked by the route schema. */
const visitorOf = (request: FastifyRequest) => String(request.headers['x-visitor-id']);

export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; visits: VisitCounter }> {
  const { storage, sites } = options;
  const now = options.now ?? Date.now;
  const limits = options.limits ?? { votesPerVisitor: 30, votesPerAddress: 600, perAddress: 3000 };
  const visits = new VisitCounter(storage, now);
  const app = Fastify({
    bodyLimit: 16 * 1024,
    // Logs carry no addresses (personal data under decree 13/2023): only method, URL and status.
    logger: process.env.LOG
      ? { serializers: { req: (req) => ({ method: req.method, url: req.url }), res: (res) => ({ statusCode: res.statusCode }) } }
      : false,
    trustProxy: process.env.TRUST_PROXY === '1',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  });

  // Hits come as text/plain (no CORS preflight): parse the JSON here, the route schema checks it.
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('invalid JSON'), { statusCode: 400 }), undefined);
    }
  });

  // Security headers are set as the request arrives (an onSend hook per answer cost measurable throughput); they stay
  // on every answer, errors included. Pages also get a CSP; the API answers JSON and 204s.
  const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'self'";
  const SECURITY_HEADERS = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'SAMEORIGIN',
  };
  const PAGE_HEADERS = { ...SECURITY_HEADERS, 'content-security-policy': CSP };

  app.setErrorHandler((error: { statusCode?: number; validation?: unknown }, request, reply) => {
    reply.headers(SECURITY_HEADERS);
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error(error);
    // Never a stack trace: a short, fixed message.
    reply.status(status).send({ error: status === 500 ? 'internal error' : error.validation ? 'invalid request' : 'bad request' });
  });
  app.setNotFoundHandler((_request, reply) => reply.headers(SECURITY_HEADERS).status(404).send({ error: 'not found' }));

  // Requests per minute: generous per address (a ward office shares one NAT address among all its staff); votes get
  // two limits of their own, both checked: per visitor (strict) and per address (generous, for offices).
  const perAddress = new WindowLimiter(limits.perAddress, 60_000, now);
  const votesPerAddress = new WindowLimiter(limits.votesPerAddress, 60_000, now);
  const votesPerVisitor = new WindowLimiter(limits.votesPerVisitor, 60_000, now);
  const tooMany = (reply: FastifyReply, seconds: number) =>
    reply.headers(SECURITY_HEADERS).status(429).header('retry-after', String(seconds)).send({ error: 'too many requests' });

  // Security headers, CORS per site (each site lists its portals' origins) and the per-address limit, in one
  // synchronous hook: @fastify/cors's per-request options delegate cost a third of the hit route's throughput
  // (12,500 -> 17,800 req/s without it), the rate-limit plugin's async hook another tenth.
  const ALLOW_METHODS = 'GET, PUT, DELETE, POST';
  const ALLOW_HEADERS = 'content-type, x-visitor-id, authorization';
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.url.startsWith('/api/')) {
      reply.headers(PAGE_HEADERS);
      return done();
    }
    // A hit is answered with a bare 204: no body for the headers below to protect, and not cacheable. Errors on that
    // route get them from the error handler, since they do carry a body.
    if (request.method !== 'POST' || !request.url.endsWith('/stats/hits')) {
      reply.headers(SECURITY_HEADERS);
      reply.header('vary', 'Origin');
    }
    const origin = request.headers.origin;
    if (origin) {
      const match = /^\/api\/v1\/sites\/([^/?]+)/.exec(request.url);
      const site = match ? sites.sites.get(match[1]) : sites.single;
      if (site?.origins.includes(origin)) {
        reply.header('access-control-allow-origin', origin);
        if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
          // A preflight: answered here, before routing (there are no OPTIONS routes), and not counted.
          reply
            .header('access-control-allow-methods', ALLOW_METHODS)
            .header('access-control-allow-headers', ALLOW_HEADERS)
            .header('access-control-max-age', '600')
            .code(204)
            .send();
          return;
        }
      }
    }
    const wait = perAddress.take(addressKey(request.ip));
    if (wait) {
      tooMany(reply, wait);
      return;
    }
    done();
  });

  const VISITOR_ID = new RegExp(VISITOR.pattern);
  function limitVotes(request: FastifyRequest, reply: FastifyReply, done: () => void) {
    // This runs before the schema: a visitor id that the schema will refuse is not a key (keys stay short and few).
    const address = addressKey(request.ip);
    const id = request.headers['x-visitor-id'];
    const visitor = typeof id === 'string' && VISITOR_ID.test(id) ? id : '';
    const wait = votesPerAddress.take(address) || votesPerVisitor.take(`${address}|${visitor}`);
    if (wait) {
      tooMany(reply, wait);
      return;
    }
    done();
  }
  const voteRoute = { onRequest: limitVotes };

  /** The site a request is for: the single site under /api/v1, else the one named in the path. */
  function siteOf(request: FastifyRequest): Site | undefined {
    const param = (request.params as { site?: string }).site;
    return param === undefined ? sites.single : sites.sites.get(param);
  }

  // Also answered by the hit route, whose answers get no security headers from the first hook.
  const unknownSite = (reply: FastifyReply) => reply.headers(SECURITY_HEADERS).status(404).send({ error: 'unknown site' });

  function resolveSite(request: FastifyRequest, reply: FastifyReply, done: () => void) {
    const site = siteOf(request);
    if (!site) {
      unknownSite(reply);
      return;
    }
    request.site = site;
    done();
  }

  const withAverage = (site: Site, { count, sum }: { count: number; sum: number }) => ({
    count,
    sum,
    average: count ? Math.round((sum / count) * 100) / 100 : 0,
    max: site.max,
  });
  const aggregateOf = async (site: Site, item: string) => withAverage(site, await storage.aggregate(site.id, item));

  const routes = async (outer: FastifyInstance) => {
    const hitBody = {
      type: 'object',
      required: ['path'],
      additionalProperties: false,
      properties: { path: { type: 'string', minLength: 1, maxLength: 2048, pattern: '^/' }, referrer: { type: 'string', maxLength: 2048 } },
    };
    // Not async: a hit is buffered synchronously (but for the day's first), and the 204 goes out in the same tick.
    // Outside the scope below, it finds its site itself: one hook less on the busiest route.
    outer.post('/stats/hits', { schema: { body: hitBody } }, (request, reply) => {
      const site = siteOf(request);
      if (!site) return unknownSite(reply);
      const userAgent = request.headers['user-agent'];
      const pending = isBot(userAgent, request.headers)
        ? undefined
        : visits.record(site.id, site.timeZone, request.ip, userAgent!, (request.body as { path: string }).path);
      if (pending) pending.then(() => reply.status(204).send(), (error: Error) => reply.send(error));
      else reply.status(204).send();
      return reply;
    });

    await outer.register(sitedRoutes);
  };

  // Every other route gets its site from a hook, before its schema is checked.
  const sitedRoutes = async (scope: FastifyInstance) => {
    scope.addHook('onRequest', resolveSite);
    const itemParams = { type: 'object', properties: { item: ITEM, site: SITE }, required: ['item'] };
    const visitorHeaders = { type: 'object', properties: { 'x-visitor-id': VISITOR }, required: ['x-visitor-id'] };

    scope.get('/ratings/:item', { schema: { params: itemParams } }, async (request) =>
      aggregateOf(request.site!, (request.params as { item: string }).item),
    );
    scope.get('/ratings/:item/vote', { schema: { params: itemParams, headers: visitorHeaders } }, async (request) => ({
      score: await storage.vote(request.site!.id, (request.params as { item: string }).item, visitorOf(request)),
    }));
    const voteBody = { type: 'object', required: ['score'], additionalProperties: false, properties: { score: { type: 'integer' } } };
    scope.put(
      '/ratings/:item/vote',
      { schema: { params: itemParams, headers: visitorHeaders, body: voteBody }, ...voteRoute },
      async (request, reply) => {
        const site = request.site!;
        const { score } = request.body as { score: number };
        if (score < 1 || score > site.max) return reply.status(422).send({ error: `score must be 1..${site.max}` });
        const item = (request.params as { item: string }).item;
        // Written before the response: a 2xx means the vote is on disk.
        return { ...withAverage(site, await storage.setVote(site.id, item, visitorOf(request), score)), score };
      },
    );
    scope.delete(
      '/ratings/:item/vote',
      { schema: { params: itemParams, headers: visitorHeaders }, ...voteRoute },
      async (request) => {
        const site = request.site!;
        const item = (request.params as { item: string }).item;
        return { ...withAverage(site, await storage.setVote(site.id, item, visitorOf(request), null)), score: null };
      },
    );

    scope.get('/stats', async (request) => {
      const site = request.site!;
      const at = now();
      const today = dayIn(site.timeZone, at);
      const month = today.slice(0, 7);
      const lastMonth = previousMonth(month);
      const year = today.slice(0, 4);
      const from = `${lastMonth}-01` < `${year}-01-01` ? `${lastMonth}-01` : `${year}-01-01`;
      const { days, total } = await storage.views(site.id, from);
      let thisMonth = 0;
      let last = 0;
      let thisYear = 0;
      for (const [day, views] of days) {
        if (day.startsWith(month)) thisMonth += views;
        if (day.startsWith(lastMonth)) last += views;
        if (day.startsWith(year)) thisYear += views;
      }
      return {
        timeZone: site.timeZone,
        asOf: isoIn(site.timeZone, at),
        online: await storage.online(site.id, at - ONLINE_MS),
        today: days.get(today) ?? 0,
        yesterday: days.get(previousDay(today)) ?? 0,
        thisMonth,
        lastMonth: last,
        thisYear,
        total,
      };
    });

    scope.get('/related/:item', { schema: { params: itemParams } }, async (request) => ({
      items: request.site!.related.get((request.params as { item: string }).item) ?? [],
    }));

    scope.put('/articles', { bodyLimit: 8 * 1024 * 1024 }, async (request, reply) => {
      const site = request.site!;
      const expected = site.tokenEnv ? process.env[site.tokenEnv] : undefined;
      const given = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1] ?? '';
      const ok = Boolean(expected) && given.length === expected!.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected!));
      if (!ok) return reply.status(401).send({ error: 'unauthorized' });
      let articles;
      try {
        articles = parseArticles(request.body);
      } catch {
        return reply.status(400).send({ error: 'invalid article index' });
      }
      // Kept in the database before the answer: a restart serves the same index (unless its file is newer).
      const at = Date.now();
      await storage.saveArticles(site.id, JSON.stringify(articles), at);
      sites.setArticles(site, articles, at);
      return { articles: articles.length };
    });
  };

  // Indexes pushed before a restart, where they are newer than the site's file: one query for when each was pushed,
  // then only those indexes are read (a province may host hundreds of sites, most with a current file).
  const pushedAt = await storage.pushedArticleTimes();
  for (const site of sites.sites.values()) {
    if ((pushedAt.get(site.id) ?? 0) <= site.indexAt) continue;
    const pushed = await storage.pushedArticles(site.id);
    // A push is only ever replaced by a newer one, so this one is newer than the file too.
    if (pushed) sites.setArticles(site, parseArticles(JSON.parse(pushed.json)), pushed.at);
  }

  await app.register(routes, { prefix: '/api/v1/sites/:site' });
  if (sites.single) await app.register(routes, { prefix: '/api/v1' });

  if (options.demo) {
    await app.register(fastifyStatic, { root: `${root}demo`, prefix: '/', index: 'index.html' });
    await app.register(fastifyStatic, { root: `${root}dist/cdn`, prefix: '/dist/cdn/', decorateReply: false });
  }

  app.addHook('onClose', async () => {
    await visits.flush();
  });
  return { app, visits };
}
