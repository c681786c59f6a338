import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { siteOf, type ServiceContext } from '../context.js';
import { HitBody } from '../schemas.js';
import { isBot } from '../visits.js';
import { unknownSite } from './site-hook.js';

/**
 * Counts one page view: the busiest route of all. Not async: a hit is buffered synchronously (but for the day's first)
 * and the 204 goes out in the same tick. Registered outside the site hook's scope, it finds its site itself: one hook
 * less.
 */
export const hitRoutes: FastifyPluginAsyncTypebox<{ context: ServiceContext }> = async (scope, { context }) => {
  const { sites, visits } = context;
  scope.post('/stats/hits', { schema: { body: HitBody } }, (request, reply) => {
    const site = siteOf(sites, request);
    if (!site) return unknownSite(reply);
    const userAgent = request.headers['user-agent'];
    const pending =
      userAgent === undefined || isBot(userAgent, request.headers)
        ? undefined
        : visits.record(site.id, site.timeZone, request.ip, userAgent, request.body.path);
    if (pending)
      pending.then(
        () => reply.status(204).send(),
        (error: Error) => reply.send(error),
      );
    else reply.status(204).send();
    return reply;
  });
};
