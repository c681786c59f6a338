/**
 * The data the stories and the fake services share: the demo portal's articles, the visit counter's numbers, and the
 * long, broken and hostile values a portal will meet. Numbers and shapes follow server/openapi.yaml.
 */
import index from '../demo/data/articles.json';
import { XSS_VECTORS } from '../test/xss-vectors.js';
import { SEED_STATS } from '../test/seed-data.js';

export { XSS_VECTORS };

/** The article every page story is about (demo/index.html). */
export const ARTICLE_ID = 'tiep-tuc-day-manh-cong-tac-phat-trien-dang-vien';

/** How a fake service behaves for one story; chosen with `?scenario=` on the widget's `src`. */
export type Scenario =
  | 'ok'
  | 'already-voted'
  | 'no-ratings'
  | 'busy-month'
  | 'new-site'
  | 'empty'
  | 'long-title'
  | 'rss'
  | 'slow'
  | 'no-answer'
  | 'failing'
  | 'offline'
  | 'rate-limited'
  | 'vote-fails'
  | 'invalid'
  | 'hostile';

const withScenario = (path: string, scenario: Scenario) => (scenario === 'ok' ? path : `${path}?scenario=${scenario}`);

/** The widgets' `src` values, as a portal writes them, plus the scenario the fake service plays. */
export const endpoints = {
  rating: (scenario: Scenario = 'ok', article = ARTICLE_ID) => withScenario(`/api/v1/ratings/${article}`, scenario),
  stats: (scenario: Scenario = 'ok') => withScenario('/api/v1/stats', scenario),
  related: (scenario: Scenario = 'ok', article = ARTICLE_ID) => withScenario(`/api/v1/related/${article}`, scenario),
};

export interface RelatedItem {
  url: string;
  title: string;
  publishedAt?: string;
  excerpt?: string;
  image?: { src: string; width?: number; height?: number; alt?: string };
}

interface IndexedArticle extends RelatedItem {
  id: string;
  category: string;
}

/**
 * Related articles as the service answers them: the demo index minus the article itself. Thumbnails are made relative
 * so they load from Storybook's own copy of demo/img wherever the static build is hosted.
 */
export const relatedItems: RelatedItem[] = (index.articles as IndexedArticle[])
  .filter((article) => article.id !== ARTICLE_ID)
  .map(({ url, title, publishedAt, excerpt, image }) => ({
    url,
    title,
    publishedAt,
    excerpt,
    ...(image ? { image: { ...image, src: image.src.replace(/^\//, '') } } : {}),
  }));

/** A title as long as some portals' (a whole resolution's name), and one past the 500-character cut. */
export const LONG_TITLE =
  'Hướng dẫn thực hiện Nghị quyết của Ban Chấp hành Đảng bộ tỉnh về tiếp tục đẩy mạnh công tác phát triển đảng viên ' +
  'trong học sinh, sinh viên, công nhân lao động tại các doanh nghiệp ngoài nhà nước và các hợp tác xã trên địa bàn ' +
  'phường Quyết Thắng giai đoạn 2023 - 2025, định hướng đến năm 2030';
export const OVERLONG_TITLE = `${LONG_TITLE}. ${'Kế hoạch tuyên truyền, quán triệt, triển khai thực hiện đồng bộ các giải pháp nâng cao chất lượng sinh hoạt chi bộ. '.repeat(4)}`;

export const longTitleItems: RelatedItem[] = [
  {
    url: '/tin-tuc/huong-dan-thuc-hien-nghi-quyet.html',
    title: LONG_TITLE,
    publishedAt: '2023-07-28',
    excerpt: relatedItems[0].excerpt,
  },
  { url: '/tin-tuc/ke-hoach-tuyen-truyen.html', title: OVERLONG_TITLE, publishedAt: '2023-07-20' },
  ...relatedItems.slice(1, 3),
];

/**
 * Hostile items: every payload as a title, an excerpt and a date, every other one as the link. As image sources only the
 * payloads the element must drop (not http(s) once resolved) are used: a relative one like `<img src=x>` is a valid
 * path and the browser would fetch it, which is no test of the element and a failed request in the smoke check.
 */
export const hostileItems: unknown[] = XSS_VECTORS.map((vector, i) => ({
  url: i % 2 ? vector : `/tin-tuc/bai-viet-${i}.html`,
  title: vector,
  excerpt: vector,
  publishedAt: i % 3 ? '2023-07-01' : vector,
  image: droppedAsImage(vector) ? { src: vector, alt: vector, width: 160, height: 90 } : undefined,
}));

function droppedAsImage(value: string): boolean {
  try {
    return !/^https?:$/.test(new URL(value.trim(), 'http://127.0.0.1/').protocol);
  } catch {
    return true;
  }
}

/** An RSS 2.0 feed of the same articles, as a CMS's category feed serves it (descriptions are HTML by definition). */
export const relatedRss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Xây dựng Đảng</title><link>/tin-tuc/xay-dung-dang.html</link>
${relatedItems
  .slice(0, 5)
  .map(
    (item) => `<item><title>${escapeXml(item.title)}</title><link>${escapeXml(item.url)}</link>
<pubDate>${new Date(`${item.publishedAt}T08:00:00+07:00`).toUTCString()}</pubDate>
<description>${escapeXml(`<p><strong>${item.excerpt ?? ''}</strong></p>`)}</description></item>`,
  )
  .join('\n')}
</channel></rss>`;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The seed page's counter (server/openapi.yaml's example). */
export const stats = SEED_STATS;

/** A month with more than 10,000 visits: five- and seven-digit numbers must fit the sidebar. */
export const busyMonthStats = {
  ...stats,
  asOf: '2024-12-31T23:59:00+07:00',
  online: 1204,
  today: 2468,
  yesterday: 1987,
  thisMonth: 10482,
  lastMonth: 10000,
  thisYear: 98765,
  total: 12345678,
};

/** A portal that opened today. */
export const newSiteStats = {
  ...stats,
  online: 0,
  today: 0,
  yesterday: 0,
  thisMonth: 0,
  lastMonth: 0,
  thisYear: 0,
  total: 0,
};

/** Counts that break the contract one by one: each bad field shows a dash, the good ones still show. */
export const invalidStats = {
  timeZone: 'Asia/Ho_Chi_Minh',
  asOf: '2024-07-15',
  online: -1,
  today: '183',
  yesterday: 202.5,
  thisMonth: 3911,
  lastMonth: null,
  thisYear: 2 ** 60,
  total: 1234567,
};

/** Markup and script where numbers belong. */
export const hostileStats = {
  timeZone: '<img src=x onerror="window.__xss=1">',
  asOf: 'javascript:window.__xss=1',
  online: '<script>window.__xss=1</script>',
  today: { valueOf: 'window.__xss=1' },
  yesterday: ['1'],
  thisMonth: 'NaN',
  lastMonth: '1e3',
  thisYear: 1e308,
  total: '"><svg onload=window.__xss=1>',
};
