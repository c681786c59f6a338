import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServiceContext } from '../context.js';
import { voteLimiter } from '../plugins/api-guard.js';
import { sendError } from '../plugins/errors.js';
import { ItemParams, VisitorHeaders, VoteBody, type Aggregate } from '../schemas.js';
import type { Site } from '../sites.js';
import { siteFor } from './site-hook.js';

export const withAverage = (site: Site, { count, sum }: { count: number; sum: number }): Aggregate => ({
  count,
  sum,
  average: count ? Math.round((sum / count) * 100) / 100 : 0,
  max: site.max,
});

/** An item's aggregate rating, and one visitor's own vote: read, cast or replace, withdraw. */
export const ratingRoutes: FastifyPluginAsyncTypebox<{ context: ServiceContext }> = async (scope, { context }) => {
  const { storage, keys } = context;
  const onRequest = voteLimiter(context);
  const voteSchema = { params: ItemParams, headers: VisitorHeaders };

  scope.get('/ratings/:item', { schema: { params: ItemParams } }, async (request) => {
    const site = siteFor(request);
    return withAverage(site, await storage.aggregate(site.id, request.params.item));
  });

  scope.get('/ratings/:item/vote', { schema: voteSchema }, async (request) => ({
    score: await storage.vote(siteFor(request).id, request.params.item, keys.visitor(request.headers['x-visitor-id'])),
  }));

  scope.put('/ratings/:item/vote', { schema: { ...voteSchema, body: VoteBody }, onRequest }, async (request, reply) => {
    const site = siteFor(request);
    const { score } = request.body;
    if (score < 1 || score > site.max) return sendError(reply, 422, `score must be 1..${site.max}`);
    const visitor = keys.visitor(request.headers['x-visitor-id']);
    // Written before the response: a 2xx means the vote is on disk.
    return { ...withAverage(site, await storage.setVote(site.id, request.params.item, visitor, score)), score };
  });

  scope.delete('/ratings/:item/vote', { schema: voteSchema, onRequest }, async (request) => {
    const site = siteFor(request);
    const visitor = keys.visitor(request.headers['x-visitor-id']);
    return { ...withAverage(site, await storage.setVote(site.id, request.params.item, visitor, null)), score: null };
  });
};
