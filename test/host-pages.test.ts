// The built CDN files on host pages written to be hostile: a 2012 template with jQuery 1.x and !important resets,
// a strict CSP with Trusted Types, and (in frameworks.test.ts) React and Vue. The data widgets talk to the test
// server's stand-in for the reference service (scripts/test-api.mjs).
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { emulateMediaFeatures, expectInlineStyleRefused, loadFrame } from './helpers.js';

const TAGS = ['font-size-control', 'contrast-toggle', 'star-rating', 'related-posts', 'visit-stats'] as const;
type Win = Window & Record<string, any>;

const shadowText = (doc: Document, tag: string) =>
  doc.querySelector(tag)!.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();

/** Waits until the three data widgets show their data, or fails with what they show. */
async function dataShown(doc: Document): Promise<void> {
  // The rating's sentence with the total, not just any text: its prompt says "đánh giá" while the numbers still load.
  const ready = () =>
    doc.querySelector('star-rating')!.shadowRoot?.querySelector('[part~="summary-text"]') &&
    doc.querySelector('related-posts')!.shadowRoot!.querySelectorAll('a').length > 0 &&
    /\d/.test(shadowText(doc, 'visit-stats'));
  for (let i = 0; i < 100 && !ready(); i++) await new Promise((r) => setTimeout(r, 30));
  expect(ready(), TAGS.map((tag) => `${tag}: ${shadowText(doc, tag)}`).join('\n')).to.equal(true);
}

/** Every element in a widget's shadow root: its part, display and box relative to the host. */
function layout(doc: Document, tag: string): string[] {
  const host = doc.querySelector(tag)!;
  const origin = host.getBoundingClientRect();
  const win = doc.defaultView!;
  return Array.from(host.shadowRoot!.querySelectorAll('*'))
    .filter((el) => !(el instanceof HTMLStyleElement))
    .map((el) => {
      const box = el.getBoundingClientRect();
      const style = win.getComputedStyle(el);
      // An element that is not rendered (the rating's keyboard hint until a star has keyboard focus), or an empty one
      // (a live region waiting for a message), has no box to compare.
      const empty = style.display === 'none' || (!box.height && !el.childElementCount);
      const at = empty ? '-' : [box.x - origin.x, box.y - origin.y, box.width, box.height].map(Math.round).join(',');
      return `${el.tagName.toLowerCase()}[${el.getAttribute('part') ?? ''}] ${style.display} ${style.visibility} ${at}`;
    });
}

const resetApi = () => fetch('/api/v1/__reset', { method: 'POST' });

/** Adds the all-in-one module file to a host page that has none; resolves once the file has run. */
function addModule(win: Win): Promise<unknown> {
  const script = win.document.createElement('script');
  script.type = 'module';
  script.src = '/__test__/cdn/portal-widgets.js';
  win.document.head.append(script);
  return new Promise((resolve) => script.addEventListener('load', resolve));
}

/** Adds the all-in-one module file to a host page that has none, and waits until all five show their data. */
async function addModuleBundle(win: Win): Promise<void> {
  await addModule(win);
  await Promise.all(TAGS.map((tag) => win.customElements.whenDefined(tag)));
  await dataShown(win.document);
}
const apiLog = async () =>
  (await (await fetch('/api/v1/__log')).json()) as { method: string; path: string; body: string }[];

describe('a legacy page: jQuery 1.x, global resets with !important, the classic bundle', () => {
  let legacy: { frame: HTMLIFrameElement; win: Win };
  let neutral: { frame: HTMLIFrameElement; win: Win };

  beforeEach(async () => {
    localStorage.clear();
    await resetApi();
    neutral = await loadFrame('/__test__/hosts/neutral.html');
    legacy = await loadFrame('/__test__/hosts/legacy.html');
    await dataShown(neutral.win.document);
    await dataShown(legacy.win.document);
  });
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((frame) => frame.remove());
    localStorage.clear();
  });

  it('has jQuery 1.x really loaded, and its rules really hit the page', () => {
    expect(legacy.win.jQuery.fn.jquery).to.equal('1.12.4');
    const lightButton = legacy.win.document.createElement('button');
    legacy.win.document.body.append(lightButton);
    expect(legacy.win.getComputedStyle(lightButton).display).to.equal('none');
    expect(legacy.win.getComputedStyle(legacy.win.document.querySelector('h1')!).fontWeight).to.equal('400');
  });

  it('lays every widget out exactly as on a page without hostile rules (the shadow DOM holds)', () => {
    for (const tag of TAGS) {
      expect(layout(legacy.win.document, tag), tag).to.deep.equal(layout(neutral.win.document, tag));
    }
    // And the widgets are really there: the buttons that the page hides everywhere else are visible in them.
    const aPlus = legacy.win.document
      .querySelector('font-size-control')!
      .shadowRoot!.querySelector('[part~="increase"]')!;
    expect(aPlus.getBoundingClientRect().width).to.be.greaterThan(20);
    expect(legacy.win.getComputedStyle(aPlus).display).to.not.equal('none');
  });

  for (const bundle of ['classic', 'module'] as const) {
    it(`loads the text scaler only when a level other than 100% is chosen, beside the ${bundle} bundle`, async () => {
      const [{ win }, other] = bundle === 'classic' ? [legacy, neutral] : [neutral, legacy];
      // The other page shares the level through storage, as a second tab would, and would load the scaler for it.
      other.frame.remove();
      const doc = win.document;
      const scalerRequests = () =>
        win.performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name).pathname)
          .filter((path) => path.endsWith('/text-scaler.js'));
      const p = doc.querySelector('#article p')!;
      const before = parseFloat(win.getComputedStyle(p).fontSize);
      // At 100% a reader downloads nothing for text size but the control itself.
      expect(scalerRequests()).to.deep.equal([]);
      const control = doc.querySelector('font-size-control')!;
      control.shadowRoot!.querySelector<HTMLElement>('[part~="increase"]')!.click();
      await control.updateComplete;
      // The classic bundle's import resolves beside the script, as the module's does.
      expect(scalerRequests()).to.deep.equal(['/__test__/cdn/text-scaler.js']);
      expect(parseFloat(win.getComputedStyle(p).fontSize)).to.be.closeTo(before * 1.1, 0.5);
      control.shadowRoot!.querySelector<HTMLElement>('[part~="increase"]')!.click();
      await control.updateComplete;
      expect(parseFloat(win.getComputedStyle(p).fontSize)).to.be.closeTo(before * 1.2, 0.5);
      expect(scalerRequests()).to.have.length(1);
    });
  }

  it('works as in the demo: text size, contrast, a keyboard vote, the counter and the links', async () => {
    const doc = legacy.win.document;
    const win = legacy.win;
    const p = doc.querySelector('#article p')!;
    expect(parseFloat(win.getComputedStyle(p).fontSize)).to.equal(13);
    const part = (tag: string, name: string) =>
      doc.querySelector(tag)!.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
    part('font-size-control', 'increase').click();
    part('font-size-control', 'increase').click();
    await doc.querySelector('font-size-control')!.updateComplete;
    // The page's own `#column * { font-size: 13px !important }` is scaled too.
    expect(parseFloat(win.getComputedStyle(p).fontSize)).to.be.closeTo(15.6, 0.5);
    part('contrast-toggle', 'increase').click();
    await doc.querySelector('contrast-toggle')!.updateComplete;
    expect(doc.documentElement.getAttribute('data-contrast')).to.equal('more');

    // Keyboard: focus the rating's stars, move to 4 and commit with Enter; the page's jQuery key handler stays out.
    part('star-rating', 'star').focus();
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Enter' });
    for (let i = 0; i < 50 && !shadowText(doc, 'star-rating').includes('14 trong 3'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(shadowText(doc, 'star-rating')).to.include('Tổng số điểm của bài viết là: 14 trong 3 đánh giá');
    const votes = (await apiLog()).filter((r) => r.method === 'PUT');
    expect(votes.map((r) => JSON.parse(r.body))).to.deep.equal([{ score: 4 }]);

    expect(shadowText(doc, 'visit-stats')).to.include('61.542');
    const links = Array.from(doc.querySelector('related-posts')!.shadowRoot!.querySelectorAll('a'));
    expect(links.map((a) => new URL(a.href).pathname)).to.deep.equal([
      '/tin-tuc/le-ket-nap-dang-vien-chi-bo-quan-su.html',
      '/tin-tuc/hoi-nghi-so-ket-cong-tac-xay-dung-dang.html',
    ]);
    expect(win.pageErrors).to.deep.equal([]);
  });
});

describe('the text scaler’s own file', () => {
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((frame) => frame.remove());
    localStorage.clear();
  });

  /** A page with one control and a 16px paragraph, loading `script` (and anything put in its head), that records warnings. */
  async function scalerPage(script: string, head = '') {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!DOCTYPE html><html lang="vi"><head><script>
      window.warned = []; window.rejections = [];
      console.warn = (...args) => warned.push(args.map(String).join(' '));
      addEventListener('unhandledrejection', (event) => rejections.push(String(event.reason)));
    </script>${head}</head><body><font-size-control target="article"></font-size-control>
    <article><p style="font-size:16px">Nội dung bài viết</p></article>
    <script type="module" src="${script}"></script></body></html>`;
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
    const win = frame.contentWindow as Win;
    await win.customElements.whenDefined('font-size-control');
    const control = win.document.querySelector('font-size-control')!;
    const increase = async () => {
      control.shadowRoot!.querySelector<HTMLElement>('[part~="increase"]')!.click();
      await control.updateComplete;
    };
    const size = () => win.getComputedStyle(win.document.querySelector('p')!).fontSize;
    return { win, control, increase, size };
  }
  const failedWarning = (win: Win) =>
    win.warned.some((line: string) => line.includes('text scaler could not be loaded'));

  it('cannot be downloaded: the buttons keep working, the text stays as it was, the console says why', async () => {
    localStorage.clear();
    const { win, control, increase, size } = await scalerPage('/__test__/cdn-without-scaler/font-size-control.js');
    await increase();
    await increase();
    expect(control.shadowRoot!.querySelector('[part="level"]')!.textContent).to.equal('120%');
    expect(size()).to.equal('16px');
    expect(failedWarning(win)).to.equal(true);
    expect(win.rejections).to.deep.equal([]);
  });

  it('is pinned by a modulepreload link with its integrity: the right hash scales, a wrong one is refused', async () => {
    const bytes = await (await fetch('/__test__/cdn-copy/text-scaler.js')).arrayBuffer();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
    const right = `sha384-${btoa(String.fromCharCode(...digest))}`;
    const wrong = `sha384-${btoa(String.fromCharCode(...digest.map((byte) => byte ^ 1)))}`;
    // From a copy of the folder: Chromium keeps a refused file in its memory cache, and the other pages need it.
    for (const [integrity, expected] of [
      [right, '17.6px'],
      [wrong, '16px'],
    ]) {
      localStorage.clear();
      const link = `<link rel="modulepreload" href="/__test__/cdn-copy/text-scaler.js" integrity="${integrity}">`;
      const { win, increase, size } = await scalerPage('/__test__/cdn-copy/font-size-control.js', link);
      await increase();
      expect(size(), integrity).to.equal(expected);
      expect(failedWarning(win), integrity).to.equal(expected === '16px');
      document.querySelectorAll('iframe').forEach((frame) => frame.remove());
    }
  });
});

describe('the demo page from the built files under a strict CSP with Trusted Types', () => {
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((frame) => frame.remove());
    localStorage.clear();
  });

  it('shows all five widgets with their data, works, and no securitypolicyviolation fires', async () => {
    await resetApi();
    const { win } = await loadFrame('/__test__/pages/csp-cdn-portal.html');
    const doc = win.document;
    await dataShown(doc);
    const part = (tag: string, name: string) =>
      doc.querySelector(tag)!.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
    part('font-size-control', 'increase').click();
    part('contrast-toggle', 'increase').click();
    part('star-rating', 'star').click();
    await doc.querySelector('font-size-control')!.updateComplete;
    for (let i = 0; i < 50 && !shadowText(doc, 'star-rating').includes('11 trong 3'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(shadowText(doc, 'star-rating')).to.include('11 trong 3');
    const p = doc.querySelector('.news-detail > p:not(.date):not(.sapo)')!;
    expect(parseFloat(win.getComputedStyle(p).fontSize), String(win.pageWarnings)).to.be.closeTo(14.3, 0.5);
    expect(doc.documentElement.getAttribute('data-contrast')).to.equal('more');
    // The counter counted this page view with its beacon (which the browser may send a little later).
    const counted = async () => (await apiLog()).some((r) => r.method === 'POST' && r.path.endsWith('/stats/hits'));
    for (let i = 0; i < 100 && !(await counted()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await counted(), JSON.stringify(await apiLog())).to.equal(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(win.pageErrors).to.deep.equal([]);
    // The policy is really in force.
    await expectInlineStyleRefused(win);
  });
});

const CYCLES = 1000;

describe('created, moved, removed and re-added 1,000 times', () => {
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((frame) => frame.remove());
    localStorage.clear();
  });

  /** One set of the five widgets, as a CMS script would create them. */
  function createSet(doc: Document): HTMLElement[] {
    const make = (tag: string, attributes: Record<string, string>) => {
      const el = doc.createElement(tag);
      for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
      (doc.defaultView as Win).watch(el);
      return el;
    };
    return [
      make('font-size-control', { target: '#article' }),
      make('contrast-toggle', {}),
      make('star-rating', { src: '/api/v1/ratings/cycle-item' }),
      make('related-posts', { src: '/api/v1/related/cycle-item' }),
      make('visit-stats', { src: '/api/v1/stats', refresh: '1' }),
    ];
  }

  /**
   * The lowest JS heap in use over three readings a second apart, each after full collections (Chromium started with
   * --expose-gc); undefined elsewhere. The browser frees removed nodes and aborted requests over several collections
   * and seconds, at times it chooses.
   */
  async function quietHeap(win: Win): Promise<number | undefined> {
    const memory = (win.performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    if (typeof win.gc !== 'function' || !memory) return undefined;
    let lowest = Infinity;
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      for (let j = 0; j < 3; j++) win.gc();
      lowest = Math.min(lowest, memory.usedJSHeapSize);
    }
    return lowest;
  }

  /** Resolves in a new task (a message), without the 4 ms clamp of nested timers. */
  function nextTask(): Promise<void> {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }

  async function cycle(doc: Document, a: Element, b: Element): Promise<void> {
    const set = createSet(doc);
    a.append(...set);
    await Promise.all(set.map((el) => (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete));
    b.append(...set); // moved: disconnected and connected again
    await Promise.resolve();
    for (const el of set) el.remove();
    a.append(...set); // re-added
    await Promise.all(set.map((el) => (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete));
    // A task boundary, as between a CMS script's steps: without it the whole loop is one task of microtasks, and the
    // browser could neither answer requests nor release what that task keeps alive.
    await nextTask();
    for (const el of set) el.remove();
  }

  it('leaves no timer, listener, observer, request or widget behind', async function () {
    this.timeout(240_000); // 1,000 cycles of five widgets, each loading its data
    await resetApi();
    const { win } = await loadFrame('/__test__/hosts/lifecycle.html');
    const doc = win.document;
    await dataShown(doc);
    for (const tag of TAGS) doc.querySelector(tag)!.remove();
    const a = doc.getElementById('column')!;
    const b = doc.createElement('div');
    doc.body.append(b);
    // Warm up: the first widgets create the page-wide things every later one shares (one observer, one sheet).
    for (let i = 0; i < 20; i++) await cycle(doc, a, b);
    await new Promise((r) => setTimeout(r, 300));
    const baseline = win.held();
    const heapBefore = await quietHeap(win);

    const started = performance.now();
    for (let i = 0; i < CYCLES; i++) await cycle(doc, a, b);
    console.log(`1,000 cycles of five widgets: ${Math.round(performance.now() - started)} ms`);
    // Let what the last cycles started finish (a busy browser runs late); what is left after that is left behind.
    const settled = () =>
      JSON.stringify({ ...win.held(), requests: 0 }) === JSON.stringify({ ...baseline, requests: 0 });
    for (let i = 0; i < 60 && !settled(); i++) await new Promise((r) => setTimeout(r, 50));
    const after = win.held();
    expect(after.requests - baseline.requests, 'the widgets did ask for their data').to.be.greaterThan(CYCLES);
    expect({ ...after, requests: 0 }, JSON.stringify(win.pendingTimers())).to.deep.equal({ ...baseline, requests: 0 });
    expect(after.inflight).to.equal(0);
    // Nothing runs on for the removed widgets: no request starts once they are gone.
    const requestsNow = after.requests;
    await new Promise((r) => setTimeout(r, 1500)); // longer than visit-stats' 1 s refresh
    expect(win.held().requests).to.equal(requestsNow);

    // Every removed widget can be collected. (A direct proof; the heap total also moves with what the browser frees
    // on its own schedule, so it is reported, not judged.)
    // Aborted requests let go of their widget a few seconds after the abort, and the browser may hold the odd node
    // a while longer (its accessibility tree, for one): 6 of the last cycles' widgets once, on a busy machine. A leak
    // holds one widget per cycle: hundreds, not a handful.
    if (typeof win.gc === 'function') {
      const count = () => win.aliveIndexes().length as number;
      for (let i = 0; i < 15 && count() > 0; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        for (let j = 0; j < 3; j++) win.gc();
      }
      expect(count(), `widgets still alive out of 5,100 created: ${win.aliveIndexes()}`).to.be.at.most(10);
    }
    if (heapBefore === undefined) return; // the browser cannot measure its heap (Firefox)
    const heapAfter = (await quietHeap(win))!;
    console.log(
      `heap after 20 warm-up cycles ${heapBefore} B, after 1,000 more ${heapAfter} B (${((heapAfter / heapBefore - 1) * 100).toFixed(1)}%)`,
    );
  });
});

describe('the opt-in page stylesheet (portal-widgets.css) on a slow network', () => {
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((frame) => frame.remove());
    localStorage.clear();
  });

  // A returning reader's text level, as the head script sets it before the first paint (the widgets sit outside the
  // scaled article, so they grow with it): the space held before the script arrives grows with it too.
  for (const scale of ['', '1.4']) {
    it(`reserves every widget’s space before the script arrives: nothing on the page moves when they appear${scale ? `, at a stored level of ${scale}` : ''}`, async function () {
      this.timeout(60_000); // It follows the 1,000 cycles above: a browser busy collecting can take a while to load a bundle.
      await resetApi();
      const { win } = await loadFrame('/__test__/hosts/reserved.html');
      const doc = win.document;
      if (scale) doc.documentElement.style.setProperty('--portal-chrome-scale', scale);
      // The CMS's own related list (the stand-in service's two articles) inside the element, as the guides show.
      doc.querySelector('related-posts')!.insertAdjacentHTML(
        'afterbegin',
        `<ul>
        <li><a href="/tin-tuc/le-ket-nap-dang-vien-chi-bo-quan-su.html">Lễ kết nạp đảng viên mới tại Chi bộ Quân sự phường</a> <time datetime="2024-07-10">10/07/2024</time></li>
        <li><a href="/tin-tuc/hoi-nghi-so-ket-cong-tac-xay-dung-dang.html">Hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm</a> <time datetime="2024-07-02">02/07/2024</time></li>
      </ul>`,
      );
      doc.querySelector('#column')!.insertAdjacentHTML('beforeend', '<p id="after">Chân trang</p>');
      // Where everything stands: the line of controls, each block widget, the article, and what follows them all.
      const boxes = () =>
        ['#tools', '#article', 'star-rating', 'related-posts', 'visit-stats', '#after'].map((selector) => {
          const box = doc.querySelector(selector)!.getBoundingClientRect();
          return { selector, top: box.top, height: box.height };
        });
      expect(customElements.get.call(win.customElements, 'star-rating')).to.equal(undefined);
      const before = boxes();
      expect(before.find((b) => b.selector === 'star-rating')!.height).to.be.greaterThan(30);

      await addModuleBundle(win);
      await new Promise((r) => win.requestAnimationFrame(() => setTimeout(r)));

      // Sub-pixel tolerance: table rows snap to the layout grid (5 rows of 28.3 px lay out as 141.4 px).
      for (const [i, box] of boxes().entries()) {
        expect(box.top, `${box.selector} top`).to.be.closeTo(before[i].top, 0.25);
        expect(box.height, `${box.selector} height`).to.be.closeTo(before[i].height, 0.25);
      }
    });
  }

  /** Loads five right-aligned toolbars, then the bundle, and says that nothing in them moved or changed size. */
  async function expectToolbarsStill(narrow = true): Promise<Document> {
    await resetApi();
    const { win } = await loadFrame('/__test__/hosts/reserved.html');
    const doc = win.document;
    // Toolbars as portals set them: right-aligned, in a narrow (Arial's measure) and a wide (Verdana's) sans, a serif,
    // small and large text, tall lines, English labels, a reader's text level of 150% outside the article, and a page
    // that inherits uppercase and letter spacing. Each row ends with its own text, which moves with any change.
    const rows: [font: string, lang: string, extra: string][] = [
      ["12px/1.4 'Liberation Sans'", 'vi', ''],
      ["13px/1.4 'DejaVu Sans'", 'en', ''],
      ["20px/2 'DejaVu Serif'", 'vi', ''],
      ["16px/1.5 'Liberation Serif'", 'en', '--portal-chrome-scale: 1.5'],
      ["14px/1.4 'DejaVu Sans'", 'vi', 'text-transform: uppercase; letter-spacing: 0.1em'],
      // A sidebar too narrow for both contrast buttons on one line (A- A A+ still fit theirs).
      ...(narrow ? ([["16px/1.5 'DejaVu Sans'", 'vi', 'width: 13em']] as const) : []),
    ];
    doc
      .querySelector('#tools')!
      .insertAdjacentHTML(
        'afterend',
        rows
          .map(
            ([font, lang, extra], i) =>
              `<div class="row" lang="${lang}" style="text-align: right; font: ${font}; ${extra}">` +
              `<span id="lead-${i}">Cỡ chữ</span> <font-size-control></font-size-control> | ` +
              `<contrast-toggle></contrast-toggle></div>`,
          )
          .join(''),
      );
    const boxes = () =>
      [...doc.querySelectorAll('.row')].flatMap((row) =>
        [...row.querySelectorAll('span[id], font-size-control, contrast-toggle')].map((el) => {
          const { left, top, width, height } = el.getBoundingClientRect();
          return { el: `${row.getAttribute('style')} ${el.localName}`, left, top, width, height };
        }),
      );
    const before = boxes();
    await addModuleBundle(win);
    await new Promise((r) => win.requestAnimationFrame(() => setTimeout(r)));
    const after = boxes();
    for (const [i, box] of after.entries()) {
      for (const side of ['left', 'top', 'width', 'height'] as const)
        expect(box[side], `${box.el} ${side}`).to.be.closeTo(before[i][side], 0.25);
    }
    // The labels drawn unseen were the ones the buttons show.
    const en = doc.querySelector('.row[lang="en"] contrast-toggle')!.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(en).to.include('Increase contrast').and.include('Decrease contrast');
    return doc;
  }

  it('reserves the controls’ exact row: a right-aligned toolbar does not move sideways either, in any font or language', async () => {
    const doc = await expectToolbarsStill();
    expect(doc.querySelector('contrast-toggle')!.shadowRoot!.querySelector('[part~="note"]')).to.equal(null);
  });

  it('reserves the contrast toggle’s note under forced colours too', async function () {
    if (!(await emulateMediaFeatures([{ name: 'forced-colors', value: 'active' }]))) this.skip();
    try {
      // Not in the narrow sidebar: there the note wraps under buttons that wrapped, which the stylesheet cannot know.
      const doc = await expectToolbarsStill(false);
      for (const toggle of doc.querySelectorAll('contrast-toggle'))
        expect(toggle.shadowRoot!.querySelector('[part~="note"]')!.getBoundingClientRect().height).to.be.above(8);
    } finally {
      await emulateMediaFeatures([{ name: 'forced-colors', value: '' }]);
    }
  });

  it('holds a rating’s sentence over two or three lines of a narrow column, and a related list’s loading rows, before they are defined', async () => {
    await resetApi();
    const { win } = await loadFrame('/__test__/hosts/reserved.html');
    const doc = win.document;
    // The data never arrives: what is compared is the element as defined, loading (the rating shows the CMS's numbers).
    win.fetch = () => new Promise<Response>(() => {});
    // Columns as sidebars and phones have them. The ratings' input line fits each column; their sentence does not.
    const ratings: [width: number, font: string, lang: string, attributes: string][] = [
      [330, "13px/1.4 'Liberation Sans'", 'vi', 'value="5" count="2"'],
      [420, "14px/1.5 'DejaVu Sans'", 'vi', 'value="4.3" count="1234"'],
      [330, "13px/1.4 'Liberation Sans'", 'en', 'value="4.5" count="16"'],
      [200, "13px/1.4 'Liberation Serif'", 'vi', 'value="4" count="3" readonly'],
      [330, "13px/1.4 'Liberation Sans'", 'vi', 'value="4" count="3" hide-average-until-voted'],
      // A language without built-in strings: the element speaks English, and so does the space held for it.
      [390, "13px/1.4 'Liberation Sans'", 'fr', 'value="5" count="2"'],
      // Ten stars; tall lines (the prompt's line is taller than the stars); values the rating refuses; hidden.
      [600, "16px/1.4 'Liberation Sans'", 'vi', 'value="8.5" count="16" max="10"'],
      [700, "16px/1.75 'DejaVu Sans'", 'vi', 'value="4" count="3"'],
      [330, "13px/1.4 'Liberation Sans'", 'vi', 'value="4,5" count="3"'],
      [330, "13px/1.4 'Liberation Sans'", 'vi', 'value="4" count="3" hidden'],
    ];
    const lists: [width: number, attributes: string][] = [
      [320, ''],
      [200, 'limit="3"'],
      [320, 'limit="2" thumbnails excerpts'],
      [200, 'limit="2" thumbnails style="--portal-related-title-lines: 2"'],
      // A page's own heading, long enough to wrap; and lists that show nothing (hidden, or no address to load).
      [240, 'limit="1" heading="Các bài viết khác cùng chuyên mục trong tháng này"'],
      [320, 'hidden'],
    ];
    const column = (width: number, font: string, lang: string, element: string) =>
      `<div class="narrow" lang="${lang}" style="width: ${width}px; font: ${font}">${element}<p>Bên dưới</p></div>`;
    doc
      .querySelector('#tools')!
      .insertAdjacentHTML(
        'beforebegin',
        ratings
          .map(([width, font, lang, attributes]) =>
            column(width, font, lang, `<star-rating ${attributes}></star-rating>`),
          )
          .join('') +
          lists
            .map(([width, attributes], i) =>
              column(
                width,
                "13px/1.4 'Liberation Sans'",
                'vi',
                `<related-posts src="/api/v1/related/held-${i}" ${attributes}></related-posts>`,
              ),
            )
            .join(''),
      );
    const boxes = () =>
      [...doc.querySelectorAll('.narrow > :first-child, .narrow > p')].map((el) => {
        const { top, height } = el.getBoundingClientRect();
        return {
          el: `${el.parentElement!.getAttribute('style')} ${el.localName} ${[...el.attributes].map((a) => a.name).join(' ')}`,
          top,
          height,
        };
      });
    const before = boxes();
    const script = doc.createElement('script');
    script.type = 'module';
    script.src = '/__test__/cdn/portal-widgets.js';
    doc.head.append(script);
    await Promise.all(TAGS.map((tag) => win.customElements.whenDefined(tag)));
    await new Promise((r) => win.requestAnimationFrame(() => setTimeout(r)));

    for (const [i, box] of boxes().entries()) {
      expect(box.top, `${box.el} top`).to.be.closeTo(before[i].top, 0.5);
      expect(box.height, `${box.el} height`).to.be.closeTo(before[i].height, 0.5);
    }
    // What was held: sentences of two lines and more, and the lists' loading rows.
    const summaries = [...doc.querySelectorAll('.narrow star-rating')].map(
      (el) => el.shadowRoot!.querySelector('[part~="summary"]')?.getBoundingClientRect().height ?? 0,
    );
    expect(summaries.filter((height) => height > 30).length, summaries.join(', ')).to.be.at.least(3);
    expect(
      [...doc.querySelectorAll('.narrow related-posts')].map((el) => el.shadowRoot!.querySelectorAll('.row').length),
    ).to.deep.equal([5, 3, 2, 2, 1, 5]);
    expect(doc.querySelector('.narrow[lang="fr"] star-rating')!.shadowRoot!.textContent).to.include('Total score');
  });

  it('prepares each element as the page set it: its own attributes and properties, its language, and nothing else', async () => {
    await resetApi();
    const { win } = await loadFrame('/__test__/hosts/reserved.html');
    const doc = win.document;
    const related = doc.querySelector('related-posts')!;
    // A host page's attributes that are not the element's, a property set before the definition, a named time zone
    // (dates then go through Intl), and a CMS list with dated items.
    related.setAttribute('time-zone', 'Asia/Ho_Chi_Minh');
    related.setAttribute('data-cms', 'x');
    related.setAttribute('style', 'margin: 0');
    (related as HTMLElement & { limit?: number }).limit = 3;
    related.innerHTML =
      '<ul><li><a href="/a.html">Một</a> <time datetime="2023-07-31T09:00:00Z">31/07/2023</time></li></ul>';
    const copied: string[] = [];
    const setAttribute = win.Element.prototype.setAttribute;
    win.Element.prototype.setAttribute = function (this: Element, name: string, value: string) {
      if (this.localName.endsWith('--prep')) copied.push(`${this.localName} ${name}`);
      return setAttribute.call(this, name, value);
    };
    const locales: string[] = [];
    const DateTimeFormat = win.Intl.DateTimeFormat;
    win.Intl.DateTimeFormat = function (locale?: string | string[], options?: Intl.DateTimeFormatOptions) {
      locales.push(String(locale));
      return new DateTimeFormat(locale, options);
    } as unknown as typeof Intl.DateTimeFormat;
    await addModuleBundle(win);
    win.Element.prototype.setAttribute = setAttribute;
    win.Intl.DateTimeFormat = DateTimeFormat;

    expect(copied).to.include('related-posts--prep time-zone');
    expect(copied).to.include('related-posts--prep lang');
    expect(copied.filter((entry) => / (style|data-cms)$/.test(entry))).to.deep.equal([]);
    // The page is in Vietnamese: no formatter was made for another language.
    expect(locales.length).to.be.above(0);
    expect(locales.filter((locale) => locale !== 'vi')).to.deep.equal([]);
    expect(related.shadowRoot!.querySelectorAll('li').length).to.be.within(1, 3);
  });

  for (const bundle of ['portal-widgets.js', 'portal-widgets.iife.js']) {
    it(`${bundle} defines one element per task, each rendered before the next, and nothing moves in between`, async () => {
      await resetApi();
      const { win } = await loadFrame('/__test__/hosts/reserved.html');
      const doc = win.document;
      const registry = win.customElements;
      const tops = () =>
        ['#tools', '#article', 'star-rating', 'related-posts', 'visit-stats'].map(
          (s) => doc.querySelector(s)!.getBoundingClientRect().top,
        );
      const start = tops();
      // At each definition: which elements were defined before it, whether each of those has rendered, and where the
      // page's blocks stand.
      const seen: { tag: string; earlierRendered: boolean[]; moved: boolean }[] = [];
      // Lit parses a template into a <template> element: counted from each definition to its first render's end.
      let templatesMade = 0;
      const parsedAtDefinition = new Map<string, number>();
      const createElement = doc.createElement.bind(doc);
      doc.createElement = ((name: string, options?: ElementCreationOptions) => {
        if (name === 'template') templatesMade++;
        return createElement(name, options);
      }) as typeof doc.createElement;
      const defined: string[] = [];
      const define = registry.define.bind(registry);
      registry.define = (tag: string, element: CustomElementConstructor, options?: ElementDefinitionOptions) => {
        defined.push(tag);
        if (!TAGS.includes(tag)) return define(tag, element, options);
        const earlier = TAGS.filter((t) => registry.get(t));
        seen.push({
          tag,
          earlierRendered: earlier.map((t) => (doc.querySelector(t)!.shadowRoot?.childElementCount ?? 0) > 0),
          moved: tops().some((top, i) => Math.abs(top - start[i]) > 0.25),
        });
        const before = templatesMade;
        define(tag, element, options);
        // Still the definition's task: a first render ends in its microtasks.
        void Promise.all(
          [...doc.querySelectorAll<HTMLElement & { updateComplete: Promise<unknown> }>(tag)].map(
            (el) => el.updateComplete,
          ),
        ).then(() => parsedAtDefinition.set(tag, templatesMade - before));
      };
      const script = doc.createElement('script');
      if (!bundle.includes('iife')) script.type = 'module';
      script.src = `/__test__/cdn/${bundle}`;
      const loaded = new Promise((resolve) => script.addEventListener('load', resolve));
      doc.head.append(script);
      await loaded;
      // The script has run, and its definitions wait for tasks of their own.
      expect(seen.map((s) => s.tag)).to.have.length.below(TAGS.length);
      await Promise.all(TAGS.map((tag) => registry.whenDefined(tag)));
      expect(seen.map((s) => s.tag).sort()).to.deep.equal([...TAGS].sort());
      for (const { tag, earlierRendered, moved } of seen) {
        expect(earlierRendered.every(Boolean), `an element defined before ${tag} had not rendered`).to.equal(true);
        expect(moved, `the page moved before ${tag} was defined`).to.equal(false);
      }
      await dataShown(doc);
      // Each element's templates were prepared in tasks before its own, through an instance of a subclass defined under
      // `<tag>--prep` that never joins the page: the definition's task parses none.
      for (const tag of TAGS) {
        expect(defined.indexOf(`${tag}--prep`), `${tag}--prep`).to.be.within(0, defined.indexOf(tag) - 1);
        expect(parsedAtDefinition.get(tag), `templates parsed while ${tag} was defined`).to.equal(0);
      }
      for (const tag of TAGS) expect(doc.querySelector(`${tag}--prep`), `${tag}--prep in the page`).to.equal(null);
    });
  }

  /**
   * Makes a loaded frame look as if its first paint were not yet on screen: no paint entries, and a stand-in for the
   * browser's performance observer that the test calls when it likes. Returns the observers made.
   */
  function paintPending(win: Win) {
    const observers: { callback: () => void; observed: unknown[]; disconnected: boolean }[] = [];
    win.PerformanceObserver = class {
      static supportedEntryTypes = ['mark', 'measure', 'paint'];
      observed: unknown[] = [];
      disconnected = false;
      constructor(public callback: () => void) {
        observers.push(this);
      }
      observe(options: unknown) {
        this.observed.push(options);
      }
      disconnect() {
        this.disconnected = true;
      }
    };
    const byType = win.performance.getEntriesByType.bind(win.performance);
    win.performance.getEntriesByType = (type: string) => (type === 'paint' ? [] : byType(type));
    return observers;
  }
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** A host page whose first paint is not on screen yet, given the module file: a quarter second on, nothing defined. */
  async function moduleWaitingForPaint() {
    await resetApi();
    const { win } = await loadFrame('/__test__/hosts/reserved.html');
    const observers = paintPending(win);
    await addModule(win);
    await pause(250);
    expect(TAGS.filter((tag) => win.customElements.get(tag))).to.deep.equal([]);
    return { win, observers };
  }

  it('defines nothing until the page’s first paint is on screen, then all five', async () => {
    const { win, observers } = await moduleWaitingForPaint();
    expect(observers.map((o) => o.observed)).to.deep.equal([[{ type: 'paint' }]]);
    observers[0].callback();
    await Promise.all(TAGS.map((tag) => win.customElements.whenDefined(tag)));
    await dataShown(win.document);
    expect(observers[0].disconnected).to.equal(true);
  });

  it('defines all five after half a second when no paint is reported, and at once on a hidden or painted page', async () => {
    const { win, observers } = await moduleWaitingForPaint();
    await Promise.all(TAGS.map((tag) => win.customElements.whenDefined(tag)));
    expect(observers[0].disconnected).to.equal(true);
    await dataShown(win.document);

    // A page loaded in a background tab paints nothing until shown: the widgets do not wait for it.
    const hidden = (await loadFrame('/__test__/hosts/reserved.html')).win;
    const waits = paintPending(hidden);
    Object.defineProperty(hidden.document, 'hidden', { value: true });
    await addModule(hidden);
    await Promise.all(TAGS.map((tag) => hidden.customElements.whenDefined(tag)));
    expect(waits).to.deep.equal([]);

    // A page whose first paint is already on screen (as when the script comes late): no observer either. A frame out
    // of view is not painted, so this one is the only one, in view.
    document.querySelectorAll('iframe').forEach((frame) => frame.remove());
    const { frame, win: painted } = await loadFrame('/__test__/hosts/reserved.html');
    frame.scrollIntoView();
    for (let i = 0; i < 100 && !painted.performance.getEntriesByType('paint').length; i++) await pause(20);
    expect(painted.performance.getEntriesByType('paint').length).to.be.above(0);
    let made = 0;
    const Observer = painted.PerformanceObserver;
    painted.PerformanceObserver = class extends Observer {
      constructor(callback: PerformanceObserverCallback) {
        super(callback);
        made++;
      }
    };
    await addModule(painted);
    await Promise.all(TAGS.map((tag) => painted.customElements.whenDefined(tag)));
    expect(made).to.equal(0);
  });
});
