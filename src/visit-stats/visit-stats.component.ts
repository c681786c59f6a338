import { html, nothing, type TemplateResult } from 'lit';
import { requestJson, DEFAULT_TIMEOUT, type FailureReason } from '../core/json-request.js';
import { PortalElement } from '../core/portal-element.js';
import { blockHostStyles, noticeStyles, skeletonStyles, visuallyHidden } from '../core/styles.js';
import { endpointUrl } from '../core/safe-url.js';
import { countPageView, trackPageViews, viewUnsent } from './page-view.js';
import { DEFAULT_FIELDS, parseFields, parseStats, type Field, type Stats } from './stats-data.js';
import { styles } from './visit-stats.styles.js';
import { builtInStrings, formatNumber, formatDate, prepareDate } from '../core/locale.js';
import { stats as en } from '../core/locales/en.js';
import { stats as vi } from '../core/locales/vi.js';

const STRINGS = builtInStrings('stats', { en, vi });

const MIN_REFRESH = 10;
const MONTH_NAME: Intl.DateTimeFormatOptions = { month: 'long' };
const MAX_REFRESH = 24 * 60 * 60;
/** The periods a view made now falls in. */
const OWN_VIEW = ['today', 'this-month', 'this-year', 'total'] as const;

export interface StatsErrorDetail {
  reason: FailureReason;
  status?: number;
}

/**
 * @tagname visit-stats
 * @summary The visit counter, "Thống kê truy cập": today, yesterday, this month, last month, this year, online, total.
 *
 * A real table that reads correctly in a screen reader. Month and year labels come from the server's `asOf` in the
 * server's `timeZone`, never from the visitor's clock. While loading, a skeleton with the same rows holds the block's
 * final height. With `track`, the page view is counted once per page load (and shown at once: the hit is sent after
 * the first read, which then adds it), and so is each in-page navigation to
 * another path (where the browser has the Navigation API; elsewhere on back and forward, or through
 * `countPageView()`). Without `src`, a `.data` property or an inline `<script type="application/json">` child supplies
 * the numbers.
 *
 * @slot - An optional `<script type="application/json">` with the numbers, in the same format as the `src` response.
 *
 * @fires stats-error - The numbers could not be loaded or were not valid; `detail` has `reason` and `status`.
 *
 * @csspart table - The table.
 * @csspart row - Each row.
 * @csspart label - Each row's label ("Hôm nay").
 * @csspart value - Each row's number.
 * @csspart error - "Hiện không tải được số liệu truy cập.", under the table when there are no numbers to show.
 *
 * @cssprop --portal-stats-line-height - Line height of every row, loading or loaded. Default `1.5`.
 * @cssprop --portal-stats-row-padding - Padding of each cell. Default `0.3em 0.6em`.
 * @cssprop --portal-stats-border-color - The line between rows. Default a translucent grey.
 * @cssprop --portal-stats-number-weight - Font weight of the numbers. Default `bold`.
 */
export class VisitStats extends PortalElement {
  static override styles = [blockHostStyles, visuallyHidden, skeletonStyles, noticeStyles, styles];
  static override properties = {
    stats: { state: true },
    loading: { state: true },
    failed: { state: true },
    src: {},
    fields: {},
    track: { type: Boolean },
    refresh: { type: Number },
    label: {},
    timeout: { type: Number },
    data: { attribute: false },
  };

  private timer?: ReturnType<typeof setTimeout>;
  private lastLoad = 0;
  /** The `src` last asked for, so a property set before the first render does not load twice. */
  private loadedSrc?: string;
  private request?: AbortController;
  private stopTracking?: () => void;
  private stats?: Stats;
  private loading = false;
  private failed = false;

  /** The statistics resource URL (see the HTTP contract in the README). */
  src = '';
  /** The rows, in order: any of `online today yesterday this-month last-month this-year total`. */
  fields = DEFAULT_FIELDS.join(' ');
  /** Counts page views with `POST {src}/hits`: this page load once, and each in-page navigation to another path. */
  track = false;
  /** Re-reads the numbers every this many seconds (at least 10), pausing while the tab is hidden. */
  refresh?: number;
  /** The table's caption, read by screen readers. Default: "Thống kê truy cập" / "Visit statistics". */
  label = '';
  /** Milliseconds before a request to `src` is given up. */
  timeout = DEFAULT_TIMEOUT;
  /** The numbers, in the same format as the `src` response, for pages without a server. */
  data?: unknown;

  override connectedCallback(): void {
    super.connectedCallback();
    // The numbers arrive in a task of their own: the browser's date-format set-up should not join it.
    prepareDate(this.localize.lang, MONTH_NAME, 'UTC');
    document.addEventListener('visibilitychange', this.onVisibility);
    if (this.hasUpdated) this.startTracking(this.load());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.stopTracking?.();
    this.stopTracking = undefined;
    clearTimeout(this.timer);
    this.request?.abort();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('data') && this.data !== undefined) {
      this.stats = parseStats(this.data);
      this.failed = !this.stats;
    } else if (!this.hasUpdated && this.data === undefined) {
      this.stats = this.inlineStats();
    }
    // Started here, not after the render: the loading state joins this render instead of causing a second one.
    const loaded = (!this.hasUpdated || changed.has('src')) && this.src !== this.loadedSrc ? this.load() : undefined;
    // Counting follows `track` and `src`, set before the first render or later; the hit waits for the first read.
    if (!this.hasUpdated || changed.has('track') || changed.has('src')) {
      this.stopTracking?.();
      this.stopTracking = undefined;
      this.startTracking(loaded);
    }
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('refresh') && !changed.has('src')) this.schedule();
  }

  private get hitsUrl(): string | undefined {
    return this.track && this.src ? endpointUrl(this.src, '/hits') : undefined;
  }

  private startTracking(loaded?: Promise<void>): void {
    const hits = this.hitsUrl;
    if (hits && !this.stopTracking) this.stopTracking = trackPageViews(hits, loaded);
  }

  /** Numbers from an inline JSON script child, when the CMS rendered one. */
  private inlineStats(): Stats | undefined {
    const script = this.querySelector(':scope > script[type="application/json"]');
    if (!script) return undefined;
    try {
      return parseStats(JSON.parse(script.textContent ?? ''));
    } catch {
      return undefined;
    }
  }

  private get interval(): number | undefined {
    const seconds = Number(this.refresh);
    if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
    return Math.min(MAX_REFRESH, Math.max(MIN_REFRESH, seconds)) * 1000;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const interval = this.interval;
    if (!interval || document.visibilityState === 'hidden' || !this.isConnected) return;
    const wait = Math.max(0, this.lastLoad + interval - Date.now());
    this.timer = setTimeout(() => this.load(), wait);
  }

  private readonly onVisibility = () => {
    // Hidden tabs ask nothing; back in view, a stale counter reloads at once, then on its interval.
    if (document.visibilityState === 'hidden') clearTimeout(this.timer);
    else this.schedule();
  };

  private async load(): Promise<void> {
    this.loadedSrc = this.src;
    const url = this.src ? endpointUrl(this.src) : undefined;
    if (!url) return;
    this.request?.abort();
    const controller = (this.request = new AbortController());
    this.loading = true;
    const result = await requestJson(url, { timeout: this.timeout, signal: controller.signal, validate: parseStats });
    if (controller.signal.aborted) return;
    // This page load's view, still unsent now that the numbers are here, is not in them: the reader's own view is
    // added here (the first read holds the hit back until it settles). Checked now, never twice, at worst once too few.
    const hits = this.hitsUrl;
    const own = hits ? viewUnsent(hits) : false;
    this.loading = false;
    this.lastLoad = Date.now();
    if (result.ok) {
      const { counts } = (this.stats = result.data);
      if (own) for (const field of OWN_VIEW) if (counts[field] !== undefined) counts[field]! += 1;
      this.failed = false;
    } else {
      // A failed refresh keeps the numbers last loaded; a failure with nothing loaded shows dashes.
      if (!this.stats) this.failed = true;
      this.emit<StatsErrorDetail>('stats-error', { reason: result.reason, status: result.status });
    }
    this.schedule();
  }

  private labelFor(field: Field): string {
    const m = this.localize.strings(STRINGS);
    const date = this.stats?.date;
    switch (field) {
      case 'today':
        return m.today;
      case 'yesterday':
        return m.yesterday;
      case 'this-month': {
        if (!date) return m.thisMonthUnknown;
        // The portal's month, already read in its time zone, named from mid-month in UTC: one formatter per language.
        const monthName = formatDate(
          this.localize.lang,
          new Date(Date.UTC(+date.year, +date.month - 1, 15)),
          MONTH_NAME,
          'UTC',
        );
        return m.thisMonth({ month: date.month, monthName, year: date.year });
      }
      case 'last-month':
        return m.lastMonth;
      case 'this-year':
        return date ? m.thisYear(date.year) : m.thisYearUnknown;
      case 'total':
        return m.total;
      case 'online':
        return m.online;
    }
  }

  private renderValue(field: Field): TemplateResult {
    const value = this.stats?.counts[field];
    if (value !== undefined) return html`${formatNumber(this.localize.lang, value)}`;
    if (!this.stats && !this.failed && (this.loading || this.src)) {
      return html`<span class="skeleton" aria-hidden="true"></span>`;
    }
    return html`<span aria-hidden="true">–</span><span class="visually-hidden">${this.localize.strings(STRINGS).noData}</span>`;
  }

  /**
   * Counts a view of the page now shown, unless its path was the last one counted. For portals that navigate without
   * reloading, in browsers without the Navigation API: call it from the CMS's own navigation event.
   */
  countPageView(): void {
    const hits = this.hitsUrl;
    if (hits) countPageView(hits);
  }

  override render() {
    const m = this.localize.strings(STRINGS);
    const busy = !this.stats && !this.failed && Boolean(this.src);
    // The error line's live region is always there, so a screen reader has registered it before it speaks.
    return html`<table part="table" aria-busy=${busy ? 'true' : 'false'}>
      <caption class="visually-hidden">${this.label || m.label}</caption>
      <tbody>
        ${parseFields(this.fields).map(
          (field) => html`<tr part="row" data-field=${field}>
            <th part="label" scope="row">${this.labelFor(field)}</th>
            <td part="value">${this.renderValue(field)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <div role="status">${this.failed ? html`<p part="error" class="notice">${m.unavailable}</p>` : nothing}</div>`;
  }
}
