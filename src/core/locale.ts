import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Messages } from './locales/en.js';

export type { Messages };

/** A locale may leave out whole sections or single keys; the built-in strings fill them. */
export type PartialMessages = { [K in keyof Messages]?: Partial<Messages[K]> };

/** An element's built-in strings: its section of `Messages` in each built-in language (English first). */
export interface BuiltInStrings<S extends keyof Messages> {
  section: S;
  byLang: { en: Messages[S] } & Record<string, Messages[S]>;
}

/** Names an element's section of the built-in strings: `builtInStrings('rating', { en: rating, vi: viRating })`. */
export const builtInStrings = <S extends keyof Messages>(section: S, byLang: BuiltInStrings<S>['byLang']): BuiltInStrings<S> => ({
  section,
  byLang,
});

/** Languages with built-in strings; every element carries both. */
const BUILT_IN = ['en', 'vi'];
/** Languages added or changed with `registerLocale`. */
const registered = new Map<string, PartialMessages>();
const controllers = new Set<LocaleController>();
/** Changes whenever a locale is registered, so caches of localized strings can tell they are stale. */
export let localeGeneration = 0;
/**
 * Formatters are shared by every element, keyed by the options object, then the language (and time zone): an Intl
 * formatter is heavy, and a listing page has a thousand ratings. Pass module-level option objects so the cache hits.
 */
const formats = new WeakMap<object, Map<string, Intl.NumberFormat | Intl.DateTimeFormat>>();
const PLAIN: Intl.NumberFormatOptions = {};
/** Formats already scheduled for creation while the page is idle, by options and language. */
const prepared = new WeakMap<object, Set<string>>();

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(options: object, key: string, make: () => F): F {
  let byKey = formats.get(options);
  if (!byKey) formats.set(options, (byKey = new Map()));
  let format = byKey.get(key) as F | undefined;
  if (!format) byKey.set(key, (format = make()));
  return format;
}

/** The page's one number formatter for a language and module-level options object. */
const formatter = (lang: string, options: Intl.NumberFormatOptions) =>
  cached(options, lang, () => new Intl.NumberFormat(lang, options));
let observer: MutationObserver | undefined;

/**
 * Adds a language, or changes strings of a built-in one. Missing keys come from the built-in language, else English.
 * Elements on the page re-render at once.
 * @example registerLocale('fr', { fontSize: { increase: 'Agrandir le texte' } })
 */
export function registerLocale(code: string, messages: PartialMessages): void {
  registered.set(code.toLowerCase(), messages);
  localeGeneration += 1;
  for (const controller of controllers) controller.refresh(true);
}

/** The `lang` that applies to a node: its own, else the nearest ancestor's (across shadow roots), else `<html lang>`. */
export function langOf(node: Element): string {
  let current: Element | null = node;
  while (current) {
    const lang = current.getAttribute('lang');
    if (lang) return lang;
    current = current.parentElement ?? ((current.getRootNode() as ShadowRoot).host || null);
  }
  return document.documentElement.lang || '';
}

/** Maps a BCP 47 tag to a registered locale: the exact tag, then its primary language, then English. */
export function resolveLocale(tag: string): string {
  const lower = tag.trim().toLowerCase();
  const known = (code: string) => BUILT_IN.includes(code) || registered.has(code);
  if (known(lower)) return lower;
  const primary = lower.split('-')[0];
  return known(primary) ? primary : 'en';
}

function watchLangChanges(): void {
  if (observer) return;
  // One observer for the whole page: `lang` changes are rare, and every element re-resolves cheaply.
  observer = new MutationObserver(() => {
    for (const controller of controllers) controller.refresh();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/** Resolves the host's language, keeps it current, and formats numbers for it. */
export class LocaleController implements ReactiveController {
  /** The registered locale in use, e.g. `vi`. */
  lang = 'en';

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** The element's strings in its language: a registered locale's, over the built-in language's, over English. */
  strings<S extends keyof Messages>({ section, byLang }: BuiltInStrings<S>): Messages[S] {
    // A regional tag (vi-VN) registered on its own still has the built-in language's strings beneath it.
    const builtIn = byLang[this.lang] ?? byLang[this.lang.split('-')[0]] ?? byLang.en;
    const own = registered.get(this.lang)?.[section];
    // Merged on each call: only a page that registered a locale pays for it, and the spread is small.
    return own ? { ...byLang.en, ...builtIn, ...own } : builtIn;
  }

  hostConnected(): void {
    controllers.add(this);
    watchLangChanges();
    this.refresh();
  }

  hostDisconnected(): void {
    controllers.delete(this);
  }

  hostUpdate(): void {
    // Catches a lang change inside another shadow root, which the document observer cannot see.
    this.lang = resolveLocale(langOf(this.host));
  }

  /** Re-resolves the language and re-renders the host when it changed (or when `force` is set). */
  refresh(force = false): void {
    const lang = resolveLocale(langOf(this.host));
    if (force || lang !== this.lang) {
      this.lang = lang;
      this.host.requestUpdate();
    }
  }
}

// Formatting lives in functions, not controller methods, so an element that shows no numbers or dates (the contrast
// buttons) does not carry them.

/**
 * Creates a formatter while the page is idle. The first `Intl` formatter of a page initialises the browser's locale
 * data (Chromium: 100-300 ms at 4x CPU throttling for the first number format, about 30 ms more for the first date
 * format), which would otherwise land on the reader's first click or on the task that renders arriving data.
 */
function prepare(options: object, key: string, make: () => unknown): void {
  // Once per language and options for the whole page, not once per element: a page that creates widgets often
  // would otherwise queue a callback (holding its element) per creation. The timeout runs it on a busy page too.
  let keys = prepared.get(options);
  if (!keys) prepared.set(options, (keys = new Set()));
  if (keys.has(key)) return;
  keys.add(key);
  const idle = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 1));
  idle(
    () => {
      try {
        make();
      } catch {
        // A registered language code Intl does not accept: the formatting call reports it where it is caught.
      }
    },
    { timeout: 2000 },
  );
}

/** Creates the number formatter for a language and module-level options object while the page is idle. */
export function prepareNumber(lang: string, options: Intl.NumberFormatOptions = PLAIN): void {
  prepare(options, `n ${lang}`, () => formatter(lang, options));
}

/** Creates the date formatter for a language, module-level options object and time zone while the page is idle. */
export function prepareDate(lang: string, options: Intl.DateTimeFormatOptions, timeZone?: string): void {
  prepare(options, `d ${lang}|${timeZone ?? ''}`, () => dateFormatter(lang, options, timeZone));
}

/**
 * The page's one date formatter for a language, module-level options object and time zone. Throws a RangeError for an
 * unknown time zone.
 */
export function dateFormatter(lang: string, options: Intl.DateTimeFormatOptions, timeZone?: string): Intl.DateTimeFormat {
  // The separator keeps "no time zone" apart from any zone name, even an invalid "undefined".
  return cached(options, `${lang}|${timeZone ?? ''}`, () => new Intl.DateTimeFormat(lang, { ...options, timeZone }));
}

/**
 * Formats a date with `Intl` for a language (vi: 31/07/2023), in `timeZone` when given. Formatters are shared like
 * the number ones; pass module-level option objects. Throws a RangeError for an unknown time zone.
 */
export function formatDate(lang: string, value: Date, options: Intl.DateTimeFormatOptions, timeZone?: string): string {
  return dateFormatter(lang, options, timeZone).format(value);
}

/** Formats a number with `Intl` for a language (vi: 61.542, 4,5). */
export function formatNumber(lang: string, value: number, options: Intl.NumberFormatOptions = PLAIN): string {
  return formatter(lang, options).format(value);
}
