/** A fake rating service behind `window.fetch`, recording every request the element sends. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

type Reply = Response | 'network-error' | 'never';

export interface FakeRatingServer {
  requests: SentRequest[];
  /** The next replies, used before the stateful behaviour: one per request, in order. */
  queue: Reply[];
  /** Resolves the next request only when `release()` is called. */
  hold(): void;
  release(): void;
  state: { count: number; sum: number; votes: Map<string, number> };
  restore(): void;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

export function fakeRatingServer(initial: { count: number; sum: number; votes?: [string, number][] }, max = 5): FakeRatingServer {
  const original = window.fetch;
  let held: (() => void) | undefined;
  let holdNext = false;
  const server: FakeRatingServer = {
    requests: [],
    queue: [],
    hold: () => (holdNext = true),
    release: () => held?.(),
    state: { count: initial.count, sum: initial.sum, votes: new Map(initial.votes ?? []) },
    restore: () => (window.fetch = original),
  };
  const aggregate = () => {
    const { count, sum } = server.state;
    return { count, sum, average: count ? Math.round((sum / count) * 100) / 100 : 0, max };
  };
  const handle = (request: SentRequest): Response => {
    const visitor = request.headers.get('x-visitor-id') ?? '';
    const isVote = new URL(request.url).pathname.endsWith('/vote');
    const votes = server.state.votes;
    if (!isVote) return json(aggregate());
    if (request.method === 'GET') return json({ score: votes.get(visitor) ?? null });
    const previous = votes.get(visitor);
    if (previous !== undefined) {
      server.state.count -= 1;
      server.state.sum -= previous;
      votes.delete(visitor);
    }
    if (request.method === 'PUT') {
      const score = (request.body as { score: number }).score;
      if (!Number.isInteger(score) || score < 1 || score > max) return json({ error: 'score' }, 422);
      votes.set(visitor, score);
      server.state.count += 1;
      server.state.sum += score;
      return json({ ...aggregate(), score });
    }
    return json({ ...aggregate(), score: null });
  };
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request: SentRequest = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    server.requests.push(request);
    const signal = init.signal;
    const aborted = new Promise<never>((_, reject) =>
      signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))),
    );
    if (holdNext) {
      holdNext = false;
      await Promise.race([new Promise<void>((resolve) => (held = resolve)), aborted]);
    }
    const reply = server.queue.shift();
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    if (reply === 'never') return aborted;
    return reply ?? handle(request);
  };
  return server;
}

/** Answers every fetch with `reply(request)`, recording the requests. */
export function stubFetch(reply: (request: SentRequest) => Reply): { requests: SentRequest[]; restore: () => void } {
  const original = window.fetch;
  const requests: SentRequest[] = [];
  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request: SentRequest = { url: String(input), method: init.method ?? 'GET', headers: new Headers(init.headers), body: init.body };
    requests.push(request);
    const answer = reply(request);
    if (answer === 'network-error') throw new TypeError('Failed to fetch');
    if (answer === 'never') {
      return new Promise<Response>((_, reject) =>
        init.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))),
      );
    }
    return answer;
  };
  return { requests, restore: () => (window.fetch = original) };
}

/** A fetch stub whose replies wait until `answer(response)`: the element stays in its loading state until then. */
export function heldFetch(): ReturnType<typeof stubFetch> & { answer: (response: Response) => void } {
  const waiting: ((response: Response) => void)[] = [];
  const stub = stubFetch(() => new Promise<Response>((resolve) => waiting.push(resolve)) as unknown as Response);
  return { ...stub, answer: (response) => waiting.shift()?.(response) };
}
