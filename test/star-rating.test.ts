import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../src/star-rating/star-rating.js';
import type { StarRating } from '../src/star-rating/star-rating.component.js';
import { emulateMediaFeatures, moveInDom, sent, settle } from './helpers.js';
import { fakeRatingServer, heldFetch, json, stubFetch, type FakeRatingServer } from './fake-server.js';

const SRC = 'http://localhost/api/v1/ratings/bai-viet';

const $ = (el: StarRating, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const $$ = (el: StarRating, selector: string) => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>(selector));
const radios = (el: StarRating) => $$(el, '[role="radio"]');
const text = (el: StarRating, part: string) =>
  $(el, `[part~="${part}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const summary = (el: StarRating) => text(el, 'summary');
const starsLabel = (el: StarRating) => $(el, '[part~="stars"]')?.getAttribute('aria-label');
const status = (el: StarRating) => $(el, '[role="status"]')?.textContent?.trim() ?? '';

/** Lets the element's requests and renders finish. */
async function idle(el: StarRating) {
  for (let i = 0; i < 4; i++) {
    await settle();
    await el.updateComplete;
  }
}

describe('<star-rating> summary', () => {
  it('shows the seed page’s wording in Vietnamese, with the average as stars and as text', async () => {
    const el = await fixture<StarRating>(html`<star-rating lang="vi" value="5" count="2" readonly></star-rating>`);
    expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 10 trong 2 đánh giá');
    expect(text(el, 'average')).to.equal('5');
    expect(starsLabel(el)).to.equal('Điểm trung bình 5 trên 5 sao');
    expect($(el, '[part~="stars"]')!.getAttribute('role')).to.equal('img');
  });

  it('formats a fractional average for the language and fills the stars to match', async () => {
    const vi = await fixture<StarRating>(html`<star-rating lang="vi" value="4.3" count="1234" readonly></star-rating>`);
    expect(text(vi, 'average')).to.equal('4,3');
    expect(text(vi, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 5.306 trong 1.234 đánh giá');
    expect(getComputedStyle($(vi, '[part~="stars"]')!).getPropertyValue('--portal-stars-fill').trim()).to.equal('86%');
    const en = await fixture<StarRating>(html`<star-rating lang="en" value="4.3" count="1234" readonly></star-rating>`);
    expect(text(en, 'average')).to.equal('4.3');
    expect(starsLabel(en)).to.equal('Rated 4.3 out of 5 stars');
    expect(text(en, 'summary-text')).to.equal('Total score of this article: 5,306 from 1,234 ratings');
    const one = await fixture<StarRating>(html`<star-rating lang="en" value="4" count="1" readonly></star-rating>`);
    expect(text(one, 'summary-text')).to.equal('Total score of this article: 4 from 1 rating');
  });

  it('draws another scale’s row of stars, and the five-star row again when max goes back', async () => {
    const el = await fixture<StarRating>(
      html`<star-rating lang="vi" value="3.5" count="2" max="7" readonly></star-rating>`,
    );
    const stars = $(el, '[part~="stars"]')!;
    const width = () => stars.getBoundingClientRect().width;
    const sevenWide = width();
    expect(stars.style.getPropertyValue('--portal-stars-fill')).to.equal('50%');
    expect(stars.style.clipPath).to.match(/^polygon\(/);
    el.max = 5;
    el.value = 4;
    await el.updateComplete;
    expect(width()).to.be.closeTo((sevenWide * 5) / 7, 1);
    expect(stars.style.getPropertyValue('--portal-stars-fill')).to.equal('80%');
    // The shape comes from the stylesheet again, not from what the seven-star row left behind.
    expect(stars.style.clipPath).to.equal('');
    expect(stars.getAttribute('style')).to.not.include('clip-path');
  });

  it('adds no attributes of its own to the page’s markup (no empty name="")', async () => {
    const el = await fixture<StarRating>(html`<star-rating value="4" count="3"></star-rating>`);
    expect(el.getAttributeNames().sort()).to.deep.equal(['count', 'value']);
  });

  it('is text, never a slider, and never focusable when read-only', async () => {
    const el = await fixture<StarRating>(html`<star-rating value="3.7" count="12" readonly></star-rating>`);
    expect($$(el, '[role="slider"], [role="radio"], [tabindex], button')).to.have.length(0);
    expect(el.shadowRoot!.textContent).not.to.match(/click|arrow/i);
    await expect(el).to.be.accessible();
  });

  it('fills from the right in a right-to-left page', async () => {
    const el = await fixture<StarRating>(html`<star-rating dir="rtl" value="2.5" count="2" readonly></star-rating>`);
    const ltr = await fixture<StarRating>(html`<star-rating value="2.5" count="2" readonly></star-rating>`);
    // Where the fill starts on screen: the gradient's direction, turned round by a horizontal mirror if there is one.
    const fillsFrom = (rating: StarRating) => {
      const style = getComputedStyle($(rating, '[part~="stars"]')!);
      const toRight = /^linear-gradient\((to right|90deg)/.test(style.backgroundImage);
      expect(
        toRight || /^linear-gradient\((to left|270deg)/.test(style.backgroundImage),
        style.backgroundImage,
      ).to.equal(true);
      const mirrored = new DOMMatrix(style.transform === 'none' ? undefined : style.transform).a < 0;
      return toRight !== mirrored ? 'left' : 'right';
    };
    expect(fillsFrom(el)).to.equal('right');
    expect(fillsFrom(ltr)).to.equal('left');
  });

  for (const [attrs, label] of [
    [{ value: 'abc', count: '2', max: '5' }, 'value="abc"'],
    [{ value: '4', count: '-3', max: '5' }, 'count="-3"'],
    [{ value: '4', count: '2.5', max: '5' }, 'fractional count'],
    [{ value: '7', count: '2', max: '5' }, 'average above max'],
    [{ value: '4', count: '2', max: '0' }, 'max="0"'],
  ] as const) {
    it(`shows a clear state for a badly rendered template (${label})`, async () => {
      const el = await fixture<StarRating>(
        html`<star-rating lang="vi" value=${attrs.value} count=${attrs.count} max=${attrs.max}></star-rating>`,
      );
      const all = el.shadowRoot!.textContent!;
      expect(all).not.to.match(/NaN|undefined|Infinity|-3/);
      expect(radios(el)).to.have.length(5);
      if (label === 'max="0"')
        expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 8 trong 2 đánh giá');
      else expect(summary(el)).to.include('Chưa có đánh giá');
    });
  }

  it('says "no ratings yet" once: with none, the stars are hidden and the sentence says it', async () => {
    const el = await fixture<StarRating>(html`<star-rating lang="vi" value="0" count="0" readonly></star-rating>`);
    const stars = el.shadowRoot!.querySelector('[part~="stars"]')!;
    expect(stars.getAttribute('aria-hidden')).to.equal('true');
    expect(text(el, 'summary-text')).to.equal('Chưa có đánh giá');
    el.count = 2;
    el.value = 4;
    await el.updateComplete;
    expect(stars.getAttribute('aria-hidden')).to.equal('false');
    expect(stars.getAttribute('aria-label')).to.equal('Điểm trung bình 4 trên 5 sao');
  });
});

describe('<star-rating> input', () => {
  it('is a radio group of max stars named "1 sao" … "5 sao", with one tab stop', async () => {
    const el = await fixture<StarRating>(html`<star-rating lang="vi" value="4" count="1"></star-rating>`);
    const group = $(el, '[role="radiogroup"]')!;
    expect(group.getAttribute('aria-label')).to.equal('Đánh giá bài viết');
    expect(radios(el).map((r) => r.getAttribute('aria-label'))).to.deep.equal([
      '1 sao',
      '2 sao',
      '3 sao',
      '4 sao',
      '5 sao',
    ]);
    expect(radios(el).filter((r) => r.tabIndex === 0)).to.have.length(1);
    expect(text(el, 'prompt')).to.equal('Click để đánh giá bài viết');
    expect(group.getAttribute('aria-describedby')).to.equal('hint');
    expect(el.shadowRoot!.getElementById('hint')!.textContent).to.equal('Dùng phím mũi tên để chọn, Enter để gửi');
    await expect(el).to.be.accessible();
  });

  it('speaks English, honours label and max', async () => {
    const el = await fixture<StarRating>(html`<star-rating lang="en" max="3" label="Rate the service"></star-rating>`);
    expect($(el, '[role="radiogroup"]')!.getAttribute('aria-label')).to.equal('Rate the service');
    expect(radios(el).map((r) => r.getAttribute('aria-label'))).to.deep.equal(['1 star', '2 stars', '3 stars']);
    await expect(el).to.be.accessible();
  });

  it('commits on a click and fires change with the score, bubbling out of the shadow root', async () => {
    const el = await fixture<StarRating>(html`<star-rating lang="vi"></star-rating>`);
    setTimeout(() => radios(el)[3].click());
    const event = await oneEvent(el, 'change');
    expect(event.bubbles && event.composed).to.be.true;
    expect(el.score).to.equal(4);
    await el.updateComplete;
    expect(text(el, 'your-vote')).to.equal('Bạn đã đánh giá 4 sao');
    expect(status(el)).to.equal('Cảm ơn bạn đã đánh giá');
  });

  it('previews on mouse hover, but not on touch, and never commits on touchstart', async () => {
    const el = await fixture<StarRating>(html`<star-rating></star-rating>`);
    let changes = 0;
    el.addEventListener('change', () => changes++);
    // What a pointer entering a star fires first, bubbling (pointerenter does not bubble).
    radios(el)[2].dispatchEvent(new PointerEvent('pointerover', { pointerType: 'mouse', bubbles: true }));
    await el.updateComplete;
    expect($$(el, '[part~="star-filled"]')).to.have.length(3);
    $(el, '[role="radiogroup"]')!.dispatchEvent(new PointerEvent('pointerleave', { pointerType: 'mouse' }));
    await el.updateComplete;
    expect($$(el, '[part~="star-filled"]')).to.have.length(0);
    radios(el)[4].dispatchEvent(new PointerEvent('pointerover', { pointerType: 'touch', bubbles: true }));
    radios(el)[4].dispatchEvent(new Event('touchstart', { bubbles: true }));
    radios(el)[4].dispatchEvent(new Event('touchmove', { bubbles: true }));
    await el.updateComplete;
    expect($$(el, '[part~="star-filled"]')).to.have.length(0);
    expect(changes).to.equal(0);
  });

  it('is shown but inert when disabled, without inviting a click or describing keys that do nothing', async () => {
    const el = await fixture<StarRating>(html`<star-rating lang="vi" disabled value="4" count="2"></star-rating>`);
    expect($(el, '[role="radiogroup"]')!.getAttribute('aria-disabled')).to.equal('true');
    expect($(el, '[role="radiogroup"]')!.hasAttribute('aria-describedby')).to.be.false;
    expect(el.shadowRoot!.textContent).not.to.match(/click|nhấn|phím/i);
    expect(radios(el).every((r) => r.tabIndex === -1)).to.be.true;
    // Seen as unavailable by more than fading: a dashed outline around the stars, which an enabled rating has not.
    const group = getComputedStyle($(el, '[role="radiogroup"]')!);
    expect(group.outlineStyle).to.equal('dashed');
    expect(parseFloat(group.outlineWidth)).to.be.at.least(1);
    el.disabled = false;
    await el.updateComplete;
    expect(getComputedStyle($(el, '[role="radiogroup"]')!).outlineStyle).to.equal('none');
    el.disabled = true;
    await el.updateComplete;
    radios(el)[1].click();
    await el.updateComplete;
    expect(el.score).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('hides the average until the visitor has voted when asked to', async () => {
    const el = await fixture<StarRating>(
      html`<star-rating hide-average-until-voted value="4" count="2"></star-rating>`,
    );
    expect($(el, '[part~="summary"]')).to.equal(null);
    await expect(el).to.be.accessible();
    radios(el)[1].click();
    await el.updateComplete;
    expect($(el, '[part~="summary"]')).not.to.equal(null);
  });

  it('stays visible under forced colours', async function () {
    const emulated = await emulateMediaFeatures([{ name: 'forced-colors', value: 'active' }]);
    try {
      if (!emulated) this.skip();
      const el = await fixture<StarRating>(html`<star-rating value="3" count="1"></star-rating>`);
      const summaryStars = getComputedStyle($(el, '[part~="stars"]')!);
      expect(summaryStars.forcedColorAdjust).to.equal('none');
      expect(summaryStars.backgroundImage).to.match(/^linear-gradient/);
      radios(el)[2].click();
      await el.updateComplete;
      const full = el.shadowRoot!.querySelector('.full')!;
      const empty = el.shadowRoot!.querySelector('.empty')!;
      expect(getComputedStyle(full).fill).not.to.match(/none|transparent|rgba\(0, 0, 0, 0\)/);
      expect(getComputedStyle(empty).stroke).not.to.match(/none|transparent|rgba\(0, 0, 0, 0\)/);
    } finally {
      await emulateMediaFeatures([{ name: 'forced-colors', value: '' }]);
    }
  });

  it('keeps every star target at least 24×24 px', async () => {
    const el = await fixture<StarRating>(html`<star-rating style="font-size: 10px"></star-rating>`);
    for (const radio of radios(el)) {
      const box = radio.getBoundingClientRect();
      expect(box.width).to.be.at.least(24);
      expect(box.height).to.be.at.least(24);
    }
  });
});

/**
 * The ARIA Authoring Practices' radio group inside a toolbar, adapted to a vote that is sent when checked: one tab stop,
 * arrows move focus (wrapping) and only preview, Enter or Space commits the focused star, aria-checked is the saved vote.
 */
describe('<star-rating> keyboard', () => {
  /** A rating between two buttons, so Tab and Shift+Tab have somewhere to go. */
  async function between(attrs: { lang?: string; dir?: string; name?: string } = {}) {
    const form = await fixture<HTMLFormElement>(html`<form>
      <button type="button" id="before">before</button>
      <star-rating lang=${attrs.lang ?? 'vi'} dir=${attrs.dir ?? 'ltr'} name=${attrs.name ?? 'diem'}></star-rating>
      <button type="button" id="after">after</button>
    </form>`);
    const el = form.querySelector('star-rating')!;
    await el.updateComplete;
    let changes = 0;
    el.addEventListener('change', () => changes++);
    return {
      form,
      el,
      changes: () => changes,
      before: form.querySelector<HTMLButtonElement>('#before')!,
      after: form.querySelector<HTMLButtonElement>('#after')!,
    };
  }
  const focused = (el: StarRating) => radios(el).indexOf(el.shadowRoot!.activeElement as HTMLElement) + 1;
  const checked = (el: StarRating) =>
    radios(el)
      .filter((r) => r.getAttribute('aria-checked') === 'true')
      .map((r) => radios(el).indexOf(r) + 1);
  const tabStops = (el: StarRating) =>
    radios(el)
      .filter((r) => r.tabIndex === 0)
      .map((r) => radios(el).indexOf(r) + 1);
  const filled = (el: StarRating) => $$(el, '[part~="star-filled"]').length;
  async function press(el: StarRating, ...keys: string[]) {
    for (const key of keys) {
      if (key === 'Shift+Tab') {
        await sendKeys({ down: 'Shift' });
        await sendKeys({ press: 'Tab' });
        await sendKeys({ up: 'Shift' });
      } else await sendKeys({ press: key });
    }
    await el.updateComplete;
  }

  it('has one tab stop: the first star before voting, the vote’s star after', async () => {
    const { el, before, after } = await between();
    expect(tabStops(el)).to.deep.equal([1]);
    before.focus();
    await press(el, 'Tab');
    expect(focused(el)).to.equal(1);
    await press(el, 'Tab');
    expect(document.activeElement).to.equal(after);
    radios(el)[2].click();
    await el.updateComplete;
    expect(tabStops(el)).to.deep.equal([3]);
    before.focus();
    await press(el, 'Tab');
    expect(focused(el)).to.equal(3);
    after.focus();
    await press(el, 'Shift+Tab', 'Shift+Tab');
    // From after: Shift+Tab lands on the withdraw button, then on the vote's star.
    expect(focused(el)).to.equal(3);
  });

  it('moves focus with Right/Down and Left/Up, wrapping at both ends, without checking or sending anything', async () => {
    const { el, form, before, changes } = await between();
    before.focus();
    await press(el, 'Tab', 'ArrowRight');
    expect(focused(el)).to.equal(2);
    await press(el, 'ArrowDown');
    expect(focused(el)).to.equal(3);
    await press(el, 'ArrowLeft');
    expect(focused(el)).to.equal(2);
    await press(el, 'ArrowUp', 'ArrowUp');
    expect(focused(el)).to.equal(5);
    await press(el, 'ArrowRight');
    expect(focused(el)).to.equal(1);
    await press(el, 'ArrowDown', 'ArrowDown', 'ArrowDown');
    expect(focused(el)).to.equal(4);
    // The arrows preview (four stars filled) but never check: a screen reader hears "not checked".
    expect(filled(el)).to.equal(4);
    expect(checked(el)).to.deep.equal([]);
    expect(tabStops(el)).to.deep.equal([4]);
    expect(changes()).to.equal(0);
    expect(el.score).to.equal(null);
    expect(new FormData(form).get('diem')).to.equal(null);
  });

  it('goes to the first and the last star with Home and End', async () => {
    const { el, before } = await between();
    before.focus();
    await press(el, 'Tab', 'End');
    expect(focused(el)).to.equal(5);
    await press(el, 'Home');
    expect(focused(el)).to.equal(1);
  });

  it('mirrors Left and Right under dir="rtl", and keeps Up and Down', async () => {
    const { el, before } = await between({ dir: 'rtl' });
    before.focus();
    await press(el, 'Tab', 'ArrowLeft', 'ArrowLeft');
    expect(focused(el)).to.equal(3);
    await press(el, 'ArrowRight');
    expect(focused(el)).to.equal(2);
    await press(el, 'ArrowRight', 'ArrowRight');
    expect(focused(el)).to.equal(5);
    await press(el, 'ArrowDown');
    expect(focused(el)).to.equal(1);
    await press(el, 'ArrowUp');
    expect(focused(el)).to.equal(5);
  });

  for (const key of ['Enter', ' ']) {
    it(`commits the focused star with ${key === ' ' ? 'Space' : key}: aria-checked, the form value and change follow`, async () => {
      const { el, form, before, changes } = await between();
      before.focus();
      await press(el, 'Tab', 'ArrowRight', 'ArrowRight', key);
      expect(el.score).to.equal(3);
      expect(checked(el)).to.deep.equal([3]);
      expect(focused(el)).to.equal(3);
      expect(new FormData(form).get('diem')).to.equal('3');
      expect(changes()).to.equal(1);
      // Arrows after the vote leave it checked where it is.
      await press(el, 'ArrowRight');
      expect(checked(el)).to.deep.equal([3]);
      expect(focused(el)).to.equal(4);
    });
  }

  it('commits the focused star, not the one the arrows last chose, when something else moved focus', async () => {
    const { el, form, before } = await between();
    before.focus();
    await press(el, 'Tab', 'ArrowRight', 'ArrowRight');
    expect(focused(el)).to.equal(3);
    // A late click, a screen reader's cursor or a script puts focus on "5 sao".
    radios(el)[4].focus();
    await el.updateComplete;
    expect(filled(el)).to.equal(0);
    expect(tabStops(el)).to.deep.equal([5]);
    await press(el, ' ');
    expect(el.score).to.equal(5);
    expect(new FormData(form).get('diem')).to.equal('5');
    expect(checked(el)).to.deep.equal([5]);
    expect(focused(el)).to.equal(5);
  });

  it('commits a star focused by script alone with Enter, and moves on from it with the arrows', async () => {
    const { el } = await between();
    radios(el)[3].focus();
    await press(el, 'Enter');
    expect(el.score).to.equal(4);
    radios(el)[1].focus();
    await press(el, 'ArrowLeft');
    expect(focused(el)).to.equal(1);
    expect(checked(el)).to.deep.equal([4]);
  });

  it('forgets an uncommitted choice when focus leaves, and Tab comes back to the vote', async () => {
    const { el, before, after, changes } = await between();
    radios(el)[1].click();
    await el.updateComplete;
    before.focus();
    await press(el, 'Tab', 'ArrowRight', 'ArrowRight');
    expect(focused(el)).to.equal(4);
    after.focus();
    await el.updateComplete;
    expect(checked(el)).to.deep.equal([2]);
    expect(filled(el)).to.equal(2);
    expect(tabStops(el)).to.deep.equal([2]);
    expect(el.score).to.equal(2);
    expect(changes()).to.equal(1);
  });

  for (const how of ['Enter', 'click']) {
    it(`puts focus on the group after withdrawing (${how}), where Enter sends nothing and the arrows go on`, async () => {
      const { el, before, after, changes } = await between();
      before.focus();
      await press(el, 'Tab', 'End', 'Enter', 'Tab');
      const withdraw = $(el, '[part~="withdraw"]')!;
      expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('withdraw');
      if (how === 'Enter') await press(el, 'Enter');
      else withdraw.click();
      await el.updateComplete;
      expect(el.score).to.equal(null);
      expect(document.activeElement?.localName).to.equal('star-rating');
      expect(el.shadowRoot!.activeElement?.getAttribute('role')).to.equal('radiogroup');
      expect(changes()).to.equal(2);
      if (how === 'Enter') {
        // The group has keyboard focus: how to vote is shown there, not "Click".
        const hint = $(el, '[part~="hint"]')!;
        expect(getComputedStyle(hint).display, 'hint').not.to.equal('none');
        expect(getComputedStyle($(el, '[part~="prompt"]')!).display, 'prompt').to.equal('none');
      }
      // A second Enter (or a key held down) is no vote.
      await press(el, 'Enter', ' ');
      expect(el.score).to.equal(null);
      expect(changes()).to.equal(2);
      // From the group the arrows start at either end; Tab goes on to the group's tab stop, then out.
      await press(el, 'ArrowLeft');
      expect(focused(el)).to.equal(5);
      el.shadowRoot!.querySelector<HTMLElement>('[role="radiogroup"]')!.focus();
      await press(el, 'ArrowRight');
      expect(focused(el)).to.equal(1);
      el.shadowRoot!.querySelector<HTMLElement>('[role="radiogroup"]')!.focus();
      await press(el, 'Tab');
      expect(focused(el)).to.equal(1);
      await press(el, 'Tab');
      expect(document.activeElement === after).to.be.true;
    });
  }

  it('keeps one tab stop, within the scale, whatever the page sets as the vote or the scale', async () => {
    const { el, before } = await between();
    // Not a vote of this scale (9 of 5, 2.5, a word): none; a number as text is that number.
    for (const score of [9, 2.5, 'abc', 0, -1]) {
      el.score = score as number;
      await el.updateComplete;
      expect(el.score, String(score)).to.equal(null);
      expect(tabStops(el), String(score)).to.deep.equal([1]);
      expect(checked(el), String(score)).to.deep.equal([]);
      expect($(el, '[part~="prompt"]'), String(score)).to.not.equal(null);
    }
    el.score = '3' as unknown as number;
    await el.updateComplete;
    expect(el.score).to.equal(3);
    expect(checked(el)).to.deep.equal([3]);
    expect(tabStops(el)).to.deep.equal([3]);
    // The 5th star focused, then the scale shrinks to 3: focus goes to the group, and one star stays tabbable.
    before.focus();
    await press(el, 'Tab', 'End');
    expect(focused(el)).to.equal(5);
    el.max = 3;
    await el.updateComplete;
    expect(radios(el)).to.have.length(3);
    expect(el.shadowRoot!.activeElement?.getAttribute('role')).to.equal('radiogroup');
    expect(el.score).to.equal(3);
    expect(tabStops(el)).to.deep.equal([3]);
    el.score = 5;
    await el.updateComplete;
    expect(el.score).to.equal(null);
    expect(tabStops(el)).to.deep.equal([1]);
  });

  it('lets the keyboard’s preview win over a pointer resting on a star', async () => {
    const { el, before } = await between();
    radios(el)[1].dispatchEvent(
      new PointerEvent('pointerover', { bubbles: true, composed: true, pointerType: 'mouse' }),
    );
    await el.updateComplete;
    expect(filled(el)).to.equal(2);
    before.focus();
    await press(el, 'Tab', 'End', 'ArrowLeft');
    expect(focused(el)).to.equal(4);
    expect(filled(el)).to.equal(4);
    await press(el, 'Enter');
    expect(el.score).to.equal(4);
    expect(filled(el)).to.equal(4);
  });

  it('puts focus on the summary when the page makes a focused rating read-only, never on <body>', async () => {
    const { el, before } = await between();
    before.focus();
    await press(el, 'Tab', 'ArrowRight');
    expect(focused(el)).to.equal(2);
    el.readonly = true;
    await el.updateComplete;
    expect(radios(el)).to.have.length(0);
    expect(document.activeElement?.localName).to.equal('star-rating');
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('summary');
    // Reachable by script only: Tab still passes the read-only rating by.
    expect($(el, '[part~="summary"]')!.getAttribute('tabindex')).to.equal('-1');
  });

  for (const [lang, hint] of [
    ['vi', 'Dùng phím mũi tên để chọn, Enter để gửi'],
    ['en', 'Use the arrow keys to choose, Enter to send'],
  ] as const) {
    it(`shows how to vote (${lang}) while a star has keyboard focus, in place of the prompt`, async () => {
      const { el, before, after } = await between({ lang });
      const shown = (part: string) => {
        const node = $(el, `[part~="${part}"]`);
        return Boolean(node && getComputedStyle(node).display !== 'none' && node.getClientRects().length);
      };
      expect(shown('hint')).to.be.false;
      expect(shown('prompt')).to.be.true;
      before.focus();
      await press(el, 'Tab');
      expect(text(el, 'hint')).to.equal(hint);
      expect(shown('hint')).to.be.true;
      expect(shown('prompt')).to.be.false;
      await press(el, 'ArrowRight');
      expect(shown('hint')).to.be.true;
      after.focus();
      await el.updateComplete;
      expect(shown('hint')).to.be.false;
    });
  }
});

describe('<star-rating> in a form', () => {
  it('submits the vote under its name, and a form reset clears it', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><star-rating name="diem"></star-rating></form>`);
    const el = form.querySelector('star-rating')!;
    await el.updateComplete;
    radios(el)[3].click();
    await el.updateComplete;
    expect(new FormData(form).get('diem')).to.equal('4');
    form.reset();
    await el.updateComplete;
    expect(el.score).to.equal(null);
    expect(new FormData(form).get('diem')).to.equal(null);
  });

  it('puts focus on the group when a form reset removes the focused withdraw button', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><star-rating name="diem"></star-rating></form>`);
    const el = form.querySelector('star-rating')!;
    await el.updateComplete;
    radios(el)[3].click();
    await el.updateComplete;
    ($(el, '[part~="withdraw"]') as HTMLButtonElement).focus();
    form.reset();
    await el.updateComplete;
    expect(document.activeElement?.localName).to.equal('star-rating');
    expect(el.shadowRoot!.activeElement?.getAttribute('role')).to.equal('radiogroup');
  });
});

describe('<star-rating> with a rating service', () => {
  let server: FakeRatingServer;
  afterEach(() => server?.restore());

  async function rated(attrs = { value: '5', count: '2' }) {
    const el = await fixture<StarRating>(
      html`<star-rating lang="vi" src=${SRC} value=${attrs.value} count=${attrs.count} timeout="300"></star-rating>`,
    );
    await idle(el);
    return el;
  }

  it('previews and votes with a real mouse: hover fills up to the star under it, a click sends that star', async () => {
    server = fakeRatingServer({ count: 2, sum: 10 });
    const el = await rated();
    const box = radios(el)[3].getBoundingClientRect();
    const position: [number, number] = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
    try {
      await sendMouse({ type: 'move', position });
      await waitUntil(() => $$(el, '[part~="star-filled"]').length === 4, 'hover did not preview four stars');
      await sendMouse({ type: 'click', position });
      await waitUntil(() => server.requests.some((r) => r.method === 'PUT'), 'no vote sent');
      expect(server.requests.find((r) => r.method === 'PUT')!.body).to.deep.equal({ score: 4 });
    } finally {
      await resetMouse();
    }
  });

  it('loads the aggregate and the visitor’s own vote, identified by a stored random id', async () => {
    server = fakeRatingServer({ count: 3, sum: 12 });
    const el = await rated();
    expect(server.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).to.deep.equal([
      'GET /api/v1/ratings/bai-viet',
      'GET /api/v1/ratings/bai-viet/vote',
    ]);
    const id = server.requests[0].headers.get('x-visitor-id')!;
    expect(id).to.match(/^[0-9a-f]{32}$/);
    expect(JSON.parse(localStorage.getItem('portal-widgets:visitor')!)).to.equal(id);
    expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 12 trong 3 đánh giá');
  });

  it('shows the vote at once, then the server’s aggregate, and announces success', async () => {
    server = fakeRatingServer({ count: 2, sum: 10 });
    const el = await rated();
    server.hold();
    radios(el)[3].click();
    await el.updateComplete;
    // Optimistic: one more rating, sum 14, before the server answers.
    expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 14 trong 3 đánh giá');
    const saved = oneEvent(el, 'rating-saved');
    server.release();
    const event = await saved;
    expect(event.detail).to.deep.equal({ count: 3, sum: 14, average: 4.67, max: 5, score: 4 });
    await idle(el);
    expect(text(el, 'average')).to.equal('4,7');
    expect(status(el)).to.equal('Cảm ơn bạn đã đánh giá');
    const put = server.requests.at(-1)!;
    expect(put.method).to.equal('PUT');
    expect(put.body).to.deep.equal({ score: 4 });
    expect(new URL(put.url).pathname).to.equal('/api/v1/ratings/bai-viet/vote');
  });

  it('keeps a vote cast while the rating still loads: the load’s late answer does not undo it', async () => {
    // The server's answers to the first load, as they stood before the vote, arrive only after the vote's own answer.
    let answerLoad!: () => void;
    const loadAnswered = new Promise<void>((resolve) => (answerLoad = resolve));
    const stub = stubFetch((request) => {
      if (request.method === 'PUT') return json({ count: 3, sum: 14, average: 4.67, max: 5, score: 4 });
      const before = request.url.endsWith('/vote') ? { score: null } : { count: 2, sum: 10, average: 5, max: 5 };
      return loadAnswered.then(() => json(before)) as unknown as Response;
    });
    try {
      const el = await fixture<StarRating>(html`<star-rating lang="vi" src=${SRC} value="5" count="2"></star-rating>`);
      await waitUntil(() => stub.requests.length === 2, 'the load was not sent');
      radios(el)[3].click();
      await waitUntil(() => status(el) === 'Cảm ơn bạn đã đánh giá', 'the vote was not saved');
      answerLoad();
      await idle(el);
      expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 14 trong 3 đánh giá');
      expect(el.score).to.equal(4);
      expect(radios(el).map((star) => star.getAttribute('aria-checked'))).to.deep.equal([
        'false',
        'false',
        'false',
        'true',
        'false',
      ]);
    } finally {
      stub.restore();
    }
  });

  it('replaces a changed vote instead of adding a second one, and withdraws it', async () => {
    server = fakeRatingServer({ count: 2, sum: 10 });
    const el = await rated();
    radios(el)[3].click();
    await idle(el);
    radios(el)[1].click();
    await idle(el);
    expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 12 trong 3 đánh giá');
    expect(text(el, 'your-vote')).to.equal('Bạn đã đánh giá 2 sao');
    await expect(el).to.be.accessible();
    const withdraw = $(el, '[part~="withdraw"]') as HTMLButtonElement;
    expect(withdraw.textContent!.trim()).to.equal('Hủy đánh giá');
    setTimeout(() => withdraw.click());
    await oneEvent(el, 'change');
    expect(el.score).to.equal(null);
    await idle(el);
    expect(server.requests.at(-1)!.method).to.equal('DELETE');
    expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 10 trong 2 đánh giá');
    expect(status(el)).to.equal('Đã hủy đánh giá của bạn');
    expect(text(el, 'prompt')).to.equal('Click để đánh giá bài viết');
  });

  const failures: [string, () => Parameters<FakeRatingServer['queue']['push']>[0], string][] = [
    ['a 500', () => json({ error: 'boom' }, 500), 'http'],
    ['a 422', () => json({ error: 'score' }, 422), 'rejected'],
    ['a 429 with Retry-After', () => json({}, 429, { 'retry-after': '30' }), 'rate-limited'],
    ['a network error', () => 'network-error', 'network'],
    ['a server that never answers', () => 'never', 'timeout'],
    ['an HTML error page', () => new Response('<html><body>Lỗi</body></html>', { status: 200 }), 'invalid'],
    ['invalid JSON', () => json('{"count":', 200), 'invalid'],
    ['missing fields', () => json({ count: 3 }), 'invalid'],
    ['strings for numbers', () => json({ count: '3', sum: '14', average: '4.67', max: 5, score: 4 }), 'invalid'],
    ['a negative count', () => json({ count: -3, sum: 14, average: 4.67, max: 5, score: 4 }), 'invalid'],
    ['a fractional count', () => json({ count: 2.5, sum: 14, average: 4.67, max: 5, score: 4 }), 'invalid'],
    ['an average outside 0..max', () => json({ count: 3, sum: 14, average: 9, max: 5, score: 4 }), 'invalid'],
    ['an answer about another vote', () => json({ count: 3, sum: 13, average: 4.33, max: 5, score: 3 }), 'invalid'],
    ['a 10 MB body', () => new Response(`{"pad":"${'x'.repeat(10 * 1024 * 1024)}"}`), 'too-large'],
  ];

  it('reads a Retry-After given as an HTTP date, and falls back to a minute for a meaningless one', async () => {
    for (const [header, seconds, shown] of [
      [new Date(Date.now() + 45_000).toUTCString(), [44, 45], /sau 4[45] giây/],
      ['soon', [undefined], /sau 60 giây/],
    ] as const) {
      server = fakeRatingServer({ count: 2, sum: 10 });
      const el = await rated();
      server.queue.push(json({}, 429, { 'retry-after': header }));
      const failed = oneEvent(el, 'rating-error');
      radios(el)[2].click();
      const event = await failed;
      await idle(el);
      expect(seconds as readonly (number | undefined)[]).to.include(event.detail.retryAfter);
      expect(text(el, 'error')).to.match(shown);
    }
  });

  for (const [label, reply, reason] of failures) {
    it(`rolls back exactly on ${label}, explains, and offers what to do`, async () => {
      server = fakeRatingServer({ count: 2, sum: 10 });
      const el = await rated();
      const before = { summary: summary(el), score: el.score, stars: starsLabel(el) };
      server.queue.push(reply());
      const failed = oneEvent(el, 'rating-error');
      radios(el)[3].click();
      const event = await failed;
      await idle(el);
      expect(event.detail.reason).to.equal(reason);
      expect(event.detail.action).to.equal('vote');
      expect({ summary: summary(el), score: el.score, stars: starsLabel(el) }).to.deep.equal(before);
      if (reason === 'rate-limited') {
        expect(event.detail.retryAfter).to.equal(30);
        expect(text(el, 'error')).to.equal('Bạn đánh giá quá nhanh. Vui lòng thử lại sau 30 giây.');
      } else {
        expect(text(el, 'error')).to.equal('Không lưu được đánh giá của bạn.');
        expect(text(el, 'retry')).to.equal('Thử lại');
      }
      expect(status(el)).to.not.equal('');
      expect(el.shadowRoot!.textContent).not.to.match(/NaN|undefined|Lỗi|xxxx/);
      await expect(el).to.be.accessible();
    });
  }

  it('sets the error line apart from the prompt: a line of its own, marked as a notice', async () => {
    server = fakeRatingServer({ count: 2, sum: 10 });
    const el = await rated();
    server.queue.push(json({}, 500));
    radios(el)[3].click();
    await idle(el);
    const error = $(el, '[part~="error"]')!;
    const vote = $(el, '[part~="your-vote"], [part~="prompt"]')!;
    expect(error.getBoundingClientRect().top).to.be.at.least(vote.getBoundingClientRect().bottom - 1);
    expect(getComputedStyle(error.parentElement!).borderInlineStartStyle).to.equal('solid');
    // The retry button sits with the error it retries.
    expect(error.parentElement!.contains($(el, '[part~="retry"]'))).to.be.true;
  });

  it('tries a failed vote again with the retry button', async () => {
    server = fakeRatingServer({ count: 2, sum: 10 });
    const el = await rated();
    server.queue.push(json({}, 503));
    radios(el)[4].click();
    await idle(el);
    ($(el, '[part~="retry"]') as HTMLButtonElement).click();
    await idle(el);
    expect(el.score).to.equal(5);
    expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 15 trong 3 đánh giá');
    expect($(el, '[part~="error"]')).to.equal(null);
  });

  it('puts focus on the group when a retry succeeds and its button goes away', async () => {
    server = fakeRatingServer({ count: 2, sum: 10 });
    const el = await rated();
    server.queue.push(json({}, 503));
    radios(el)[4].click();
    await idle(el);
    const retry = $(el, '[part~="retry"]') as HTMLButtonElement;
    retry.focus();
    await sendKeys({ press: 'Enter' });
    await idle(el);
    expect($(el, '[part~="retry"]')).to.equal(null);
    expect(document.activeElement?.localName).to.equal('star-rating');
    expect(el.shadowRoot!.activeElement?.getAttribute('role')).to.equal('radiogroup');
    expect(el.score).to.equal(5);
  });

  it('keeps focus on the withdraw button’s star when a failed withdrawal brings it back, never on <body>', async () => {
    server = fakeRatingServer({ count: 2, sum: 10 });
    const el = await rated();
    radios(el)[2].click();
    await idle(el);
    server.queue.push(json({}, 500));
    ($(el, '[part~="withdraw"]') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    await idle(el);
    expect(el.score).to.equal(3);
    expect(document.activeElement).to.equal(el);
    expect($(el, '[role="radiogroup"]')!.contains(el.shadowRoot!.activeElement)).to.be.true;
  });

  it('rolls back a failed withdrawal to the vote the server still holds', async () => {
    server = fakeRatingServer({ count: 2, sum: 10 });
    const el = await rated();
    radios(el)[2].click();
    await idle(el);
    server.queue.push(json({}, 500));
    ($(el, '[part~="withdraw"]') as HTMLButtonElement).click();
    await idle(el);
    expect(el.score).to.equal(3);
    expect(text(el, 'your-vote')).to.equal('Bạn đã đánh giá 3 sao');
    expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 13 trong 3 đánh giá');
  });

  it('keeps the CMS’s numbers when loading fails or returns nonsense, and says so to the host', async () => {
    for (const reply of [json({}, 500), json({ count: 'two' }), new Response('<h1>502</h1>')]) {
      server = fakeRatingServer({ count: 0, sum: 0 });
      server.queue.push(reply);
      const errors: string[] = [];
      const el = document.createElement('star-rating');
      el.addEventListener('rating-error', (e) => errors.push((e as CustomEvent).detail.action));
      Object.assign(el, { src: SRC, value: 5, count: 2, lang: 'vi' });
      document.body.append(el);
      await idle(el);
      expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 10 trong 2 đánh giá');
      expect(errors).to.deep.equal(['load']);
      // src was set as a property before the element was connected: still one load, not two.
      expect(server.requests).to.have.length(2);
      el.remove();
      server.restore();
    }
  });

  it('says the rating is unavailable when neither the CMS nor the server has numbers', async () => {
    server = fakeRatingServer({ count: 0, sum: 0 });
    server.queue.push('never');
    const el = await fixture<StarRating>(html`<star-rating lang="vi" src=${SRC} timeout="100"></star-rating>`);
    await new Promise((r) => setTimeout(r, 200));
    await idle(el);
    expect(summary(el)).to.equal('Hiện không tải được điểm đánh giá');
  });

  it('shows the visitor’s earlier vote from the server', async () => {
    server = fakeRatingServer({ count: 2, sum: 10 });
    server.queue.push(json({ count: 2, sum: 9, average: 4.5, max: 5 }), json({ score: 4 }));
    const el = await rated();
    expect(el.score).to.equal(4);
    expect(radios(el)[3].getAttribute('aria-checked')).to.equal('true');
    expect(text(el, 'your-vote')).to.equal('Bạn đã đánh giá 4 sao');
  });

  it('asks only for the aggregate when read-only', async () => {
    server = fakeRatingServer({ count: 4, sum: 18 });
    const el = await fixture<StarRating>(html`<star-rating lang="vi" src=${SRC} readonly></star-rating>`);
    await idle(el);
    expect(server.requests.map((r) => new URL(r.url).pathname)).to.deep.equal(['/api/v1/ratings/bai-viet']);
    expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 18 trong 4 đánh giá');
  });

  it('sends nothing to a src that is not http(s)', async () => {
    server = fakeRatingServer({ count: 0, sum: 0 });
    const el = await fixture<StarRating>(html`<star-rating src="javascript:alert(1)"></star-rating>`);
    radios(el)[0].click();
    await idle(el);
    expect(server.requests).to.have.length(0);
    expect(el.score).to.equal(1);
  });

  it('works without a server: the host page gets change and no request is sent', async () => {
    server = fakeRatingServer({ count: 0, sum: 0 });
    const el = await fixture<StarRating>(html`<star-rating value="4" count="2"></star-rating>`);
    setTimeout(() => radios(el)[1].click());
    await oneEvent(el, 'change');
    expect(el.score).to.equal(2);
    expect(server.requests).to.have.length(0);
  });
});

describe('<star-rating> the request’s life', () => {
  let held: ReturnType<typeof heldFetch> | undefined;
  afterEach(() => {
    held?.restore();
    held = undefined;
  });
  /** Answers a load: the aggregate, then the visitor's vote (the two requests go out in that order). */
  const answerLoad = (count: number, sum: number, score: number | null) => {
    held!.answer(json({ count, sum, average: count ? sum / count : 0, max: 5 }));
    held!.answer(json({ score }));
  };
  const busy = (el: StarRating) => $(el, '[part="summary"]')!.getAttribute('aria-busy') === 'true';

  it('moved in the DOM while loading: asks again once back, shows that answer, never stays busy', async () => {
    held = heldFetch();
    const el = await fixture<StarRating>(html`<star-rating lang="vi" src=${SRC}></star-rating>`);
    expect(busy(el)).to.equal(true);
    await sent(held.requests, 2);
    moveInDom(el);
    await sent(held.requests, 4);
    expect(held.requests.map((r) => new URL(r.url).pathname)).to.deep.equal([
      '/api/v1/ratings/bai-viet',
      '/api/v1/ratings/bai-viet/vote',
      '/api/v1/ratings/bai-viet',
      '/api/v1/ratings/bai-viet/vote',
    ]);
    answerLoad(1, 1, 1);
    answerLoad(2, 9, 4);
    await idle(el);
    expect(busy(el)).to.equal(false);
    expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 9 trong 2 đánh giá');
    expect(el.score).to.equal(4);
  });

  it('moved in the DOM after loading: keeps what it shows and asks nothing', async () => {
    held = heldFetch();
    const el = await fixture<StarRating>(html`<star-rating lang="vi" src=${SRC}></star-rating>`);
    await sent(held.requests, 2);
    answerLoad(2, 10, 5);
    await idle(el);
    moveInDom(el);
    await idle(el);
    expect(held.requests).to.have.length(2);
    expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 10 trong 2 đánh giá');
    expect(el.score).to.equal(5);
  });

  it('src changed mid-flight: the first article’s answer is dropped, the second’s shown', async () => {
    held = heldFetch();
    const errors: unknown[] = [];
    const el = await fixture<StarRating>(html`<star-rating lang="vi" src=${SRC}></star-rating>`);
    el.addEventListener('rating-error', (event) => errors.push(event));
    await sent(held.requests, 2);
    el.src = `${SRC}-khac`;
    await sent(held.requests, 4);
    expect(held.requests).to.have.length(4);
    expect(new URL(held.requests[2].url).pathname).to.equal('/api/v1/ratings/bai-viet-khac');
    answerLoad(2, 10, 5);
    answerLoad(3, 6, null);
    await idle(el);
    expect(text(el, 'summary-text')).to.equal('Tổng số điểm của bài viết là: 6 trong 3 đánh giá');
    expect(el.score).to.equal(null);
    expect(errors).to.have.length(0);
  });
});
