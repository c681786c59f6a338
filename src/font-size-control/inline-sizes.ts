/**
 * Inline sizes (`style="font-size:13pt"`, pasted from Word) beat every stylesheet, so they are scaled where they stand.
 * Shared by the head script, which scales them while the page parses, and the control, which takes over what the head
 * script did: the original attributes live on a global symbol, so either can put the page back. Kept small: it is
 * part of the head script, whose budget is about a kilobyte.
 */
import { isScaled, SCALE_VAR } from './css-rewrite.js';

export interface InlineOriginal {
  /** The `style` attribute as the page wrote it, put back as it was at 100%. */
  attribute: string | null;
  /** The attribute as we left it: any other value means the page changed it since. */
  written: string | null;
}

export interface InlineState {
  originals: Map<HTMLElement, InlineOriginal>;
  /** The head script's observer, which the control stops when it takes over. */
  observer?: MutationObserver;
}

const REGISTRY = Symbol.for('portal-widgets.inline-sizes');
export const SIZES = ['font-size', 'line-height'];

/** The inline sizes scaled under a storage key, whoever scaled them. */
export function inlineState(key: string): InlineState {
  const global = globalThis as unknown as Record<symbol, Record<string, InlineState> | undefined>;
  return ((global[REGISTRY] ??= {})[key] ??= { originals: new Map() });
}

/** Whether the element's style attribute is not (or no longer) as we wrote it. */
export const unseen = (el: HTMLElement, state: InlineState) =>
  state.originals.get(el)?.written !== el.getAttribute('style');

/**
 * Scales an element's inline font-size and line-height, each with the importance the page gave it. `root` is for an
 * element whose parent has not grown (its relative font-size is multiplied too). Returns whether it wrote anything.
 */
export function scaleInlineSizes(
  el: HTMLElement,
  root: boolean,
  scale: (value: string, root: boolean) => string | undefined,
): boolean {
  const style = el.style;
  let wrote = false;
  for (const property of SIZES) {
    const value = style.getPropertyValue(property);
    if (!value || isScaled(value)) continue;
    // Written even when unchanged: the attribute is then in the browser's own form, which the copies' exclusion reads.
    style.setProperty(
      property,
      scale(value, root && property === SIZES[0]) ?? value,
      style.getPropertyPriority(property),
    );
    wrote = true;
  }
  return wrote;
}

/** Records what an element's attribute was before we first wrote it (`attribute`), and what we left. */
export function remember(el: HTMLElement, state: InlineState, attribute: string | null): void {
  const known = state.originals.get(el);
  state.originals.set(el, { attribute: known ? known.attribute : attribute, written: el.getAttribute('style') });
}

/** The page's own form of a value we scaled: each `calc(x * var(--portal-text-scale))` back to `x`, mirrors to their source. */
export const unscaled = (value: string) =>
  value
    .replace(new RegExp(`calc\\(([^()\\s]+) \\* var\\(${SCALE_VAR}\\)\\)`, 'g'), '$1')
    .replace(/var\(--portal-scaled-[sr]/g, 'var(');
