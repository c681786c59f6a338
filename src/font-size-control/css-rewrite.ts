/**
 * Rewrites a page's font-size and line-height declarations so that absolute lengths follow one custom property.
 *
 * Why replicate rather than patch: a rewritten rule goes into a cascade layer with `!important`, which beats every
 * unlayered page rule. If only the px rules were copied, a page's `.small { font-size: 90% }` would lose to the copied
 * `p { font-size: 13px }`. So every font-size and line-height declaration is copied, with its specificity (the scope is
 * added with `:where`) and order kept: important ones into the first layer (important layers win in declaration order),
 * normal ones into the second. Absolute lengths become `calc(value * var(--portal-text-scale))`; everything else is
 * copied as it is, so relative sizes scale through inheritance and never compound.
 */
export const SCALE_VAR = '--portal-text-scale';

/** Page sheet names for a storage key, shared with the head script: the rewritten rules, and the rule that sets the level. */
export function textSheetNames(key: string): [rules: string, level: string] {
  return [`text-size ${key}`, `text-scale ${key}`];
}

/** Important layers win in declaration order: the base rule first, then copies of important rules, then the rest. */
export const LAYERS = '@layer portal-text-base, portal-text-important, portal-text;';

const PROPERTIES = ['font-size', 'line-height'] as const;
const RELATIVE = /[\d.](?:em|ex|ch|cap|ic|lh|rlh|%)(?![a-z])/i;
const ABSOLUTE_WITH_REM = /[\d.](?:px|pt|pc|in|cm|mm|q|rem)(?![a-z])/i;
const ABSOLUTE = /[\d.](?:px|pt|pc|in|cm|mm|q)(?![a-z])/i;
const PSEUDO_ELEMENT = /(::[\w-]+(?:\([^)]*\))?|:(?:before|after|first-line|first-letter))$/i;

export interface RewriteOptions {
  /** The selector of the scaled subtree; `null` for the whole page. */
  scope: string | null;
  /** Whether rem lengths are scaled here (text strategy) or follow the scaled root (root strategy). */
  scaleRem: boolean;
  /** Resolves an absolute font-size keyword (`small`, `medium`...) to px, as this browser does; called only when one occurs. */
  keyword: (name: string) => number | undefined;
}

/** Returns the scaled form of a font-size or line-height value, or `undefined` when it already follows its parent. */
export function scaledValue(value: string, options: RewriteOptions): string | undefined {
  const v = value.trim().toLowerCase();
  if (!v || v.includes('var(') || v.includes(SCALE_VAR)) return undefined;
  const keyword = options.keyword(v);
  if (keyword !== undefined) return `calc(${keyword}px * var(${SCALE_VAR}))`;
  if (RELATIVE.test(v)) return undefined;
  return (options.scaleRem ? ABSOLUTE_WITH_REM : ABSOLUTE).test(v) ? `calc(${value.trim()} * var(${SCALE_VAR}))` : undefined;
}

/** Splits a selector list at its top-level commas. */
export function splitSelectors(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(list.slice(start).trim());
  return parts.filter(Boolean);
}

/** Limits a selector list to the scope without changing its specificity; pseudo-elements stay at the end. */
export function scopeSelector(selectorText: string, scope: string | null): string {
  if (scope === null) return selectorText;
  return splitSelectors(selectorText)
    .map((selector) => {
      const pseudo = PSEUDO_ELEMENT.exec(selector)?.[0] ?? '';
      const compound = selector.slice(0, selector.length - pseudo.length).trim() || '*';
      return `:where(${scope}, ${scope} *):is(${compound})${pseudo}`;
    })
    .join(', ');
}

interface Buckets {
  important: string[];
  normal: string[];
}

function walk(rules: CSSRuleList, wrap: (css: string) => string, options: RewriteOptions, out: Buckets): void {
  for (const rule of Array.from(rules)) {
    if (rule instanceof CSSStyleRule) {
      const decls: Record<'important' | 'normal', string[]> = { important: [], normal: [] };
      for (const property of PROPERTIES) {
        const value = rule.style.getPropertyValue(property);
        if (!value) continue;
        const bucket = rule.style.getPropertyPriority(property) === 'important' ? 'important' : 'normal';
        decls[bucket].push(`${property}:${scaledValue(value, options) ?? value} !important`);
      }
      for (const bucket of ['important', 'normal'] as const) {
        if (decls[bucket].length) {
          out[bucket].push(wrap(`${scopeSelector(rule.selectorText, options.scope)}{${decls[bucket].join(';')}}`));
        }
      }
    } else if (rule instanceof CSSMediaRule) {
      walk(rule.cssRules, (css) => wrap(`@media ${rule.media.mediaText}{${css}}`), options, out);
    } else if (rule instanceof CSSSupportsRule) {
      walk(rule.cssRules, (css) => wrap(`@supports ${rule.conditionText}{${css}}`), options, out);
    } else if (rule instanceof CSSImportRule) {
      if (rule.styleSheet) sheetRules(rule.styleSheet, wrap, options, out, rule.media.mediaText);
    } else if (typeof CSSLayerBlockRule !== 'undefined' && rule instanceof CSSLayerBlockRule) {
      walk(rule.cssRules, wrap, options, out);
    }
  }
}

function sheetRules(
  sheet: CSSStyleSheet,
  wrap: (css: string) => string,
  options: RewriteOptions,
  out: Buckets,
  media = sheet.media.mediaText,
): void {
  let rules: CSSRuleList;
  try {
    rules = sheet.cssRules;
  } catch {
    // A cross-origin stylesheet cannot be read; its sizes stay as they are.
    return;
  }
  const inner = media && media !== 'all' ? (css: string) => wrap(`@media ${media}{${css}}`) : wrap;
  walk(rules, inner, options, out);
}

/**
 * The scaled copy of every font-size and line-height rule in the document's stylesheets. `base` holds the rule for the
 * scope's own element; it outranks the copies, since it carries the size that element really had.
 */
export function rewriteStyleSheets(doc: Document, options: RewriteOptions, base = ''): string {
  const out: Buckets = { important: [], normal: [] };
  for (const sheet of Array.from(doc.styleSheets)) {
    if (!sheet.disabled) sheetRules(sheet, (css) => css, options, out);
  }
  return `${LAYERS}@layer portal-text-base{${base}}@layer portal-text-important{${out.important.join('')}}@layer portal-text{${out.normal.join('')}}`;
}

/** The rule that sets the level; kept apart from the rules so a level change re-parses one line. */
export function scaleRule(level: number): string {
  return `:root{${SCALE_VAR}:${level / 100}}`;
}
