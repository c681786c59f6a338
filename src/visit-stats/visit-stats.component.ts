import { html, nothing, type TemplateResult } from 'lit';
import { requestJson, DEFAULT_TIMEOUT, type FailureReason } from '../core/json-request.js';
import { PortalElement } from '../core/portal-element.js';
import { ResourceController, type ResourceOptions } from '../core/resource-controller.js';
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
 * the first read, which then adds it, unless the service will not count it as a repeat of a view counted in the last
 * 30 minutes), and so is each in-page navigation to
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
 * @cssprop --portal-stats-row-padding - Padding of each cell. Default `0.3em min(0.6em, 10px)`.
 * @cssprop --portal-stats-border-color - The line between rows. Default a translucent grey.
 * @cssprop --portal-stats-number-weight - Font weight of the numbers. Default `bold`.
 * @cssprop --portal-skeleton-opacity - Strength of the loading bars, in the text colour. Default `0.15`; the "more" contrast level sets `0.5` (3.9:1).
 */
export class VisitStats extends PortalElement {
  static override styles = [blockHostStyles, visuallyHidden, skeletonStyles, noticeStyles, styles];
  static override properties = {
    stats: { state: true },
    src: {},
    fields: {},
    track: { type: Boolean },
    refresh: { type: Number },
    label: {},
    timeout: { type: Number },
    data: { attribute: false },
  };

  /** The numbers from `src`: how they are found, loaded and told of. */
  private static readonly source: ResourceOptions<Stats, VisitStats> = {
    url: (el) => (el.src ? endpointUrl(el.src) : undefined),
    load: async (el, url, signal) => {
      const result = await requestJson(url, { timeout: el.timeout, signal, validate: parseStats });
      // This page load's view, still unsent now that the numbers are here, is not in them: the reader's own view is
      // added here (the first read holds the hit back until it settles). Checked now, never twice, at worst once too few.
      const hits = el.hitsUrl;
      if (result.ok && hits && viewUnsent(hits)) {
        const { counts } = result.data;
        for (const field of OWN_VIEW) if (counts[field] !== undefined) counts[field]! += 1;
      }
      return result;
    },
    settled: (el, result) => {
      el.lastLoad = Date.now();
      // A failed refresh keeps the numbers last loaded; a failure with nothing to show says so.
      if (!result.ok) el.emit<StatsErrorDetail>('stats-error', { reason: result.reason, status: result.status });
      el.schedule();
    },
  };

  /** Started, aborted on leaving the page, started again on coming back, refreshed on a timer. */
  private readonly resource = new ResourceController(this, VisitStats.source);

  private timer?: ReturnType<typeof setTimeout>;
  private lastLoad = 0;
  private stopTracking?: () => void;
  /** The numbers from `data` or the inline script, shown when `src` has none. */
  private stats?: Stats;

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
    if (this.hasUpdated) {
      // The controller has just asked again if leaving the page cut its request off; a stale counter reloads now.
      this.startTracking();
      this.schedule();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.stopTracking?.();
    this.stopTracking = undefined;
    clearTimeout(this.timer);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('data') && this.data !== undefined) this.stats = parseStats(this.data);
    else if (!this.hasUpdated && this.data === undefined) this.stats = this.inlineStats();
  }

  override update(changed: Map<string, unknown>): void {
    // After the controller has started this update's read, so the first hit can wait for it. Counting follows `track`
    // and `src`, set before the first render or later.
    if (!this.hasUpdated || changed.has('track') || changed.has('src')) {
      this.stopTracking?.();
      this.stopTracking = undefined;
      this.startTracking();
    }
    super.update(changed);
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('refresh') && !changed.has('src')) this.schedule();
  }

  private get hitsUrl(): string | undefined {
    return this.track && this.src ? endpointUrl(this.src, '/hits') : undefined;
  }

  private startTracking(): void {
    const hits = this.hitsUrl;
    if (hits && !this.stopTracking) this.stopTracking = trackPageViews(hits, this.resource.request);
  }

  /** What the table shows: the numbers from `src` once they came, else those from `data` or the inline script. */
  private get shown(): Stats | undefined {
    return this.resource.data ?? this.stats;
  }

  /** Nothing to show, and nothing coming: the notice replaces the skeleton. */
  private get failed(): boolean {
    return !this.shown && (this.resource.error !== undefined || (!this.src && this.data !== undefined));
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
    this.timer = setTimeout(() => this.resource.start(true), wait);
  }

  private readonly onVisibility = () => {
    // Hidden tabs ask nothing; back in view, a stale counter reloads at once, then on its interval.
    if (document.visibilityState === 'hidden') clearTimeout(this.timer);
    else this.schedule();
  };

  private labelFor(field: Field): string {
    const m = this.localize.strings(STRINGS);
    const date = this.shown?.date;
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
    const value = this.shown?.counts[field];
    if (value !== undefined) return html`${formatNumber(this.localize.lang, value)}`;
    if (!this.shown && !this.failed && this.resource.loading) {
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
    const busy = !this.shown && this.resource.loading;
    // The error line's live region is always there, so a screen reader has registered it before it speaks.
    return html`<table part="table" aria-busy=${busy}>
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
