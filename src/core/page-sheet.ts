/**
 * Stylesheets that widgets apply to the host page, adopted with `document.adoptedStyleSheets` so they work under a strict
 * CSP (no inline `<style>`). The registry sits on a global symbol so the head script (`preferences.js`), the CDN bundle and
 * the npm build all find the same sheet instead of stacking copies.
 */
const REGISTRY = Symbol.for('portal-widgets.page-sheets');

type Registry = Record<string, CSSStyleSheet>;

function registry(): Registry {
  const global = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (global[REGISTRY] ??= {});
}

/** Returns the page sheet called `name`, adopting it into the document if it is not already. */
export function pageSheet(name: string): CSSStyleSheet {
  const sheets = registry();
  const sheet = (sheets[name] ??= new CSSStyleSheet());
  if (!document.adoptedStyleSheets.includes(sheet)) {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  return sheet;
}

/**
 * Sets the text of the page sheet called `name`, unless it already holds that text: replacing a sheet restyles the
 * whole page, which a control taking over from the head script should not pay for rules it already has.
 */
export function setPageSheet(name: string, css: string): void {
  const sheet = pageSheet(name) as CSSStyleSheet & { source?: string };
  if (sheet.source !== css) sheet.replaceSync((sheet.source = css));
}

/** Removes the page sheet called `name` from the document, leaving the page as it was. */
export function releasePageSheet(name: string): void {
  const sheet = registry()[name];
  if (!sheet) return;
  sheet.replaceSync(((sheet as CSSStyleSheet & { source?: string }).source = ''));
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
}
