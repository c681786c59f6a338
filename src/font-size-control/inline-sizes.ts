/**
 * Inline sizes (`style="font-size:13pt"`, pasted from Word) beat every stylesheet, so they are scaled where they stand.
 * Shared by the head script, which scales them while the page parses, and the control, which takes over what the head
 * script did: the originals live on a global symbol, so either can put the page back. Kept small: it is in the head script.
 */
import { isScaled, mirrored } from './css-rewrite.js';

/** Scales one value; `root` for a root's font-size. */
export type Scale = (value: string, root: boolean) => string | undefined;

export interface InlineOriginal {
  /** The `style` attribute as the page wrote it, put back as it was at 100%. */
  attribute: string | null;
  /** The attribute as we left it: any other value means the page changed it since. */
  written: string | null;
  /** The page's own value and priority of each property we wrote (an empty value: it had none). */
  declarations: Record<string, [value: string, priority: string]>;
}

export interface InlineState {
  originals: Map<HTMLElement, InlineOriginal>;
  /** The head script's observer, which the control stops when it takes over. */
  observer?: MutationObserver;
}

const REGISTRY = Symbol.for('portal-widgets.inline-sizes');

/** The inline sizes scaled under a storage key, whoever scaled them. */
export function inlineState(key: string): InlineState {
  const global = globalThis as unknown as Record<symbol, Record<string, InlineState> | undefined>;
  return ((global[REGISTRY] ??= {})[key] ??= { originals: new Map() });
}

/** Where an element stands: outside the scope (0), inside it (1), or one of its roots, whose parent has not grown (2). */
export type Place = 0 | 1 | 2;

export function placeIn(el: Element, scope: string): Place {
  return el.matches(scope) ? (el.parentElement?.closest(scope) ? 1 : 2) : el.closest(scope) ? 1 : 0;
}

/**
 * Scales an element's inline font-size and line-height (in the scope; a root's relative font-size is multiplied too),
 * and mirrors its inline custom properties that sizes read (anywhere: `:root` often holds them). Each declaration keeps
 * the importance the page gave it.
 */
export function scaleInline(el: HTMLElement, place: Place, mirrors: readonly string[], scale: Scale, state: InlineState): void {
  const attribute = el.getAttribute('style');
  const original = state.originals.get(el) ?? { attribute, written: null, declarations: {} };
  if (original.written === attribute) return;
  const style = el.style;
  const sizes = place && /font-size|line-height/i.test(attribute as string) ? ['font-size', 'line-height'] : [];
  const present = mirrors.filter((mirror) => style.getPropertyValue(mirrored(mirror)[0]) || style.getPropertyValue(mirror));
  if (!sizes.length && !present.length) return;
  for (const property of [...sizes, ...present]) {
    const mirror = !sizes.includes(property);
    const [name, root] = mirror ? mirrored(property) : [property, place > 1 && property === 'font-size'];
    const value = style.getPropertyValue(name);
    if (isScaled(value)) continue;
    const priority = style.getPropertyPriority(name);
    if (mirror) original.declarations[property] ??= ['', ''];
    else original.declarations[property] = [value, priority];
    // Written even when unchanged: the attribute is then in the browser's own form, which the copies' exclusion reads.
    style.setProperty(property, value && (scale(value, root) ?? value), priority);
  }
  original.written = el.getAttribute('style');
  state.originals.set(el, original);
}
