import { pageKey, safeUrl } from '../core/safe-url.js';

/** One related article, as the contract describes it and after every check. */
export interface RelatedItem {
  url: string;
  title: string;
  publishedAt?: string;
  excerpt?: string;
  image?: { src: string; width?: number; height?: number; alt: string };
  /** The item's language (BCP 47), when it may differ from the page's: becomes the item's `lang` attribute. */
  lang?: string;
}

/** A BCP 47 language tag's shape ("vi", "en-GB", "zh-Hant-TW"); anything else is not used as a `lang`. */
const LANG = /^[a-z]{2,3}(-[a-z\d]{1,8})*$/i;

export const MAX_TITLE = 500;
const MAX_EXCERPT = 1000;

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
const str = (value: unknown) => (typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '');
const size = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 10000 ? Math.round(value) : undefined;

/**
 * An item from data, or `undefined` when it cannot be shown: no title, or a URL that is not http(s). An image whose
 * source is not http(s) is dropped on its own; the item stays, as a plain item. Text stays text: nothing is stripped.
 */
export function toItem(raw: unknown): RelatedItem | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const record = raw as Record<string, unknown>;
  const url = safeUrl(record.url);
  const title = cut(str(record.title), MAX_TITLE);
  if (!url || !title) return undefined;
  const item: RelatedItem = { url, title };
  const publishedAt = str(record.publishedAt);
  if (publishedAt && !Number.isNaN(Date.parse(publishedAt))) item.publishedAt = publishedAt;
  const excerpt = cut(str(record.excerpt), MAX_EXCERPT);
  if (excerpt) item.excerpt = excerpt;
  const lang = str(record.lang);
  if (LANG.test(lang)) item.lang = lang;
  const image = record.image as Record<string, unknown> | undefined;
  const src = image && typeof image === 'object' ? safeUrl(image.src) : undefined;
  if (src) item.image = { src, width: size(image!.width), height: size(image!.height), alt: str(image!.alt) };
  return item;
}

/** The pages the current article is known by: its canonical URL and its location. */
export function currentPages(): Set<string> {
  const keys = new Set([pageKey(location.href)]);
  const canonical = document.querySelector<HTMLLinkElement>('link[rel~="canonical"]')?.getAttribute('href');
  const resolved = canonical ? safeUrl(canonical) : undefined;
  if (resolved) keys.add(pageKey(resolved));
  return keys;
}

/** The first `limit` items that can be shown and are not the current article; stops early on 10,000-item lists. */
export function pickItems(raw: readonly unknown[], limit: number, exclude = currentPages()): RelatedItem[] {
  const picked: RelatedItem[] = [];
  for (const entry of raw) {
    if (picked.length >= limit) break;
    const item = toItem(entry);
    if (item && !exclude.has(pageKey(item.url))) picked.push(item);
  }
  return picked;
}

/** The item list from a JSON body: `{"items": [...]}` or a bare array. */
export function itemsFromJson(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  const items = (body as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? items : undefined;
}

type Policy = { createHTML(input: string): string };
let feedPolicy: Policy | undefined;

/**
 * Parses a feed, or a description inside one, into a detached document that is only read (its text and attributes):
 * DOMParser runs no script and loads nothing, and no node of it reaches the page. Under Trusted Types,
 * parseFromString is a sink, so the markup goes through the `portal-widgets` policy, created on first use (a page
 * that lists its policy names must list it; otherwise the call is refused and the feed counts as invalid).
 */
function parse(markup: string, type: DOMParserSupportedType): Document {
  const trustedTypes = (window as { trustedTypes?: { createPolicy(name: string, rules: Policy): Policy } })
    .trustedTypes;
  if (trustedTypes) feedPolicy ??= trustedTypes.createPolicy('portal-widgets', { createHTML: (input) => input });
  return new DOMParser().parseFromString((feedPolicy?.createHTML(markup) ?? markup) as string, type);
}

/** Text of an HTML fragment (an RSS description), parsed inertly: nothing in it runs or loads. */
function htmlText(markup: string): string {
  return parse(markup, 'text/html').body.textContent ?? '';
}

const child = (el: Element, name: string) => Array.from(el.children).find((c) => c.localName === name);
const childText = (el: Element, name: string) => child(el, name)?.textContent ?? '';

/** Items from an RSS 2.0 or Atom document, in the JSON contract's shape (then checked like any other item). */
export function itemsFromFeed(xml: string): unknown[] | undefined {
  const doc = parse(xml, 'application/xml');
  const root = doc.documentElement;
  if (!root || root.localName === 'parsererror' || doc.getElementsByTagName('parsererror').length) return undefined;
  // The feed's language (RSS <language>, Atom xml:lang) is each item's, unless an entry says otherwise.
  const xmlLang = (el: Element) => el.getAttribute('xml:lang');
  if (root.localName === 'rss' || root.localName === 'RDF') {
    const channel = doc.getElementsByTagName('channel')[0];
    const lang = channel && childText(channel, 'language');
    return Array.from(doc.getElementsByTagName('item'), (item) => {
      const enclosure = Array.from(item.children).find(
        (c) =>
          (c.localName === 'enclosure' && /^image\//.test(c.getAttribute('type') ?? '')) || c.localName === 'thumbnail',
      );
      const date = new Date(childText(item, 'pubDate') || childText(item, 'date'));
      return {
        url: childText(item, 'link').trim(),
        title: htmlText(childText(item, 'title')),
        publishedAt: Number.isNaN(date.getTime()) ? undefined : date.toISOString(),
        excerpt: htmlText(childText(item, 'description')),
        image: enclosure ? { src: enclosure.getAttribute('url') } : undefined,
        lang,
      };
    });
  }
  if (root.localName === 'feed') {
    return Array.from(root.children)
      .filter((c) => c.localName === 'entry')
      .map((entry) => {
        const links = Array.from(entry.children).filter((c) => c.localName === 'link');
        const link = links.find((l) => (l.getAttribute('rel') ?? 'alternate') === 'alternate') ?? links[0];
        const summary = child(entry, 'summary') ?? child(entry, 'content');
        const summaryText =
          summary?.getAttribute('type') === 'html' ? htmlText(summary.textContent ?? '') : summary?.textContent;
        const title = child(entry, 'title');
        return {
          url: link?.getAttribute('href') ?? '',
          title: title?.getAttribute('type') === 'html' ? htmlText(title.textContent ?? '') : title?.textContent,
          publishedAt: childText(entry, 'published') || childText(entry, 'updated'),
          excerpt: summaryText,
          lang: xmlLang(entry) ?? xmlLang(root),
        };
      });
  }
  return undefined;
}

/** Items from a response body, by content type or, failing that, by what the body looks like. */
export function itemsFromBody(text: string, contentType: string): unknown[] | undefined {
  const looksXml = /xml|rss|atom/i.test(contentType) || /^\s*<(\?xml|rss|feed|rdf:RDF)\b/i.test(text);
  if (looksXml) return itemsFromFeed(text);
  return itemsFromJson(JSON.parse(text));
}

/** Items from a list of links the CMS rendered inside the element (progressive enhancement). */
export function itemsFromList(list: Element): unknown[] {
  return Array.from(list.children)
    .filter((li) => li.localName === 'li')
    .map((li) => {
      const link = li.querySelector('a[href]');
      const img = li.querySelector('img');
      return {
        url: link?.getAttribute('href'),
        title: link?.textContent,
        publishedAt: li.querySelector('time')?.getAttribute('datetime') ?? undefined,
        image: img
          ? {
              src: img.getAttribute('src'),
              width: img.width || undefined,
              height: img.height || undefined,
              alt: img.alt,
            }
          : undefined,
        lang: link?.getAttribute('lang') || li.getAttribute('lang'),
      };
    });
}
