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
export const builtInStrings = <S extends keyof Messages>(
  section: S,
  byLang: BuiltInStrings<S>['byLang'],
): BuiltInStrings<S> => ({
  section,
  byLang,
});

/** Languages with built-in strings; every element carries both. */
const BUILT_IN = ['en', 'vi'];
/** Languages added or changed with `registerLocale`. */
const registered = new Map<string, PartialMessages>();
const controllers = new Set<LocaleController>();
/**
 * Intl formatters (registered languages, named time zones) are shared by every element, keyed by kind, language, time
 * zone and options: an Intl formatter is heavy, and a listing page has a thousand ratings.
 */
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
const PLAIN: Intl.NumberFormatOptions = {};
/** Formats already scheduled for creation while the page is idle, by the same keys. */
const prepared = new Set<string>();

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let format = formats.get(key) as F | undefined;
  if (!format) formats.set(key, (format = make()));
  return format;
}

/** The page's one number formatter for a language and options. */
const formatter = (lang: string, options: Intl.NumberFormatOptions) =>
  cached(`n ${lang} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(lang, options));
let observer: MutationObserver | undefined;

/**
 * Adds a language, or changes strings of a built-in one. Missing keys come from the built-in language, else English.
 * Elements on the page re-render at once.
 * @example registerLocale('fr', { fontSize: { increase: 'Agrandir le texte' } })
 */
export function registerLocale(code: string, messages: PartialMessages): void {
  registered.set(code.toLowerCase(), messages);
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
//
// The built-in languages are written by our own code, as Intl writes them: the first Intl formatter of a page
// initialises the browser's locale data (100-300 ms at 4x CPU throttling), a long task on a cheap phone. Intl serves
// registered locales, other options, and dates in a named time zone, and those formatters are made while the page is
// idle (`prepareDate`); a registered language's numbers are formatted on first use.

/** The built-in languages' marks: the thousands separator, then the decimal separator. */
const MARKS: Record<string, string> = { vi: '.,', en: ',.' };

/**
 * A number in vi or en (61.542 / 61,542; 4,3 / 4.3; 120%), rounded as Intl rounds: half away from zero, on the
 * number's shortest decimal form (shifting the exponent of "4.35" gives 43.5, never 43.49999). `undefined` where Intl
 * is needed: another language, another option, an exponent.
 */
function ownNumber(lang: string, value: number, options: Intl.NumberFormatOptions): string | undefined {
  const marks = MARKS[lang];
  const percent = options.style === 'percent';
  const digits = options.maximumFractionDigits ?? (percent ? 0 : 3);
  // Whole numbers (counts up to 2^53) as they are: shifted, they would pass 2^53 and lose their last digit.
  const rounded =
    Number.isInteger(value) && !percent
      ? Math.abs(value)
      : Number(`${Math.round(Number(`${Math.abs(value)}e${percent ? digits + 2 : digits}`))}e-${digits}`);
  const [whole, fraction] = String(rounded).split('.');
  return marks &&
    /^\d+$/.test(whole) &&
    Object.keys(options).every((key) => key === 'maximumFractionDigits' || (key === 'style' && percent))
    ? `${value < 0 ? '-' : ''}${whole.replace(/\B(?=(\d{3})+$)/g, marks[0])}${fraction ? marks[1] + fraction : ''}${percent ? '%' : ''}`
    : undefined;
}

const EN_MONTHS = 'January February March April May June July August September October November December'.split(' ');
const two = (n: number) => `${n < 10 ? '0' : ''}${n}`;
/** The built-in date forms, by options (as the locale files and the elements write them), in vi or en, as Intl writes them. */
const FORMS: Record<string, (year: number, month: number, day: number, vi: boolean) => string> = {
  '{"month":"long"}': (_, month, __, vi) => (vi ? `Tháng ${month}` : EN_MONTHS[month - 1]),
  '{"day":"2-digit","month":"2-digit","year":"numeric"}': (year, month, day, vi) =>
    vi ? `${two(day)}/${two(month)}/${year}` : `${two(month)}/${two(day)}/${year}`,
  '{"dateStyle":"medium"}': (year, month, day, vi) =>
    vi ? `${day} thg ${month}, ${year}` : `${EN_MONTHS[month - 1].slice(0, 3)} ${day}, ${year}`,
};
/** Our own form for a language, options and time zone (the visitor's or UTC); `undefined` where Intl is needed. */
const ownDate = (lang: string, options: Intl.DateTimeFormatOptions, timeZone?: string) =>
  MARKS[lang] && (!timeZone || timeZone === 'UTC') ? FORMS[JSON.stringify(options)] : undefined;

/**
 * Creates a formatter while the page is idle. The first `Intl` formatter of a page initialises the browser's locale
 * data (Chromium: 100-300 ms at 4x CPU throttling for the first number format, about 30 ms more for the first date
 * format), which would otherwise land on the reader's first click or on the task that renders arriving data.
 */
function prepare(key: string, make: () => unknown): void {
  // Once per key for the whole page, not once per element: a page that creates widgets often would otherwise queue a
  // callback (holding its element) per creation. The timeout runs it on a busy page too.
  if (prepared.has(key)) return;
  prepared.add(key);
  (window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 1)))(
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

/** Creates the date formatter for a language, module-level options object and time zone while the page is idle. */
export function prepareDate(lang: string, options: Intl.DateTimeFormatOptions, timeZone?: string): void {
  if (!ownDate(lang, options, timeZone))
    prepare(`${lang}|${timeZone ?? ''}|${JSON.stringify(options)}`, () => dateFormatter(lang, options, timeZone));
}

/**
 * The page's one date formatter for a language, options and time zone. Throws a RangeError for an
 * unknown time zone.
 */
export function dateFormatter(
  lang: string,
  options: Intl.DateTimeFormatOptions,
  timeZone?: string,
): Intl.DateTimeFormat {
  // "|" keeps "no time zone" apart from any zone name, even an invalid "undefined".
  return cached(
    `d ${lang}|${timeZone ?? ''}|${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(lang, { ...options, timeZone }),
  );
}

/**
 * Formats a date for a language (vi: 31/07/2023), in `timeZone` when given: our own code for the built-in forms of vi
 * and en in the visitor's zone or UTC, `Intl` otherwise (shared formatters). Throws a RangeError for an unknown time zone.
 */
export function formatDate(lang: string, value: Date, options: Intl.DateTimeFormatOptions, timeZone?: string): string {
  const form = ownDate(lang, options, timeZone);
  const utc = timeZone === 'UTC';
  return form && value.getTime() === value.getTime()
    ? form(
        utc ? value.getUTCFullYear() : value.getFullYear(),
        (utc ? value.getUTCMonth() : value.getMonth()) + 1,
        utc ? value.getUTCDate() : value.getDate(),
        lang === 'vi',
      )
    : dateFormatter(lang, options, timeZone).format(value);
}

/** Formats a number for a language (vi: 61.542, 4,5): our own code for vi and en, `Intl` for the others. */
export function formatNumber(lang: string, value: number, options: Intl.NumberFormatOptions = PLAIN): string {
  return ownNumber(lang, value, options) ?? formatter(lang, options).format(value);
}
