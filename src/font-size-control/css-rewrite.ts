/**
 * Rewrites a page's font-size and line-height declarations so that every text size follows one custom property.
 *
 * Why replicate rather than patch: a rewritten rule goes into a cascade layer with `!important`, which beats every
 * unlayered page rule. If only the px rules were copied, a page's `.small { font-size: 90% }` would lose to the copied
 * `p { font-size: 13px }`. So every font-size and line-height declaration is copied, with its specificity (the scope is
 * added with `:where`) and order kept: important ones into the first layer (important layers win in declaration order),
 * normal ones into the second. Inside a value, every length that does not follow the parent's text is multiplied by the
 * level (`13px`, `2vw`, the `rem` and `vw` inside a fluid `clamp()`); lengths relative to the parent (`em`, `%`) are
 * left alone, since the parent has already grown, so nested text never compounds. Custom properties that sizes read
 * are mirrored under names of our own with their lengths scaled the same way, in the page's own selectors.
 *
 * The scope's own elements (its "roots") inherit from outside, where nothing has grown: there, relative sizes are
 * multiplied as well, and a root with no size rule of its own gets `calc(100% * level)`.
 */
export const SCALE_VAR = '--portal-text-scale';
/** The level as a factor outside the scaled scope and 1 inside it: what widgets and a host's own chrome multiply by. */
export const CHROME_VAR = '--portal-chrome-scale';
/** Hosts mark extra regions (menus, sidebar boxes) with this attribute to have their text scaled with the article. */
export const OPT_IN = '[data-portal-text-scale]';
/** Mirrors of custom properties: `--portal-scaled-s--x` (lengths scaled) and `--portal-scaled-r--x` (relative ones too). */
const MIRROR = '--portal-scaled-';
const MIRROR_LENGTH = MIRROR.length + 1;

/** Page sheet names for a storage key, shared with the head script: the rewritten rules, and the rule that sets the level. */
export function textSheetNames(key: string): [rules: string, level: string] {
  return [`text-size ${key}`, `text-scale ${key}`];
}

/**
 * Important layers win in declaration order: copies of important rules first, then copies of normal rules, then the
 * base (roots with no rule of their own, `<font size>`), which any rule the page has for an element outranks.
 */
export const LAYERS = '@layer portal-text-important, portal-text, portal-text-base;';

const PROPERTIES = ['font-size', 'line-height'] as const;
export const KEYWORDS = ['xx-small', 'x-small', 'small', 'medium', 'large', 'x-large', 'xx-large', 'xxx-large'];
/**
 * Units that follow the element's parent (font-size) or its own text (line-height), which has grown already; with
 * an `r`, units that follow the root's text, scaled where the root is not (text strategy).
 */
const FOLLOWS = /^(r?)(?:em|ex|ch|cap|ic|lh)$|^%$/i;
const LENGTH = /(^|[^\w.-])([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)([a-z]+|%)(?![\w-])/gi;
const PSEUDO_ELEMENT = /(::[\w-]+(?:\([^)]*\))?|:(?:before|after|first-line|first-letter))$/i;

export interface RewriteOptions {
  /** Whether rem lengths are scaled here (text strategy) or follow the scaled root (root strategy). */
  scaleRem: boolean;
  /** Resolves an absolute font-size keyword (`small`, `medium`...) to px, as this browser does; called only when one occurs. */
  keyword?: (name: string) => number | undefined;
  /** Collects the mirrors that scaled values refer to. */
  mirrors?: Set<string>;
}

export const scaled = (length: string) => `calc(${length} * var(${SCALE_VAR}))`;

/** The mirror of custom property `name`, for a root's font-size (`root`) or for everything else. */
export const mirrorOf = (name: string, root: boolean) => `${MIRROR}${root ? 'r' : 's'}${name}`;

/** The custom property a mirror copies, and whether it is the root form. */
export const mirrored = (mirror: string): [name: string, root: boolean] => [
  mirror.slice(MIRROR_LENGTH),
  mirror[MIRROR_LENGTH - 1] === 'r',
];

/** Whether a value is already one of ours (scaled by the head script, or read from a mirror). */
export const isScaled = (value: string) => value.includes(SCALE_VAR) || value.includes(MIRROR);

/**
 * Multiplies a value's lengths by the level (`root` also multiplies the ones relative to an unscaled parent), the
 * fallbacks of `var()` included, and has each `var(--x)` read the mirror of `--x`, whose lengths are scaled the same way.
 * What the head script applies to inline sizes; keywords wait for the control.
 */
export function scaleLengths(value: string, options: RewriteOptions, root: boolean): string {
  return (
    value
      // Our own factors are never mirrored: a host's calc(14px * var(--portal-chrome-scale)) reads them as they are.
      .replace(/var\(\s*(--(?!portal-(?:chrome|text)-scale\b)[\w-]+)/g, (_, name: string) => {
        const mirror = mirrorOf(name, root);
        options.mirrors?.add(mirror);
        return `var(${mirror}`;
      })
      .replace(LENGTH, (whole, before: string, number: string, unit: string) => {
        const follows = FOLLOWS.exec(unit);
        return !follows || root || (follows[1] && options.scaleRem) ? `${before}${scaled(number + unit)}` : whole;
      })
  );
}

/**
 * The scaled form of a font-size or line-height value, or `undefined` when it needs none. `root` is for the font-size
 * of an element whose parent has not grown: relative sizes are multiplied too.
 */
export function scaledValue(value: string, options: RewriteOptions, root = false): string | undefined {
  const v = value.trim().toLowerCase();
  if (!v || isScaled(v)) return undefined;
  const keyword = KEYWORDS.includes(v) ? options.keyword?.(v) : undefined;
  if (keyword !== undefined) return scaled(`${keyword}px`);
  if (root && (v === 'inherit' || v === 'unset')) return scaled('100%');
  const result = scaleLengths(value.trim(), options, root);
  return result === value.trim() ? undefined : result;
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

/** The scope's selectors: every element in it, the ones inside it, and its roots (the ones not inside another). */
export interface Scope {
  all: string;
  inner: string;
  roots: string;
}

export function scopeOf(selector: string): Scope {
  return {
    all: `:where(${selector}, :where(${selector}) *)`,
    inner: `:where(:where(${selector}) *)`,
    roots: `:where(${selector}):not(:where(${selector}) *)`,
  };
}

/** A page's inline declaration of `property` outranks its normal rules: their copies must not reach that element. */
export const notInline = (property: string) => `:where(:not([style^="${property}:" i], [style*=" ${property}:" i]))`;

/** Limits each selector of a list to a part of the scope, without changing its specificity; pseudo-elements stay last. */
function scopeSelectors(selectors: string[], where: string, exclude: string): string {
  return selectors
    .map((selector) => {
      const pseudo = PSEUDO_ELEMENT.exec(selector)?.[0] ?? '';
      const compound = selector.slice(0, selector.length - pseudo.length).trim() || '*';
      return `${where}${exclude}:is(${compound})${pseudo}`;
    })
    .join(', ');
}

interface Collected {
  important: string[];
  normal: string[];
  /** Custom property declarations, unscoped, in page order: [wrapped selector, name, value, important]. */
  custom: [wrap: (css: string) => string, selector: string, name: string, value: string, important: boolean][];
}

function copyRule(
  rule: CSSStyleRule,
  wrap: (css: string) => string,
  scope: Scope,
  options: RewriteOptions,
  out: Collected,
): void {
  let selectors: string[] | undefined;
  for (const property of PROPERTIES) {
    const value = rule.style.getPropertyValue(property);
    if (!value) continue;
    selectors ??= splitSelectors(rule.selectorText);
    const important = rule.style.getPropertyPriority(property) === 'important';
    const bucket = important ? out.important : out.normal;
    const exclude = important ? '' : notInline(property);
    const inner = `{${property}:${scaledValue(value, options) ?? value} !important}`;
    const root =
      property === 'font-size' ? `{${property}:${scaledValue(value, options, true) ?? value} !important}` : inner;
    // A pseudo-element's relative size follows its element, which has grown: such a rule keeps the inner form.
    if (root === inner || selectors.some((s) => PSEUDO_ELEMENT.test(s))) {
      bucket.push(wrap(scopeSelectors(selectors, scope.all, exclude) + inner));
    } else {
      bucket.push(
        wrap(scopeSelectors(selectors, scope.inner, exclude) + inner),
        wrap(scopeSelectors(selectors, scope.roots, exclude) + root),
      );
    }
  }
  for (let i = 0; i < rule.style.length; i++) {
    const name = rule.style[i];
    if (name.startsWith('--')) {
      out.custom.push([
        wrap,
        rule.selectorText,
        name,
        rule.style.getPropertyValue(name),
        rule.style.getPropertyPriority(name) === 'important',
      ]);
    }
  }
}

/** A style rule, and how to wrap its copy in the conditions it stands under (`@media`, `@supports`). */
type Found = [rule: CSSStyleRule, wrap: (css: string) => string];

function* walk(rules: CSSRuleList, wrap: (css: string) => string): Generator<Found> {
  for (const rule of Array.from(rules)) {
    if (rule instanceof CSSStyleRule) {
      yield [rule, wrap];
    } else if (rule instanceof CSSMediaRule) {
      yield* walk(rule.cssRules, (css) => wrap(`@media ${rule.media.mediaText}{${css}}`));
    } else if (rule instanceof CSSSupportsRule) {
      yield* walk(rule.cssRules, (css) => wrap(`@supports ${rule.conditionText}{${css}}`));
    } else if (rule instanceof CSSImportRule) {
      if (rule.styleSheet) yield* sheetRules(rule.styleSheet, wrap, rule.media.mediaText);
    } else if (typeof CSSLayerBlockRule !== 'undefined' && rule instanceof CSSLayerBlockRule) {
      yield* walk(rule.cssRules, wrap);
    }
  }
}

function* sheetRules(
  sheet: CSSStyleSheet,
  wrap: (css: string) => string,
  media = sheet.media.mediaText,
): Generator<Found> {
  let rules: CSSRuleList;
  try {
    rules = sheet.cssRules;
  } catch {
    // A cross-origin stylesheet cannot be read; its sizes stay as they are.
    return;
  }
  yield* walk(rules, media && media !== 'all' ? (css: string) => wrap(`@media ${media}{${css}}`) : wrap);
}

/**
 * Mirrors, in the page's own selectors and order, every custom property that a scaled size reads (and those they read
 * in turn). Unlayered and with the page's importance: no page rule declares these names, so the page's cascade for
 * `--x` decides `--portal-scaled-s--x` exactly as it decides `--x`.
 */
function mirrorRules(custom: Collected['custom'], options: RewriteOptions & { mirrors: Set<string> }): string {
  const done = new Set<string>();
  let css = '';
  for (let pending = [...options.mirrors]; pending.length; pending = [...options.mirrors].filter((m) => !done.has(m))) {
    for (const mirror of pending) {
      done.add(mirror);
      const [name, root] = mirrored(mirror);
      for (const [wrap, selector, declared, value, important] of custom) {
        if (declared !== name) continue;
        css += wrap(
          `${selector}{${mirror}:${scaledValue(value, options, root) ?? value}${important ? ' !important' : ''}}`,
        );
      }
    }
  }
  return css;
}

export interface Rewritten {
  css: string;
  /** The mirrors the rules read; an inline declaration of a mirrored property must be mirrored where it stands. */
  mirrors: string[];
}

/** What a sliced rewrite yields when its next step should start a task of its own (it is long, and in one piece). */
export const NEW_TASK = Symbol('new task');

/**
 * The scaled copy of every font-size and line-height rule in the document's stylesheets, limited to `selector`.
 * `base` gives the rules that any copy outranks (a root's inherited line-height, `<font size>`), read at the end.
 * A generator that yields after each rule it copies, so that a page with thousands of rules can be rewritten in slices
 * between which the main thread is free, and `NEW_TASK` before it assembles the result, which it returns.
 */
export function* rewriteStyleSheets(
  doc: Document,
  selector: string,
  options: RewriteOptions,
  base: () => string = () => '',
): Generator<void | typeof NEW_TASK, Rewritten> {
  const out: Collected = { important: [], normal: [], custom: [] };
  const scope = scopeOf(selector);
  const collecting = { ...options, mirrors: new Set<string>() };
  for (const sheet of Array.from(doc.styleSheets)) {
    if (sheet.disabled) continue;
    for (const [rule, wrap] of sheetRules(sheet, (css) => css)) {
      copyRule(rule, wrap, scope, collecting, out);
      yield;
    }
  }
  // Joining the copies and reading the page's base sizes, then parsing the result: a task of their own.
  yield NEW_TASK;
  const rootBase = `${scope.roots}{font-size:${scaled('100%')} !important}`;
  const css =
    `${LAYERS}@layer portal-text-important{${out.important.join('')}}@layer portal-text{${out.normal.join('')}}` +
    `@layer portal-text-base{${rootBase}${base()}}:where(${selector}){${CHROME_VAR}:1}`;
  return { css: css + mirrorRules(out.custom, collecting), mirrors: [...collecting.mirrors] };
}

/** The rule that sets the level; kept apart from the rules so a level change re-parses one line. */
export function scaleRule(level: number): string {
  const factor = level / 100;
  return `:root{${SCALE_VAR}:${factor};${CHROME_VAR}:${factor}}`;
}
