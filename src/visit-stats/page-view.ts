/**
 * Counts this page view once per page load: a beacon after the page is really shown. A prerendered page waits until it
 * is activated; a page restored from the back-forward cache is the same page load, so it is not counted again.
 */
const counted = new Set<string>();

function send(url: string): void {
  // text/plain keeps it a simple request: no CORS preflight for a counter on another origin.
  const body = JSON.stringify({ path: location.pathname, referrer: document.referrer });
  try {
    if (navigator.sendBeacon?.(url, body)) return;
  } catch {
    // Fall through to fetch.
  }
  fetch(url, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'text/plain' } }).catch(() => {});
}

/** Sends one `POST {hitsUrl}` for this page load, whatever number of counters ask. */
export function countPageView(hitsUrl: string): void {
  if (counted.has(hitsUrl)) return;
  counted.add(hitsUrl);
  const go = () => (window.requestIdleCallback ?? setTimeout)(() => send(hitsUrl));
  const prerendering = (document as Document & { prerendering?: boolean }).prerendering;
  if (prerendering) document.addEventListener('prerenderingchange', go, { once: true });
  else go();
}
