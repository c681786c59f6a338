import { releasePageSheet, setPageSheet } from '../core/page-sheet.js';
import {
  KEYWORDS,
  notInline,
  scaled,
  OPT_IN,
  mirrored,
  NEW_TASK,
  rewriteStyleSheets,
  scaledValue,
  scaleRule,
  scopeOf,
  textSheetNames,
  type RewriteOptions,
} from './css-rewrite.js';
import { inlineState, remember, scaleInlineSizes, SIZES, unscaled, unseen, type InlineState } from './inline-sizes.js';

export type ScaleStrategy = 'auto' | 'root' | 'text' | 'zoom';
export type AppliedStrategy = Exclude<ScaleStrategy, 'auto'>;

const SAMPLE_SIZE = 200;
/** The longest stretch of inline-size work before the main thread is given back. */
const SLICE_MS = 8;

let keywordSizes: Map<string, number> | undefined;

/**
 * Runs `steps` in slices of at most SLICE_MS, a task apart, and resolves with its result; with `undefined` as soon as
 * `stale()` says the work is no longer wanted. The first slice runs at once.
 */
function sliced<T>(steps: Generator<unknown, T>, stale: () => boolean, now = true): Promise<T | undefined> {
  return new Promise((resolve) => {
    const slice = () => {
      if (stale()) return resolve(undefined);
      const deadline = performance.now() + SLICE_MS;
      for (;;) {
        let step: IteratorResult<unknown, T>;
        try {
          step = steps.next();
        } catch (error) {
          // A page rule the rewrite cannot read must not leave `apply` waiting for ever.
          console.warn('portal-widgets: the text scaler stopped.', error);
          return resolve(undefined);
        }
        if (step.done) return resolve(step.value);
        // A long step in one piece starts a task of its own, unless this one has barely begun.
        const end = step.value === NEW_TASK ? deadline - SLICE_MS / 2 : deadline;
        if (performance.now() > end) return void setTimeout(slice);
      }
    };
    if (now) slice();
    else setTimeout(slice);
  });
}

/**
 * Absolute font-size keywords as this browser resolves them (they follow the reader's default font size). Probed only
 * when a page actually uses one.
 */
function keywordSize(name: string): number | undefined {
  if (!KEYWORDS.includes(name)) return undefined;
  if (!keywordSizes) {
    // One pass, one style recalculation. Inline sizes keep every rule of ours off the probes.
    const probes = KEYWORDS.map((keyword) => {
      const probe = document.createElement('span');
      probe.style.fontSize = keyword;
      return probe;
    });
    document.documentElement.append(...probes);
    keywordSizes = new Map(probes.map((probe, i) => [KEYWORDS[i], px(getComputedStyle(probe).fontSize)]));
    for (const probe of probes) probe.remove();
  }
  return keywordSizes.get(name);
}

/** `<font size>` as the HTML standard reads it: 1-7, or relative to 3 with a sign; `undefined` when it sets no size. */
function legacySize(value: string): number | undefined {
  const match = /^\s*([+-]?)(\d+)/.exec(value);
  if (!match) return undefined;
  const n = Number(match[2]);
  return Math.min(7, Math.max(1, match[1] === '+' ? 3 + n : match[1] === '-' ? 3 - n : n));
}

const LEGACY_VALUES = ['1', '2', '3', '4', '5', '6', '7', '+1', '+2', '+3', '+4', '-1', '-2'];

/**
 * Rules for `<font size>`: its size is a presentational hint, below every stylesheet, so no rule copy ever sees it.
 * They go into the base layer, which the copies of any page rule for the element outrank, as the page's rules outrank
 * the hint. One rule per value: the common ones, and any other the page holds now.
 */
function legacyFontRules(all: string): string {
  const exclude = notInline('font-size');
  const fonts = Array.from(document.querySelectorAll('font[size]'), (font) => font.getAttribute('size') as string);
  if (!fonts.length) return '';
  let css = '';
  for (const value of new Set([...LEGACY_VALUES, ...fonts])) {
    const n = legacySize(value);
    // The hint is a keyword: 1 is x-small, 3 medium, 7 xxx-large.
    if (n)
      css += `${all}${exclude}:is(font[size="${CSS.escape(value)}"]){font-size:${scaled(`${keywordSize(KEYWORDS[n])}px`)} !important}`;
  }
  return css;
}

function px(value: string): number {
  return parseFloat(value);
}

/** Sets an inline declaration for a moment, runs `measure`, then puts the `style` attribute back exactly. */
function withInline<T>(el: HTMLElement, property: string, value: string, measure: () => T): T {
  const saved = el.getAttribute('style');
  el.style.setProperty(property, value, 'important');
  try {
    return measure();
  } finally {
    // Reading the attribute first flushes Chromium's lazily serialised inline style, which would otherwise write
    // an empty `style=""` back after the removal.
    el.getAttribute('style');
    if (saved === null) el.removeAttribute('style');
    else el.setAttribute('style', saved);
  }
}

/**
 * Whether children inherit a fixed line-height (px, or em/% already computed to px) rather than a number that follows
 * their own size. A probe child with twice the font size tells: only the probe is restyled, not the whole subtree.
 */
function inheritsFixedLineHeight(el: Element, fontSize: number, lineHeight: string): boolean {
  const probe = document.createElement('portal-probe');
  probe.style.fontSize = `${fontSize * 2}px`;
  el.append(probe);
  const fixed = getComputedStyle(probe).lineHeight === lineHeight;
  probe.remove();
  return fixed;
}

/** Elements that directly hold visible text, up to `limit`. */
function textElements(root: Element, limit: number): Element[] {
  const found = new Set<Element>();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (found.size < limit && walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent && walker.currentNode.nodeValue?.trim() && !/^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(parent.tagName)) {
      found.add(parent);
    }
  }
  return [...found];
}

/** Whether most of the page's text follows the root font size (a rem/em site) rather than fixed px. */
export function followsRoot(): boolean {
  const samples = document.body ? textElements(document.body, SAMPLE_SIZE) : [];
  if (!samples.length) return false;
  const root = document.documentElement;
  const before = samples.map((el) => px(getComputedStyle(el).fontSize));
  const doubled = px(getComputedStyle(root).fontSize) * 2;
  const following = withInline(
    root,
    'font-size',
    `${doubled}px`,
    () => samples.filter((el, i) => Math.abs(px(getComputedStyle(el).fontSize) - 2 * before[i]) < 0.5).length,
  );
  return following / samples.length >= 0.5;
}

/**
 * Scales the text of a page or of the subtree matched by `target`. One instance per page and storage key.
 * Every level change only rewrites one custom property, so a click costs the browser's restyle, not a DOM walk.
 */
export class TextScaler {
  /** The strategy in use once resolved from `auto`. */
  strategy?: AppliedStrategy;
  /** The generated rules, for the head script to apply before the next page paints. */
  css = '';
  /** The selector of everything scaled: the target and the regions a host opted in, the body, or the root. */
  scope = ':root';
  /** Custom properties mirrored with their lengths scaled; inline declarations of them are mirrored where they stand. */
  mirrors: string[] = [];
  private level = 100;
  /** How many rewrites were started: a rewrite still in slices when a newer one starts is dropped. */
  private rewrites = 0;
  /** The latest rewrite, settled once its rules are in place (or it was dropped or stopped). */
  private rewriting: Promise<void> = Promise.resolve();
  private hasBase = false;
  private hasLegacyFonts = false;
  private readonly inline: InlineState;
  private observer?: MutationObserver;
  /** Whether the first full pass over inline sizes has begun: until then, added elements wait for it. */
  private inlineReady = false;

  private readonly rulesSheet: string;
  private readonly levelSheet: string;

  constructor(
    readonly key: string,
    readonly target: string | null,
    readonly requested: ScaleStrategy,
  ) {
    [this.rulesSheet, this.levelSheet] = textSheetNames(key);
    this.inline = inlineState(key);
  }

  /**
   * Applies a level in percent; 100 restores the page exactly. Resolves once the page's rules are rewritten (in slices,
   * the first time), with whether `level` is still the one in force then.
   */
  async apply(level: number): Promise<boolean> {
    if (level !== this.level || (level !== 100 && !this.observer)) {
      this.level = level;
      if (level === 100) this.reset();
      else {
        if (!this.observer) this.start();
        setPageSheet(this.levelSheet, scaleRule(level));
      }
    }
    await this.rewriting;
    return level === this.level;
  }

  /** Stops scaling and leaves no trace: no adopted sheet, no inline style of ours. */
  reset(): void {
    this.level = 100;
    this.stopHeadScript();
    this.observer?.disconnect();
    this.observer = undefined;
    releasePageSheet(this.rulesSheet);
    releasePageSheet(this.levelSheet);
    for (const el of [...this.inline.originals.keys()]) this.restoreInline(el);
  }

  /** The options the head script needs to scale inline sizes exactly as this scaler does. */
  get rewriteOptions(): RewriteOptions {
    return { scaleRem: this.strategy === 'text', keyword: keywordSize };
  }

  private readonly scale = (value: string, root: boolean) => scaledValue(value, this.rewriteOptions, root);

  private stopHeadScript(): void {
    this.inline.observer?.disconnect();
    this.inline.observer = undefined;
  }

  private start(): void {
    // The head script may have scaled the page already. Nothing here measures text the rules reach, so its sheets stay
    // in place: clearing them would make the browser restyle the whole page twice on a cheap phone's main thread. Its
    // observer keeps scaling the inline sizes the parser adds until this scaler's own first pass begins.
    this.strategy ??=
      this.requested !== 'auto' ? this.requested : this.target === null && followsRoot() ? 'root' : 'text';
    this.scope =
      this.strategy === 'root'
        ? ':root'
        : this.target !== null
          ? `${this.target}, ${OPT_IN}`
          : this.strategy === 'zoom'
            ? ':root'
            : 'body';
    const observer = (this.observer = new MutationObserver((records) => this.onMutations(records)));
    // Watched from now, so that a stylesheet added while the rules are rewritten starts a newer rewrite. Inline sizes
    // are all read once the rules (and the mirrors they name) are in place.
    observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['style'],
    });
    this.inlineReady = false;
    const began = performance.now();
    // The level is in force once the inline sizes are scaled too: `apply` waits for this whole first pass, which starts
    // at once after a short rewrite (a click on a page with a few dozen rules), else in a task of its own.
    this.rewriting = this.regenerate().then(() => {
      if (this.observer !== observer) return;
      this.stopHeadScript();
      this.inlineReady = true;
      return this.scaleInline([document.documentElement], performance.now() - began < SLICE_MS);
    });
  }

  /**
   * Rebuilds the rules from the page's stylesheets, in slices: the sheet in force (the head script's, or the previous
   * rules) stays until the new rules replace it at once. Resolves when the latest rewrite is done.
   */
  private regenerate(): Promise<void> {
    const rewrite = ++this.rewrites;
    const observer = this.observer;
    if (this.strategy === 'zoom') {
      this.hasBase = true;
      this.css = `@layer portal-text{:where(${this.scope}){zoom:var(--portal-text-scale) !important;--portal-chrome-scale:1}}`;
      setPageSheet(this.rulesSheet, this.css);
      return (this.rewriting = Promise.resolve());
    }
    this.hasLegacyFonts = document.querySelector('font[size]') !== null;
    // Known now, not once the rules are assembled: until then every added node would look like a late root and start
    // the rewrite again.
    this.hasBase = document.querySelector(scopeOf(this.scope).roots) !== null;
    const stale = () => rewrite !== this.rewrites || this.observer !== observer;
    const steps = rewriteStyleSheets(document, this.scope, this.rewriteOptions, () => this.baseRules());
    const started = performance.now();
    return (this.rewriting = sliced(steps, stale).then(async (rewritten) => {
      // After a rewrite long enough to be sliced, the new sheet's parse (as long) is a task of its own. A short one (a
      // click on a page with a few dozen rules) is parsed at once: the reader sees the new size in the next frame.
      if (rewritten && performance.now() - started > SLICE_MS) await new Promise((resolve) => setTimeout(resolve));
      // Dropped for a newer rewrite, which decides; or stopped by a reset.
      if (rewrite !== this.rewrites) return this.rewriting;
      if (!rewritten || stale()) return;
      this.css = rewritten.css;
      this.mirrors = rewritten.mirrors;
      setPageSheet(this.rulesSheet, this.css);
    }));
  }

  /**
   * Rules that any copy of a page rule outranks: a root's line-height when it inherits a fixed length from outside
   * the scope (where nothing grows), and `<font size>`.
   */
  private baseRules(): string {
    const { roots, all } = scopeOf(this.scope);
    let rule = legacyFontRules(all);
    const el = document.querySelector<HTMLElement>(roots);
    // What a root inherits is its parent's, outside the scope: no rule of ours reaches it, so it reads as at 100%.
    const parent = el?.parentElement;
    if (!parent) return rule;
    const style = getComputedStyle(parent);
    const lineHeight = style.lineHeight;
    if (lineHeight !== 'normal' && inheritsFixedLineHeight(parent, px(style.fontSize), lineHeight)) {
      rule += `${roots}{line-height:${scaled(lineHeight)} !important}`;
    }
    return rule;
  }

  /**
   * Scales the inline sizes in and under `roots`, and mirrors inline custom properties wherever sizes read them. A long
   * article pasted from Word holds thousands: they are done in slices of a few milliseconds, so that a cheap phone's
   * main thread never holds a long task (what the head script already scaled costs a map lookup each).
   */
  private async scaleInline(roots: Element[], now = false): Promise<void> {
    if (this.strategy === 'zoom') return;
    const pending: HTMLElement[] = [];
    for (const root of roots) {
      if (root.matches('[style]')) pending.push(root as HTMLElement);
      pending.push(...Array.from(root.querySelectorAll<HTMLElement>('[style]')));
    }
    const observer = this.observer;
    const steps = (function* (scaler: TextScaler) {
      for (const el of pending) yield scaler.scaleElement(el);
    })(this);
    // By default from the next task: the rules that just arrived have had theirs.
    if (pending.length) await sliced(steps, () => this.observer !== observer, now);
  }

  private scaleElement(el: HTMLElement): void {
    const attribute = el.getAttribute('style');
    if (!attribute || !unseen(el, this.inline)) return;
    const sizes = /font-size|line-height/i.test(attribute) && el.closest(this.scope) !== null;
    const sized = sizes && scaleInlineSizes(el, !el.parentElement?.closest(this.scope), this.scale);
    const mirrored = attribute.includes('--') && this.mirrorInline(el);
    if (sized || mirrored) remember(el, this.inline, attribute);
  }

  /** Mirrors an element's inline custom properties that sizes read (`:root` often holds them, outside the scope). */
  private mirrorInline(el: HTMLElement): boolean {
    let wrote = false;
    for (const mirror of this.mirrors) {
      const [name, root] = mirrored(mirror);
      const value = el.style.getPropertyValue(name);
      if (!value && !el.style.getPropertyValue(mirror)) continue;
      el.style.setProperty(mirror, value && (this.scale(value, root) ?? value), el.style.getPropertyPriority(name));
      wrote = true;
    }
    return wrote;
  }

  private restoreInline(el: HTMLElement): void {
    const original = this.inline.originals.get(el);
    if (!original) return;
    this.inline.originals.delete(el);
    if (el.getAttribute('style') === original.written) {
      if (original.attribute === null) el.removeAttribute('style');
      else el.setAttribute('style', original.attribute);
      return;
    }
    // The page changed the style since: put back only what was ours.
    const style = el.style;
    for (const property of SIZES) {
      const value = style.getPropertyValue(property);
      if (value) style.setProperty(property, unscaled(value), style.getPropertyPriority(property));
    }
    for (const mirror of this.mirrors) style.removeProperty(mirror);
  }

  private onMutations(records: MutationRecord[]): void {
    let sheetsChanged = false;
    let removed = false;
    const added: Element[] = [];
    /** Elements put into the page (not restyled): only these can be a late root or old markup. */
    const inserted: Element[] = [];
    for (const record of records) {
      if (record.type === 'attributes') {
        const el = record.target as HTMLElement;
        if (this.inline.originals.get(el)?.written !== el.getAttribute('style')) added.push(el);
        continue;
      }
      removed ||= record.removedNodes.length > 0;
      for (const node of [...Array.from(record.addedNodes), ...Array.from(record.removedNodes)]) {
        if (node instanceof HTMLStyleElement) sheetsChanged = true;
        else if (node instanceof HTMLLinkElement && /\bstylesheet\b/i.test(node.rel)) {
          if (node.isConnected) node.addEventListener('load', () => this.observer && this.regenerate(), { once: true });
          else sheetsChanged = true;
        }
      }
      for (const node of Array.from(record.addedNodes)) {
        if (node instanceof Element && node.isConnected) {
          added.push(node);
          inserted.push(node);
        }
      }
    }
    if (removed) {
      // Forget elements that left the page, so a long-lived app does not keep them alive.
      for (const el of this.inline.originals.keys()) if (!el.isConnected) this.inline.originals.delete(el);
    }
    // A root that arrives late (the control sits above the article) gets its base rules now, and so does old markup.
    const needsBase = () =>
      (!this.hasBase && inserted.some((el) => el.matches(this.scope) || el.querySelector(this.scope))) ||
      (!this.hasLegacyFonts && inserted.some((el) => el.matches('font[size]') || el.querySelector('font[size]')));
    if (sheetsChanged || (inserted.length && this.strategy !== 'zoom' && needsBase())) void this.regenerate();
    if (added.length && this.inlineReady) void this.scaleInline(added);
  }
}

const scalers = new Map<string, TextScaler>();

/** The page's scaler for a storage key; the first control to ask decides the target and the strategy. */
export function textScaler(key: string, target: string | null, strategy: ScaleStrategy): TextScaler {
  let scaler = scalers.get(key);
  if (!scaler) scalers.set(key, (scaler = new TextScaler(key, target, strategy)));
  return scaler;
}
