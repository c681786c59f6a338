import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServiceContext } from '../context.js';
import { EMPTY_RELATED, type RelatedAnswers } from '../related-answers.js';
import { ItemParams } from '../schemas.js';
import { RELATED_MAX_AGE, sendCached } from './conditional.js';
import { siteFor } from './site-hook.js';

/** Articles related to an item, ranked when the index changes and serialized once per index. */
export const relatedRoutes: FastifyPluginAsyncTypebox<{ context: ServiceContext; related: RelatedAnswers }> = async (
  scope,
  { related },
) => {
  scope.get('/related/:item', { schema: { params: ItemParams } }, (request, reply) =>
    sendCached(
      request,
      reply,
      related.find(siteFor(request).related, request.params.item) ?? EMPTY_RELATED,
      RELATED_MAX_AGE,
    ),
  );
};
