/**
 * The rating, visit and related-articles services, faked inside the preview so that no story ever reaches a network.
 * `window.fetch` and `navigator.sendBeacon` are replaced once: requests to `/api/v1/…` are answered here (never sent),
 * everything else (Storybook's own files) goes to the real fetch. Each widget picks its service's behaviour with
 * `?scenario=` on its `src` (see `endpoints` in stories/fixtures.ts), so every story on a docs page keeps its own.
 *
 * Failures are answered the way a browser reports them to the page (a 5xx, a 429 with Retry-After, a rejected fetch,
 * a request that never completes), so the widgets show their real error states while no request fails on the wire.
 */
import { action } from 'storybook/actions';
import { ContractFake, type FakeReply } from '../test/fake-api/contract-fake.mjs';
import {
  busyMonthStats,
  hostileItems,
  hostileStats,
  invalidStats,
  longTitleItems,
  newSiteStats,
  relatedItems,
  relatedRss,
  stats,
  type Scenario,
} from '../stories/fixtures.js';

interface FakeRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
  scenario: Scenario;
}

/** A response; or a fetch that rejects as a network failure does; or one that never completes (until aborted). */
type Reply =
  { status: number; body?: unknown; type?: string; headers?: Record<string, string> } | 'network-error' | 'no-answer';

/** How long a slow service takes: long enough to see the loading state, short enough for the smoke check. */
export const SLOW_MS = 2500;

const log = action('fake API');
const realFetch = window.fetch.bind(window);
/** The requests in flight (ones that never answer are not counted), and who waits for them to end. */
const inFlight = new Set<FakeRequest>();
const idleWaiters: { of?: (request: FakeRequest) => boolean; resolve: () => void }[] = [];

/** Failures every service can be asked for. */
function commonFailure(scenario: Scenario): Reply | undefined {
  if (scenario === 'failing') return { status: 500, body: { error: 'Internal Server Error' } };
  if (scenario === 'offline') return 'network-error';
  if (scenario === 'no-answer') return 'no-answer';
  return undefined;
}

// --- The services: the contract fake (test/fake-api/contract-fake.mjs, the same one the tests use) answers, one per
// scenario, reset for every story; a scenario's failures and broken answers are added here.

const SEEDS: Partial<Record<Scenario, { count: number; sum: number }>> = {
  'no-ratings': { count: 0, sum: 0 },
  'already-voted': { count: 3, sum: 14 },
};

const STATS: Partial<Record<Scenario, unknown>> = {
  ok: stats,
  'busy-month': busyMonthStats,
  'new-site': newSiteStats,
  invalid: invalidStats,
  hostile: hostileStats,
};

let fakes = new Map<Scenario, ContractFake>();

function fakeFor(scenario: Scenario): ContractFake {
  let fake = fakes.get(scenario);
  if (!fake) {
    fake = new ContractFake({
      seed: SEEDS[scenario],
      stats: (STATS[scenario] ?? stats) as object,
      related: relatedItems.slice(0, 8),
    });
    fakes.set(scenario, fake);
  }
  return fake;
}

const answerOf = ({ status, body, headers }: FakeReply): Reply => ({ status, body, headers });

function ratingService(request: FakeRequest, path: string, article: string, vote: boolean): Reply {
  const { method, scenario } = request;
  const failure = commonFailure(scenario);
  if (failure) return failure;
  const fake = fakeFor(scenario);
  const visitor = request.headers.get('x-visitor-id');
  // This visitor's 4 is among the scenario's three votes.
  const rating = fake.rating(article);
  if (scenario === 'already-voted' && visitor && !rating.votes.size) rating.votes.set(visitor, 4);
  if (scenario === 'hostile') {
    // Answers that break the contract: strings for numbers, markup, a sum that does not add up, another vote.
    if (!vote)
      return {
        status: 200,
        body: { count: '2', sum: '<img src=x onerror="window.__xss=1">', average: 'NaN', max: fake.max },
      };
    if (method === 'GET') return { status: 200, body: { score: '<script>window.__xss=1</script>' } };
    return { status: 200, body: { count: 1, sum: 99, average: 5, max: fake.max, score: 1 } };
  }
  if (vote && method !== 'GET') {
    if (scenario === 'rate-limited')
      return { status: 429, body: { error: 'Too Many Requests' }, headers: { 'retry-after': '30' } };
    if (scenario === 'vote-fails') return { status: 503, body: { error: 'Service Unavailable' } };
  }
  return answerOf(fake.handle({ method, path, visitor, body: request.body }));
}

function statsService(request: FakeRequest, path: string): Reply {
  const failure = commonFailure(request.scenario);
  if (failure) return failure;
  // Numbers that break the contract are answered as they are; the fake counts hits and adds them to today.
  if (path === 'stats' && (request.scenario === 'invalid' || request.scenario === 'hostile')) {
    return { status: 200, body: STATS[request.scenario] };
  }
  return answerOf(fakeFor(request.scenario).handle({ method: request.method, path, body: request.body }));
}

function relatedService(request: FakeRequest, path: string): Reply {
  const { scenario } = request;
  const failure = commonFailure(scenario);
  if (failure) return failure;
  if (scenario === 'empty') return { status: 200, body: { items: [] } };
  if (scenario === 'long-title') return { status: 200, body: { items: longTitleItems } };
  if (scenario === 'hostile') return { status: 200, body: { items: hostileItems } };
  if (scenario === 'invalid') return { status: 200, body: '<html><body>Lỗi máy chủ</body></html>', type: 'text/html' };
  if (scenario === 'rss') return { status: 200, body: relatedRss, type: 'application/rss+xml; charset=utf-8' };
  return answerOf(fakeFor(scenario).handle({ method: request.method, path }));
}

// --- The router.

function route(request: FakeRequest): Reply {
  const path = request.url.pathname;
  let match: RegExpExecArray | null;
  const api = path.replace(/^.*\/api\/v1\//, '');
  if ((match = /^ratings\/([\w-]+)(\/vote)?$/.exec(api)))
    return ratingService(request, api, match[1], Boolean(match[2]));
  if (/^stats(\/hits)?$/.test(api)) return statsService(request, api);
  if (/^related\/[\w-]+$/.test(api)) return relatedService(request, api);
  // A story that asks for an endpoint nobody faked is a mistake in the story: make it loud.
  console.error(`fake API: no route for ${request.method} ${path}`);
  return { status: 404, body: { error: 'Not Found' } };
}

const isApi = (url: URL) => url.origin === location.origin && url.pathname.includes('/api/v1/');

function toResponse(reply: Exclude<Reply, string>): Response {
  const body =
    reply.status === 204 || reply.body === undefined
      ? null
      : typeof reply.body === 'string'
        ? reply.body
        : JSON.stringify(reply.body);
  return new Response(body, {
    status: reply.status,
    headers: { 'content-type': reply.type ?? 'application/json; charset=utf-8', ...reply.headers },
  });
}

function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError');
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
function delay(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(abortError());
    });
  });
}

function settle(): void {
  for (const waiter of [...idleWaiters]) {
    if ([...inFlight].some((request) => !waiter.of || waiter.of(request))) continue;
    idleWaiters.splice(idleWaiters.indexOf(waiter), 1);
    waiter.resolve();
  }
}

async function answer(request: FakeRequest, signal?: AbortSignal | null): Promise<Response> {
  const reply = route(request);
  const label = `${request.method} ${request.url.pathname}${request.url.search}`;
  if (reply === 'no-answer') {
    log(`${label} → (no answer)`);
    // Pending until the widget gives up; not counted as work in flight, or the page would never be idle.
    return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(abortError())));
  }
  inFlight.add(request);
  try {
    await delay(request.scenario === 'slow' ? SLOW_MS : 0, signal);
    log(`${label} → ${reply === 'network-error' ? 'network error' : reply.status}`);
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    return toResponse(reply);
  } finally {
    inFlight.delete(request);
    // After the widget's own continuation has run, so "idle" means the answer has been handled.
    setTimeout(settle);
  }
}

function parseBody(body: BodyInit | null | undefined): unknown {
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function fakeRequest(
  url: URL,
  method: string,
  headers: HeadersInit | undefined,
  body: BodyInit | null | undefined,
): FakeRequest {
  const scenario = (url.searchParams.get('scenario') ?? 'ok') as Scenario;
  return { method: method.toUpperCase(), url, headers: new Headers(headers), body: parseBody(body), scenario };
}

/** Replaces fetch and sendBeacon for the preview's lifetime. */
export function installFakeApi(): void {
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), document.baseURI);
    if (!isApi(url)) return realFetch(input, init);
    const method = init.method ?? (input instanceof Request ? input.method : 'GET');
    return answer(fakeRequest(url, method, init.headers, init.body), init.signal);
  };
  const realBeacon = navigator.sendBeacon?.bind(navigator);
  navigator.sendBeacon = (target: string | URL, data?: BodyInit | null) => {
    const url = new URL(String(target), document.baseURI);
    if (!isApi(url)) return realBeacon ? realBeacon(target, data) : false;
    // A beacon's answer is never read; it is queued, so the browser says true.
    answer(fakeRequest(url, 'POST', { 'content-type': 'text/plain' }, data)).catch(() => {});
    return true;
  };
}

/** Forgets every vote, so each story starts from its scenario's numbers. */
export function resetFakeApi(): void {
  fakes = new Map();
}

/**
 * Resolves once no fake request is in flight (slow ones included; ones that never answer excluded). With `src`, only the
 * requests to that resource and below it count: a docs page shows a slow story beside the one that waits.
 */
export function whenIdle(src?: string): Promise<void> {
  const base = src === undefined ? undefined : new URL(src, document.baseURI);
  const of =
    base &&
    ((request: FakeRequest) =>
      (request.url.pathname === base.pathname || request.url.pathname.startsWith(`${base.pathname}/`)) &&
      request.url.search === base.search);
  return new Promise((resolve) => {
    idleWaiters.push({ of, resolve });
    setTimeout(settle);
  });
}
