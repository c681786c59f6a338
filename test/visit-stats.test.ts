import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/visit-stats/visit-stats.js';
import type { VisitStats } from '../src/visit-stats/visit-stats.component.js';
import { moveInDom, pageIdle, sent, settle, spyDateFormats } from './helpers.js';
import { registerLocale } from '../src/core/locale.js';
import { writePreference } from '../src/core/preference-store.js';
import { heldFetch, json, stubFetch } from './fake-server.js';
import { SEED_STATS } from './seed-data.js';

const SEED = SEED_STATS;

let counter = 0;
const uniqueSrc = () => `http://localhost/api/v1/stats-${Date.now()}-${++counter}`;

function rows(el: VisitStats): string[] {
  return Array.from(el.shadowRoot!.querySelectorAll('tr')).map((tr) =>
    Array.from(tr.children)
      .map((cell) => cell.textContent!.replace(/\s+/g, ' ').trim())
      .join(' : '),
  );
}

async function idle(el: VisitStats) {
  for (let i = 0; i < 3; i++) {
    await settle();
    await el.updateComplete;
  }
}

describe('<visit-stats>', () => {
  let stub: ReturnType<typeof stubFetch> | undefined;
  afterEach(() => {
    stub?.restore();
    stub = undefined;
  });

  for (const lang of ['vi', 'en']) {
    it(`keeps its labels’ words whole at 200% text in a 268 px sidebar (${lang})`, async () => {
      stub = stubFetch(() => json({ ...SEED, today: 999999, yesterday: 999999 }));
      const wrapper = await fixture<HTMLDivElement>(html`<div
        style="width: 268px; font: 13px/1.4 'Liberation Sans'; --portal-chrome-scale: 2"
      >
        <visit-stats lang=${lang} src=${uniqueSrc()}></visit-stats>
      </div>`);
      const el = wrapper.querySelector('visit-stats')!;
      await idle(el);
      expect(rows(el)[0]).to.match(/999[.,]999$/);
      // A word drawn on two lines has two boxes.
      const broken: string[] = [];
      for (const th of el.shadowRoot!.querySelectorAll('th')) {
        const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const match of node.textContent!.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            if (range.getClientRects().length > 1) broken.push(match[0]);
          }
        }
      }
      expect(broken).to.deep.equal([]);
      expect(el.shadowRoot!.querySelector('table')!.getBoundingClientRect().width).to.be.at.most(268);
    });
  }

  it('shows the seed page’s counter in Vietnamese, with vi number formats, as a real table', async () => {
    stub = stubFetch(() => json(SEED));
    const el = await fixture<VisitStats>(html`<visit-stats lang="vi" src=${uniqueSrc()}></visit-stats>`);
    await idle(el);
    expect(rows(el)).to.deep.equal([
      'Hôm nay : 183',
      'Hôm qua : 202',
      'Tháng 07 : 3.911',
      'Tháng trước : 3.359',
      'Năm 2024 : 61.542',
    ]);
    expect(el.shadowRoot!.querySelector('caption')!.textContent!.trim()).to.equal('Thống kê truy cập');
    expect(el.shadowRoot!.querySelectorAll('th[scope="row"]')).to.have.length(5);
    expect(stub.requests[0].method).to.equal('GET');
    await expect(el).to.be.accessible();
  });

  it('speaks English, with en number formats and month names', async () => {
    stub = stubFetch(() => json(SEED));
    const el = await fixture<VisitStats>(
      html`<visit-stats lang="en" src=${uniqueSrc()} fields="online today this-month this-year total"></visit-stats>`,
    );
    await idle(el);
    expect(rows(el)).to.deep.equal([
      'Online now : 12',
      'Today : 183',
      'July 2024 : 3,911',
      '2024 : 61,542',
      'Total visits : 1,234,567',
    ]);
    await expect(el).to.be.accessible();
  });

  it('shows every row a field names, in its order, ignoring unknown names', async () => {
    const el = await fixture<VisitStats>(html`<visit-stats lang="vi" fields="total bogus online total"></visit-stats>`);
    el.data = SEED;
    await el.updateComplete;
    expect(rows(el)).to.deep.equal(['Tổng lượt truy cập : 1.234.567', 'Đang truy cập : 12']);
  });

  for (const [asOf, expected] of [
    ['2024-07-31T23:59:00+07:00', ['Tháng 07', 'Năm 2024']],
    ['2024-08-01T00:05:00+07:00', ['Tháng 08', 'Năm 2024']],
    ['2024-12-31T17:30:00Z', ['Tháng 01', 'Năm 2025']],
    ['2025-01-01T00:10:00+07:00', ['Tháng 01', 'Năm 2025']],
  ] as const) {
    it(`labels the month and year from the portal’s zone at ${asOf}, whatever the visitor’s clock says`, async () => {
      const overridden = await executeServerCommand('set-time-zone', 'America/New_York');
      try {
        const el = await fixture<VisitStats>(html`<visit-stats lang="vi" fields="this-month this-year"></visit-stats>`);
        el.data = { ...SEED, asOf };
        await el.updateComplete;
        expect(rows(el).map((row) => row.split(' : ')[0])).to.deep.equal(expected);
        // Where the browser's zone can be moved (Chromium), it really was: the visitor is in New York.
        if (overridden) expect(Intl.DateTimeFormat().resolvedOptions().timeZone).to.equal('America/New_York');
      } finally {
        await executeServerCommand('set-time-zone', '');
      }
    });
  }

  it('reads numbers from an inline JSON script child, for pages without a server', async () => {
    const el = await fixture<VisitStats>(html`<visit-stats lang="vi" fields="today total">
      <script type="application/json">{"today": 7, "total": 61542}</script>
    </visit-stats>`);
    expect(rows(el)).to.deep.equal(['Hôm nay : 7', 'Tổng lượt truy cập : 61.542']);
  });

  it('holds its final height with a skeleton of the same rows while loading', async () => {
    const held = (stub = heldFetch());
    const el = await fixture<VisitStats>(html`<visit-stats lang="vi" src=${uniqueSrc()}></visit-stats>`);
    await el.updateComplete;
    const loadingHeight = el.getBoundingClientRect().height;
    expect(el.shadowRoot!.querySelectorAll('.skeleton')).to.have.length(5);
    expect(el.shadowRoot!.querySelector('table')!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    held.answer(json(SEED));
    await idle(el);
    expect(el.shadowRoot!.querySelectorAll('.skeleton')).to.have.length(0);
    expect(el.getBoundingClientRect().height).to.equal(loadingHeight);
  });

  it('sets up its date formats while the page is idle, and reuses them on every refresh', async () => {
    // A language (Tajik, Zulu) no other test uses, so no formatter for it exists yet.
    registerLocale('zu', {});
    const spy = spyDateFormats();
    const held = (stub = heldFetch());
    try {
      const el = await fixture<VisitStats>(html`<visit-stats lang="zu" src=${uniqueSrc()}></visit-stats>`);
      const made = () => spy.made.filter((lang) => lang === 'zu').length;
      await pageIdle();
      expect(made(), 'created while idle, before the numbers arrive').to.equal(1);
      held.answer(json(SEED));
      await idle(el);
      expect(rows(el)[2], 'the month row, named in Zulu').to.match(/\d/);
      expect(made(), 'the numbers reused the formatter made while idle').to.equal(1);
      const afterFirst = spy.made.length;
      stub.restore();
      stub = stubFetch(() => json({ ...SEED, today: 184 }));
      el.src = uniqueSrc();
      await idle(el);
      expect(rows(el).join(' ')).to.contain('184');
      expect(spy.made.length, 'a reload with the same time zone builds no formatter').to.equal(afterFirst);
    } finally {
      spy.restore();
    }
  });

  const bad: [string, () => Response | 'never' | 'network-error', string[]][] = [
    ['invalid JSON', () => json('{"today": 1,'), []],
    ['an HTML error page', () => new Response('<html>502</html>'), []],
    ['a 500', () => json({}, 500), []],
    ['a network error', () => 'network-error', []],
    ['a server that never answers', () => 'never', []],
    ['a huge body', () => new Response(`{"today": 1, "pad": "${'x'.repeat(200 * 1024)}"}`), []],
    ['a 200 with no counts', () => json({ timeZone: 'Asia/Ho_Chi_Minh', asOf: '2024-07-15T10:00:00+07:00' }), []],
    [
      'a 200 whose counts are all invalid',
      () => json({ today: 'abc', yesterday: -3, thisMonth: 1.5, lastMonth: null }),
      [],
    ],
  ];
  for (const [label, reply] of bad) {
    it(`shows dashes with "no data", never a wrong number, on ${label}`, async () => {
      stub = stubFetch(reply);
      let reason = '';
      const failed = new Promise<void>((resolve) => {
        const onError = (event: Event) => {
          reason = (event as CustomEvent).detail.reason;
          resolve();
        };
        fixture<VisitStats>(
          html`<visit-stats lang="vi" src=${uniqueSrc()} timeout="150" @stats-error=${onError}></visit-stats>`,
        );
      });
      await failed;
      expect(reason).to.be.a('string').and.not.equal('');
      const el = document.querySelector('visit-stats')!;
      await idle(el);
      for (const row of rows(el)) expect(row).to.match(/ : –không có dữ liệu$/);
      expect(el.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.equal(
        'Hiện không tải được số liệu truy cập.',
      );
      expect(el.shadowRoot!.textContent).not.to.match(/NaN|undefined|\b0\b/);
      await expect(el).to.be.accessible();
    });
  }

  for (const [lang, line] of [
    ['vi', 'Hiện không tải được số liệu truy cập.'],
    ['en', 'Visit statistics are unavailable right now.'],
  ] as const) {
    it(`says in a visible, polite line (${lang}) that the numbers could not be loaded, and not before`, async () => {
      stub = stubFetch(() => json({}, 500));
      const el = await fixture<VisitStats>(html`<visit-stats lang=${lang} src=${uniqueSrc()}></visit-stats>`);
      const status = el.shadowRoot!.querySelector('[role="status"]')!;
      expect(status.textContent!.trim()).to.equal('');
      await idle(el);
      await idle(el);
      expect(status.textContent!.trim()).to.equal(line);
      const error = el.shadowRoot!.querySelector<HTMLElement>('[part~="error"]')!;
      expect(error.getBoundingClientRect().height).to.be.greaterThan(10);
      // Set apart as a notice by a rule in the text colour, not by colour alone.
      expect(getComputedStyle(error).borderInlineStartStyle).to.equal('solid');
      await expect(el).to.be.accessible();
    });
  }

  it('hides only the fields that are not valid counts', async () => {
    const el = await fixture<VisitStats>(
      html`<visit-stats lang="en" fields="online today yesterday this-month last-month this-year total"></visit-stats>`,
    );
    el.data = {
      ...SEED,
      online: '12',
      today: 18.5,
      yesterday: -4,
      thisMonth: Number.MAX_SAFE_INTEGER + 2,
      lastMonth: null,
      total: 9007199254740991,
    };
    await el.updateComplete;
    expect(rows(el)).to.deep.equal([
      'Online now : –no data',
      'Today : –no data',
      'Yesterday : –no data',
      'July 2024 : –no data',
      'Last month : –no data',
      '2024 : 61,542',
      'Total visits : 9,007,199,254,740,991',
    ]);
  });

  for (const [label, patch] of [
    ['a missing asOf', { asOf: undefined }],
    ['an asOf without an offset', { asOf: '2024-07-15T10:00:00' }],
    ['a malformed asOf', { asOf: 'hôm qua' }],
    ['an unknown timeZone', { timeZone: 'Mars/Olympus_Mons' }],
    ['a missing timeZone', { timeZone: undefined }],
  ] as const) {
    it(`says "this month" and "this year" instead of guessing on ${label}`, async () => {
      const el = await fixture<VisitStats>(
        html`<visit-stats lang="vi" fields="today this-month this-year"></visit-stats>`,
      );
      el.data = { ...SEED, ...patch };
      await el.updateComplete;
      expect(rows(el)).to.deep.equal(['Hôm nay : 183', 'Tháng này : 3.911', 'Năm nay : 61.542']);
    });
  }

  it('refreshes on its interval and pauses while the tab is hidden', async () => {
    stub = stubFetch(() => json(SEED));
    const scheduled: { delay: number; run: () => void }[] = [];
    const realSetTimeout = window.setTimeout;
    const el = document.createElement('visit-stats');
    el.src = uniqueSrc();
    el.refresh = 60;
    window.setTimeout = ((fn: () => void, delay?: number) => {
      if (delay && delay >= 10_000 && delay <= 60_000) {
        scheduled.push({ delay, run: fn });
        return 0;
      }
      return realSetTimeout(fn, delay);
    }) as typeof window.setTimeout;
    const visibility = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')!;
    try {
      document.body.append(el);
      await idle(el);
      expect(stub.requests).to.have.length(1);
      expect(scheduled.at(-1)!.delay).to.be.closeTo(60_000, 100);
      scheduled.at(-1)!.run();
      await idle(el);
      expect(stub.requests).to.have.length(2);
      const before = scheduled.length;
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
      await idle(el);
      // Hidden: the pending refresh is cancelled and nothing new is scheduled or sent.
      expect(scheduled.length).to.equal(before);
      expect(stub.requests).to.have.length(2);
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));
      expect(scheduled.length).to.equal(before + 1);
    } finally {
      window.setTimeout = realSetTimeout;
      delete (document as unknown as Record<string, unknown>).visibilityState;
      Object.defineProperty(Document.prototype, 'visibilityState', visibility);
      el.remove();
    }
  });

  describe('counting the page view', () => {
    let beacons: { url: string; body: string }[];
    let restoreBeacon: () => void;
    beforeEach(() => {
      beacons = [];
      const original = navigator.sendBeacon;
      navigator.sendBeacon = (url: string | URL, body?: BodyInit | null) => {
        beacons.push({ url: String(url), body: String(body) });
        return true;
      };
      restoreBeacon = () => (navigator.sendBeacon = original);
    });
    const realNow = Date.now;
    afterEach(() => {
      restoreBeacon();
      Date.now = realNow;
    });
    /** The page's clock, still running, from the instant `start` on. */
    const clockFrom = (start: number) => {
      const offset = realNow() - start;
      Date.now = () => realNow() - offset;
    };

    const waitIdle = () => new Promise((r) => setTimeout(r, 150));

    it('sends one text/plain beacon per page load, however many counters and reconnections', async () => {
      stub = stubFetch(() => json(SEED));
      const src = uniqueSrc();
      const wrapper = await fixture(html`<div>
        <visit-stats src=${src} track></visit-stats><visit-stats src=${src} track></visit-stats>
      </div>`);
      await waitIdle();
      const first = wrapper.querySelector('visit-stats')!;
      first.remove();
      wrapper.append(first);
      await waitIdle();
      // A page restored from the back-forward cache is the same page load.
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      await waitIdle();
      expect(beacons).to.have.length(1);
      expect(beacons[0].url).to.equal(`${src}/hits`);
      expect(JSON.parse(beacons[0].body)).to.deep.equal({ path: location.pathname, referrer: document.referrer });
    });

    it('shows the reader’s own view on this page load: the hit goes after the first read, which adds it', async () => {
      const served = { ...SEED };
      const order: string[] = [];
      stub = stubFetch(() => {
        order.push('GET');
        return json(served);
      });
      navigator.sendBeacon = (url: string | URL) => {
        order.push(`hit ${new URL(String(url)).pathname.split('/').pop()}`);
        served.today += 1;
        served.total += 1;
        return true;
      };
      const el = await fixture<VisitStats>(
        html`<visit-stats lang="vi" src=${uniqueSrc()} fields="today yesterday total" track></visit-stats>`,
      );
      await idle(el);
      await waitIdle();
      expect(order).to.deep.equal(['GET', 'hit hits']);
      const shown = rows(el);
      expect(shown[0]).to.equal(`Hôm nay : ${(SEED.today + 1).toLocaleString('de-DE')}`);
      expect(shown[1]).to.equal(`Hôm qua : ${SEED.yesterday.toLocaleString('de-DE')}`);
      // A later read (here a second counter on the page) holds the view from the server: never counted twice.
      const later = await fixture<VisitStats>(
        html`<visit-stats lang="vi" src=${el.src} fields="today yesterday total" track></visit-stats>`,
      );
      await idle(later);
      await waitIdle();
      expect(order).to.deep.equal(['GET', 'hit hits', 'GET']);
      expect(rows(later)[0]).to.equal(`Hôm nay : ${(SEED.today + 1).toLocaleString('de-DE')}`);
      expect(rows(later)[2]).to.equal(`Tổng lượt truy cập : ${(SEED.total + 1).toLocaleString('de-DE')}`);
    });

    it('does not show the reader’s view again on a reload within 30 minutes of a counted one (the service’s repeat)', async () => {
      stub = stubFetch(() => json(SEED));
      // The clock runs from noon UTC, so that no step below crosses the service's UTC day by chance.
      clockFrom(Date.UTC(2026, 6, 15, 12));
      const today = () => `Hôm nay : ${SEED.today.toLocaleString('de-DE')}`;
      const todayPlusOne = () => `Hôm nay : ${(SEED.today + 1).toLocaleString('de-DE')}`;
      const stored = () => JSON.parse(localStorage.getItem('portal-widgets:views') ?? '{}') as Record<string, number>;
      const show = async (src: string) => {
        const el = await fixture<VisitStats>(
          html`<visit-stats lang="vi" src=${src} fields="today yesterday total" track></visit-stats>`,
        );
        await idle(el);
        await waitIdle();
        return rows(el)[0];
      };
      // A first view: shown, sent, and its time kept for the next load.
      const first = uniqueSrc();
      expect(await show(first)).to.equal(todayPlusOne());
      const view = (src: string) => `${src}/hits ${location.pathname}`;
      expect(stored()[view(first)]).to.be.closeTo(Date.now(), 5_000);
      // As if the page were loaded again 10 minutes after a counted view: the service's numbers already hold it, and
      // it will not count this one. The hit still goes out, and the time of the counted view stays.
      const reload = uniqueSrc();
      const tenMinutesAgo = Date.now() - 10 * 60_000;
      writePreference('portal-widgets:views', { ...stored(), [view(reload)]: tenMinutesAgo });
      expect(await show(reload)).to.equal(today());
      expect(beacons.map((b) => b.url)).to.deep.equal([`${first}/hits`, `${reload}/hits`]);
      expect(stored()[view(reload)]).to.equal(tenMinutesAgo);
      // 31 minutes after: counted again, shown again, and the stale entries are dropped.
      const later = uniqueSrc();
      writePreference('portal-widgets:views', { [view(later)]: Date.now() - 31 * 60_000, stale: 0 });
      expect(await show(later)).to.equal(todayPlusOne());
      expect(Object.keys(stored())).to.deep.equal([view(later)]);
      expect(stored()[view(later)]).to.be.closeTo(Date.now(), 5_000);
      // A stored value that is not a record of views is none.
      writePreference('portal-widgets:views', 'not an object');
      expect(await show(uniqueSrc())).to.equal(todayPlusOne());
    });

    it('shows the reader’s view on a reload just after midnight UTC, when the service knows the visitor no more', async () => {
      stub = stubFetch(() => json(SEED));
      const midnight = Date.UTC(2026, 6, 16);
      const src = uniqueSrc();
      const view = `${src}/hits ${location.pathname}`;
      // Counted at 23:55 UTC, loaded again at 00:05: ten minutes apart, but on the service's next day.
      writePreference('portal-widgets:views', { [view]: midnight - 5 * 60_000 });
      clockFrom(midnight + 5 * 60_000);
      const el = await fixture<VisitStats>(html`<visit-stats lang="vi" src=${src} fields="today" track></visit-stats>`);
      await idle(el);
      await waitIdle();
      expect(rows(el)[0]).to.equal(`Hôm nay : ${(SEED.today + 1).toLocaleString('de-DE')}`);
      expect(beacons.map((b) => b.url)).to.deep.equal([`${src}/hits`]);
      const stored = JSON.parse(localStorage.getItem('portal-widgets:views')!) as Record<string, number>;
      expect(stored[view]).to.be.closeTo(Date.now(), 5_000);
    });

    it('does not count without track', async () => {
      stub = stubFetch(() => json(SEED));
      await fixture(html`<visit-stats src=${uniqueSrc()}></visit-stats>`);
      await waitIdle();
      expect(beacons).to.have.length(0);
    });

    it('waits until a prerendered page is shown', async () => {
      stub = stubFetch(() => json(SEED));
      Object.defineProperty(document, 'prerendering', { configurable: true, get: () => true });
      try {
        await fixture(html`<visit-stats src=${uniqueSrc()} track></visit-stats>`);
        await waitIdle();
        expect(beacons).to.have.length(0);
      } finally {
        delete (document as unknown as Record<string, unknown>).prerendering;
      }
      document.dispatchEvent(new Event('prerenderingchange'));
      await waitIdle();
      expect(beacons).to.have.length(1);
    });

    describe('on a portal that navigates without reloading', () => {
      const start = location.href;
      // Back where the test runner expects to be, whatever a test did to the address (counters gone first, so that
      // this is not counted as a view).
      afterEach(() => {
        document.querySelectorAll('visit-stats').forEach((el) => el.remove());
        history.replaceState(history.state, '', start);
      });
      const paths = () => beacons.map((b) => JSON.parse(b.body).path);
      const hasNavigationApi = 'navigation' in window;

      it('counts each navigation to another path once, with the page it came from as referrer', async function () {
        if (!hasNavigationApi) this.skip(); // Without the Navigation API no event tells of pushState (see the next test).
        stub = stubFetch(() => json(SEED));
        const el = await fixture(html`<visit-stats src=${uniqueSrc()} track></visit-stats>`);
        await waitIdle();
        history.pushState(null, '', '/tin-tuc/bai-sau.html');
        history.replaceState(null, '', '/tin-tuc/bai-sau.html?trang=2'); // the same page: not another view
        await waitIdle();
        history.pushState(null, '', '/gioi-thieu.html');
        await waitIdle();
        expect(paths()).to.deep.equal([new URL(start).pathname, '/tin-tuc/bai-sau.html', '/gioi-thieu.html']);
        // The page it came from, without its query.
        expect(JSON.parse(beacons[2].body).referrer).to.equal(new URL('/tin-tuc/bai-sau.html', start).href);
        // Once the counter is gone from the page, navigations are not counted any more.
        el.remove();
        history.pushState(null, '', '/lien-he.html');
        await waitIdle();
        expect(beacons).to.have.length(3);
      });

      it('counts the page now shown when the CMS calls countPageView(), once however often it is called', async () => {
        // As in a browser without the Navigation API: only the CMS's call can tell of the pushState.
        Object.defineProperty(window, 'navigation', { configurable: true, value: undefined });
        try {
          stub = stubFetch(() => json(SEED));
          const el = await fixture<VisitStats>(html`<visit-stats src=${uniqueSrc()} track></visit-stats>`);
          await waitIdle();
          history.pushState(null, '', '/van-ban.html');
          await waitIdle();
          expect(paths()).to.deep.equal([new URL(start).pathname]);
          el.countPageView();
          el.countPageView();
          await waitIdle();
          expect(paths()).to.deep.equal([new URL(start).pathname, '/van-ban.html']);
          // Without track it counts nothing.
          const quiet = await fixture<VisitStats>(html`<visit-stats src=${uniqueSrc()}></visit-stats>`);
          quiet.countPageView();
          await waitIdle();
          expect(beacons).to.have.length(2);
          // track set after the first render starts counting; removed, it stops.
          quiet.track = true;
          await quiet.updateComplete;
          await waitIdle();
          expect(beacons).to.have.length(3);
          quiet.track = false;
          await quiet.updateComplete;
          history.pushState(null, '', '/thu-tuc.html');
          quiet.countPageView();
          await waitIdle();
          expect(beacons).to.have.length(3);
        } finally {
          delete (window as unknown as Record<string, unknown>).navigation;
        }
      });
    });

    it('falls back to a keepalive fetch where sendBeacon is refused', async () => {
      navigator.sendBeacon = () => false;
      stub = stubFetch(() => new Response(null, { status: 204 }));
      const src = uniqueSrc();
      await fixture(html`<visit-stats src=${src} track></visit-stats>`);
      await waitIdle();
      const hit = stub.requests.find((r) => r.url.endsWith('/hits'))!;
      expect(hit.method).to.equal('POST');
      expect(hit.headers.get('content-type')).to.equal('text/plain');
    });
  });
  describe('the request’s life', () => {
    const skeletons = (el: VisitStats) => el.shadowRoot!.querySelectorAll('.skeleton').length;
    const today = (n: number) => json({ ...SEED, today: n });

    it('moved in the DOM while loading: asks again once back, shows the answer, never keeps its skeleton', async () => {
      const held = (stub = heldFetch());
      const el = await fixture<VisitStats>(
        html`<visit-stats lang="vi" fields="today" src=${uniqueSrc()}></visit-stats>`,
      );
      expect(skeletons(el)).to.equal(1);
      await sent(held.requests, 1);
      moveInDom(el);
      await sent(held.requests, 2);
      expect(held.requests).to.have.length(2);
      held.answer(today(1));
      held.answer(today(2));
      await idle(el);
      expect(rows(el)).to.deep.equal(['Hôm nay : 2']);
      expect(skeletons(el)).to.equal(0);
    });

    it('moved in the DOM after loading: keeps its numbers and asks nothing', async () => {
      const held = (stub = heldFetch());
      const el = await fixture<VisitStats>(
        html`<visit-stats lang="vi" fields="today" src=${uniqueSrc()}></visit-stats>`,
      );
      await sent(held.requests, 1);
      held.answer(today(7));
      await idle(el);
      moveInDom(el);
      await idle(el);
      expect(held.requests).to.have.length(1);
      expect(rows(el)).to.deep.equal(['Hôm nay : 7']);
    });

    it('src changed mid-flight: the first answer is dropped, the second shown', async () => {
      const held = (stub = heldFetch());
      const errors: unknown[] = [];
      const el = await fixture<VisitStats>(
        html`<visit-stats lang="vi" fields="today" src=${uniqueSrc()}></visit-stats>`,
      );
      el.addEventListener('stats-error', (event) => errors.push(event));
      await sent(held.requests, 1);
      el.src = uniqueSrc();
      await sent(held.requests, 2);
      expect(held.requests).to.have.length(2);
      expect(held.requests[1].url).to.equal(el.src);
      held.answer(today(1));
      held.answer(today(2));
      await idle(el);
      expect(rows(el)).to.deep.equal(['Hôm nay : 2']);
      // The dropped request is not an error the page hears of.
      expect(errors).to.have.length(0);
    });
  });
});
