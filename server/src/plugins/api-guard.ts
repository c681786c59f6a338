import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { pathParam, type ServiceContext } from '../context.js';
import { addressKey, WindowLimiter } from '../limiter.js';
import { VISITOR_PATTERN } from '../schemas.js';
import { PAGE_HEADERS, SECURITY_HEADERS } from './headers.js';

const ALLOW_METHODS = 'GET, PUT, DELETE, POST';
const ALLOW_HEADERS = 'content-type, x-visitor-id, authorization, if-none-match';
const SITE_IN_PATH = /^\/api\/v1\/sites\/([^/?]+)/;

export function tooMany(reply: FastifyReply, seconds: number): FastifyReply {
  return reply
    .headers(SECURITY_HEADERS)
    .status(429)
    .header('retry-after', String(seconds))
    .send({ error: 'too many requests' });
}

/** The request's origin when it is one of the site's (the site named in the URL, else the single site). */
export function allowedOrigin(context: ServiceContext, url: string, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  const match = SITE_IN_PATH.exec(url);
  const site = match ? context.sites.sites.get(match[1]) : context.sites.single;
  return site?.origins.includes(origin) ? origin : undefined;
}

/** Answers a CORS preflight from one of the site's origins; true when it did. Marks allowed origins on any answer. */
function cors(context: ServiceContext, request: FastifyRequest, reply: FastifyReply): boolean {
  const origin = allowedOrigin(context, request.url, request.headers.origin);
  if (!origin) return false;
  reply.header('access-control-allow-origin', origin);
  if (request.method !== 'OPTIONS' || !request.headers['access-control-request-method']) return false;
  // A preflight: answered here, before routing (there are no OPTIONS routes), and not counted.
  reply
    .header('access-control-allow-methods', ALLOW_METHODS)
    .header('access-control-allow-headers', ALLOW_HEADERS)
    .header('access-control-max-age', '600')
    .code(204)
    .send();
  return true;
}

/**
 * Security headers, CORS per site (each site lists its portals' origins) and the per-address limit, in one synchronous
 * hook on every request: @fastify/cors's per-request options delegate cost a third of the hit route's throughput
 * (12,500 -> 17,800 req/s without it), @fastify/rate-limit's async hook another tenth. `perAddress` is the counter
 * the hot reads also count on, so an address has one allowance whichever path answers it.
 */
export function installApiGuard(app: FastifyInstance, context: ServiceContext, perAddress: WindowLimiter): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.url.startsWith('/api/')) {
      reply.headers(PAGE_HEADERS);
      return done();
    }
    // A hit is answered with a bare 204: no body for the headers to protect, and not cacheable. Errors on that route
    // get them from the error handler, since they do carry a body.
    if (request.method !== 'POST' || !request.url.endsWith('/stats/hits')) {
      reply.headers(SECURITY_HEADERS);
      reply.header('vary', 'Origin');
    }
    if (cors(context, request, reply)) return;
    const wait = perAddress.take(addressKey(request.ip));
    if (wait) {
      tooMany(reply, wait);
      return;
    }
    done();
  });
}

/**
 * The vote routes' own limits, all checked: per visitor (strict), per address (generous, for offices) and per article
 * per address (so one address rotating made-up visitor ids cannot pile votes on one article).
 */
export function voteLimiter(context: ServiceContext): onRequestHookHandler {
  const { limits, now } = context;
  const perAddress = new WindowLimiter(limits.votesPerAddress, 60_000, now);
  const perVisitor = new WindowLimiter(limits.votesPerVisitor, 60_000, now);
  const perItem = new WindowLimiter(limits.votesPerItemPerAddress, 3_600_000, now);
  const visitorPattern = new RegExp(VISITOR_PATTERN);
  return (request, reply, done) => {
    // This runs before the schema: a visitor id that the schema will refuse is not a key (keys stay short and few).
    const address = addressKey(request.ip);
    const id = request.headers['x-visitor-id'];
    const visitor = typeof id === 'string' && visitorPattern.test(id) ? id : '';
    const item = `${pathParam(request.params, 'site') ?? ''}/${pathParam(request.params, 'item') ?? ''}`;
    const wait =
      perAddress.take(address) || perVisitor.take(`${address}|${visitor}`) || perItem.take(`${address}|${item}`);
    if (wait) {
      tooMany(reply, wait);
      return;
    }
    done();
  };
}
