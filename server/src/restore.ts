import { parseArticles, type SiteRegistry } from './sites.js';
import type { Storage } from './storage/types.js';

/**
 * Article indexes pushed before a restart, where they are newer than the site's file: one query for when each was
 * pushed, then only those indexes are read (a province may host hundreds of sites, most with a current file).
 */
export async function restorePushedIndexes(storage: Storage, sites: SiteRegistry): Promise<void> {
  const pushedAt = await storage.pushedArticleTimes();
  for (const site of sites.sites.values()) {
    if ((pushedAt.get(site.id) ?? 0) <= site.indexAt) continue;
    const pushed = await storage.pushedArticles(site.id);
    // A push is only ever replaced by a newer one, so this one is newer than the file too.
    if (pushed) sites.setArticles(site, parseArticles(JSON.parse(pushed.json)), pushed.at);
  }
}

/**
 * Several instances on one database: an index pushed through one of them reaches the others within `everyMs` (one
 * small query a tick: when each site's index was last pushed). Returns the function that stops watching.
 */
export function watchPushedIndexes(storage: Storage, sites: SiteRegistry, everyMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    restorePushedIndexes(storage, sites)
      .catch((error: Error) => console.error(`article indexes: not re-read from the database: ${error.message}`))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
