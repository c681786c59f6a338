/**
 * One JSON request with the limits every data widget needs: a timeout, a cap on the body size (a hostile server can send
 * 10 MB), and a validator, so that nothing reaches the screen unless it matches the contract. It never throws: the caller
 * gets either the valid data or a reason it can show.
 */
export type FailureReason =
  'network' | 'timeout' | 'http' | 'rate-limited' | 'rejected' | 'invalid' | 'too-large' | 'aborted';

export type JsonResult<T> =
  | { ok: true; status: number; data: T }
  | {
      ok: false;
      status?: number;
      reason: FailureReason;
      /** A 429's Retry-After header, as sent. */ retryAfter?: string;
    };

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

export interface TextRequest<T> extends Omit<JsonRequest<T>, 'validate'> {
  accept?: string;
  /** Returns the typed data from the body's text and content type, or `undefined` when it does not match. */
  parse: (text: string, contentType: string) => T | undefined;
}

/** A request whose body is read as text (at most `limit` bytes) and handed to `parse`. Never throws. */
export async function requestText<T>(url: string, options: TextRequest<T>): Promise<JsonResult<T>> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort();
  }, options.timeout ?? DEFAULT_TIMEOUT);
  options.signal?.addEventListener('abort', abort);
  // A signal aborted before the call never fires its event.
  if (options.signal?.aborted) abort();
  try {
    const response = await fetch(url, {
      method: options.method,
      headers: {
        accept: options.accept ?? 'application/json',
        ...options.headers,
        ...(options.body === undefined ? undefined : { 'content-type': 'application/json' }),
      },
      // JSON.stringify(undefined) is undefined: no body.
      body: JSON.stringify(options.body),
      signal: controller.signal,
      credentials: 'same-origin',
    });
    const status = response.status;
    const header = (name: string) => response.headers.get(name) ?? undefined;
    const reader = response.body?.getReader();
    const limit = options.limit ?? DEFAULT_LIMIT;
    // An error's body is never read; a declared length over the limit is refused before reading (a hostile server can
    // send 10 MB), and a body without one is cut off as soon as it passes the limit.
    const refused: { reason: FailureReason; retryAfter?: string } | undefined =
      status === 429
        ? { reason: 'rate-limited', retryAfter: header('retry-after') }
        : !response.ok
          ? { reason: status === 422 ? 'rejected' : 'http' }
          : Number(header('content-length')) > limit
            ? { reason: 'too-large' }
            : undefined;
    let text = '';
    let size = 0;
    if (reader && !refused) {
      // Decoded as it arrives, synchronously: a Blob's text() would add a round trip through another thread.
      const decoder = new TextDecoder();
      for (let chunk; !(chunk = await reader.read()).done;) {
        size += chunk.value.byteLength;
        if (size > limit) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
      text += decoder.decode();
    }
    if (refused || size > limit) {
      await reader?.cancel();
      return { ok: false, status, reason: 'too-large', ...refused };
    }
    let data: T | undefined;
    try {
      data = options.parse(text, header('content-type') ?? '');
    } catch {
      // Not the contract's format: the same as a body that does not validate.
    }
    return data === undefined ? { ok: false, status, reason: 'invalid' } : { ok: true, status, data };
  } catch {
    // No status: whatever arrived, the answer did not.
    return { ok: false, reason: timedOut ? 'timeout' : options.signal?.aborted ? 'aborted' : 'network' };
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
