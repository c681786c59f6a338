/**
 * One JSON request with the limits every data widget needs: a timeout, a cap on the body size (a hostile server can send
 * 10 MB), and a validator, so that nothing reaches the screen unless it matches the contract. It never throws: the caller
 * gets either the valid data or a reason it can show.
 */
export type FailureReason = 'network' | 'timeout' | 'http' | 'rate-limited' | 'rejected' | 'invalid' | 'too-large' | 'aborted';

export type JsonResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status?: number; reason: FailureReason; /** A 429's Retry-After header, as sent. */ retryAfter?: string };

export interface JsonRequest<T> {
  method?: 'GET' | 'PUT' | 'POST' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  /** Milliseconds before the request is given up. */
  timeout?: number;
  /** The largest body accepted, in bytes. */
  limit?: number;
  signal?: AbortSignal;
  /** Returns the typed data, or `undefined` when the body does not match the contract. */
  validate: (body: unknown) => T | undefined;
}

export const DEFAULT_TIMEOUT = 10_000;
export const DEFAULT_LIMIT = 64 * 1024;

/** Reads at most `limit` bytes of a body; `undefined` when it is longer. */
async function readLimited(response: Response, limit: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) {
    await response.body?.cancel();
    return undefined;
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  // Joined and decoded here, synchronously: a Blob's text() would add a round trip through another thread.
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

export interface TextRequest<T> extends Omit<JsonRequest<T>, 'validate'> {
  accept?: string;
  /** Returns the typed data from the body's text and content type, or `undefined` when it does not match. */
  parse: (text: string, contentType: string) => T | undefined;
}

/** A request whose body is read as text (at most `limit` bytes) and handed to `parse`. Never throws. */
export async function requestText<T>(url: string, options: TextRequest<T>): Promise<JsonResult<T>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeout ?? DEFAULT_TIMEOUT);
  const abort = () => controller.abort();
  options.signal?.addEventListener('abort', abort);
  try {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: controller.signal,
      credentials: 'same-origin',
    });
    if (response.status === 429) {
      await response.body?.cancel();
      return { ok: false, status: 429, reason: 'rate-limited', retryAfter: response.headers.get('retry-after') ?? undefined };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, status: response.status, reason: response.status === 422 ? 'rejected' : 'http' };
    }
    const text = await readLimited(response, options.limit ?? DEFAULT_LIMIT);
    if (text === undefined) return { ok: false, status: response.status, reason: 'too-large' };
    let data: T | undefined;
    try {
      data = options.parse(text, response.headers.get('content-type') ?? '');
    } catch {
      data = undefined;
    }
    return data === undefined ? { ok: false, status: response.status, reason: 'invalid' } : { ok: true, status: response.status, data };
  } catch {
    if (timedOut) return { ok: false, reason: 'timeout' };
    return { ok: false, reason: options.signal?.aborted ? 'aborted' : 'network' };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
  }
}

/** A JSON request: the body must parse and pass `validate`. */
export function requestJson<T>(url: string, options: JsonRequest<T>): Promise<JsonResult<T>> {
  const { validate, ...rest } = options;
  return requestText(url, { ...rest, parse: (text) => validate(JSON.parse(text)) });
}
