/**
 * A URL from data, made safe to become a link or an image: http(s), or relative to the page (which resolves to the
 * page's own http(s) origin). `javascript:`, `data:`, `vbscript:`, anything else, and anything malformed give
 * `undefined`. The returned value is the parsed, absolute href, never the raw string.
 */
export function safeUrl(raw: unknown, base = document.baseURI): string | undefined {
  if (typeof raw !== 'string' || !raw.trim() || raw.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

/** A URL for comparing pages: no hash, no trailing slash, absolute. */
export function pageKey(href: string): string {
  const url = new URL(href);
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  return url.href;
}

/** The URL of a widget's resource plus a sub-path (`{src}/vote`, `{src}/hits`), kept before the query; http(s) only. */
export function endpointUrl(src: string, suffix = ''): string | undefined {
  const href = safeUrl(src);
  if (!href) return undefined;
  const url = new URL(href);
  url.pathname = url.pathname.replace(/\/+$/, '') + suffix;
  return url.href;
}
