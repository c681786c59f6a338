// Fetch stubs for the widgets' tests: the contract fake behind fetch, and plain stubs for replies a test writes itself.
import { ContractFake } from './fake-api/contract-fake.mjs';

/** A request an element sent. */
export interface SentRequest {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

type Reply = Response | 'network-error' | 'never';

export interface FakeRatingServer {
  requests: SentRequest[];
  /** The next replies, used before the contract fake answers: one per request, in order. */
  queue: Reply[];
  /** Resolves the next request only when `release()` is called. */
  hold(): void;
  release(): void;
  /** The contract fake behind it. */
  fake: ContractFake;
  restore(): void;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/**
 * The rating service behind `window.fetch`: the contract fake (test/fake-api/contract-fake.mjs) answers, after any
 * reply queued by the test, and every request is recorded.
 */
export function fakeRatingServer(
  initial: { count: number; sum: number; votes?: [string, number][] },
  max = 5,
): FakeRatingServer {
  const original = window.fetch;
  let held: (() => void) | undefined;
  let holdNext = false;
  const server: FakeRatingServer = {
    requests: [],
    queue: [],
    hold: () => (holdNext = true),
    release: () => held?.(),
    fake: new ContractFake({ seed: initial, max }),
    restore: () => (window.fetch = original),
  };
  const handle = (request: SentRequest): Response => {
    const path = new URL(request.url, location.href).pathname.replace(/^.*\/api\/v1\//, '');
    const reply = server.fake.handle({
      method: request.method,
      path,
      visitor: request.headers.get('x-visitor-id'),
      body: request.body,
    });
    return reply.status === 204 ? new Response(null, { status: 204 }) : json(reply.body, reply.status, reply.headers);
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
    const request: SentRequest = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: init.body,
    };
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
