// One fake of the widgets' HTTP contracts (server/openapi.yaml), for everything that needs the API without the
// service: browser tests (through fetch), the test server's host pages (as middleware), and Storybook (in the preview).
// It keeps the reference service's rules: one rating per item with one vote per visitor (a new vote replaces the old
// one, withdrawing removes it), scores 1..max, visits counted by hits, related items per article. Plain JavaScript with
// no DOM, so Node and browsers import the same file; its answers are checked against the OpenAPI document in
// test/fake-api/contract-fake.test.mjs, as the service's are.

/** @typedef {{ count: number; sum: number; votes: Map<string, number> }} Rating */
/** @typedef {{ status: number; body?: unknown; headers?: Record<string, string> }} FakeReply */
/** @typedef {{ method: string; path: string; visitor?: string | null; body?: unknown }} FakeRequest */

/** The counter's numbers: the contract's own example (server/openapi.yaml, GET /stats; the test keeps them equal). */
export const STATS = {
  timeZone: 'Asia/Ho_Chi_Minh',
  asOf: '2024-07-15T10:00:00+07:00',
  online: 12,
  today: 183,
  yesterday: 202,
  thisMonth: 3911,
  lastMonth: 3359,
  thisYear: 61542,
  total: 1234567,
};

export const RELATED = [
  {
    url: '/tin-tuc/le-ket-nap-dang-vien-chi-bo-quan-su.html',
    title: 'Lễ kết nạp đảng viên mới tại Chi bộ Quân sự phường',
    publishedAt: '2024-07-10',
    reason: 'tag',
  },
  {
    url: '/tin-tuc/hoi-nghi-so-ket-cong-tac-xay-dung-dang.html',
    title: 'Hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm',
    publishedAt: '2024-07-02',
    reason: 'category',
  },
];

const ITEM = /^[A-Za-z0-9._~-]{1,200}$/;
const VISITOR = /^[A-Za-z0-9_-]{16,64}$/;

export class ContractFake {
  /**
   * @param {{ seed?: { count: number; sum: number; votes?: [string, number][] }; max?: number; stats?: object; related?: object[] }} [options]
   *   `seed`: the votes every item starts with (the seed page's 10 points from 2 ratings by default), `votes` among them.
   */
  constructor(options = {}) {
    this.seed = options.seed ?? { count: 2, sum: 10 };
    this.max = options.max ?? 5;
    this.stats = options.stats ?? STATS;
    this.related = options.related ?? RELATED;
    this.reset();
  }

  /** Forgets every vote and hit. */
  reset() {
    /** @type {Map<string, Rating>} */
    this.ratings = new Map();
    this.hits = 0;
  }

  /** @param {string} item */
  rating(item) {
    let rating = this.ratings.get(item);
    if (!rating)
      this.ratings.set(
        item,
        (rating = { count: this.seed.count, sum: this.seed.sum, votes: new Map(this.seed.votes ?? []) }),
      );
    return rating;
  }

  /** @param {Rating} rating */
  aggregate({ count, sum }) {
    return { count, sum, average: count ? Math.round((sum / count) * 100) / 100 : 0, max: this.max };
  }

  /**
   * Answers one request to a path under /api/v1/ (`path` is what follows it, e.g. `ratings/abc/vote`).
   * @param {FakeRequest} request
   * @returns {FakeReply}
   */
  handle({ method, path, visitor, body }) {
    const error = (status, message) => ({ status, body: { error: message } });
    let match;
    if ((match = /^ratings\/([^/]+)(\/vote)?$/.exec(path))) {
      const [, item, vote] = match;
      if (!ITEM.test(item)) return error(400, 'invalid request');
      const rating = this.rating(item);
      if (!vote) return method === 'GET' ? { status: 200, body: this.aggregate(rating) } : error(404, 'not found');
      if (!visitor || !VISITOR.test(visitor)) return error(400, 'invalid request');
      if (method === 'GET') return { status: 200, body: { score: rating.votes.get(visitor) ?? null } };
      if (method !== 'PUT' && method !== 'DELETE') return error(404, 'not found');
      let score;
      if (method === 'PUT') {
        const parsed = typeof body === 'string' ? safeJson(body) : body;
        score = parsed && typeof parsed === 'object' ? parsed.score : undefined;
        if (parsed === undefined) return error(400, 'bad request');
        if (!Number.isInteger(score) || score < 1 || score > this.max) return error(422, 'invalid request');
      }
      const previous = rating.votes.get(visitor);
      if (previous !== undefined) {
        rating.count -= 1;
        rating.sum -= previous;
        rating.votes.delete(visitor);
      }
      if (method === 'DELETE') return { status: 200, body: { ...this.aggregate(rating), score: null } };
      rating.votes.set(visitor, score);
      rating.count += 1;
      rating.sum += score;
      return { status: 200, body: { ...this.aggregate(rating), score } };
    }
    if (path === 'stats') {
      return method === 'GET'
        ? { status: 200, body: { ...this.stats, today: this.stats.today + this.hits } }
        : error(404, 'not found');
    }
    if (path === 'stats/hits') {
      if (method !== 'POST') return error(404, 'not found');
      const hit = typeof body === 'string' ? safeJson(body) : body;
      if (!hit || typeof hit !== 'object' || typeof hit.path !== 'string') return error(400, 'invalid request');
      this.hits += 1;
      return { status: 204 };
    }
    if ((match = /^related\/([^/]+)$/.exec(path))) {
      if (!ITEM.test(match[1])) return error(400, 'invalid request');
      return method === 'GET' ? { status: 200, body: { items: this.related } } : error(404, 'not found');
    }
    return error(404, 'not found');
  }
}

/** @param {string} text */
function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
