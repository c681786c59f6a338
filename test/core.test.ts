import { expect, fixture, html } from '@open-wc/testing';
import { PortalElement } from '../src/core/portal-element.js';
import {
  LocaleController,
  builtInStrings,
  formatNumber,
  langOf,
  registerLocale,
  resolveLocale,
} from '../src/core/locale.js';
import { fontSize as en } from '../src/core/locales/en.js';
import { fontSize as vi } from '../src/core/locales/vi.js';
import { readPreference, subscribePreference, writePreference } from '../src/core/preference-store.js';
import { pageSheet, releasePageSheet } from '../src/core/page-sheet.js';
import { VERSION } from '../src/core/version.js';
import { requestText, type TextRequest } from '../src/core/json-request.js';
import '../src/index.js';
import { FontSizeControl } from '../src/font-size-control/font-size-control.component.js';
import { accessibleName, breakStorage, pageIdle, part, uniqueKey } from './helpers.js';

const PROBE_STRINGS = builtInStrings('fontSize', { en, vi });

class LangProbe extends PortalElement {
  readonly locale = this.localize;
  override render() {
    return html`<span>${this.localize.strings(PROBE_STRINGS).increase}</span>`;
  }
}
LangProbe.define('lang-probe');

describe('guarded define', () => {
  it('does not throw when a tag is defined twice, and stays silent for the same version', () => {
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      expect(() => FontSizeControl.define('font-size-control')).not.to.throw();
      class Copy extends FontSizeControl {}
      expect(() => Copy.define('font-size-control')).not.to.throw();
      expect(warnings).to.have.length(0);
    } finally {
      console.warn = original;
    }
  });

  it('warns once when a different version is already registered', () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      class Older extends FontSizeControl {
        static override version = '0.0.1-old';
      }
      Older.define('contrast-toggle');
      Older.define('contrast-toggle');
      expect(warnings).to.have.length(1);
      expect(String(warnings[0][0])).to.include('contrast-toggle');
    } finally {
      console.warn = original;
    }
  });

  it('carries the package version', async () => {
    const pkg = await (await fetch('/package.json')).json();
    expect(VERSION).to.equal(pkg.version);
    expect(PortalElement.version).to.equal(pkg.version);
  });
});

describe('language resolution', () => {
  it('takes the element’s own lang first', async () => {
    const wrapper = await fixture(html`<div lang="en"><lang-probe lang="vi"></lang-probe></div>`);
    const probe = wrapper.querySelector('lang-probe') as LangProbe;
    await probe.updateComplete;
    expect(probe.locale.lang).to.equal('vi');
  });

  it('then the nearest ancestor with lang, also across a shadow root', async () => {
    const host = await fixture<HTMLDivElement>(html`<div lang="vi"></div>`);
    const shadow = host.attachShadow({ mode: 'open' });
    const probe = document.createElement('lang-probe') as LangProbe;
    shadow.append(probe);
    await probe.updateComplete;
    expect(langOf(probe)).to.equal('vi');
    expect(probe.shadowRoot!.textContent).to.include('Tăng cỡ chữ');
  });

  it('then <html lang>, and follows changes to it', async () => {
    const previous = document.documentElement.lang;
    document.documentElement.lang = 'vi';
    try {
      const probe = await fixture<LangProbe>(html`<lang-probe></lang-probe>`);
      expect(probe.locale.lang).to.equal('vi');
      document.documentElement.lang = 'en';
      await new Promise((r) => setTimeout(r));
      await probe.updateComplete;
      expect(probe.shadowRoot!.textContent).to.include('Increase text size');
    } finally {
      document.documentElement.lang = previous;
    }
  });

  it('maps regional tags and falls back to English for unknown languages', () => {
    expect(resolveLocale('vi-VN')).to.equal('vi');
    expect(resolveLocale('EN-gb')).to.equal('en');
    expect(resolveLocale('fr')).to.equal('en');
    expect(resolveLocale('')).to.equal('en');
  });

  it('registers a new language, filling missing strings from English, and re-renders at once', async () => {
    const wrapper = await fixture(
      html`<div lang="fr"><font-size-control storage-key=${uniqueKey()} target="#none"></font-size-control></div>`,
    );
    const el = wrapper.querySelector('font-size-control')!;
    await el.updateComplete;
    expect(accessibleName(part(el, 'increase'))).to.equal('Increase text size');
    registerLocale('fr', { fontSize: { increase: 'Agrandir le texte' } });
    await el.updateComplete;
    expect(accessibleName(part(el, 'increase'))).to.equal('Agrandir le texte');
    expect(accessibleName(part(el, 'decrease'))).to.equal('Decrease text size');
  });

  it('changes single strings of a built-in language, keeping its other strings', async () => {
    const el = await fixture(
      html`<font-size-control lang="vi" storage-key=${uniqueKey()} target="#none"></font-size-control>`,
    );
    try {
      registerLocale('vi', { fontSize: { increase: 'Phóng to chữ' } });
      await (el as FontSizeControl).updateComplete;
      expect(accessibleName(part(el, 'increase'))).to.equal('Phóng to chữ');
      expect(accessibleName(part(el, 'decrease'))).to.equal('Giảm cỡ chữ');
    } finally {
      registerLocale('vi', {});
    }
    await (el as FontSizeControl).updateComplete;
    expect(accessibleName(part(el, 'increase'))).to.equal('Tăng cỡ chữ');
  });

  it('fills a regional language registered on its own from the built-in language, not from English', async () => {
    registerLocale('vi-VN', { fontSize: { increase: 'Phóng to' } });
    const el = await fixture(
      html`<font-size-control lang="vi-VN" storage-key=${uniqueKey()} target="#none"></font-size-control>`,
    );
    expect(accessibleName(part(el, 'increase'))).to.equal('Phóng to');
    expect(accessibleName(part(el, 'decrease'))).to.equal('Giảm cỡ chữ');
  });

  it('formats numbers for the language through Intl', async () => {
    const vi = await fixture<LangProbe>(html`<lang-probe lang="vi"></lang-probe>`);
    expect(formatNumber(vi.locale.lang, 61542)).to.equal('61.542');
    expect(formatNumber(vi.locale.lang, 4.5)).to.equal('4,5');
    const en = await fixture<LangProbe>(html`<lang-probe lang="en"></lang-probe>`);
    expect(formatNumber(en.locale.lang, 61542)).to.equal('61,542');
    expect(formatNumber(en.locale.lang, 1.2, { style: 'percent' })).to.equal('120%');
    expect(en.locale).to.be.instanceOf(LocaleController);
  });
});

describe('preference store', () => {
  it('shares one value per key with every subscriber and saves it', () => {
    const key = uniqueKey();
    const seen: unknown[] = [];
    const stop = subscribePreference(key, (value) => seen.push(value));
    writePreference(key, { level: 120 });
    expect(readPreference(key)).to.deep.equal({ level: 120 });
    expect(JSON.parse(localStorage.getItem(key)!)).to.deep.equal({ level: 120 });
    expect(seen).to.deep.equal([{ level: 120 }]);
    writePreference(key, undefined);
    expect(localStorage.getItem(key)).to.equal(null);
    stop();
    writePreference(key, 1);
    expect(seen).to.have.length(2);
  });

  it('keeps values in memory when storage throws', () => {
    const restore = breakStorage();
    try {
      const key = uniqueKey();
      expect(readPreference(key)).to.equal(undefined);
      writePreference(key, 'kept');
      expect(readPreference(key)).to.equal('kept');
    } finally {
      restore();
    }
  });

  it('ignores storage events for keys nobody uses', async () => {
    const key = uniqueKey();
    // Once the page listens (when idle), with one key in use.
    subscribePreference(uniqueKey(), () => {});
    await pageIdle();
    window.dispatchEvent(new StorageEvent('storage', { key, newValue: '1' }));
    expect(readPreference(key)).to.equal(undefined);
  });
});

describe('page sheets', () => {
  it('adopts one sheet per name, shared by every caller, and releases it completely', () => {
    const before = document.adoptedStyleSheets.length;
    const a = pageSheet('test-sheet');
    const b = pageSheet('test-sheet');
    expect(a).to.equal(b);
    expect(document.adoptedStyleSheets.length).to.equal(before + 1);
    a.replaceSync('.x { color: red }');
    releasePageSheet('test-sheet');
    expect(document.adoptedStyleSheets.length).to.equal(before);
    expect(a.cssRules.length).to.equal(0);
    releasePageSheet('never-adopted');
  });
});

describe('requests (requestText)', () => {
  const original = window.fetch;
  let pulls = 0;
  afterEach(() => {
    window.fetch = original;
    pulls = 0;
  });

  /** A body served in the given chunks; `pulls` counts the chunks the reader asked for. */
  const streamed = (chunks: (Uint8Array | Error)[]) =>
    new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls += 1;
          const next = chunks.shift();
          if (next instanceof Error) controller.error(next);
          else if (next) controller.enqueue(next);
          else controller.close();
        },
      },
      // Nothing is pulled ahead: `pulls` is what the reader asked for.
      { highWaterMark: 0 },
    );
  /** Answers every request with `reply()`, honouring the request's abort signal as fetch does. */
  const serve = (reply: () => Response | Promise<Response>) => {
    window.fetch = (async (_url: RequestInfo | URL, init: RequestInit = {}) => {
      if (init.signal?.aborted) throw new DOMException('Aborted', 'AbortError');
      return Promise.race([
        reply(),
        new Promise<never>((_, reject) =>
          init.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))),
        ),
      ]);
    }) as typeof fetch;
  };
  const text = (options: Partial<TextRequest<string>> = {}) =>
    requestText<string>('/r', { parse: (body) => body, ...options });
  const bytes = (value: string) => new TextEncoder().encode(value);

  it('refuses a declared length over the limit without reading the body', async () => {
    serve(() => new Response(streamed([bytes('x'.repeat(100))]), { headers: { 'content-length': '100' } }));
    expect(await text({ limit: 99 })).to.deep.equal({ ok: false, status: 200, reason: 'too-large' });
    expect(pulls, 'chunks read').to.equal(0);
  });

  it('cuts off a body without a declared length as soon as it passes the limit', async () => {
    serve(() => new Response(streamed([bytes('1234'), bytes('5678')])));
    expect(await text({ limit: 8 }), 'exactly the limit').to.deep.equal({ ok: true, status: 200, data: '12345678' });
    pulls = 0;
    serve(
      () =>
        new Response(
          streamed([bytes('1234'), bytes('56789'), ...Array.from({ length: 10 }, () => bytes('9'.repeat(1000)))]),
        ),
    );
    expect(await text({ limit: 8 })).to.deep.equal({ ok: false, status: 200, reason: 'too-large' });
    expect(pulls, 'stopped at the chunk that passed the limit, 10 kB unread').to.equal(2);
  });

  it('decodes UTF-8 characters split across chunks', async () => {
    const all = bytes('Thống kê truy cập');
    serve(() => new Response(streamed([all.slice(0, 3), all.slice(3, 4), all.slice(4)])));
    expect(await text()).to.deep.equal({ ok: true, status: 200, data: 'Thống kê truy cập' });
  });

  it('gives an empty body (204) to the parser as empty text', async () => {
    serve(() => new Response(null, { status: 204 }));
    expect(await text({ parse: (body) => `[${body}]` })).to.deep.equal({ ok: true, status: 204, data: '[]' });
  });

  it('names each refusal, with the raw Retry-After of a 429, and never reads an error body', async () => {
    serve(() => new Response(streamed([bytes('slow down')]), { status: 429, headers: { 'retry-after': '30' } }));
    expect(await text()).to.deep.equal({ ok: false, status: 429, reason: 'rate-limited', retryAfter: '30' });
    serve(() => new Response(streamed([bytes('bad score')]), { status: 422 }));
    expect(await text()).to.deep.equal({ ok: false, status: 422, reason: 'rejected' });
    serve(() => new Response(streamed([bytes('<html>502</html>')]), { status: 502 }));
    expect(await text()).to.deep.equal({ ok: false, status: 502, reason: 'http' });
    expect(pulls, 'error bodies read').to.equal(0);
  });

  it('reports a parser that throws or refuses as invalid', async () => {
    serve(() => new Response('{"a":'));
    expect(await requestText('/r', { parse: (body) => JSON.parse(body) })).to.deep.equal({
      ok: false,
      status: 200,
      reason: 'invalid',
    });
    serve(() => new Response('{}'));
    expect(await text({ parse: () => undefined })).to.deep.equal({ ok: false, status: 200, reason: 'invalid' });
  });

  it('reports a connection lost while reading the body as a network failure, without a status', async () => {
    serve(() => new Response(streamed([bytes('{"items": ['), new TypeError('connection reset')])));
    expect(await text()).to.deep.equal({ ok: false, reason: 'network' });
  });

  it('gives up after the timeout, and stops at once for a signal aborted before or during the call', async () => {
    serve(() => new Promise<Response>(() => {}));
    expect(await text({ timeout: 30 })).to.deep.equal({ ok: false, reason: 'timeout' });
    const before = new AbortController();
    before.abort();
    serve(() => new Response('late'));
    expect(await text({ signal: before.signal })).to.deep.equal({ ok: false, reason: 'aborted' });
    const during = new AbortController();
    setTimeout(() => during.abort(), 0);
    serve(() => new Promise<Response>(() => {}));
    expect(await text({ signal: during.signal })).to.deep.equal({ ok: false, reason: 'aborted' });
  });

  it('sends a JSON body as application/json, whatever headers the caller passes', async () => {
    let sent: RequestInit | undefined;
    window.fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      sent = init;
      return new Response('ok');
    }) as typeof fetch;
    await text({ method: 'PUT', body: { score: 4 }, headers: { 'content-type': 'text/plain', 'x-visitor-id': 'v' } });
    expect(sent?.method).to.equal('PUT');
    expect(sent?.body).to.equal('{"score":4}');
    expect(sent?.headers).to.deep.equal({
      accept: 'application/json',
      'content-type': 'application/json',
      'x-visitor-id': 'v',
    });
    await text();
    expect(sent?.method).to.equal(undefined);
    expect(sent?.body).to.equal(undefined);
  });
});
