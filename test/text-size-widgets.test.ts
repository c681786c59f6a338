import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { FontSizeControl } from '../src/font-size-control/font-size-control.component.js';
import type { RelatedPosts } from '../src/related-posts/related-posts.component.js';
import { json, stubFetch } from './fake-server.js';
import { settle, uniqueKey } from './helpers.js';
import { SEED_STATS } from './seed-data.js';

// The widgets are reading aids: they follow the reader's text level wherever they stand, inside the scaled article
// (through the text they inherit, never twice) or in a sidebar beside it, and still fit a narrow sidebar at 200%.
const TAGS = ['font-size-control', 'contrast-toggle', 'star-rating', 'visit-stats', 'related-posts'];

/** The computed font size of every text in an element's shadow tree, in order. */
function shadowTextSizes(el: Element): number[] {
  const sizes: number[] = [];
  const walker = document.createTreeWalker(el.shadowRoot!, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent && walker.currentNode.nodeValue!.trim()) sizes.push(parseFloat(getComputedStyle(parent).fontSize));
  }
  return sizes;
}

/** Every box of an element's shadow tree (and the element) stays inside `container`, to half a pixel. */
function expectInside(el: Element, container: Element, where: string): void {
  const outer = container.getBoundingClientRect();
  const boxes = [el, ...Array.from(el.shadowRoot!.querySelectorAll('*'))];
  for (const box of boxes) {
    const rect = box.getBoundingClientRect();
    if (!rect.width || getComputedStyle(box).position === 'absolute') continue;
    expect(rect.left, `${where}: ${box.localName} left`).to.be.at.least(outer.left - 0.5);
    expect(rect.right, `${where}: ${box.localName} right`).to.be.at.most(outer.right + 0.5);
  }
}

describe('the widgets follow the reader’s text level', () => {
  let stub: ReturnType<typeof stubFetch> | undefined;
  afterEach(() => stub?.restore());

  it('scale their own text in a sidebar, once inside the article, and fit a 270 px sidebar at 200%', async () => {
    // Large numbers and the longest labels: what overflows a narrow sidebar first.
    const stats = { ...SEED_STATS, total: 123456789, thisYear: 9876543 };
    stub = stubFetch(() => json(stats));
    const wrapper = await fixture(html`<div lang="vi" style="font-size: 13px; font-family: sans-serif">
      <div class="widgets-article"><p>Nội dung bài viết</p><star-rating id="inside" value="4" count="2"></star-rating></div>
      <aside id="sidebar" style="width: 270px; border: 1px solid; box-sizing: border-box; padding: 4px">
        <font-size-control target=".widgets-article" storage-key=${uniqueKey()}></font-size-control>
        <contrast-toggle storage-key=${uniqueKey()}></contrast-toggle>
        <star-rating value="4.5" count="1234"></star-rating>
        <visit-stats src="http://localhost/api/v1/stats-widgets" fields="online today yesterday this-month last-month this-year total"></visit-stats>
        <related-posts heading="Bài viết liên quan" thumbnails></related-posts>
      </aside>
    </div>`);
    const sidebar = wrapper.querySelector('#sidebar')!;
    const related = wrapper.querySelector<RelatedPosts>('related-posts')!;
    related.items = [
      {
        title: 'Phường tổ chức lễ kết nạp đảng viên mới cho các quần chúng ưu tú',
        url: 'https://example.org/a',
        date: '2024-07-25',
      },
      { title: 'Hướng dẫn thủ tục đăng ký thường trú trực tuyến', url: 'https://example.org/b', date: '2024-07-20' },
    ];
    for (let i = 0; i < 3; i++) await settle();
    const inSidebar = TAGS.map((tag) => sidebar.querySelector(tag)!);
    const inside = wrapper.querySelector('#inside')!;
    const before = inSidebar.map(shadowTextSizes);
    const insideBefore = shadowTextSizes(inside);
    for (const sizes of before) expect(sizes.length).to.be.greaterThan(0);

    const control = sidebar.querySelector<FontSizeControl>('font-size-control')!;
    control.value = 200;
    await control.updateComplete;
    await settle();

    inSidebar.forEach((el, i) => {
      shadowTextSizes(el).forEach((size, j) =>
        expect(size, `${el.localName} text ${j}`).to.be.closeTo(before[i][j] * 2, 0.5),
      );
      expectInside(el, sidebar, `${el.localName} at 200%`);
    });
    shadowTextSizes(inside).forEach((size, j) =>
      expect(size, `rating in the article, text ${j}`).to.be.closeTo(insideBefore[j] * 2, 0.5),
    );
    expect(sidebar.scrollWidth, 'no horizontal scroll in the sidebar').to.be.at.most(sidebar.clientWidth);
    // The counter's long labels wrap rather than push the numbers out.
    const stats270 = sidebar.querySelector('visit-stats')!.shadowRoot!;
    const label = Array.from(stats270.querySelectorAll('th')).find((th) => th.textContent!.includes('Tháng trước'))!;
    expect(label.getBoundingClientRect().height).to.be.greaterThan(
      parseFloat(getComputedStyle(label).lineHeight) * 1.5,
    );

    control.value = 100;
    await control.updateComplete;
    await settle();
    expect(inSidebar.map(shadowTextSizes)).to.deep.equal(before);
  });

  it('lets a host opt its own chrome in, with an attribute or the custom property', async () => {
    const wrapper = await fixture(html`<div style="font-size: 13px">
      <style>
        .chrome-menu a { font-size: 12px; }
        .chrome-box { font-size: calc(14px * var(--portal-chrome-scale, 1)); }
      </style>
      <nav class="chrome-menu" data-portal-text-scale><a href="#a">Trang chủ</a></nav>
      <div class="chrome-box">Hộp bên</div>
      <div class="chrome-article"><p class="chrome-box">Trong bài, đã lớn theo bài</p></div>
      <font-size-control target=".chrome-article" storage-key=${uniqueKey()}></font-size-control>
    </div>`);
    const control = wrapper.querySelector<FontSizeControl>('font-size-control')!;
    const size = (selector: string) => parseFloat(getComputedStyle(wrapper.querySelector(selector)!).fontSize);
    control.value = 150;
    await control.updateComplete;
    await settle();
    expect(size('.chrome-menu a')).to.be.closeTo(18, 0.5);
    expect(size('div.chrome-box')).to.be.closeTo(21, 0.5);
    // Inside the scaled article the property is 1: the rule's own 14px is scaled once, by the article's copy of it.
    expect(size('p.chrome-box')).to.be.closeTo(21, 0.5);
    control.value = 100;
    await control.updateComplete;
    await settle();
    expect(size('.chrome-menu a')).to.equal(12);
  });
});
