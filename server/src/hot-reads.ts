import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { ServiceContext } from './context.js';
import { addressKey, type WindowLimiter } from './limiter.js';
import { allowedOrigin } from './plugins/api-guard.js';
import { SECURITY_HEADERS } from './plugins/headers.js';
import type { RelatedAnswers } from './related-answers.js';
import { JSON_TYPE, matchesEtag, RELATED_MAX_AGE, STATS_MAX_AGE } from './routes/conditional.js';
import type { CachedBody, StatsSnapshots } from './stats-snapshot.js';

/** GET stats or GET related of one site, literally (no query, no percent-encoding): the only URLs served here. */
const HOT_URL = /^\/api\/v1(?:\/sites\/([a-z0-9][a-z0-9-]{0,62}))?\/(?:stats|related\/([A-Za-z0-9._~-]{1,200}))$/;

/** proxy-addr's trust function for X-Forwarded-For, or false: the socket's peer is the client. */
export type Trust = false | ((address: string, hop: number) => boolean);

export interface HotReadOptions {
  context: ServiceContext;
  snapshots: StatsSnapshots;
  related: RelatedAnswers;
  /** The per-address limit every API request counts against (the same counter the Fastify hook uses). */
  perAddress: WindowLimiter;
  /** The trust function Fastify is given too. */
  trust: Trust;
}

/**
 * The two reads every page view makes (the counter, the related list), answered before Fastify sees the request when
 * their answer is already in memory: the same status, headers and body as the routes give (a test compares them),
 * without the router, hooks, schema and reply objects, which cost GET related half its throughput. Anything else (a
 * counter snapshot not yet computed this second, an item not in the index, a query string, an encoded character, a
 * reached limit) returns false and goes on to Fastify, which answers it, or refuses it, in full.
 */
export function hotReads({ context, snapshots, related, perAddress, trust }: HotReadOptions) {
  // The 200 headers of each cached answer, built once (an answer object lives as long as its snapshot or index).
  const okHeaders = new WeakMap<CachedBody, OutgoingHttpHeaders>();
  const headersFor = (answer: CachedBody, maxAge: number): OutgoingHttpHeaders => {
    let headers = okHeaders.get(answer);
    if (!headers) {
      headers = {
        ...SECURITY_HEADERS,
        vary: 'Origin',
        'cache-control': `public, max-age=${maxAge}`,
        etag: answer.etag,
        'content-type': JSON_TYPE,
        'content-length': Buffer.byteLength(answer.body),
      };
      okHeaders.set(answer, headers);
    }
    return headers;
  };

  return (request: IncomingMessage, response: ServerResponse): boolean => {
    if (request.method !== 'GET' || !request.url) return false;
    const match = HOT_URL.exec(request.url);
    if (!match) return false;
    const [, siteName, item] = match;
    const site = siteName === undefined ? context.sites.single : context.sites.sites.get(siteName);
    if (!site) return false;
    const answer = item === undefined ? snapshots.current(site) : related.find(site.related, item);
    if (!answer) return false;
    const address = trust ? proxyAddr(request, trust) : request.socket.remoteAddress;
    // A refused request is not counted, so Fastify's own hook refuses it again, with its 429.
    if (!address || perAddress.take(addressKey(address))) return false;
    let headers = headersFor(answer, item === undefined ? STATS_MAX_AGE : RELATED_MAX_AGE);
    const origin = allowedOrigin(context, request.url, request.headers.origin);
    if (origin) headers = { ...headers, 'access-control-allow-origin': origin };
    if (matchesEtag(request.headers['if-none-match'], answer.etag)) {
      const { 'content-type': _type, 'content-length': _length, ...notModified } = headers;
      response.writeHead(304, notModified).end();
    } else {
      response.writeHead(200, headers).end(answer.body);
    }
    return true;
  };
}
