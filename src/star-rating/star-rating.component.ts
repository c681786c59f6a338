import { html, nothing, type TemplateResult } from 'lit';
import { requestJson, DEFAULT_TIMEOUT, type FailureReason, type JsonResult } from '../core/json-request.js';
import { builtInStrings, formatNumber } from '../core/locale.js';
import { PortalElement } from '../core/portal-element.js';
import { ResourceController, type ResourceOptions } from '../core/resource-controller.js';
import { endpointUrl } from '../core/safe-url.js';
import { blockHostStyles, noticeStyles, statusRegion, visuallyHidden } from '../core/styles.js';
import { visitorId } from '../core/visitor-id.js';
import {
  aggregateFromAttributes,
  retryAfterSeconds,
  revote,
  validAggregate,
  validScore,
  validVote,
  validVoteResult,
  type Aggregate,
  type VoteResult,
} from './rating-data.js';
import { DEFAULT_MAX, rowPolygon } from './star-shape.js';
import { styles } from './star-rating.styles.js';
import { rating as en } from '../core/locales/en.js';
import { rating as vi } from '../core/locales/vi.js';

const STRINGS = builtInStrings('rating', { en, vi });

const AVERAGE: Intl.NumberFormatOptions = { maximumFractionDigits: 1 };

/** One 24×24 star, the input's radio buttons. */
const STAR_PATH = 'M12 2.5l2.94 5.96 6.58.96-4.76 4.64 1.12 6.55-5.88-3.09-5.88 3.09 1.12-6.55-4.76-4.64 6.58-.96z';

/** The score of the star an event happened on, 0 outside the stars. */
const starOf = (event: Event) =>
  Number((event.target as Element).closest<HTMLElement>('[data-score]')?.dataset.score) || 0;

export interface RatingErrorDetail {
  /** What failed: loading the rating, casting a vote, or withdrawing it. */
  action: 'load' | 'vote' | 'withdraw';
  reason: FailureReason;
  status?: number;
  /** Seconds to wait, from the server's Retry-After on a 429. */
  retryAfter?: number;
}

type Failure = RatingErrorDetail & { score: number | null };

/** What one load brings: the aggregate, and the reader's own vote unless read-only or it could not be read. */
interface RatingRead {
  aggregate: Aggregate;
  score?: number | null;
}

/**
 * @tagname star-rating
 * @summary The article's rating, shown as stars and text, and cast, changed or withdrawn by the visitor.
 *
 * The summary (average as stars and as text, the number of ratings and the total score) is text to assistive technology,
 * never a slider, and never focusable. The input is a radio group of `max` stars as inside a toolbar (ARIA Authoring
 * Practices), because checking a star sends a vote: one tab stop (the vote's star, else the first); the arrow keys move
 * focus and preview, wrapping at both ends; Enter or Space (or a click or a tap) commits the focused star. `aria-checked`
 * is only ever the saved vote. When a focused control goes (withdraw, retry), focus goes to the group itself. With
 * `src` the vote is saved to the rating service, optimistically, and rolled back exactly on any failure; without `src`
 * the host page handles the `change` event.
 *
 * @fires change - The visitor committed a vote or withdrew it; `score` holds the new vote (`null` when withdrawn).
 * @fires rating-saved - The server accepted the vote or the withdrawal; `detail` is the new aggregate with `score`.
 * @fires rating-error - Loading, voting or withdrawing failed; `detail` has `action`, `reason`, `status` and `retryAfter`.
 *
 * @csspart summary - The summary: stars, average and the sentence with the total.
 * @csspart stars - The summary's stars (an image with a text alternative).
 * @csspart average - The average as text, e.g. "4,3".
 * @csspart summary-text - The sentence with the total score and the number of ratings.
 * @csspart input - The voting area: stars, the visitor's vote and the buttons.
 * @csspart star - Each star of the input (a radio).
 * @csspart star-filled - An input star that is filled by the current choice, vote or hover.
 * @csspart prompt - "Click to rate this article", shown before the visitor has voted, unless disabled.
 * @csspart hint - How to vote with the keyboard, shown while a star has keyboard focus; also the group's description.
 * @csspart your-vote - "You rated 4 stars".
 * @csspart withdraw - The button that withdraws the vote.
 * @csspart error - The message shown when a vote could not be saved.
 * @csspart retry - The button that tries a failed vote again.
 *
 * @cssprop --portal-star-size - The height of one star. Default `1.25em`.
 * @cssprop --portal-star-color - The colour of filled stars. Default `currentColor`.
 * @cssprop --portal-star-empty-color - The outline colour of the empty stars to vote with, and the colour of the summary's empty part. Default `currentColor` (the summary: 55% of it, 4.7:1 in "more").
 * @cssprop --portal-focus-color - Focus ring colour. Default `currentColor`.
 * @cssprop --portal-control-bg - Button background. Default `transparent`.
 * @cssprop --portal-control-border-color - Button border colour. Default `currentColor`.
 * @cssprop --portal-control-radius - Button corner radius. Default `3px`.
 */
export class StarRating extends PortalElement {
  static override styles = [blockHostStyles, visuallyHidden, noticeStyles, styles];
  static override properties = {
    aggregate: { state: true },
    choice: { state: true },
    active: { state: true },
    hover: { state: true },
    message: { state: true },
    failure: { state: true },
    src: {},
    value: { type: Number },
    count: { type: Number },
    max: { type: Number },
    readonly: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    name: { reflect: true },
    label: {},
    hideAverageUntilVoted: { type: Boolean, attribute: 'hide-average-until-voted' },
    timeout: { type: Number },
    score: { attribute: false },
  };
  /** @internal */
  static formAssociated = true;

  /** The aggregate and the reader's own vote from `src`, one set of functions for every instance (a listing holds a thousand). */
  private static readonly source: ResourceOptions<RatingRead, StarRating> = {
    url: (el) => (el.src ? endpointUrl(el.src) : undefined),
    load: async (el, url, signal) => {
      const max = el.stars;
      el.sending = undefined;
      const common = { timeout: el.timeout, signal, headers: { 'x-visitor-id': visitorId() } };
      // A read-only rating (a listing) never shows the visitor's own vote: one request, not two.
      const [aggregate, vote] = await Promise.all([
        requestJson(url, { ...common, validate: (body) => validAggregate(body, max) }),
        el.readonly
          ? undefined
          : requestJson(endpointUrl(url, '/vote')!, { ...common, validate: (body) => validVote(body, max) }),
      ]);
      return aggregate.ok
        ? { ...aggregate, data: { aggregate: aggregate.data, score: vote?.ok ? vote.data.score : undefined } }
        : aggregate;
    },
    // The CMS's numbers stay until the server's arrive, and stay if they never do. A vote sent since the load began
    // has newer numbers than its answer: a late answer does not undo it.
    settled: (el, result) => {
      if (el.sending) return;
      if (result.ok) {
        el.fromServer = true;
        el.aggregate = result.data.aggregate;
        if (result.data.score !== undefined) el.score = result.data.score;
      } else {
        el.fail('load', result, null, false);
      }
      el.confirmed = { aggregate: el.aggregate, score: el.score };
    },
  };

  /** Started, aborted on leaving the page, started again on coming back. */
  private readonly resource = new ResourceController(this, StarRating.source);

  // Private state starts undefined rather than initialised: a listing page holds a thousand of these elements.
  private internals?: ElementInternals;
  /** The state the server last vouched for; a failed change rolls back to exactly this. */
  private confirmed?: { aggregate?: Aggregate; score: number | null };
  private fromServer?: boolean;
  private sending?: AbortController;
  private aggregate?: Aggregate;
  /** The star the arrow keys moved to: previewed, never checked, until Enter or Space. */
  private choice?: number | null;
  /** The focused star while focus is in the group: the group's one tab stop follows it. */
  private active?: number;
  private hover?: number;
  private message?: string;
  private failure?: Failure;

  /** The rating resource URL (see the HTTP contract in the README). Without it, the host page handles `change`. */
  src = '';
  /** The site's average score as the CMS rendered it, for the first paint (not the reader's vote: that is `score`). */
  value?: number;
  /** The number of ratings, as the CMS rendered it, for the first paint. */
  count?: number;
  /** The number of stars. */
  max = DEFAULT_MAX;
  /** Shows the summary only. */
  readonly = false;
  /** Shows the input, but inert. */
  disabled = false;
  /** The form field name; the vote is the field's value. */
  name?: string;
  /** The accessible name of the star group. Default: "Đánh giá bài viết" / "Rate this article". */
  label = '';
  /** Shows the average only after the visitor has voted, so it does not anchor their vote. */
  hideAverageUntilVoted = false;
  /** Milliseconds before a request to `src` is given up. */
  timeout = DEFAULT_TIMEOUT;
  /** The reader's own vote, a whole number 1..max, or `null` when they have not voted (any other value is `null`). */
  score: number | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.sending?.abort();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (!this.fromServer && (changed.has('value') || changed.has('count') || changed.has('max'))) {
      this.aggregate =
        this.count === undefined ? undefined : aggregateFromAttributes(this.value ?? 0, this.count, this.stars);
    }
    // Another article's rating: until its server answers, the CMS's numbers are the ones to follow.
    if (changed.has('src')) this.fromServer = false;
    // A vote is a whole star of this scale, or none (a script's "3" is 3; 9 of 5 stars, or 2.5, is none).
    this.score = validScore(Number(this.score), this.stars) ?? null;
  }

  override update(changed: Map<string, unknown>): void {
    const focused = this.shadowRoot?.activeElement as HTMLElement | null | undefined;
    super.update(changed);
    this.paintStars();
    // A focused control that this render removed (withdraw, retry, a star beyond a new max) hands focus to the group
    // itself, where Enter sends nothing (a second press after a withdrawal is no vote); if the input went (made
    // read-only), to the summary (one of the two is always rendered). Never to <body>.
    if (focused && !focused.isConnected) {
      const next = (this.renderRoot.querySelector('[role=radiogroup]') ??
        this.renderRoot.querySelector('[part=summary]')) as HTMLElement;
      next.tabIndex = -1;
      next.focus();
    }
  }

  override updated(changed: Map<string, unknown>): void {
    // Internals only for a form field: a listing of a thousand read-only ratings does not need them.
    if ((changed.has('score') || changed.has('name')) && (this.name || this.internals)) {
      this.internals ??= this.attachInternals?.();
      this.internals?.setFormValue?.(this.score === null ? null : String(this.score));
    }
  }

  /** @internal A form reset clears the vote that the form would send. */
  formResetCallback(): void {
    this.score = null;
    this.choice = null;
    this.failure = undefined;
  }

  private get stars(): number {
    return Number.isInteger(this.max) && this.max >= 1 && this.max <= 10 ? this.max : DEFAULT_MAX;
  }

  private get locked(): boolean {
    return this.disabled || this.readonly;
  }

  private fail(action: Failure['action'], result: JsonResult<unknown>, score: number | null, show: boolean): void {
    if (result.ok) return;
    const retryAfter = retryAfterSeconds(result.retryAfter);
    const detail: RatingErrorDetail = { action, reason: result.reason, status: result.status, retryAfter };
    if (show) {
      const m = this.localize.strings(STRINGS);
      this.failure = { ...detail, score };
      this.message = result.reason === 'rate-limited' ? m.rateLimited(retryAfter ?? 60) : `${m.failed} ${m.retry}?`;
    }
    this.emit<RatingErrorDetail>('rating-error', detail);
  }

  /** Casts (or, with `null`, withdraws) the visitor's vote: shown at once, saved, rolled back exactly on failure. */
  private async commit(score: number | null): Promise<void> {
    if (this.locked) return;
    this.choice = null;
    if (score === this.score && !this.failure) return;
    const before = this.score;
    // Until the server has spoken, the CMS's numbers are what a failure rolls back to.
    this.confirmed ??= { aggregate: this.aggregate, score: before };
    this.score = score;
    this.failure = undefined;
    this.emit('change');
    const m = this.localize.strings(STRINGS);
    const url = this.src && endpointUrl(this.src, '/vote');
    if (!url) {
      this.message = score === null ? m.withdrawn : m.thanks;
      return;
    }
    if (this.aggregate) this.aggregate = revote(this.aggregate, before, score);
    this.message = '';
    this.sending?.abort();
    const controller = (this.sending = new AbortController());
    const max = this.stars;
    const result = await requestJson<VoteResult>(url, {
      method: score === null ? 'DELETE' : 'PUT',
      body: score === null ? undefined : { score },
      headers: { 'x-visitor-id': visitorId() },
      timeout: this.timeout,
      signal: controller.signal,
      // The answer must be about this very vote.
      validate: (body) => {
        const saved = validVoteResult(body, max);
        return saved && saved.score === score ? saved : undefined;
      },
    });
    if (controller.signal.aborted) return; // A newer vote took over.
    if (result.ok) {
      const { count, sum, average } = result.data;
      this.fromServer = true;
      this.aggregate = { count, sum, average, max };
      this.confirmed = { aggregate: this.aggregate, score };
      this.message = score === null ? m.withdrawn : m.thanks;
      this.emit<VoteResult>('rating-saved', result.data);
      return;
    }
    this.aggregate = this.confirmed?.aggregate;
    this.score = this.confirmed?.score ?? null;
    this.fail(score === null ? 'withdraw' : 'vote', result, score, true);
  }

  private readonly retry = () => this.failure && this.commit(this.failure.score);

  private readonly withdraw = () => this.commit(null);

  private onKeydown(event: KeyboardEvent): void {
    // The key's target is the focused star, however focus got there (arrows, a click, a screen reader, a script).
    // On the group itself (after a withdrawal) the arrows start from either end, and Enter and Space send nothing.
    const star = starOf(event);
    if (this.locked || event.altKey || event.ctrlKey || event.metaKey) return;
    const max = this.stars;
    const rtl = this.matches(':dir(rtl)');
    const key = event.key;
    let next: number;
    // A key ends a resting pointer's preview: the fill follows the keyboard.
    this.hover = 0;
    if (key === 'Enter' || key === ' ') {
      event.preventDefault();
      if (star) this.commit(star);
      return;
    }
    if (key === 'ArrowDown' || key === (rtl ? 'ArrowLeft' : 'ArrowRight')) next = star < max ? star + 1 : 1;
    else if (key === 'ArrowUp' || key === (rtl ? 'ArrowRight' : 'ArrowLeft')) next = star > 1 ? star - 1 : max;
    else if (key === 'Home') next = 1;
    else if (key === 'End') next = max;
    else return;
    event.preventDefault();
    // Arrows move focus and the preview; nothing is checked or sent until Enter, Space or a click.
    this.choice = next;
    this.renderRoot.querySelector<HTMLElement>(`[data-score="${next}"]`)?.focus();
  }

  // The group listens for its stars: two listeners per rating rather than two per star (a listing holds hundreds).
  private onClick(event: MouseEvent): void {
    const star = starOf(event);
    if (star) this.commit(star);
  }

  private onPointerOver(event: PointerEvent): void {
    const star = starOf(event);
    if (star && event.pointerType === 'mouse' && !this.locked) this.hover = star;
  }

  private onFocusIn(event: FocusEvent): void {
    const star = (this.active = starOf(event));
    // Focus moved by anything but the arrows (a click, a screen reader, a script) ends the arrows' preview.
    if (star !== this.choice) this.choice = null;
  }

  private onFocusOut(event: FocusEvent): void {
    const group = event.currentTarget as HTMLElement;
    if (!group.contains(event.relatedTarget as Node | null)) this.choice = this.active = undefined;
  }

  /**
   * The summary's fill, and for a scale other than five stars its shape and width (five is in the stylesheet, parsed
   * once): through the CSSOM, never a style attribute, which a strict CSP would refuse.
   */
  private paintStars(): void {
    const style = this.renderRoot.querySelector<HTMLElement>('[part~="stars"]')?.style;
    if (!style) return;
    const max = this.stars;
    const other = max !== DEFAULT_MAX;
    style.setProperty('--portal-stars-fill', `${((this.aggregate?.average ?? 0) / max) * 100}%`);
    style.setProperty('--portal-stars-width', other ? `${max}` : '');
    style.clipPath = other ? rowPolygon(max) : '';
  }

  private renderSummary(): TemplateResult {
    const m = this.localize.strings(STRINGS);
    const a = this.aggregate;
    const max = this.stars;
    if (!a && this.resource.loading) {
      // Loading with nothing from the CMS: empty stars hold the place, without a claim.
      return html`<div part="summary" aria-busy="true"><span part="stars"></span></div>`;
    }
    if (!a) return html`<div part="summary">${this.resource.error ? m.unavailable : m.noRatings}</div>`;
    const average = formatNumber(this.localize.lang, a.average, AVERAGE);
    // One flat template with one clipped element for the stars (painted after the render): a listing renders a
    // thousand of these.
    // With no ratings the sentence says so: the stars are then hidden, not a second "no ratings yet".
    return html`<div part="summary"><span part="stars" role="img"
        aria-label=${a.count ? m.average(average, max) : m.noRatings} aria-hidden=${!a.count}
      ></span><span part="average" aria-hidden="true">${a.count ? average : ''}</span>
      <span part="summary-text">${a.count ? m.summary(formatNumber(this.localize.lang, a.sum), formatNumber(this.localize.lang, a.count), a.count) : m.noRatings}</span></div>`;
  }

  private renderInput(): TemplateResult {
    const m = this.localize.strings(STRINGS);
    const max = this.stars;
    const saved = this.score ?? 0;
    const shown = this.hover || this.choice || saved;
    // Firefox tells no focusout when the focused star goes (a smaller max): the tab stop stays within the scale.
    const tabbable = Math.min(this.active || saved || 1, max);
    const stars = Array.from({ length: max }, (_, i) => i + 1);
    return html`<div part="input">
      <div
        role="radiogroup"
        aria-label=${this.label || m.group}
        aria-describedby=${this.locked ? nothing : 'hint'}
        aria-disabled=${this.disabled}
        @keydown=${this.onKeydown}
        @focusin=${this.onFocusIn}
        @focusout=${this.onFocusOut}
        @click=${this.onClick}
        @pointerover=${this.onPointerOver}
        @pointerleave=${() => (this.hover = 0)}
      >
        ${stars.map(
          (n) => html`<span
            part=${n <= shown ? 'star star-filled' : 'star'}
            role="radio"
            aria-checked=${n === saved}
            aria-label=${m.star(n)}
            tabindex=${!this.disabled && n === tabbable ? '0' : '-1'}
            data-score=${n}
            ><svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path class=${n <= shown ? 'full' : 'empty'} d=${STAR_PATH}></path></svg
          ></span
          >`,
        )}
      </div>
      ${
        this.score === null
          ? this.disabled
            ? nothing
            : html`<span part="prompt">${m.prompt}</span>`
          : html`<span part="your-vote">${m.yourVote(this.score)}</span>
            ${this.disabled ? nothing : html`<button type="button" part="withdraw" @click=${this.withdraw}>${m.withdraw}</button>`}`
      }
      ${this.locked ? nothing : html`<span part="hint" id="hint">${m.hint}</span>`}
      ${
        this.failure
          ? html`<div class="notice">
            <span part="error">${this.failure.reason === 'rate-limited' ? this.message : m.failed}</span>
            ${
              this.failure.reason === 'rate-limited'
                ? nothing
                : html`<button type="button" part="retry" @click=${this.retry}>${m.retry}</button>`
            }
          </div>`
          : nothing
      }
    </div>`;
  }

  override render() {
    if (this.readonly) return this.renderSummary();
    const showSummary = !this.hideAverageUntilVoted || this.score !== null;
    return html`${showSummary ? this.renderSummary() : nothing}${this.renderInput()}${statusRegion(this.message ?? '')}`;
  }
}
