import { html, nothing } from 'lit';
import { PortalElement } from '../core/portal-element.js';
import { PreferenceController } from '../core/preference-controller.js';
import { CONTRAST_KEY, CONTRAST_LEVELS, type ContrastChoice, type ContrastLevel } from '../core/preference-keys.js';
import { controlStyles, statusRegion, visuallyHidden } from '../core/styles.js';
import { applyContrast, CONTRAST_CSS } from './contrast.js';
import { styles } from './contrast-toggle.styles.js';
import { builtInStrings } from '../core/locale.js';
import { contrast as en } from '../core/locales/en.js';
import { contrast as vi } from '../core/locales/vi.js';

const STRINGS = builtInStrings('contrast', { en, vi });

const DEFAULT_LEVELS: ContrastLevel[] = ['normal', 'more'];

function isLevel(value: unknown): value is ContrastLevel {
  return CONTRAST_LEVELS.includes(value as ContrastLevel);
}

/** Reads a `levels` attribute: known names only, in order from less to more, always with `normal`. */
function parseLevels(value: string | null): ContrastLevel[] {
  const named = new Set((value ?? '').toLowerCase().split(/[\s,]+/));
  const levels = CONTRAST_LEVELS.filter((level) => named.has(level));
  return levels.length > 1 || (levels.length === 1 && levels[0] !== 'normal')
    ? CONTRAST_LEVELS.filter((level) => level === 'normal' || named.has(level))
    : [...DEFAULT_LEVELS];
}

function parseChoice(stored: unknown): ContrastChoice | undefined {
  const choice = stored as Partial<ContrastChoice> | null | undefined;
  return choice && typeof choice === 'object' && isLevel(choice.level) ? (choice as ContrastChoice) : undefined;
}

const query = (feature: string) => window.matchMedia(feature);

/**
 * @tagname contrast-toggle
 * @summary Contrast buttons, "Tăng tương phản / Giảm tương phản", that step the page through contrast levels.
 *
 * The level is set as `<html data-contrast="more">` (or `"less"`; no attribute at normal) and carried out by a built-in
 * stylesheet adopted into the document, built on the `--portal-contrast-*` custom properties. A first visit follows
 * `prefers-contrast`; under `forced-colors` the system's colours win and the control says so.
 *
 * @fires change - The reader changed the level with a button; `value` holds the new level. Not fired for programmatic changes.
 *
 * @csspart base - The group around the buttons.
 * @csspart button - Both buttons.
 * @csspart increase - The "Tăng tương phản" button.
 * @csspart decrease - The "Giảm tương phản" button.
 * @csspart current - The button towards the level in force ("Tăng tương phản" at more, "Giảm tương phản" at less).
 * @csspart note - The note shown under the buttons while the system forces its own colours.
 *
 * @cssprop --portal-contrast-bg - Page background at the active level. Set it on `html[data-contrast="more"]` (or `"less"`). Default `#fff` (more), `#f4f0e6` (less).
 * @cssprop --portal-contrast-fg - Text colour at the active level. Default `#000` (more), `#4d4d4d` (less).
 * @cssprop --portal-contrast-link - Link colour at the active level; links are also underlined. Default `#0000d6` (more), `#2d4e78` (less).
 * @cssprop --portal-contrast-focus - Focus outline colour at the active level. Default the text colour.
 * @cssprop --portal-control-gap - Space between the buttons. Default `0.25em`.
 * @cssprop --portal-control-bg - Button background. Default `transparent`.
 * @cssprop --portal-control-hover-bg - Button background on hover.
 * @cssprop --portal-control-border-color - Button border colour. Default `currentColor`.
 * @cssprop --portal-control-radius - Button corner radius. Default `3px`.
 * @cssprop --portal-focus-color - Focus ring colour. Default `currentColor`.
 */
export class ContrastToggle extends PortalElement {
  static override styles = [controlStyles, visuallyHidden, styles];
  static override properties = {
    forced: { state: true },
    announcement: { state: true },
    value: { reflect: true },
    levels: { converter: { fromAttribute: parseLevels, toAttribute: (levels: ContrastLevel[]) => levels.join(' ') } },
    noStylesheet: { type: Boolean, attribute: 'no-stylesheet' },
    storageKey: { attribute: 'storage-key' },
  };

  private readonly preference = new PreferenceController<ContrastChoice>(this, {
    key: () => this.storageKey || CONTRAST_KEY,
    parse: parseChoice,
    changed: (choice) => this.adopt(choice),
  });

  private readonly media = ['(prefers-contrast: more)', '(prefers-contrast: less)', '(forced-colors: active)'].map(
    query,
  );
  /** Whether the level was chosen (stored) rather than taken from the system or the author's attribute. */
  private chosen = false;
  private saved?: ContrastLevel;
  private forced = false;
  private announcement = '';

  /** The contrast level: `normal`, `more` or `less` (when listed in `levels`). Reflects the current level. */
  value: ContrastLevel = 'normal';
  /** The levels the buttons step through, from less to more. Default `normal more`; `less normal more` adds a soft level. */
  levels: ContrastLevel[] = ['normal', 'more'];
  /** Sets only `html[data-contrast]` and leaves the styling to the site. */
  noStylesheet = false;
  /** The localStorage key; instances with the same key share one level. Empty means `portal-widgets:contrast`. */
  storageKey: string = '';

  override connectedCallback(): void {
    super.connectedCallback();
    for (const list of this.media) list.addEventListener('change', this.onMediaChange);
    this.onMediaChange();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const list of this.media) list.removeEventListener('change', this.onMediaChange);
  }

  override willUpdate(): void {
    if (!Array.isArray(this.levels) || !this.levels.includes('normal')) this.levels = [...DEFAULT_LEVELS];
    if (!this.levels.includes(this.value)) this.value = 'normal';
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('value') || changed.has('forced') || changed.has('noStylesheet')) {
      applyContrast(this.value, !this.noStylesheet && !this.forced);
    }
    const css = this.noStylesheet ? '' : CONTRAST_CSS;
    if (changed.has('value') && changed.get('value') !== undefined && this.value !== this.saved) {
      this.saved = this.value;
      this.chosen = true;
      this.preference.set({ level: this.value, sheet: !this.noStylesheet, css });
    } else {
      // The head script applies the stylesheet it finds stored: keep it current, choice or not.
      const stored = this.preference.stored as Partial<ContrastChoice> | undefined;
      if ((stored?.css ?? '') !== css) this.preference.set({ ...stored, css } as ContrastChoice);
    }
  }

  private adopt(choice: ContrastChoice | undefined): void {
    this.chosen = choice !== undefined;
    if (choice) this.saved = this.value = choice.level;
    else if (this.hasUpdated) this.saved = this.value = this.systemLevel();
    else if (this.value === 'normal') this.saved = this.value = this.systemLevel();
  }

  /** The level the operating system asks for, among the listed ones. */
  private systemLevel(): ContrastLevel {
    const [more, less] = this.media;
    const wanted: ContrastLevel = more.matches ? 'more' : less.matches ? 'less' : 'normal';
    return this.levels.includes(wanted) ? wanted : 'normal';
  }

  private readonly onMediaChange = () => {
    this.forced = this.media[2].matches;
    if (!this.chosen && this.hasUpdated) this.saved = this.value = this.systemLevel();
  };

  private async step(by: 1 | -1): Promise<void> {
    const next = this.levels[this.levels.indexOf(this.value) + by];
    if (!next || this.forced) return;
    this.value = next;
    this.announcement = this.localize.strings(STRINGS).levels[next];
    await this.updateComplete;
    this.emit('change');
  }

  override render() {
    const m = this.localize.strings(STRINGS);
    const index = this.levels.indexOf(this.value);
    // The button towards the level in force wears the "current" look, so the level is seen without hover.
    const button = (part: string, label: string, disabled: boolean, by: 1 | -1) =>
      html`<button
        type="button"
        part="button ${part}${this.value !== 'normal' && by > 0 === (this.value === 'more') ? ' current' : ''}"
        aria-disabled=${disabled || this.forced}
        @click=${() => this.step(by)}
      >
        ${label}
      </button>`;
    // The note goes under the buttons, not beside them: the row keeps the width the page stylesheet reserved for it.
    // The level in force is the group's description (what the sighted see in the buttons' look); under forced colours,
    // where none of ours is, the note is.
    return html`<div part="base" role="group" aria-label=${m.group} aria-describedby=${this.forced ? 'note' : 'level'}>
        ${button('increase', m.increase, index >= this.levels.length - 1, 1)}
        ${button('decrease', m.decrease, index <= 0, -1)}
      </div>
      <span id="level" hidden>${m.levels[this.value]}</span>
      ${this.forced ? html`<div part="note" id="note">${m.forcedColors}</div>` : nothing} ${statusRegion(this.announcement)}`;
  }
}
