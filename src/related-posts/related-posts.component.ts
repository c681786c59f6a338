import { html, nothing, type TemplateResult } from 'lit';
import { requestText, DEFAULT_TIMEOUT, type FailureReason } from '../core/json-request.js';
import { PortalElement } from '../core/portal-element.js';
import { ResourceController, type ResourceOptions } from '../core/resource-controller.js';
import { blockHostStyles, noticeStyles, skeletonStyles } from '../core/styles.js';
import { safeUrl } from '../core/safe-url.js';
import { itemsFromBody, itemsFromJson, itemsFromList, pickItems, type RelatedItem } from './related-data.js';
import { styles } from './related-posts.styles.js';
import { builtInStrings, formatDate, prepareDate } from '../core/locale.js';
import { related as en } from '../core/locales/en.js';
import { related as vi } from '../core/locales/vi.js';

const STRINGS = builtInStrings('related', { en, vi });

/** A real heading element per level: six small templates cost less than Lit's static-HTML module (~0.7 kB). */
const HEADINGS: ((text: string) => TemplateResult)[] = [
  (text) => html`<h1 part="heading">${text}</h1>`,
  (text) => html`<h2 part="heading">${text}</h2>`,
  (text) => html`<h3 part="heading">${text}</h3>`,
  (text) => html`<h4 part="heading">${text}</h4>`,
  (text) => html`<h5 part="heading">${text}</h5>`,
  (text) => html`<h6 part="heading">${text}</h6>`,
];
/** Enough for 10,000 items; the list is read in full but only `limit` items are checked and shown. */
const BODY_LIMIT = 8 * 1024 * 1024;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface RelatedErrorDetail {
  reason: FailureReason;
  status?: number;
}

/**
 * @tagname related-posts
 * @summary "Bài viết liên quan": a heading and a list of links to related articles, never the current one.
 *
 * Items come from `src` (JSON, or an RSS 2.0 or Atom feed), else an inline `<script type="application/json">` child,
 * else the `items` property, else a plain `<ul>` of links the CMS rendered inside the element (visible before the script
 * loads, the data after). Every text is rendered as text; a URL becomes a link or an image only if it is http(s) or
 * relative. An item's `lang` (or a feed's language) becomes its `lang` attribute, so it is read in its own language.
 * When `src` answers with no items, the page's own items (the CMS's list) stay. With nothing related at all, the element
 * renders nothing; when `src` fails with nothing to show, it says so.
 *
 * @slot - A fallback `<ul>` of links, or a `<script type="application/json">` with the items; never shown once defined.
 *
 * @fires related-error - `src` could not be loaded or was not a list of items; `detail` has `reason` and `status`.
 *
 * @csspart heading - The heading ("Bài viết liên quan").
 * @csspart list - The list.
 * @csspart item - Each item.
 * @csspart link - Each item's link (its title).
 * @csspart date - Each item's date.
 * @csspart excerpt - Each item's excerpt, with `excerpts`.
 * @csspart image - Each item's thumbnail, with `thumbnails`.
 * @csspart error - "Hiện không tải được bài viết liên quan.", when `src` failed and there is nothing to show.
 *
 * @cssprop --portal-related-heading-size - The heading's font size. Default `1.15em`.
 * @cssprop --portal-related-link-color - Link colour of this list. Default `--portal-link-color`.
 * @cssprop --portal-link-color - The page's link colour, for every link of the library: set it once on `:root`. Default `LinkText` (the browser's link colour); the contrast levels set it to `--portal-contrast-link`.
 * @cssprop --portal-related-line-height - Line height of the items and of the skeleton rows. Default `1.4`.
 * @cssprop --portal-related-title-lines - How many lines a title takes in the page's column (a narrow sidebar wraps them); the loading skeleton holds that many. Default `1`.
 * @cssprop --portal-related-border-color - The line between list items. Default a translucent grey.
 * @cssprop --portal-related-image-width - Thumbnail width in the list layout. Default `8em`.
 * @cssprop --portal-related-column - The smallest column width in the grid layout. Default `11em`.
 * @cssprop --portal-related-date-opacity - Opacity of the dates. Default `0.9` (keeps 4.5:1 at every contrast level).
 * @cssprop --portal-skeleton-opacity - Strength of the loading bars, in the text colour. Default `0.15`; the "more" contrast level sets `0.5` (3.9:1).
 * @cssprop --portal-focus-color - Focus ring colour. Default `currentColor`.
 */
export class RelatedPosts extends PortalElement {
  static override styles = [blockHostStyles, skeletonStyles, noticeStyles, styles];
  static override properties = {
    brokenImages: { state: true },
    src: {},
    items: { attribute: false },
    heading: {},
    headingLevel: { type: Number, attribute: 'heading-level' },
    layout: { reflect: true },
    limit: { type: Number },
    thumbnails: { type: Boolean },
    excerpts: { type: Boolean },
    timeZone: { attribute: 'time-zone' },
    timeout: { type: Number },
  };

  /** Items from `src`: how they are found, loaded and told of. */
  private static readonly source: ResourceOptions<unknown[], RelatedPosts> = {
    url: (el) => (el.src ? safeUrl(el.src) : undefined),
    load: (el, url, signal) =>
      requestText(url, {
        accept: 'application/json, application/rss+xml, application/atom+xml;q=0.9, */*;q=0.5',
        timeout: el.timeout,
        limit: BODY_LIMIT,
        signal,
        parse: itemsFromBody,
      }),
    settled: (el, result) => {
      if (!result.ok) el.emit<RelatedErrorDetail>('related-error', { reason: result.reason, status: result.status });
    },
  };

  /** Started, aborted on leaving the page, started again on coming back. */
  private readonly resource = new ResourceController(this, RelatedPosts.source);

  private brokenImages = new Set<string>();
  /** Items from the sources after `src`, read when first rendered and when `items` changes, not on every render. */
  private local?: unknown[];

  /** A JSON (`{"items":[...]}` or an array) or RSS/Atom URL with the related items. */
  src = '';
  /** The items, for pages without a server: `{url, title, publishedAt?, excerpt?, image?: {src, width?, height?, alt?}}`. */
  items?: unknown[];
  /** The heading text. Default: "Bài viết liên quan" / "Related articles". */
  heading = '';
  /** The heading's level, 1 to 6, to keep the page outline right. */
  headingLevel = 2;
  /** `list` or `grid`. */
  layout: 'list' | 'grid' = 'list';
  /** The most items shown. */
  limit = 5;
  /** Shows each item's thumbnail, when it has one. */
  thumbnails = false;
  /** Shows each item's excerpt, when it has one. */
  excerpts = false;
  /** The time zone for dates with a time, e.g. `Asia/Ho_Chi_Minh`. Default: the visitor's. */
  timeZone = '';
  /** Milliseconds before a request to `src` is given up. */
  timeout = DEFAULT_TIMEOUT;

  override connectedCallback(): void {
    super.connectedCallback();
    // The list arrives in a task of its own: the browser's date-format set-up should not join it.
    prepareDate(this.localize.lang, this.localize.strings(STRINGS).date, this.timeZone || undefined);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (!this.hasUpdated || changed.has('items')) this.local = this.localItems();
  }

  /**
   * Keeps a reader's focus in the list when a render replaces the link it was on (the CMS's list when the element is
   * defined, then the loaded items, maybe fewer): on the link now in its place, else the last one.
   */
  override update(changed: Map<string, unknown>): void {
    const root = this.renderRoot as ShadowRoot;
    const outer = (this.getRootNode() as Document | ShadowRoot).activeElement;
    const focused = root.activeElement ?? (this.contains(outer) ? outer : null);
    const index = focused
      ? [...(focused.getRootNode() === root ? root : this).querySelectorAll('a')].indexOf(focused as HTMLAnchorElement)
      : -1;
    super.update(changed);
    const links = root.querySelectorAll('a');
    if (index >= 0 && !root.activeElement) links[Math.min(index, links.length - 1)]?.focus();
  }

  /** How many items are shown: `limit` if it is a whole number from 1 to 100, else 5. */
  private get shownCount(): number {
    return Number.isInteger(this.limit) && this.limit > 0 ? Math.min(this.limit, 100) : 5;
  }

  /** The raw items from the sources after `src`, in their order of precedence. */
  private localItems(): unknown[] | undefined {
    const script = this.querySelector(':scope > script[type="application/json"]');
    if (script) {
      try {
        const items = itemsFromJson(JSON.parse(script.textContent ?? ''));
        if (items) return items;
      } catch {
        // A broken inline script falls through to the next source.
      }
    }
    if (Array.isArray(this.items)) return this.items;
    const list = this.querySelector(':scope > ul, :scope > ol');
    return list ? itemsFromList(list) : undefined;
  }

  private date(value: string): string {
    const date = new Date(value);
    // A bare date is a calendar day: format it in UTC so it is the same day everywhere.
    const timeZone = DATE_ONLY.test(value) ? 'UTC' : this.timeZone || undefined;
    const options = this.localize.strings(STRINGS).date;
    try {
      return formatDate(this.localize.lang, date, options, timeZone);
    } catch {
      // An unknown time-zone attribute: the visitor's own zone.
      return formatDate(this.localize.lang, date, options);
    }
  }

  private renderItem(item: RelatedItem): TemplateResult {
    const external = new URL(item.url).origin !== location.origin;
    const image = this.thumbnails && item.image && !this.brokenImages.has(item.image.src) ? item.image : undefined;
    return html`<li part="item" lang=${item.lang ?? nothing}>
      ${
        image
          ? html`<img
            part="image"
            src=${image.src}
            alt=${image.alt === item.title ? '' : image.alt}
            width=${image.width ?? nothing}
            height=${image.height ?? nothing}
            loading="lazy"
            decoding="async"
            @error=${() => (this.brokenImages = new Set(this.brokenImages).add(image.src))}
          />`
          : nothing
      }
      <div>
        <a part="link" href=${item.url} rel=${external ? 'noopener' : nothing}>${item.title}</a>
        ${
          item.publishedAt
            ? // The date is written in the page's language, not the item's.
              html`<time part="date" datetime=${item.publishedAt} lang=${item.lang ? this.localize.lang : nothing}
                >${this.date(item.publishedAt)}</time
              >`
            : nothing
        }
        ${this.excerpts && item.excerpt ? html`<p part="excerpt">${item.excerpt}</p>` : nothing}
      </div>
    </li>`;
  }

  override render() {
    const m = this.localize.strings(STRINGS);
    const level =
      Number.isInteger(this.headingLevel) && this.headingLevel >= 1 && this.headingLevel <= 6 ? this.headingLevel : 2;
    const heading = HEADINGS[level - 1](this.heading || m.heading);
    // While src loads, what the page already has (the CMS's list) stays in view; the skeleton is for nothing at all.
    const { data, loading, error } = this.resource;
    const raw = data ?? this.local;
    if (!raw) {
      if (!loading && !error) return nothing;
      // Loading with nothing to show yet: `limit` rows shaped like items (a title line, a date line, and the thumbnail
      // and one excerpt line when those are shown) hold the list's height. Failed with nothing to show: a polite line
      // says so, in a live region there since loading began.
      const row = html`<li class="row">${this.thumbnails ? html`<span class="skeleton image"></span>` : nothing}<div><span class="skeleton title">&nbsp;</span><span class="skeleton date">&nbsp;</span>${this.excerpts ? html`<span class="skeleton excerpt">&nbsp;</span>` : nothing}</div></li>`;
      return html`${heading}${
        loading
          ? html`<ul class=${this.layout === 'grid' ? 'grid' : 'list'} aria-hidden="true">
              ${Array.from({ length: this.shownCount }, () => row)}
            </ul>`
          : nothing
      }<div role="status">${error ? html`<p part="error" class="notice">${m.unavailable}</p>` : nothing}</div>`;
    }
    let items = pickItems(raw, this.shownCount);
    // An answer with nothing to show leaves the page's own list (the CMS's) in view, and the reader's focus on it.
    if (!items.length && data && this.local) items = pickItems(this.local, this.shownCount);
    // Nothing related: nothing at all, not an empty heading.
    if (!items.length) return nothing;
    return html`${heading}<ul part="list" class=${this.layout === 'grid' ? 'grid' : 'list'}>
        ${items.map((item) => this.renderItem(item))}
      </ul>`;
  }
}
