import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedBody } from '../stats-snapshot.js';

/** A minute: a new index reaches visitors within it, and a page's repeat views are served by the browser. */
export const RELATED_MAX_AGE = 60;
/** The counter's snapshot is a second old at most. */
export const STATS_MAX_AGE = 1;
export const JSON_TYPE = 'application/json; charset=utf-8';

/** Whether an If-None-Match header names this ETag (the weak comparison a GET uses), or `*`. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  return Boolean(
    header &&
    (header === etag || header === '*' || header.split(/\s*,\s*/).some((tag) => tag.replace(/^W\//, '') === etag)),
  );
}

/**
 * Sends a cached JSON answer with its validators: 304 without a body when the client (or a proxy) already holds it.
 * `maxAge` lets a proxy or the browser serve repeats for that many seconds without asking.
 */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  { body, etag }: CachedBody,
  maxAge: number,
): FastifyReply {
  reply.header('cache-control', `public, max-age=${maxAge}`).header('etag', etag);
  if (matchesEtag(request.headers['if-none-match'], etag)) return reply.status(304).send();
  return reply.header('content-type', JSON_TYPE).send(body);
}
