import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../context.js';
import { sendError } from '../plugins/errors.js';
import { parseArticles, type Site } from '../sites.js';
import { siteFor } from './site-hook.js';

function authorized(site: Site, header: string | undefined): boolean {
  const expected = site.tokenEnv ? process.env[site.tokenEnv] : undefined;
  const given = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
  return (
    Boolean(expected) &&
    given.length === expected!.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(expected!))
  );
}

/**
 * Checked as the request arrives, before a byte of the body is read: an unauthenticated 8 MB body gets its 401 at
 * once and costs no parsing. The connection is closed after the answer, so the body is not read to its end either.
 */
function requireToken(request: FastifyRequest, reply: FastifyReply, done: () => void) {
  if (authorized(siteFor(request), request.headers.authorization)) return done();
  sendError(reply.header('connection', 'close'), 401, 'unauthorized');
}

/** A CMS pushes a site's article index (bearer token); kept in the database so a restart serves the same one. */
export const articleRoutes: FastifyPluginAsyncTypebox<{ context: ServiceContext }> = async (scope, { context }) => {
  scope.put('/articles', { bodyLimit: 8 * 1024 * 1024, onRequest: requireToken }, async (request, reply) => {
    const site = siteFor(request);
    let articles;
    try {
      articles = parseArticles(request.body);
    } catch {
      return sendError(reply, 400, 'invalid article index');
    }
    // Kept in the database before the answer: a restart serves the same index (unless its file is newer).
    const at = Date.now();
    await context.storage.saveArticles(site.id, JSON.stringify(articles), at);
    context.sites.setArticles(site, articles, at);
    return { articles: articles.length };
  });
};
