// What a sighted reader sees of each state, measured from computed colours: the focus ring on disabled buttons, the
// contrast of every widget text in "more", "disabled" told by more than fading, the current levels without hover.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { ContrastToggle } from '../src/contrast-toggle/contrast-toggle.component.js';
import type { FontSizeControl } from '../src/font-size-control/font-size-control.component.js';
import {
  composedBackground,
  contrastRatio,
  part,
  seenColour,
  seenContrast,
  textHolders,
  uniqueKey,
} from './helpers.js';
import { stubFetch } from './fake-server.js';
import { SEED_STATS } from './seed-data.js';

const ITEMS = [
  { url: '/tin-tuc/a.html', title: 'Lễ kết nạp đảng viên mới', publishedAt: '2023-07-31' },
  { url: '/tin-tuc/b.html', title: 'Hội nghị sơ kết', publishedAt: '2023-07-20', excerpt: 'Tóm tắt' },
];

/** All five widgets in one block, every state that has its own look on show: a vote, a disabled A, a disabled button. */
async function widgets(lang = 'vi') {
  const root = await fixture<HTMLDivElement>(html`<div lang=${lang} style="color: #555; background: #fff; padding: 8px">
    <font-size-control storage-key=${uniqueKey()} target="#none"></font-size-control>
    <contrast-toggle storage-key=${uniqueKey()}></contrast-toggle>
    <star-rating value="4.3" count="12"></star-rating>
    <star-rating disabled value="4" count="2"></star-rating>
    <visit-stats .data=${SEED_STATS}></visit-stats>
    <related-posts .items=${ITEMS} excerpts></related-posts>
  </div>`);
  for (const el of Array.from(root.children) as (HTMLElement & { updateComplete: Promise<unknown> })[])
    await el.updateComplete;
  const rating = root.querySelector('star-rating')!;
  rating.shadowRoot!.querySelector<HTMLElement>('[data-score="4"]')!.click();
  await rating.updateComplete;
  return root;
}

const fontSize = (root: Element) => root.querySelector('font-size-control') as FontSizeControl;
const contrast = (root: Element) => root.querySelector('contrast-toggle') as ContrastToggle;

describe('visible states', () => {
  afterEach(async () => {
    for (const el of Array.from(document.querySelectorAll('contrast-toggle'))) {
      el.value = 'normal';
      await el.updateComplete;
    }
  });

  it('keeps the focus ring at 3:1 or more on disabled buttons, at normal and at more contrast', async () => {
    const root = await widgets();
    for (const level of ['normal', 'more']) {
      if (level === 'more') {
        part(contrast(root), 'increase').click();
        await contrast(root).updateComplete;
      }
      for (const button of [
        part(fontSize(root), 'reset'),
        part(contrast(root), level === 'more' ? 'increase' : 'decrease'),
      ]) {
        expect(button.getAttribute('aria-disabled')).to.equal('true');
        button.focus();
        await sendKeys({ press: 'Shift' });
        const style = getComputedStyle(button);
        expect(style.outlineStyle, `${level}: ${button.part}`).to.equal('solid');
        const ratio = seenContrast(button, style.outlineColor);
        console.log(`focus ring ${level} ${button.part}: ${ratio.toFixed(2)}:1`);
        expect(ratio, `${level}: ${button.part} ring ${ratio.toFixed(2)}`).to.be.at.least(3);
      }
    }
  });

  for (const lang of ['vi', 'en']) {
    it(`gives every widget text at least 7:1 in "more" contrast, disabled buttons included (${lang})`, async () => {
      const root = await widgets(lang);
      part(contrast(root), 'increase').click();
      await contrast(root).updateComplete;
      expect(document.documentElement.dataset.contrast).to.equal('more');
      const holders = textHolders(root);
      // Every widget has text on show, the disabled "A" and "Tăng tương phản" at its end among them.
      expect(holders.length).to.be.greaterThan(25);
      expect(holders).to.include(part(fontSize(root), 'reset').querySelector('span')!);
      expect(holders).to.include(part(contrast(root), 'increase'));
      const ratios = holders.map((el) => seenContrast(el));
      console.log(`more contrast, ${lang}: ${holders.length} texts, lowest ${Math.min(...ratios).toFixed(2)}:1`);
      const low = holders
        .map((el) => [el, seenContrast(el)] as const)
        .filter(([, ratio]) => ratio < 7)
        .map(([el, ratio]) => `${el.tagName} "${el.textContent!.trim().slice(0, 24)}" ${ratio.toFixed(2)}`);
      expect(low).to.deep.equal([]);
    });
  }

  it('draws the summary stars’ empty part at 3:1 against the page and against the filled part, in "more"', async () => {
    const root = await widgets();
    part(contrast(root), 'increase').click();
    await contrast(root).updateComplete;
    const stars = part(root.querySelector('star-rating')!, 'stars');
    // The filled and the empty colour of the row's gradient, as computed (rgb(), or color(srgb …) for a mix).
    const [filled, empty] = getComputedStyle(stars)
      .backgroundImage.match(/(?:rgba?|color)\([^)]*\)/g)!
      .map((colour) => {
        const numbers = colour
          .replace('srgb', '')
          .match(/[\d.]+/g)!
          .map(Number);
        const [r, g, b] = colour.startsWith('color') ? numbers.slice(0, 3).map((c) => c * 255) : numbers;
        return `rgba(${r}, ${g}, ${b}, ${numbers[3] ?? 1})`;
      });
    const ratios = [seenContrast(stars, empty), contrastRatio(seenColour(stars, empty), seenColour(stars, filled))];
    console.log(
      `summary stars in more: empty ${ratios[0].toFixed(2)}:1 on the page, ${ratios[1].toFixed(2)}:1 to filled`,
    );
    expect(ratios[0]).to.be.at.least(3);
    expect(ratios[1]).to.be.at.least(3);
  });

  it('draws the loading bars of the counter and the related list at 3:1 or more in "more", faint at normal', async () => {
    const stub = stubFetch(() => 'never');
    try {
      const root = await fixture<HTMLDivElement>(html`<div style="color: #333; background: #fff">
        <contrast-toggle storage-key=${uniqueKey()}></contrast-toggle>
        <visit-stats src="http://localhost/api/v1/stats/loading"></visit-stats>
        <related-posts src="http://localhost/api/v1/related/loading"></related-posts>
      </div>`);
      const bars = () =>
        ['visit-stats', 'related-posts'].map((tag) => root.querySelector(tag)!.shadowRoot!.querySelector('.skeleton')!);
      // A bar is its colour at its opacity, on what is behind it.
      const seen = (bar: Element) => {
        const [r, g, b] = getComputedStyle(bar).backgroundColor.match(/[\d.]+/g)!;
        return seenContrast(bar.parentElement!, `rgba(${r}, ${g}, ${b}, ${getComputedStyle(bar).opacity})`);
      };
      for (const el of root.children) await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      for (const bar of bars()) expect(seen(bar)).to.be.below(3);
      part(contrast(root), 'increase').click();
      await contrast(root).updateComplete;
      const ratios = bars().map(seen);
      console.log(`loading bars in more: ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
      for (const ratio of ratios) expect(ratio).to.be.at.least(3);
    } finally {
      stub.restore();
    }
  });

  it('shows "more contrast" as current and, at its end, unavailable: the bar and a dashed border', async () => {
    const el = await fixture<ContrastToggle>(html`<contrast-toggle storage-key=${uniqueKey()}></contrast-toggle>`);
    part(el, 'increase').click();
    await el.updateComplete;
    const increase = part(el, 'increase');
    expect(increase.part.contains('current')).to.be.true;
    expect(increase.getAttribute('aria-disabled')).to.equal('true');
    expect(getComputedStyle(increase).borderTopStyle).to.equal('dashed');
    expect(getComputedStyle(increase).boxShadow).not.to.equal('none');
    // Towards a level that can still be left, the current button keeps its solid border.
    const three = await fixture<ContrastToggle>(
      html`<contrast-toggle levels="less normal more" storage-key=${uniqueKey()}></contrast-toggle>`,
    );
    part(three, 'decrease').click();
    await three.updateComplete;
    expect(getComputedStyle(part(three, 'decrease')).borderTopStyle).to.equal('dashed');
    expect(getComputedStyle(part(three, 'increase')).borderTopStyle).to.equal('solid');
  });

  it('tells "disabled" by a dashed border, not by fading, and keeps the text at full strength', async () => {
    const root = await widgets();
    const enabled = getComputedStyle(part(fontSize(root), 'increase'));
    const disabled = getComputedStyle(part(fontSize(root), 'reset'));
    expect(enabled.borderTopStyle).to.equal('solid');
    expect(disabled.borderTopStyle).to.equal('dashed');
    expect(disabled.opacity).to.equal('1');
    expect(disabled.color).to.equal(enabled.color);
  });

  it('shows the current text level beside A- A A+ without hover, and keeps the row’s width as it changes', async () => {
    const root = await widgets();
    const control = fontSize(root);
    const level = part(control, 'level');
    // The control's own text follows the level (it is a reading aid), so the level's box is compared in ems of its text:
    // sized for "200%", it keeps its width whatever level it shows.
    const ems = () => level.getBoundingClientRect().width / parseFloat(getComputedStyle(level).fontSize);
    const width = ems();
    expect(level.textContent!.trim()).to.equal('100%');
    part(control, 'increase').click();
    part(control, 'increase').click();
    await control.updateComplete;
    expect(level.textContent!.trim()).to.equal('120%');
    control.value = 200;
    await control.updateComplete;
    expect(level.textContent!.trim()).to.equal('200%');
    expect(ems()).to.be.closeTo(width, 0.01);
    control.value = 100;
    await control.updateComplete;
  });

  it('marks the button towards the level in force as current, at more and at less, and neither at normal', async () => {
    const el = await fixture<ContrastToggle>(
      html`<contrast-toggle levels="less normal more" storage-key=${uniqueKey()}></contrast-toggle>`,
    );
    const current = () =>
      ['increase', 'decrease'].filter(
        (name) => part(el, name).part.contains('current') && getComputedStyle(part(el, name)).boxShadow !== 'none',
      );
    expect(current()).to.deep.equal([]);
    part(el, 'increase').click();
    await el.updateComplete;
    expect(current()).to.deep.equal(['increase']);
    part(el, 'decrease').click();
    part(el, 'decrease').click();
    await el.updateComplete;
    await el.updateComplete;
    expect(el.value).to.equal('less');
    expect(current()).to.deep.equal(['decrease']);
    // The bar is drawn in the text colour: as visible as the text against the page.
    const bar = getComputedStyle(part(el, 'decrease')).boxShadow;
    expect(contrastRatio(bar, composedBackground(part(el, 'decrease')))).to.be.at.least(3);
  });

  it('has no title that only repeats an accessible name', async () => {
    const root = await widgets();
    const titled = Array.from(root.querySelectorAll('*')).flatMap((el) =>
      el.shadowRoot
        ? Array.from(el.shadowRoot.querySelectorAll('[title]')).map((t) => `${el.localName} ${t.getAttribute('title')}`)
        : [],
    );
    expect(titled).to.deep.equal([]);
  });
});
