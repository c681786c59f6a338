import { waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

let counter = 0;

/** A storage key no other test uses, so each test starts with nothing stored and its own page-wide scaler. */
export function uniqueKey(prefix = 'test'): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${counter}`;
}

/** The button in an element's shadow root with the given part name. */
export function part(el: Element, name: string): HTMLButtonElement {
  const found = el.shadowRoot?.querySelector<HTMLButtonElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part "${name}"`);
  return found;
}

/** The polite status region's text. */
export function status(el: Element): string {
  return el.shadowRoot?.querySelector('[role="status"]')?.textContent?.trim() ?? '';
}

/** Computed font-size or line-height in px. */
export function size(el: Element, property: 'fontSize' | 'lineHeight' = 'fontSize'): number {
  return parseFloat(getComputedStyle(el)[property]);
}

/** Adds a stylesheet and some markup to the page, and returns what removes both. */
export function page(css: string, markup: string): { root: HTMLElement; remove: () => void } {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  const root = document.createElement('div');
  root.innerHTML = markup;
  document.body.append(root);
  return {
    root,
    remove: () => {
      style.remove();
      root.remove();
    },
  };
}

/** Waits for mutation observers and one frame. */
/** Moves an element in the DOM as a CMS script does: out of the page, then back at the end of the same parent. */
export function moveInDom(el: Element): void {
  const parent = el.parentElement!;
  el.remove();
  parent.append(el);
}

/** Resolves once `requests` holds `count` entries: a data widget sends its request a task after its first render. */
export function sent(requests: ArrayLike<unknown>, count: number): Promise<void> {
  return waitUntil(() => requests.length >= count, `${count} request(s) sent`, { timeout: 3000 });
}

export function settle(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}

/** Emulates CSS media features; false where the browser cannot (Firefox over WebDriver BiDi). */
export function emulateMediaFeatures(features: { name: string; value: string }[]): Promise<boolean> {
  return executeServerCommand('emulate-media-features', features) as Promise<boolean>;
}

/** Makes localStorage throw, as Safari's private mode or disabled cookies do, until the returned function runs. */
export function breakStorage(): () => void {
  const proto = Storage.prototype;
  const original = { getItem: proto.getItem, setItem: proto.setItem, removeItem: proto.removeItem };
  const fail = () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  proto.getItem = fail;
  proto.setItem = fail;
  proto.removeItem = fail;
  return () => Object.assign(proto, original);
}

/** WCAG contrast ratio of two CSS colours (rgb/rgba as computed). */
export function contrastRatio(foreground: string, background: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const [a, b] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

/** The first non-transparent background colour behind an element. */
export function backgroundOf(el: Element | null): string {
  for (let node = el; node; node = node.parentElement) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && !/rgba\(.*,\s*0\)$/.test(bg) && bg !== 'transparent') return bg;
  }
  return 'rgb(255, 255, 255)';
}

/**
 * The accessible name of a button named by its content, as assistive technology computes it: text that is not
 * aria-hidden, or aria-label when present.
 */
export function accessibleName(el: Element): string {
  const label = el.getAttribute('aria-label');
  if (label !== null) return label.trim();
  const walk = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.nodeValue ?? '';
    if (node instanceof Element && node.getAttribute('aria-hidden') === 'true') return '';
    return Array.from(node.childNodes).map(walk).join('');
  };
  return walk(el).replace(/\s+/g, ' ').trim();
}

/** Loads a page into an iframe on this origin and resolves with its window once it has loaded. */
export async function loadFrame(url: string): Promise<{ frame: HTMLIFrameElement; win: Window & Record<string, any> }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 1024px; height: 800px; border: 0';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = url;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as Window & Record<string, any>;
  if (win.widgetsReady) await win.widgetsReady;
  return { frame, win };
}

/** Proves a page's CSP is really in force: an inline <style> is refused and reported by record-errors.js. */
export async function expectInlineStyleRefused(win: Window & Record<string, any>): Promise<void> {
  const inline = win.document.createElement('style');
  inline.textContent = 'body { color: red }';
  win.document.head.append(inline);
  await new Promise((r) => setTimeout(r, 50));
  if (!win.pageErrors.join().includes('CSP violation: style-src')) throw new Error('an inline style was not refused');
}

/** Records the language of every `Intl.DateTimeFormat` created until `restore()`. */
export function spyDateFormats(): { made: string[]; restore: () => void } {
  const original = Intl.DateTimeFormat;
  const made: string[] = [];
  Intl.DateTimeFormat = new Proxy(original, {
    construct(target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      made.push(String(args[0]));
      return Reflect.construct(target, args);
    },
  });
  return { made, restore: () => (Intl.DateTimeFormat = original) };
}

/** Until the page has been idle once (every idle callback queued before has run). */
export const pageIdle = () =>
  new Promise<void>((resolve) => (window.requestIdleCallback ?? setTimeout)(() => resolve(), { timeout: 3000 }));

/** The element a node's box is painted in: its parent, or across a shadow boundary its host. */
function composedParent(el: Element): Element | null {
  return el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);
}

const rgba = (color: string) => {
  const [r, g, b, a = 1] = (color.match(/[\d.]+/g) ?? []).map(Number);
  return [r, g, b, a];
};

/** The first opaque background behind an element, across shadow boundaries. */
export function composedBackground(el: Element): string {
  for (let node: Element | null = el; node; node = composedParent(node)) {
    const bg = getComputedStyle(node).backgroundColor;
    if (rgba(bg)[3] === 1 && bg !== 'transparent') return bg;
  }
  return 'rgb(255, 255, 255)';
}

/**
 * The colour a reader sees for a colour painted on an element: the colour's alpha and every ancestor's opacity (across
 * shadow roots) blend it into the background, as a faded disabled button is blended.
 */
export function seenColour(el: Element, color = getComputedStyle(el).color): string {
  const fg = rgba(color);
  let alpha = fg[3];
  for (let node: Element | null = el; node; node = composedParent(node))
    alpha *= parseFloat(getComputedStyle(node).opacity);
  const bg = rgba(composedBackground(el));
  return `rgb(${[0, 1, 2].map((i) => fg[i] * alpha + bg[i] * (1 - alpha)).join(', ')})`;
}

/** The contrast of that seen colour against the element's background. */
export function seenContrast(el: Element, color = getComputedStyle(el).color): number {
  return contrastRatio(seenColour(el, color), composedBackground(el));
}

/** Every element that directly holds visible text inside a root and the shadow roots within it. */
export function textHolders(root: Document | ShadowRoot | Element): Element[] {
  const found: Element[] = [];
  const visit = (node: Node) => {
    if (node instanceof Element && node.shadowRoot) visit(node.shadowRoot);
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE && child.nodeValue?.trim()) {
        const parent = (child.parentElement ?? (node as ShadowRoot).host) as Element;
        if (/^(SCRIPT|STYLE|TITLE|OPTION)$/.test(parent.tagName)) continue;
        const box = parent.getBoundingClientRect();
        // Visually hidden text (1×1 px, clipped) is for screen readers; it has no contrast to keep.
        if (box.width > 1 && box.height > 1 && getComputedStyle(parent).visibility !== 'hidden') found.push(parent);
      } else if (child instanceof Element) visit(child);
    }
  };
  visit(root);
  return [...new Set(found)];
}
