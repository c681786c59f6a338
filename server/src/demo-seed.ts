import { dayIn, previousDay } from './calendar.js';
import type { Site } from './sites.js';
import type { Storage } from './storage/types.js';

/**
 * Gives an empty demo database the seed page's numbers, so `npm start` shows what a real portal shows: the article
 * rated 10 points from 2 ratings, and a visit counter with a year of history (about 180 views a day). Only for the demo
 * (DEMO_SEED=0 turns it off), only into an empty database, and only the demo's own article.
 */
export async function seedDemo(storage: Storage, site: Site, item: string, now = Date.now()): Promise<boolean> {
  const [rating, views] = await Promise.all([storage.aggregate(site.id, item), storage.views(site.id, '0000-00-00')]);
  if (rating.count > 0 || views.total > 0) return false;
  await storage.setVote(site.id, item, 'demo-seed-visitor-0001', 5);
  await storage.setVote(site.id, item, 'demo-seed-visitor-0002', 5);
  const days: [string, number][] = [];
  let day = previousDay(dayIn(site.timeZone, now));
  for (let i = 0; i < 400; i++) {
    // Deterministic, gently varying numbers: weekdays busier than weekends.
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    days.push([day, 150 + ((i * 37) % 61) + (weekday === 0 || weekday === 6 ? -60 : 0)]);
    day = previousDay(day);
  }
  await storage.importViews(site.id, days);
  return true;
}
