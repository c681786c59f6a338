import { pageSheet, releasePageSheet } from '../core/page-sheet.js';
import type { ContrastLevel } from '../core/preference-keys.js';

/**
 * The page stylesheet that carries out a contrast level set on `<html data-contrast>`. It changes colours only, never
 * sizes, borders' widths or fonts, so nothing on the page moves; it keeps images and background images; and under forced
 * colours it steps aside for the operating system's palette. Defaults sit in `:where()` so any page rule overrides them.
 * With the page's own colours gone, its structure is drawn with outlines, which take no space: the current navigation
 * item, the header and footer bands, and logos or emblems (whose colours the level replaces) stay distinguishable.
 * The widgets' loading bars are drawn at half strength in "more" (3.9:1), where their faint default would be lost.
 */
export const CONTRAST_SHEET = 'contrast';

export const CONTRAST_CSS = `@media not (forced-colors:active){
:where(html[data-contrast=more]){--portal-contrast-bg:#fff;--portal-contrast-fg:#000;--portal-contrast-link:#0000d6;--portal-contrast-focus:#000;--portal-skeleton-opacity:.5}
:where(html[data-contrast=less]){--portal-contrast-bg:#f4f0e6;--portal-contrast-fg:#4d4d4d;--portal-contrast-link:#2d4e78;--portal-contrast-focus:#4d4d4d}
html[data-contrast]{--portal-focus-color:var(--portal-contrast-focus);--portal-link-color:var(--portal-contrast-link)}
html[data-contrast],html[data-contrast] *{color:var(--portal-contrast-fg)!important;background-color:var(--portal-contrast-bg)!important;text-shadow:none!important}
html[data-contrast] :is(input,select,textarea,button){border-color:currentColor!important}
html[data-contrast] ::placeholder{color:var(--portal-contrast-fg)!important;opacity:1!important}
html[data-contrast] a[href],html[data-contrast] a[href] *{color:var(--portal-contrast-link)!important}
html[data-contrast] a[href]{text-decoration:underline!important}
html[data-contrast] :where([aria-current]:not([aria-current=false]),.active,.current,.selected,header,footer,#header,#footer,[class*=logo i],[class*=emblem i],[class*=quoc-huy]){outline:2px solid var(--portal-contrast-fg)!important;outline-offset:-2px!important}
html[data-contrast] :focus-visible{outline:3px solid var(--portal-contrast-focus)!important;outline-offset:2px!important}
}`;

/** Carries out a level on the page: `<html data-contrast>` plus, unless the site styles it itself, the built-in sheet. */
export function applyContrast(level: ContrastLevel, withSheet: boolean): void {
  const root = document.documentElement;
  if (level === 'normal') {
    root.removeAttribute('data-contrast');
    releasePageSheet(CONTRAST_SHEET);
    return;
  }
  root.setAttribute('data-contrast', level);
  if (withSheet) pageSheet(CONTRAST_SHEET).replaceSync(CONTRAST_CSS);
  else releasePageSheet(CONTRAST_SHEET);
}
