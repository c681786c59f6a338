import type { RelatedResult } from './related.js';
import { etagOf, type CachedBody } from './stats-snapshot.js';

const EMPTY = JSON.stringify({ items: [] });
export const EMPTY_RELATED: CachedBody = { body: EMPTY, etag: etagOf(EMPTY) };

/**
 * Each item's related-articles answer, serialized once per index: the cache hangs on the index's map, so a new index
 * starts a new cache. Shared by the route and the hot reads.
 */
export class RelatedAnswers {
  private readonly answers = new WeakMap<Map<string, RelatedResult[]>, Map<string, CachedBody>>();

  /** The answer for an item of the index, or undefined when the index does not hold it. */
  find(related: Map<string, RelatedResult[]>, item: string): CachedBody | undefined {
    const items = related.get(item);
    if (!items) return undefined;
    let cache = this.answers.get(related);
    if (!cache) this.answers.set(related, (cache = new Map()));
    let answer = cache.get(item);
    if (!answer) {
      const body = JSON.stringify({ items });
      cache.set(item, (answer = { body, etag: etagOf(body) }));
    }
    return answer;
  }
}
