import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { JsonResult } from './json-request.js';

/**
 * How an element's resource is found, loaded and told of: functions of the element, so that one options object serves
 * every instance (a listing page holds a thousand ratings, and a closure per instance is memory for nothing).
 */
export interface ResourceOptions<T, H> {
  /** Where to load from, read again on every update; `undefined` when there is nothing to load (no `src`, a refused URL). */
  url: (host: H) => string | undefined;
  /** Loads and checks the resource; the signal aborts it (on disconnect, a new URL, or a refresh). */
  load: (host: H, url: string, signal: AbortSignal) => Promise<JsonResult<T>>;
  /** Told of every result that arrives for the current request, success or failure (never of an aborted one). */
  settled?: (host: H, result: JsonResult<T>) => void;
}

/**
 * The life of one remote resource behind an element: started on the first update or when the URL changes, aborted when
 * the element leaves the page, started again when it comes back (unless what it holds is already from that URL), and
 * refreshed on demand. The host reads `loading`, `data` and `error` in its render; the controller asks for an update
 * when a request ends. Timeouts and body limits belong to `load` (the request helper's own).
 */
export class ResourceController<
  T,
  H extends ReactiveControllerHost & { readonly hasUpdated: boolean },
> implements ReactiveController {
  /** Whether a request is in flight. */
  loading = false;
  /** The last data loaded, kept through a failed refresh; cleared when the URL changes. */
  data?: T;
  /** The last request's failure, cleared by the next success. */
  error?: Extract<JsonResult<T>, { ok: false }>;
  /** The last request started, settled once it ends (aborted or not), for work that must wait for it. */
  request?: Promise<unknown>;
  /** The URL of `data` (or of the request in flight). */
  private current?: string;
  private abort?: AbortController;

  constructor(
    private readonly host: H,
    private readonly options: ResourceOptions<T, H>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Back on the page: a request that was cut off by leaving it (which forgot its URL) is made again.
    if (this.host.hasUpdated) this.hostUpdate();
  }

  hostUpdate(): void {
    // Before the render, so the loading state joins this render instead of causing a second one.
    if (this.options.url(this.host) !== this.current) this.start();
  }

  hostDisconnected(): void {
    if (!this.abort) return;
    this.abort.abort();
    this.abort = undefined;
    this.loading = false;
    // Not settled: coming back starts it again.
    this.current = undefined;
  }

  /** Loads the current URL now; with `keep` (a refresh) the data shown stays until the answer comes. */
  start(keep = false): void {
    const url = this.options.url(this.host);
    this.abort?.abort();
    this.abort = undefined;
    if (!keep || url !== this.current) {
      this.data = undefined;
      this.error = undefined;
    }
    this.current = url;
    this.loading = url !== undefined;
    // Within the host's update this joins the render under way; elsewhere (a refresh, a reconnect) it asks for one.
    this.host.requestUpdate();
    this.request = undefined;
    if (url === undefined) return;
    const controller = (this.abort = new AbortController());
    // Sent from the next task: building and sending a request is a good part of a first render's task, which on a
    // cheap phone is then over 50 ms. The loading state is already drawn by this update.
    this.request = new Promise<void>((next) => setTimeout(next))
      .then(() => (controller.signal.aborted ? undefined : this.options.load(this.host, url, controller.signal)))
      .then((result) => {
        if (!result || controller.signal.aborted) return;
        this.abort = undefined;
        this.loading = false;
        if (result.ok) {
          this.data = result.data;
          this.error = undefined;
        } else {
          this.error = result;
        }
        this.options.settled?.(this.host, result);
        this.host.requestUpdate();
      });
  }
}
