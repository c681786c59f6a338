import { html } from 'lit';
import { PortalElement } from '../core/portal-element.js';
import { PreferenceController } from '../core/preference-controller.js';
import { TEXT_SIZE_KEY, type TextSizeChoice } from '../core/preference-keys.js';
import { controlStyles, statusRegion, visuallyHidden } from '../core/styles.js';
import { styles } from './font-size-control.styles.js';
import type { ScaleStrategy, TextScaler } from './text-scaler.js';
import { builtInStrings, formatNumber } from '../core/locale.js';
import { fontSize as en } from '../core/locales/en.js';
import { fontSize as vi } from '../core/locales/vi.js';

const STRINGS = builtInStrings('fontSize', { en, vi });

const STRATEGIES: readonly ScaleStrategy[] = ['auto', 'root', 'text', 'zoom'];
const PERCENT: Intl.NumberFormatOptions = { style: 'percent' };
/** Rules longer than this are not stored for the head script; the control then applies them when it loads. */
const MAX_STORED_CSS = 256 * 1024;

function finite(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function validSelector(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

function parseChoice(stored: unknown): TextSizeChoice | undefined {
  const choice = stored as Partial<TextSizeChoice> | null | undefined;
  return choice && typeof choice === 'object' && typeof choice.level === 'number' && Number.isFinite(choice.level)
    ? (choice as TextSizeChoice)
    : undefined;
}

/**
 * @tagname font-size-control
 * @summary Text size buttons, "A- A A+", that scale an article's text up to 200%, remembered across pages and tabs.
 *
 * Every text of the target becomes k times its own size at level k, whatever sets it: stylesheets, inline sizes pasted
 * from Word, `<font size>`, custom-property presets, fluid `clamp()` sizes. Every instance on the page, and every tab of
 * the portal, shows one level; the head script applies it before the next page paints. A host opts its own chrome in
 * with the `data-portal-text-scale` attribute, or multiplies a size by `var(--portal-chrome-scale, 1)` (the level outside
 * the scaled content, 1 inside it). See docs/text-size.md.
 *
 * @fires change - The reader changed the level with a button; `value` holds the new percent. Not fired for programmatic changes.
 *
 * @csspart base - The group around the three buttons.
 * @csspart button - Each of the three buttons.
 * @csspart decrease - The "A-" button.
 * @csspart reset - The "A" button.
 * @csspart increase - The "A+" button.
 * @csspart level - The level in force, e.g. "120%", shown beside the buttons.
 *
 * @cssprop --portal-control-gap - Space between the buttons. Default `0.25em`.
 * @cssprop --portal-control-bg - Button background. Default `transparent`.
 * @cssprop --portal-control-hover-bg - Button background on hover.
 * @cssprop --portal-control-border-color - Button border colour. Default `currentColor`.
 * @cssprop --portal-control-radius - Button corner radius. Default `3px`.
 * @cssprop --portal-focus-color - Focus ring colour. Default `currentColor`.
 */
export class FontSizeControl extends PortalElement {
  static override styles = [controlStyles, visuallyHidden, styles];
  static override properties = {
    announcement: { state: true },
    value: { type: Number, reflect: true },
    min: { type: Number },
    max: { type: Number },
    step: { type: Number },
    target: {},
    strategy: {},
    storageKey: { attribute: 'storage-key' },
  };

  private readonly preference = new PreferenceController<TextSizeChoice>(this, {
    key: () => this.storageKey || TEXT_SIZE_KEY,
    parse: parseChoice,
    changed: (choice) => this.adopt(choice),
  });

  /** The page's scaler, once asked for: a reader who never leaves 100% never downloads it. */
  private scalerLoad?: Promise<TextScaler>;
  /** The last level handed to the scaler, settled once it is applied (and saved). */
  private scaling?: Promise<void>;
  /** The level last read from or written to the store; a different `value` is a new choice to save. */
  private saved?: number;
  private announcement = '';

  /** The text size in percent of the page's own size. Reflects the current level. */
  value = 100;
  /** The smallest level in percent, above 0 and at most 100 (else 80). */
  min = 80;
  /** The largest level in percent, at least 100 (else 200). */
  max = 200;
  /** How many percent one button press adds or removes. */
  step = 10;
  /** CSS selector of the content to scale, e.g. `.news-detail`. Default: the whole page. */
  target = '';
  /** How text is scaled: `auto` (by page), `root` (rem/em sites), `text` (px text) or `zoom`. */
  strategy: ScaleStrategy = 'auto';
  /** The localStorage key; instances with the same key share one level. Empty means `portal-widgets:text-size`. */
  storageKey: string = '';

  override willUpdate(): void {
    this.value = this.clamp(this.value);
  }

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has('value')) return;
    // The first render applies a level the page already had (stored, or the author's attribute): nothing new to save,
    // unless the stored rules came from another page and this page's differ.
    const level = this.value;
    const newChoice = changed.get('value') !== undefined && level !== this.saved;
    if (newChoice) this.saved = level;
    // At 100% with nothing to save and no scaler asked for, there is nothing to undo: the scaler stays unloaded. Once
    // asked for, every level goes through it in order, so a level adopted while it loads is the one that stays.
    if (!this.scalerLoad && level === 100 && !newChoice) return;
    this.scaling = this.loadScaler().then(
      (scaler) => this.applyLevel(scaler, level, newChoice),
      (error: unknown) => {
        // The buttons keep working and the next level asks again (a network hiccup on the scaler's file).
        this.scalerLoad = undefined;
        console.warn('portal-widgets: the text scaler could not be loaded.', error);
      },
    );
  }

  /** Waits for the level to reach the page too: it may first need the scaler's file. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    await this.scaling;
    return complete;
  }

  private loadScaler(): Promise<TextScaler> {
    return (this.scalerLoad ??= import('./text-scaler.js').then(({ textScaler }) => {
      const target = this.target.trim();
      const valid = !target || validSelector(target);
      if (!valid) console.warn(`portal-widgets: invalid target "${target}"; scaling the whole page.`);
      const strategy = STRATEGIES.includes(this.strategy) ? this.strategy : 'auto';
      return textScaler(this.storageKey || TEXT_SIZE_KEY, valid && target ? target : null, strategy);
    }));
  }

  private async applyLevel(scaler: TextScaler, level: number, newChoice: boolean): Promise<void> {
    // A level that was replaced while its rules were rewritten is not stored: the newer one will be.
    if (!(await scaler.apply(level))) return;
    const stored = this.preference.value;
    const staleRules = stored?.level === level && level !== 100 && stored.css !== scaler.css;
    if (!newChoice && !staleRules) return;
    // Rules rebuilt as the page starts are written in a task of their own, after their parse: they can be a few hundred
    // kilobytes to serialise. A reader's choice is written at once, so another tab follows it without delay; a choice
    // made meanwhile is written after this one (timers run in order), so the last choice is the one kept.
    if (!newChoice) {
      await new Promise((resolve) => setTimeout(resolve));
      // A click handled before the timer chose another level, and wrote it: this one must not undo it.
      if (this.value !== level) return;
    }
    this.preference.set({
      level,
      target: scaler.scope,
      strategy: scaler.strategy ?? scaler.requested,
      css: level === 100 || scaler.css.length > MAX_STORED_CSS ? '' : scaler.css,
      mirrors: scaler.mirrors,
    });
  }

  private adopt(choice: TextSizeChoice | undefined): void {
    if (choice) this.saved = this.value = this.clamp(choice.level);
    else if (this.hasUpdated) this.saved = this.value = 100;
  }

  /** The range, in order, always holding the page's own size and never reaching 0: else the default end. */
  private get bounds(): [min: number, max: number] {
    const [min, max] = [finite(this.min, 80), finite(this.max, 200)].sort((a, b) => a - b);
    return [min > 0 && min <= 100 ? min : 80, max >= 100 ? max : 200];
  }

  private clamp(level: number): number {
    const [min, max] = this.bounds;
    return Math.min(max, Math.max(min, Math.round(finite(level, 100))));
  }

  private async choose(level: number): Promise<void> {
    const next = this.clamp(level);
    if (next === this.value) return;
    this.value = next;
    this.announcement = this.localize.strings(STRINGS).status(formatNumber(this.localize.lang, next / 100, PERCENT));
    await this.updateComplete;
    this.emit('change');
  }

  private readonly decrease = () => this.choose(this.value - Math.abs(finite(this.step, 10) || 10));
  private readonly reset = () => this.choose(100);
  private readonly increase = () => this.choose(this.value + Math.abs(finite(this.step, 10) || 10));

  override render() {
    const m = this.localize.strings(STRINGS);
    const [min, max] = this.bounds;
    // The name comes from hidden text, not aria-label: the visible glyph stays out of the name, exactly as localized,
    // and axe's label-in-name rule has no aria-label to compare with "A+".
    const button = (part: string, label: string, glyph: string, disabled: boolean, action: () => void) =>
      html`<button
        type="button"
        part="button ${part}"
        aria-disabled=${disabled}
        @click=${() => disabled || action()}
      >
        <span aria-hidden="true" dir="ltr">${glyph}</span><span class="visually-hidden">${label}</span>
      </button>`;
    return html`<div part="base" role="group" aria-label=${m.group}>
        ${button('decrease', m.decrease, 'A-', this.value <= min, this.decrease)}
        ${button('reset', m.reset, 'A', this.value === this.clamp(100), this.reset)}
        ${button('increase', m.increase, 'A+', this.value >= max, this.increase)}
        <span part="level">${formatNumber(this.localize.lang, this.value / 100, PERCENT)}</span>
      </div>
      ${statusRegion(this.announcement)}`;
  }
}
