/**
 * Related articles, ranked once per index change (not per request): shared editor tags first, then the same category,
 * then title similarity with Vietnamese-aware text handling, all decayed by the distance in time. Below a relevance
 * threshold, recent articles of the same category fill the list, flagged `"reason": "recent"`.
 */
export interface Article {
  id: string;
  url: string;
  title: string;
  publishedAt?: string;
  category?: string;
  tags?: string[];
  excerpt?: string;
  /** BCP 47 tag of the article's language, when it is not the page's. */
  lang?: string;
  image?: { src: string; width?: number; height?: number; alt?: string };
}

export interface RelatedResult extends Omit<Article, 'id' | 'category' | 'tags'> {
  reason: 'tag' | 'category' | 'recent';
}

// Function words that carry no topic ("của", "và", "các"...), folded like the titles.
const STOP_WORDS = new Set(
  'va cua cac nhung mot la co duoc cho voi tai trong tren ve theo de da se dang nay do khi thi ma nhu tu den o ra vao hay cung con bi nen vi boi'.split(
    ' ',
  ),
);

/** Lower-case, diacritics folded (đ too), split into syllables, stop words removed. */
export function syllables(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .split(/[^a-z0-9]+/)
    .filter((s) => s && !STOP_WORDS.has(s));
}

/** Syllable bigrams: "phát triển đảng viên" is four syllables, and "phat trien" is the unit that means something. */
export function bigrams(text: string): Set<string> {
  const words = syllables(text);
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) pairs.add(`${words[i]} ${words[i + 1]}`);
  return pairs;
}

const fold = (tag: string) => syllables(tag).join(' ');

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

const THRESHOLD = 1;
const KEEP = 10;

/** Computes, for every article, its most related others. */
export function buildRelated(articles: Article[]): Map<string, RelatedResult[]> {
  const prepared = articles.map((article) => ({
    article,
    tags: new Set((article.tags ?? []).map(fold).filter(Boolean)),
    pairs: bigrams(article.title),
    time: Date.parse(article.publishedAt ?? '') || 0,
  }));
  const out = new Map<string, RelatedResult[]>();
  for (const a of prepared) {
    const scored: { b: (typeof prepared)[number]; score: number; reason: RelatedResult['reason'] }[] = [];
    for (const b of prepared) {
      if (b.article.id === a.article.id || b.article.url === a.article.url) continue;
      let sharedTags = 0;
      for (const tag of a.tags) if (b.tags.has(tag)) sharedTags++;
      const sameCategory = Boolean(a.article.category) && a.article.category === b.article.category;
      const similarity = jaccard(a.pairs, b.pairs);
      const days = a.time && b.time ? Math.abs(a.time - b.time) / 86_400_000 : 365;
      const decay = 1 / (1 + days / 365);
      const score = (2 * sharedTags + (sameCategory ? 0.6 : 0) + 3 * similarity) * decay;
      if (score >= THRESHOLD * decay && (sharedTags > 0 || similarity >= 0.2 || (sameCategory && similarity > 0))) {
        scored.push({ b, score, reason: sharedTags > 0 ? 'tag' : 'category' });
      }
    }
    scored.sort((x, y) => y.score - x.score || y.b.time - x.b.time);
    const picked = scored.slice(0, KEEP);
    if (picked.length < KEEP && a.article.category) {
      // The explicit fallback: recent articles of the same category, flagged as such.
      const taken = new Set(picked.map((p) => p.b.article.id));
      const recent = prepared
        .filter(
          (b) => b.article.category === a.article.category && b.article.id !== a.article.id && !taken.has(b.article.id),
        )
        .sort((x, y) => y.time - x.time);
      for (const b of recent.slice(0, KEEP - picked.length)) picked.push({ b, score: 0, reason: 'recent' });
    }
    out.set(
      a.article.id,
      picked.map(({ b, reason }) => {
        const { url, title, publishedAt, excerpt, lang, image } = b.article;
        return { url, title, publishedAt, excerpt, lang, image, reason };
      }),
    );
  }
  return out;
}
