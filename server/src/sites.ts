import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { validTimeZone } from './calendar.js';
import { buildRelated, type Article, type RelatedResult } from './related.js';
import { LANG_PATTERN } from './schemas.js';

export interface SiteConfig {
  id: string;
  timeZone: string;
  /** Origins allowed to call the API from a browser (CORS). */
  origins: string[];
  /** Rating scale. */
  max: number;
  /** The article index file (the sample format), watched for changes. */
  articlesFile?: string;
  /** The bearer token for `PUT .../articles`, read from the environment variable named here. */
  tokenEnv?: string;
}

export interface Site extends SiteConfig {
  related: Map<string, RelatedResult[]>;
  articleCount: number;
  /** When the index in use was written (the file's modification time, or the push): the newer one wins. */
  indexAt: number;
}

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

const LANG = new RegExp(LANG_PATTERN);

/** A BCP 47 tag in its canonical case (en-gb -> en-GB), or `undefined` when it is not one. */
export function canonicalLang(tag: unknown): string | undefined {
  if (typeof tag !== 'string' || !LANG.test(tag)) return undefined;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return LANG.test(canonical) ? canonical : undefined;
  } catch {
    return undefined;
  }
}

const isArticle = (a: unknown): a is Article =>
  typeof a === 'object' &&
  a !== null &&
  'id' in a &&
  typeof a.id === 'string' &&
  'url' in a &&
  typeof a.url === 'string' &&
  'title' in a &&
  typeof a.title === 'string';

/**
 * Articles from an index body: `{"articles": [...]}` or a bare array, keeping only well-formed entries; a `lang` that
 * is no BCP 47 tag is dropped from its entry (the entry stays), a valid one is kept in canonical case. The index's own
 * `lang` (the site's language) is the language of every entry without one of its own, so that a page in another
 * language (the site's English page) can have the titles read in theirs.
 */
export function parseArticles(body: unknown): Article[] {
  const index = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : undefined;
  const list = Array.isArray(body) ? body : index && 'articles' in index ? index.articles : undefined;
  if (!Array.isArray(list)) throw new Error('an article index is {"articles": [...]} or an array');
  const siteLang = index && 'lang' in index ? canonicalLang(index.lang) : undefined;
  return list.filter(isArticle).map((article) => {
    const { lang, ...rest } = article;
    const canonical = canonicalLang(lang) ?? siteLang;
    return canonical ? { ...rest, lang: canonical } : rest;
  });
}

/** The site configurations in a `sites.json`, with defaults filled in and paths resolved from its folder. */
function readConfigs(file: string): SiteConfig[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { sites: Partial<SiteConfig & { articles: string }>[] };
  const base = dirname(resolve(file));
  return raw.sites.map((s) => ({
    id: String(s.id),
    timeZone: s.timeZone ?? 'Asia/Ho_Chi_Minh',
    origins: Array.isArray(s.origins) ? s.origins.map(String) : [],
    max: Number.isInteger(s.max) && s.max! >= 2 && s.max! <= 10 ? s.max! : 5,
    articlesFile: s.articles ? resolve(base, s.articles) : undefined,
    tokenEnv: s.tokenEnv,
  }));
}

/**
 * The sites one service answers for, from `sites.json`. Article indexes reload when their files change, and so do a
 * site's origins, time zone, rating scale and token variable when `sites.json` changes; a site added or removed
 * needs a restart (the routes are laid out at start-up), and says so in the log.
 */
export class SiteRegistry {
  readonly sites = new Map<string, Site>();
  private timers: NodeJS.Timeout[] = [];

  constructor(configs: SiteConfig[]) {
    for (const config of configs) {
      if (!ID.test(config.id)) throw new Error(`site id "${config.id}" must be lower-case letters, digits and dashes`);
      if (!validTimeZone(config.timeZone)) throw new Error(`site ${config.id}: unknown time zone ${config.timeZone}`);
      const site: Site = { ...config, related: new Map(), articleCount: 0, indexAt: 0 };
      this.sites.set(config.id, site);
      if (config.articlesFile) this.loadFile(site);
    }
  }

  static fromFile(file: string): SiteRegistry {
    // The modification time is read before the content: a write in between is picked up on the first check.
    const mtime = statSync(file).mtimeMs;
    const registry = new SiteRegistry(readConfigs(file));
    registry.watchConfig(file, mtime);
    return registry;
  }

  /** The one site of a single-site service, else `undefined`. */
  get single(): Site | undefined {
    return this.sites.size === 1 ? [...this.sites.values()][0] : undefined;
  }

  setArticles(site: Site, articles: Article[], at = Date.now()): void {
    site.related = buildRelated(articles);
    site.articleCount = articles.length;
    site.indexAt = at;
  }

  /**
   * Calls `changed(mtime)` whenever a file's modification time differs from the last one it accepted, once a second.
   * Polling, not a watcher: a watcher's first snapshot can miss a change made right after loading. The time is read
   * before the content, so a write in between is picked up on the next check; a throw (a missing, half-written or
   * broken file) keeps what is in use, and the file is read again next time.
   */
  private poll(file: string, loadedAt: number, changed: (mtime: number) => void): void {
    let loaded = loadedAt;
    const check = () => {
      try {
        const mtime = statSync(file).mtimeMs;
        if (mtime === loaded) return;
        changed(mtime);
        loaded = mtime;
      } catch {
        // Kept as it was; see above.
      }
    };
    const timer = setInterval(check, 1000);
    timer.unref();
    this.timers.push(timer);
    if (loadedAt < 0) check();
  }

  private watchConfig(file: string, loadedAt: number): void {
    this.poll(file, loadedAt, () => {
      const configs = readConfigs(file);
      for (const config of configs) {
        const site = this.sites.get(config.id);
        if (!site) {
          console.warn(`sites.json: site "${config.id}" is new; restart the service to serve it.`);
          continue;
        }
        if (!validTimeZone(config.timeZone)) {
          console.warn(
            `sites.json: site ${config.id}: unknown time zone ${config.timeZone}; keeping ${site.timeZone}.`,
          );
        } else site.timeZone = config.timeZone;
        site.origins = config.origins;
        site.max = config.max;
        site.tokenEnv = config.tokenEnv;
      }
      for (const id of this.sites.keys()) {
        if (!configs.some((config) => config.id === id))
          console.warn(`sites.json: site "${id}" was removed; restart the service to stop serving it.`);
      }
    });
  }

  private loadFile(site: Site): void {
    const file = site.articlesFile!;
    // Read now (-1: never read), then on every change. A file older than the index in use (a push; a copy that kept
    // its old time) does not replace it.
    this.poll(file, -1, (mtime) => {
      if (mtime > site.indexAt) this.setArticles(site, parseArticles(JSON.parse(readFileSync(file, 'utf8'))), mtime);
    });
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
  }
}
