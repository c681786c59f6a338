// A small in-memory stand-in for the reference service, mounted in the test server at /api/v1, so host pages in the
// browser tests (the demo page, the legacy page, the React and Vue pages) run against the same HTTP contracts as
// `npm start`. It keeps one rating per item with one vote per visitor, counts hits, and answers related articles.
// `GET /api/v1/__log` lists the requests received since `POST /api/v1/__reset`, for tests that count requests.
// Chromium and Firefox run their tests at the same time against one test server: each browser (user agent) has its
// own state, so one browser's votes and resets never reach the other's tests.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

// The counter's numbers are the contract's own example, so the host pages show what the OpenAPI document promises.
const spec = parse(readFileSync(new URL('../server/openapi.yaml', import.meta.url), 'utf8'));
const STATS = spec.paths['/stats'].get.responses['200'].content['application/json'].example;
const RELATED = [
  { url: '/tin-tuc/le-ket-nap-dang-vien-chi-bo-quan-su.html', title: 'Lễ kết nạp đảng viên mới tại Chi bộ Quân sự phường', publishedAt: '2024-07-10', reason: 'tag' },
  { url: '/tin-tuc/hoi-nghi-so-ket-cong-tac-xay-dung-dang.html', title: 'Hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm', publishedAt: '2024-07-02', reason: 'category' },
];

function fresh() {
  return { ratings: new Map(), hits: 0, log: [] };
}
const states = new Map();

const readBody = (context) =>
  new Promise((resolve) => {
    let body = '';
    context.req.setEncoding('utf8');
    context.req.on('data', (chunk) => (body += chunk));
    context.req.on('end', () => resolve(body));
  });

const aggregate = (rating, score) => ({
  count: rating.votes.size + rating.seedCount,
  sum: [...rating.votes.values()].reduce((a, b) => a + b, 0) + rating.seedSum,
  average: 0,
  max: 5,
  ...(score === undefined ? {} : { score }),
});
const withAverage = (body) => ({ ...body, average: body.count ? Math.round((body.sum / body.count) * 100) / 100 : 0 });

export async function testApi(context, next) {
  const match = /^\/api\/v1\/(.*)$/.exec(context.path);
  if (!match) return next();
  const route = match[1];
  const browser = context.get('user-agent');
  if (!states.has(browser)) states.set(browser, fresh());
  let state = states.get(browser);
  const body = ['PUT', 'POST', 'DELETE'].includes(context.method) ? await readBody(context) : '';
  const reply = (status, json) => {
    context.status = status;
    if (json !== undefined) {
      context.type = 'application/json';
      context.body = JSON.stringify(json);
    } else context.body = '';
  };
  if (route === '__reset') {
    states.set(browser, (state = fresh()));
    return reply(204);
  }
  if (route === '__log') return reply(200, state.log);
  state.log.push({ method: context.method, path: context.path, visitor: context.get('x-visitor-id') || undefined, body });

  const rating = /^ratings\/([\w.~-]+)(\/vote)?$/.exec(route);
  if (rating) {
    const [, item, vote] = rating;
    if (!state.ratings.has(item)) state.ratings.set(item, { votes: new Map(), seedCount: 2, seedSum: 10 });
    const entry = state.ratings.get(item);
    const visitor = context.get('x-visitor-id');
    if (!vote && context.method === 'GET') return reply(200, withAverage(aggregate(entry)));
    if (!visitor) return reply(400, { error: 'bad request' });
    if (context.method === 'GET') return reply(200, { score: entry.votes.get(visitor) ?? null });
    if (context.method === 'PUT') {
      let score;
      try {
        score = JSON.parse(body).score;
      } catch {
        return reply(400, { error: 'bad request' });
      }
      if (!Number.isInteger(score) || score < 1 || score > 5) return reply(422, { error: 'invalid request' });
      entry.votes.set(visitor, score);
      return reply(200, withAverage(aggregate(entry, score)));
    }
    if (context.method === 'DELETE') {
      entry.votes.delete(visitor);
      return reply(200, withAverage(aggregate(entry, null)));
    }
  }
  if (route === 'stats' && context.method === 'GET') return reply(200, { ...STATS, today: STATS.today + state.hits });
  if (route === 'stats/hits' && context.method === 'POST') {
    state.hits++;
    return reply(204);
  }
  if (/^related\/[\w.~-]+$/.test(route) && context.method === 'GET') return reply(200, { items: RELATED });
  return reply(404, { error: 'not found' });
}
