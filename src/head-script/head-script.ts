/**
 * The head script (`dist/cdn/preferences.js`): applies the reader's stored text size and contrast before the first paint,
 * so pages never jump on navigation. It applies what the controls stored: the text size control's generated rules, the
 * contrast level with the stylesheet the contrast toggle stored beside it, and, as the parser adds them, the article's
 * inline sizes. The sheets are adopted stylesheets, which take effect while the page parses and work under a strict CSP.
 *
 * Custom storage keys: `<script src="preferences.js" data-text-size-key="…" data-contrast-key="…">`.
 */
import { CONTRAST_SHEET } from '../contrast-toggle/contrast.js';
import { pageSheet, setPageSheet } from '../core/page-sheet.js';
import { CONTRAST_KEY, TEXT_SIZE_KEY, type ContrastChoice, type TextSizeChoice } from '../core/preference-keys.js';
import { scaleLengths, scaleRule, textSheetNames } from '../font-size-control/css-rewrite.js';
import { inlineState, remember, scaleInlineSizes, unseen } from '../font-size-control/inline-sizes.js';

function read<T>(key: string | undefined): Partial<T> | null {
  try {
    return JSON.parse(localStorage.getItem(key as string) as string);
  } catch {
    return null;
  }
}

const data = (document.currentScript as HTMLScriptElement | null)?.dataset ?? {};

const textKey = data.textSizeKey || TEXT_SIZE_KEY;
const text = read<TextSizeChoice>(textKey);
if (text && typeof text.level === 'number' && text.level > 0 && text.level !== 100 && typeof text.css === 'string') {
  const [rules, level] = textSheetNames(textKey);
  setPageSheet(rules, text.css);
  setPageSheet(level, scaleRule(text.level));
  // Inline sizes (pasted from Word) beat every rule: scale each as the parser adds it, before it is painted, until the
  // control takes over. Zoom scales them with everything else.
  if (text.strategy !== 'zoom') {
    const scope = text.target || ':root';
    const state = inlineState(textKey);
    const options = { scaleRem: text.strategy === 'text' };
    const scale = (value: string, root: boolean) => scaleLengths(value, options, root);
    const visit = (el: Element) => {
      const attribute = el.getAttribute('style');
      if (el instanceof HTMLElement && el.closest(scope) && unseen(el, state) && scaleInlineSizes(el, false, scale)) {
        remember(el, state, attribute);
      }
    };
    (state.observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of Array.from(record.addedNodes)) {
          if (node instanceof Element) [node, ...Array.from(node.querySelectorAll('[style]'))].forEach(visit);
        }
      }
    })).observe(document, { childList: true, subtree: true });
    document.querySelectorAll('[style]').forEach(visit);
  }
}

const contrast = read<ContrastChoice>(data.contrastKey || CONTRAST_KEY);
// A first visit follows the system's wish for more contrast; "less" waits for the control, which knows the levels offered.
const level = contrast?.level ?? (matchMedia('(prefers-contrast: more)').matches ? 'more' : 'normal');
if (level === 'more' || level === 'less') {
  document.documentElement.setAttribute('data-contrast', level);
  if (contrast?.css) pageSheet(CONTRAST_SHEET).replaceSync(contrast.css);
}
