// The two controls on a replica of a real legacy portal page (fixed 1000px layout, px fonts, 13px body text),
// and the head script that applies a stored choice before the first paint.
import { expect } from '@open-wc/testing';
import { backgroundOf, contrastRatio, emulateMediaFeatures, expectInlineStyleRefused, loadFrame } from './helpers.js';
import { CONTRAST_CSS } from '../src/contrast-toggle/contrast.js';

const KEYS = ['portal-widgets:text-size', 'portal-widgets:contrast'];

function clearStored() {
  for (const key of KEYS) localStorage.removeItem(key);
}

function button(doc: Document, tag: string, name: string): HTMLButtonElement {
  return doc.querySelector(tag)!.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="${name}"]`)!;
}

/** Every element that directly holds visible text, in the light DOM and in the widgets' shadow roots. */
function textElements(doc: Document): Element[] {
  const found: Element[] = [];
  const visit = (root: Document | ShadowRoot) => {
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node instanceof Element && node.shadowRoot) visit(node.shadowRoot);
      if (node.nodeType !== Node.TEXT_NODE || !node.nodeValue?.trim()) continue;
      const parent = node.parentElement!;
      if (/^(SCRIPT|STYLE|TITLE|OPTION)$/.test(parent.tagName) || parent.closest('head')) continue;
      const box = parent.getBoundingClientRect();
      if (box.width > 1 && box.height > 1) found.push(parent);
    }
  };
  visit(doc);
  return found;
}

function boxes(doc: Document): string[] {
  return Array.from(doc.body.querySelectorAll('*')).map((el) => {
    const r = el.getBoundingClientRect();
    return `${el.tagName}.${el.className}:${r.x},${r.y},${r.width},${r.height}`;
  });
}

describe('on the legacy portal page', () => {
  beforeEach(clearStored);
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((frame) => frame.remove());
    clearStored();
  });

  it('A+ scales the article text from 13px to 150% in five presses, and A restores it', async () => {
    const { win } = await loadFrame('/__test__/pages/portal.html');
    const doc = win.document;
    const p = doc.querySelector('.news-detail > p:not(.date):not(.sapo)')!;
    const menu = doc.querySelector('#menu li a')!;
    const size = (el: Element) => parseFloat(win.getComputedStyle(el).fontSize);
    expect(size(p)).to.equal(13);
    for (let i = 0; i < 5; i++) button(doc, 'font-size-control', 'increase').click();
    await doc.querySelector('font-size-control')!.updateComplete;
    expect(size(p)).to.be.closeTo(19.5, 0.5);
    expect(parseFloat(win.getComputedStyle(p).lineHeight)).to.be.closeTo(30, 0.5);
    expect(size(doc.querySelector('.news-detail .title')!)).to.be.closeTo(27, 0.5);
    // The target is the article: the menu outside it keeps its size.
    expect(size(menu)).to.equal(13);
    button(doc, 'font-size-control', 'reset').click();
    await doc.querySelector('font-size-control')!.updateComplete;
    expect(size(p)).to.equal(13);
  });

  it('"more" contrast gives every text at least 7:1, underlines links, keeps images, and moves nothing', async () => {
    const { win } = await loadFrame('/__test__/pages/portal.html');
    const doc = win.document;
    const before = boxes(doc);
    const images = Array.from(doc.images).map((img) => `${img.currentSrc}:${img.width}x${img.height}`);
    button(doc, 'contrast-toggle', 'increase').click();
    await doc.querySelector('contrast-toggle')!.updateComplete;
    expect(doc.documentElement.getAttribute('data-contrast')).to.equal('more');
    expect(boxes(doc)).to.deep.equal(before);
    expect(Array.from(doc.images).map((img) => `${img.currentSrc}:${img.width}x${img.height}`)).to.deep.equal(images);
    expect(win.getComputedStyle(doc.documentElement).filter).to.equal('none');
    const low: string[] = [];
    // Disabled buttons included: "more" is for readers who need it, and they read those too.
    for (const el of textElements(doc)) {
      const ratio = contrastRatio(win.getComputedStyle(el).color, backgroundOf(el));
      if (ratio < 7)
        low.push(`${el.tagName}.${el.className} "${el.textContent?.trim().slice(0, 20)}" ${ratio.toFixed(2)}`);
    }
    expect(low).to.deep.equal([]);
    // Every link the page shows (a CMS list inside a defined <related-posts> is its fallback, never rendered).
    for (const link of Array.from(doc.querySelectorAll('a[href]')).filter((a) => a.getClientRects().length)) {
      expect(win.getComputedStyle(link).textDecorationLine, link.textContent!).to.include('underline');
    }
    // The page's structure, drawn by colours a moment ago, is drawn by outlines now: the current menu item, the header
    // and footer bands and the emblem stay distinguishable, in the text colour, taking no space.
    for (const selector of ['#menu li.active', '#header', '#footer', '#header .quoc-huy']) {
      const style = win.getComputedStyle(doc.querySelector(selector)!);
      expect(style.outlineStyle, selector).to.equal('solid');
      expect(parseFloat(style.outlineWidth), selector).to.be.at.least(2);
      expect(contrastRatio(style.outlineColor, 'rgb(255, 255, 255)'), selector).to.be.at.least(7);
    }
    // The other menu items are not outlined: the current one stands out.
    expect(win.getComputedStyle(doc.querySelector('#menu li:not(.active)')!).outlineStyle).to.equal('none');
    const link = doc.querySelector<HTMLAnchorElement>('#menu a')!;
    link.focus({ focusVisible: true } as FocusOptions);
    const outline = win.getComputedStyle(link);
    if (link.matches(':focus-visible')) {
      expect(outline.outlineStyle).to.equal('solid');
      expect(parseFloat(outline.outlineWidth)).to.be.at.least(2);
    }
  });

  it('the head script applies a stored 150% before DOMContentLoaded, without the widgets loaded', async () => {
    const first = await loadFrame('/__test__/pages/portal.html');
    const doc = first.win.document;
    for (let i = 0; i < 5; i++) button(doc, 'font-size-control', 'increase').click();
    await doc.querySelector('font-size-control')!.updateComplete;
    const stored = JSON.parse(localStorage.getItem('portal-widgets:text-size')!);
    expect(stored.level).to.equal(150);
    expect(stored.target).to.equal('.news-detail, [data-portal-text-scale]');
    first.frame.remove();

    const { win } = await loadFrame('/__test__/pages/portal-head-only.html');
    expect(win.customElements.get('font-size-control')).to.equal(undefined);
    expect(win.measuredAtDcl.paragraph).to.be.closeTo(19.5, 0.5);
    expect(win.measuredAtDcl.paragraphLineHeight).to.be.closeTo(30, 0.5);
    expect(win.measuredAtDcl.title).to.be.closeTo(27, 0.5);
    expect(win.measuredAtDcl.caption).to.be.closeTo(18, 0.5);
    expect(win.measuredAtDcl.menu).to.equal(13);
  });

  it('the head script applies a stored contrast level before DOMContentLoaded', async () => {
    localStorage.setItem('portal-widgets:contrast', JSON.stringify({ level: 'more', sheet: true, css: CONTRAST_CSS }));
    const { win } = await loadFrame('/__test__/pages/portal-head-only.html');
    expect(win.measuredAtDcl.contrast).to.equal('more');
    expect(win.measuredAtDcl.color).to.equal('rgb(0, 0, 0)');
  });

  it('the head script follows a system wish for more contrast with the stylesheet a toggle stored, before DOMContentLoaded', async function () {
    localStorage.removeItem('portal-widgets:contrast');
    const first = await loadFrame('/__test__/pages/portal.html');
    first.frame.remove();
    // No choice was made: only the stylesheet is stored.
    expect(JSON.parse(localStorage.getItem('portal-widgets:contrast')!)).to.deep.equal({ css: CONTRAST_CSS });
    if (!(await emulateMediaFeatures([{ name: 'prefers-contrast', value: 'more' }]))) this.skip();
    try {
      const { win } = await loadFrame('/__test__/pages/portal-head-only.html');
      expect(win.measuredAtDcl.contrast).to.equal('more');
      expect(win.measuredAtDcl.color).to.equal('rgb(0, 0, 0)');
    } finally {
      await emulateMediaFeatures([{ name: 'prefers-contrast', value: '' }]);
      localStorage.removeItem('portal-widgets:contrast');
    }
  });

  it('the widgets take over from the head script without a jump', async () => {
    const first = await loadFrame('/__test__/pages/portal.html');
    for (let i = 0; i < 3; i++) button(first.win.document, 'font-size-control', 'increase').click();
    await first.win.document.querySelector('font-size-control')!.updateComplete;
    first.frame.remove();
    const { win } = await loadFrame('/__test__/pages/portal.html');
    const doc = win.document;
    const p = doc.querySelector('.news-detail > p:not(.date):not(.sapo)')!;
    expect(parseFloat(win.getComputedStyle(p).fontSize)).to.be.closeTo(16.9, 0.5);
    expect(doc.querySelector('font-size-control')!.value).to.equal(130);
    // One set of rules: the widget reuses the head script's sheet instead of stacking another copy.
    const rulesSheets = doc.adoptedStyleSheets.filter((sheet) => sheet.cssRules.length > 1);
    expect(rulesSheets.length).to.equal(1);
  });
});

describe('loaded more than once', () => {
  it('survives the classic bundle twice, the module bundle and the npm build on one page', async () => {
    const { win } = await loadFrame('/test/fixtures/double-load.html');
    const doc = win.document;
    expect(win.pageErrors).to.deep.equal([]);
    // Same version everywhere: no warning at all.
    expect(win.pageWarnings.filter((w: string) => w.includes('portal-widgets'))).to.deep.equal([]);
    // One definition per tag, and the classic bundle's API is reachable from classic scripts.
    expect(doc.querySelectorAll('font-size-control').length).to.equal(1);
    expect(win.customElements.get('font-size-control')).to.be.a('function');
    expect(win.PortalWidgets.registerLocale).to.be.a('function');
    const el = doc.querySelector('font-size-control')!;
    await el.updateComplete;
    button(doc, 'font-size-control', 'increase').click();
    await el.updateComplete;
    expect(parseFloat(win.getComputedStyle(doc.querySelector('#article p')!).fontSize)).to.be.closeTo(14.3, 0.5);
    button(doc, 'font-size-control', 'reset').click();
    await el.updateComplete;
    win.localStorage.removeItem('double-load-text');
  });
});

describe('under a strict CSP with Trusted Types', () => {
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((frame) => frame.remove());
    clearStored();
  });

  it('both controls work and no securitypolicyviolation fires', async () => {
    const { win } = await loadFrame('/__test__/pages/csp-portal.html');
    const doc = win.document;
    const p = doc.querySelector('.news-detail > p:not(.date):not(.sapo)')!;
    for (let i = 0; i < 2; i++) button(doc, 'font-size-control', 'increase').click();
    button(doc, 'contrast-toggle', 'increase').click();
    await doc.querySelector('font-size-control')!.updateComplete;
    await doc.querySelector('contrast-toggle')!.updateComplete;
    expect(parseFloat(win.getComputedStyle(p).fontSize)).to.be.closeTo(15.6, 0.5);
    expect(win.getComputedStyle(doc.querySelector('.breadcrumb')!).color).to.equal('rgb(0, 0, 0)');
    await new Promise((r) => setTimeout(r, 50));
    expect(win.pageErrors).to.deep.equal([]);
    // The policy is really in force.
    await expectInlineStyleRefused(win);
  });
});

describe('under a strict CSP with Trusted Types: related articles from an RSS feed', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('parses the feed through its own policy, shows the items, and no securitypolicyviolation fires', async () => {
    const { win } = await loadFrame('/__test__/pages/csp-portal.html');
    const doc = win.document;
    const related = doc.createElement('related-posts');
    related.setAttribute('src', '/test/fixtures/feed.xml');
    related.setAttribute('excerpts', '');
    const failures: string[] = [];
    related.addEventListener('related-error', (event) => failures.push((event as CustomEvent).detail.reason));
    doc.body.append(related);
    const links = () => Array.from(related.shadowRoot?.querySelectorAll('a') ?? []);
    for (let i = 0; i < 100 && !links().length && !failures.length; i++) await new Promise((r) => setTimeout(r, 30));
    expect(failures).to.deep.equal([]);
    expect(links().map((a) => a.textContent)).to.deep.equal([
      'Lễ kết nạp đảng viên mới tại Chi bộ Quân sự phường',
      'Hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm',
    ]);
    // The description's HTML, read as text only.
    expect(related.shadowRoot!.querySelector('[part~="excerpt"]')!.textContent).to.equal(
      'Chi bộ Quân sự kết nạp đảng viên mới.',
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(win.pageErrors).to.deep.equal([]);
    await expectInlineStyleRefused(win);
  });
});

describe('the opt-in page stylesheet', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((frame) => frame.remove()));

  it('reserves each widget’s space before it is defined, so the page does not move when it is', async () => {
    const before = await loadFrame('/__test__/pages/portal-undefined.html');
    const after = await loadFrame('/__test__/pages/portal.html');
    await new Promise((r) => setTimeout(r, 300));
    expect(before.win.customElements.get('star-rating')).to.equal(undefined);
    for (const tag of ['font-size-control', 'contrast-toggle', 'star-rating', 'visit-stats']) {
      const reserved = before.win.document.querySelector(tag)!.getBoundingClientRect().height;
      const rendered = after.win.document.querySelector(tag)!.getBoundingClientRect().height;
      expect(reserved, tag).to.be.closeTo(rendered, 3);
    }
    // And so the article below the tools row starts where it will stay.
    const top = (frame: { win: Window }) =>
      frame.win.document.querySelector('.news-detail')!.getBoundingClientRect().top;
    expect(top(before)).to.be.closeTo(top(after), 1);
  });
});

describe('properties set before the widgets are defined', () => {
  afterEach(() => {
    document.querySelectorAll('iframe').forEach((frame) => frame.remove());
    clearStored();
  });

  it('are all honoured once the script loads', async () => {
    const { win } = await loadFrame('/__test__/pages/portal-late.html');
    const doc = win.document;
    const text = (tag: string) => doc.querySelector(tag)!.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();
    await new Promise((r) => setTimeout(r, 200));
    expect(text('related-posts')).to.include('Đặt trước khi nâng cấp');
    expect(text('visit-stats')).to.include('Hôm nay 7');
    expect(text('star-rating')).to.include('Tổng số điểm của bài viết là: 36 trong 8 đánh giá');
    expect(doc.querySelector('font-size-control')!.max).to.equal(150);
    expect(doc.querySelector('contrast-toggle')!.levels).to.deep.equal(['less', 'normal', 'more']);
    const decrease = doc.querySelector('contrast-toggle')!.shadowRoot!.querySelector('[part~="decrease"]')!;
    expect(decrease.getAttribute('aria-disabled')).to.equal('false');
  });
});
