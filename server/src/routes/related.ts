import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServiceContext } from '../context.js';
import type { RelatedResult } from '../related.js';
import { ItemParams } from '../schemas.js';
import { etagOf, type CachedBody } from '../stats-snapshot.js';
import { sendCached } from './conditional.js';
import { siteFor } from './site-hook.js';

const EMPTY = JSON.stringify({ items: [] });
const EMPTY_ANSWER: CachedBody = { body: EMPTY, etag: etagOf(EMPTY) };

/**
 * Articles related to an item, ranked when the index changes. Each item's answer is serialized once per index (the
 * cache hangs on the index's map, so a new index starts a new cache).
 */
export const relatedRoutes: FastifyPluginAsyncTypebox<{ context: ServiceContext }> = async (scope) => {
  const answers = new WeakMap<Map<string, RelatedResult[]>, Map<string, CachedBody>>();
  const answerFor = (related: Map<string, RelatedResult[]>, item: string): CachedBody => {
    const items = related.get(item);
    if (!items) return EMPTY_ANSWER;
    let cache = answers.get(related);
    if (!cache) answers.set(related, (cache = new Map()));
    let answer = cache.get(item);
    if (!answer) {
      const body = JSON.stringify({ items });
      cache.set(item, (answer = { body, etag: etagOf(body) }));
    }
    return answer;
  };
  scope.get('/related/:item', { schema: { params: ItemParams } }, (request, reply) =>
    // A minute: a new index reaches visitors within it, and a page's repeat views are served by the browser.
    sendCached(request, reply, answerFor(siteFor(request).related, request.params.item), 60),
  );
};
