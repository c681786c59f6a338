/**
 * Counts page views: this page load once, and then each in-page navigation to another path, for portals that swap
 * their content without reloading (Liferay's Senna.js, SharePoint). A beacon goes out after the page is really shown: a
 * prerendered page waits until it is activated, and a page restored from the back-forward cache is the same page
 * load, so it is not counted again.
 */
import { readPreference, writePreference } from '../core/preference-store.js';

/** The path last counted, per hits URL: however many counters and reconnections, one view per path in a row. */
const lastCounted = new Map<string, { path: string; href: string }>();
/** Hits URLs with a view counted but not sent yet (as `hitsUrl path`): a read of the numbers that starts now cannot include it. */
const unsent = new Map<string, string>();

/**
 * The service counts a visitor's view of a path again only 30 minutes after the last one it counted, and knows a
 * visitor for one UTC day (the contract's repeat rule). So that a reload does not show the reader's view on top of the
 * one already counted, the browser keeps when it last sent a view that was counted, per hits URL and path (entries
 * older than that window are dropped).
 */
const REPEAT_MS = 30 * 60 * 1000;
const DAY_MS = 86_400_000;
const VIEWS_KEY = 'portal-widgets:views';
const countedViews = (): Record<string, number> => {
  const views = readPreference(VIEWS_KEY);
  return views && typeof views === 'object' ? (views as Record<string, number>) : {};
};
const isRepeat = (view: string, now: number): boolean => {
  const at = Number(countedViews()[view]) || 0;
  return now - at < REPEAT_MS && Math.floor(at / DAY_MS) === Math.floor(now / DAY_MS);
};
/** Connected counters with `track`, per hits URL: navigations count while there is one. */
const tracking = new Map<string, number>();
type NavigationTarget = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
/** The Navigation API sees every same-document navigation, `history.pushState` included; elsewhere only popstate. */
const navigationEvents = (): [NavigationTarget, string] => {
  const navigation = (window as { navigation?: NavigationTarget }).navigation;
  return navigation ? [navigation, 'currententrychange'] : [window, 'popstate'];
};
/** Where the one navigation listener is, while there is one. */
let listening: [NavigationTarget, string] | undefined;

function send(url: string, path: string, referrer: string): void {
  // text/plain keeps it a simple request: no CORS preflight for a counter on another origin.
  const body = JSON.stringify({ path, referrer });
  try {
    if (navigator.sendBeacon?.(url, body)) return;
  } catch {
    // Fall through to fetch.
  }
  fetch(url, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'text/plain' } }).catch(() => {});
}

/** Whether a view of this page that the service will count (no repeat) is not yet sent to `hitsUrl`. */
export function viewUnsent(hitsUrl: string): boolean {
  const view = unsent.get(hitsUrl);
  return view !== undefined && !isRepeat(view, Date.now());
}

/**
 * Sends one `POST {hitsUrl}` for the page now shown, unless that path was the last one counted for this URL. With
 * `after`, the hit waits until it settles (the counter's first read), so that read certainly does not hold this view
 * and the counter can add it itself: the reader sees their own view on this page load, and it is never counted twice.
 */
export function countPageView(hitsUrl: string, after?: Promise<unknown>): void {
  const path = location.pathname;
  const last = lastCounted.get(hitsUrl);
  if (last?.path === path) return;
  // The first view's referrer is the page's; an in-page navigation's is the page it came from, without its query or
  // fragment (the page's own referrer policy would not send those to another origin either).
  const referrer = last ? last.href : document.referrer;
  lastCounted.set(hitsUrl, { path, href: location.origin + path });
  const view = `${hitsUrl} ${path}`;
  unsent.set(hitsUrl, view);
  const go = () =>
    (window.requestIdleCallback ?? setTimeout)(() => {
      unsent.delete(hitsUrl);
      const now = Date.now();
      // A repeat is sent too (the service decides, and counts the reader as online), but it leaves the time alone: the
      // window runs from the last view counted.
      if (!isRepeat(view, now)) {
        const views = Object.fromEntries(Object.entries(countedViews()).filter(([, at]) => now - at < REPEAT_MS));
        writePreference(VIEWS_KEY, { ...views, [view]: now });
      }
      send(hitsUrl, path, referrer);
    });
  const start = () => (after ? after.then(go, go) : go());
  const prerendering = (document as Document & { prerendering?: boolean }).prerendering;
  if (prerendering) document.addEventListener('prerenderingchange', start, { once: true });
  else start();
}

function onNavigation(): void {
  for (const hitsUrl of tracking.keys()) countPageView(hitsUrl);
}

/** Counts this view (after `after` settles), then every navigation to another path until the returned function is called. */
export function trackPageViews(hitsUrl: string, after?: Promise<unknown>): () => void {
  countPageView(hitsUrl, after);
  if (!listening) {
    listening = navigationEvents();
    listening[0].addEventListener(listening[1], onNavigation);
  }
  tracking.set(hitsUrl, (tracking.get(hitsUrl) ?? 0) + 1);
  return () => {
    const left = (tracking.get(hitsUrl) ?? 1) - 1;
    if (left) tracking.set(hitsUrl, left);
    else tracking.delete(hitsUrl);
    if (!tracking.size && listening) {
      listening[0].removeEventListener(listening[1], onNavigation);
      listening = undefined;
    }
  };
}
