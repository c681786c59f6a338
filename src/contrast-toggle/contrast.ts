import { pageSheet, releasePageSheet } from '../core/page-sheet.js';
import type { ContrastLevel } from '../core/preference-keys.js';
import { CONTRAST_CSS, CONTRAST_SHEET } from './contrast-sheet.js';

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
