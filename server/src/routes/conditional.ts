import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedBody } from '../stats-snapshot.js';

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
  const match = request.headers['if-none-match'];
  if (
    match &&
    (match === etag || match === '*' || match.split(/\s*,\s*/).some((tag) => tag.replace(/^W\//, '') === etag))
  ) {
    return reply.status(304).send();
  }
  return reply.header('content-type', 'application/json; charset=utf-8').send(body);
}
