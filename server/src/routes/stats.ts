import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServiceContext } from '../context.js';
import type { StatsSnapshots } from '../stats-snapshot.js';
import { sendCached, STATS_MAX_AGE } from './conditional.js';
import { siteFor } from './site-hook.js';

/** The visit counter's numbers: the service's hottest read, served from a snapshot at most a second old. */
export const statsRoutes: FastifyPluginAsyncTypebox<{ context: ServiceContext; snapshots: StatsSnapshots }> = async (
  scope,
  { snapshots },
) => {
  scope.get('/stats', async (request, reply) =>
    sendCached(request, reply, await snapshots.get(siteFor(request)), STATS_MAX_AGE),
  );
};
