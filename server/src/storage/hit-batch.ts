import type { Hit } from './types.js';

/**
 * Plans a batch of hits so the database is asked once per (site, visitor, path) and once per visitor, not once per
 * hit: a busy page sends the same visitor's reloads many times a second, and each statement costs the event loop.
 * The answers stay exactly those of asking hit by hit (see `nextRound`).
 */

/** Identifies one page of one visitor on one site. */
export const viewKey = (view: { site: string; visitor: string; path: string }) =>
  `${view.site}\u0000${view.visitor}\u0000${view.path}`;

/** The first hit of each (site, visitor, path), in order, and the hits left for later rounds. */
export function firstPerPage(hits: Hit[]): { first: Hit[]; rest: Hit[] } {
  const seen = new Set<string>();
  const first: Hit[] = [];
  const rest: Hit[] = [];
  for (const hit of hits) {
    const key = viewKey(hit);
    if (seen.has(key)) rest.push(hit);
    else {
      seen.add(key);
      first.push(hit);
    }
  }
  return { first, rest };
}

/**
 * The hits still to ask about after a round, given each asked page's last counted view (the hit the round just
 * counted, or the stored view that made it a repeat). A hit within `repeatMs` of it is a repeat without asking;
 * a later one goes to the next round, where the database decides. Rounds advance by at least `repeatMs`, so a batch
 * of a few seconds takes one round, or two when a page falls due inside it.
 */
export function nextRound(rest: Hit[], lastCounted: Map<string, number>, repeatMs: number): Hit[] {
  return rest.filter((hit) => {
    const at = lastCounted.get(viewKey(hit));
    return at === undefined || hit.at - at >= repeatMs;
  });
}

/** Counted views added up per (site, day). */
export function viewsPerDay(counted: Hit[]): { site: string; day: string; views: number }[] {
  const days = new Map<string, { site: string; day: string; views: number }>();
  for (const hit of counted) {
    const key = `${hit.site}\u0000${hit.day}`;
    const entry = days.get(key) ?? { site: hit.site, day: hit.day, views: 0 };
    entry.views += 1;
    days.set(key, entry);
  }
  return [...days.values()];
}

/** Each visitor once, at their latest hit: "online" only needs the last time seen. */
export function latestPerVisitor(hits: Hit[]): { site: string; visitor: string; at: number }[] {
  const visitors = new Map<string, { site: string; visitor: string; at: number }>();
  for (const { site, visitor, at } of hits) {
    const key = `${site}\u0000${visitor}`;
    const entry = visitors.get(key);
    if (!entry) visitors.set(key, { site, visitor, at });
    else if (at > entry.at) entry.at = at;
  }
  return [...visitors.values()];
}
