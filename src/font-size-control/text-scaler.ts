import { pageSheet, releasePageSheet } from '../core/page-sheet.js';
import { rewriteStyleSheets, textSheetNames, scaledValue, scaleRule, type RewriteOptions } from './css-rewrite.js';

export type ScaleStrategy = 'auto' | 'root' | 'text' | 'zoom';
export type AppliedStrategy = Exclude<ScaleStrategy, 'auto'>;


const KEYWORDS = ['xx-small', 'x-small', 'small', 'medium', 'large', 'x-large', 'xx-large', 'xxx-large'];
const PROPERTIES = ['font-size', 'line-height'] as const;
const SAMPLE_SIZE = 200;

let keywordSizes: Map<string, number> | undefined;

/**
 * Absolute font-size keywords as this browser resolves them (they follow the reader's default font size). Probed only
 * when a page actually uses one, one probe per keyword read in a single pass.
 */
function keywordSize(name: string): number | undefined {
  if (!KEYWORDS.includes(name)) return undefined;
  if (!keywordSizes) {
    const probes = KEYWORDS.map((keyword) => {
      const probe = document.createElement('span');
      probe.style.fontSize = keyword;
      return probe;
    });
    document.documentElement.append(...probes);
    keywordSizes = new Map(KEYWORDS.map((keyword, i) => [keyword, px(getComputedStyle(probes[i]).fontSize)]));
    for (const probe of probes) probe.remove();
  }
  return keywordSizes.get(name);
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
  const following = withInline(root, 'font-size', `${doubled}px`, () =>
    samples.filter((el, i) => Math.abs(px(getComputedStyle(el).fontSize) - 2 * before[i]) < 0.5).length,
  );
  return following / samples.length >= 0.5;
}

interface InlineOriginal {
  attribute: string | null;
  written: string | null;
  declarations: Map<string, [value: string, priority: string]>;
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
  private level = 100;
  private hasBase = false;
  private inline = new Map<HTMLElement, InlineOriginal>();
  private observer?: MutationObserver;

  private readonly rulesSheet: string;
  private readonly levelSheet: string;

  constructor(
    readonly key: string,
    readonly target: string | null,
    readonly requested: ScaleStrategy,
  ) {
    [this.rulesSheet, this.levelSheet] = textSheetNames(key);
  }

  /** Applies a level in percent; 100 restores the page exactly. */
  apply(level: number): void {
    if (level === this.level && (level === 100 || this.observer)) return;
    this.level = level;
    if (level === 100) {
      this.reset();
      return;
    }
    if (!this.observer) this.start();
    pageSheet(this.levelSheet).replaceSync(scaleRule(level));
  }

  /** Stops scaling and leaves no trace: no adopted sheet, no inline style of ours. */
  reset(): void {
    this.level = 100;
    this.observer?.disconnect();
    this.observer = undefined;
    releasePageSheet(this.rulesSheet);
    releasePageSheet(this.levelSheet);
    for (const el of [...this.inline.keys()]) this.restoreInline(el);
  }

  private start(): void {
    // A head script may already have applied stored rules: measure the page as it is without them.
    pageSheet(this.rulesSheet).replaceSync('');
    this.strategy ??=
      this.requested !== 'auto' ? this.requested : this.target === null && followsRoot() ? 'root' : 'text';
    this.regenerate();
    this.scaleInline(this.scopeRoots());
    this.observer = new MutationObserver((records) => this.onMutations(records));
    this.observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['style'],
    });
  }

  private get options(): RewriteOptions {
    return { scope: this.target, scaleRem: this.strategy === 'text', keyword: keywordSize };
  }

  private scopeRoots(): Element[] {
    return this.target === null ? [document.documentElement] : Array.from(document.querySelectorAll(this.target));
  }

  private inScope(el: Element): boolean {
    return this.target === null || el.closest(this.target) !== null;
  }

  /** Rebuilds the rules from the page's stylesheets, measured as the page is at 100%. */
  private regenerate(): void {
    // While scaling is live, measure the page as it is at 100% for a moment (synchronously: nothing paints meanwhile).
    const live = this.observer !== undefined;
    const levelSheet = pageSheet(this.levelSheet);
    if (live) levelSheet.replaceSync(scaleRule(100));
    let css: string;
    if (this.strategy === 'zoom') {
      this.hasBase = true;
      css = `@layer portal-text{:where(${this.target ?? ':root'}){zoom:var(--portal-text-scale) !important}}`;
    } else {
      css = rewriteStyleSheets(document, this.options, this.baseRule());
    }
    if (live) levelSheet.replaceSync(scaleRule(this.level));
    this.css = css;
    pageSheet(this.rulesSheet).replaceSync(css);
  }

  /**
   * The rule that scales what the scope inherits from outside it: the root's size in the root strategy, the target's
   * size (and its line-height when that is a fixed length) in the text strategy.
   */
  private baseRule(): string {
    // Not the root in the text strategy: a scaled root would scale rem twice, once here and once in the rewritten rules.
    const selector = this.strategy === 'root' ? ':root' : this.target ?? 'body';
    const el = document.querySelector<HTMLElement>(selector);
    this.hasBase = el !== null;
    if (!el) return '';
    const style = getComputedStyle(el);
    const fontSize = px(style.fontSize);
    const lineHeight = style.lineHeight;
    let rule = `font-size:calc(${fontSize}px * var(--portal-text-scale)) !important`;
    if (lineHeight !== 'normal' && inheritsFixedLineHeight(el, fontSize, lineHeight)) {
      rule += `;line-height:calc(${lineHeight} * var(--portal-text-scale)) !important`;
    }
    return `:where(${selector}){${rule}}`;
  }

  /** Inline sizes beat every stylesheet, so they are scaled where they stand and put back on reset. */
  private scaleInline(roots: Element[]): void {
    for (const root of roots) {
      const styled = root.matches('[style]') ? [root] : [];
      styled.push(...Array.from(root.querySelectorAll('[style]')));
      for (const el of styled) if (el instanceof HTMLElement) this.scaleElement(el);
    }
  }

  private scaleElement(el: HTMLElement): void {
    const known = this.inline.get(el);
    if (known && el.getAttribute('style') === known.written) return;
    const original: InlineOriginal = known ?? { attribute: el.getAttribute('style'), written: null, declarations: new Map() };
    let changed = false;
    for (const property of PROPERTIES) {
      const value = el.style.getPropertyValue(property);
      if (!value || value.includes('--portal-text-scale')) continue;
      original.declarations.set(property, [value, el.style.getPropertyPriority(property)]);
      // Important, so the layered copies of the page's rules cannot override what the inline style decided.
      el.style.setProperty(property, scaledValue(value, this.options) ?? value, 'important');
      changed = true;
    }
    if (!changed) return;
    original.written = el.getAttribute('style');
    this.inline.set(el, original);
  }

  private restoreInline(el: HTMLElement): void {
    const original = this.inline.get(el);
    if (!original) return;
    this.inline.delete(el);
    if (el.getAttribute('style') === original.written) {
      if (original.attribute === null) el.removeAttribute('style');
      else el.setAttribute('style', original.attribute);
      return;
    }
    // The page changed the style since: put back only what was ours.
    for (const [property, [value, priority]] of original.declarations) el.style.setProperty(property, value, priority);
  }

  private onMutations(records: MutationRecord[]): void {
    let sheetsChanged = false;
    let removed = false;
    const added: Element[] = [];
    for (const record of records) {
      if (record.type === 'attributes') {
        const el = record.target as HTMLElement;
        if (this.inline.get(el)?.written !== el.getAttribute('style') && this.inScope(el)) added.push(el);
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
          if (this.inScope(node)) added.push(node);
          else if (this.target && node.querySelector(this.target)) added.push(...Array.from(node.querySelectorAll(this.target)));
        }
      }
    }
    if (removed) {
      // Forget elements that left the page, so a long-lived app does not keep them alive.
      for (const el of this.inline.keys()) if (!el.isConnected) this.inline.delete(el);
    }
    if (sheetsChanged) this.regenerate();
    if (added.length) {
      // A target that arrives late (the control sits above the article) gets its base rule now.
      if (!this.hasBase) this.regenerate();
      this.scaleInline(added);
    }
  }
}

const scalers = new Map<string, TextScaler>();

/** The page's scaler for a storage key; the first control to ask decides the target and the strategy. */
export function textScaler(key: string, target: string | null, strategy: ScaleStrategy): TextScaler {
  let scaler = scalers.get(key);
  if (!scaler) scalers.set(key, (scaler = new TextScaler(key, target, strategy)));
  return scaler;
}
