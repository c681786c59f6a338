import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/contrast-toggle/contrast-toggle.js';
import type { ContrastToggle } from '../src/contrast-toggle/contrast-toggle.component.js';
import { CONTRAST_CSS } from '../src/contrast-toggle/contrast.js';
import { accessibleName, breakStorage, emulateMediaFeatures, pageIdle, part, status, uniqueKey } from './helpers.js';

async function toggle(attrs: { lang?: string; key?: string; levels?: string; noStylesheet?: boolean } = {}) {
  const el = await fixture<ContrastToggle>(html`<contrast-toggle
    lang=${attrs.lang ?? 'vi'}
    storage-key=${attrs.key ?? uniqueKey()}
    levels=${attrs.levels ?? 'normal more'}
    ?no-stylesheet=${attrs.noStylesheet ?? false}
  ></contrast-toggle>`);
  return el;
}

const root = document.documentElement;
const contrastSheetAdopted = () =>
  document.adoptedStyleSheets.some((sheet) =>
    Array.from(sheet.cssRules).some((rule) => rule.cssText.includes('data-contrast')),
  );

/** Replaces matchMedia for the features given, for a browser that cannot emulate them. */
function fakeMedia(matching: string[]): () => void {
  const original = window.matchMedia;
  window.matchMedia = (query: string) =>
    ({
      matches: matching.some((feature) => query.includes(feature)),
      media: query,
      addEventListener() {},
      removeEventListener() {},
    }) as unknown as MediaQueryList;
  return () => (window.matchMedia = original);
}

describe('<contrast-toggle>', () => {
  afterEach(async () => {
    for (const el of Array.from(document.querySelectorAll('contrast-toggle'))) {
      el.value = 'normal';
      await el.updateComplete;
    }
  });

  it('shows two buttons named exactly "Tăng tương phản" and "Giảm tương phản"', async () => {
    const el = await toggle({ lang: 'vi' });
    expect([accessibleName(part(el, 'increase')), accessibleName(part(el, 'decrease'))]).to.deep.equal([
      'Tăng tương phản',
      'Giảm tương phản',
    ]);
  });

  it('uses the English names in English', async () => {
    const el = await toggle({ lang: 'en' });
    expect([accessibleName(part(el, 'increase')), accessibleName(part(el, 'decrease'))]).to.deep.equal([
      'Increase contrast',
      'Decrease contrast',
    ]);
  });

  it('passes axe in both languages and at every level', async () => {
    const el = await toggle({ lang: 'vi', levels: 'less normal more' });
    await expect(el).to.be.accessible();
    el.value = 'more';
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const en = await toggle({ lang: 'en' });
    await expect(en).to.be.accessible();
  });

  it('steps normal → more and back, disabling the button at each end', async () => {
    const el = await toggle();
    expect(part(el, 'decrease').getAttribute('aria-disabled')).to.equal('true');
    part(el, 'increase').click();
    await el.updateComplete;
    expect(el.value).to.equal('more');
    expect(root.getAttribute('data-contrast')).to.equal('more');
    expect(part(el, 'increase').getAttribute('aria-disabled')).to.equal('true');
    part(el, 'increase').click();
    await el.updateComplete;
    expect(el.value).to.equal('more');
    part(el, 'decrease').click();
    await el.updateComplete;
    expect(el.value).to.equal('normal');
    expect(root.hasAttribute('data-contrast')).to.be.false;
  });

  it('offers a soft level with levels="less normal more"', async () => {
    const el = await toggle({ levels: 'less normal more' });
    part(el, 'decrease').click();
    await el.updateComplete;
    expect(el.value).to.equal('less');
    expect(root.getAttribute('data-contrast')).to.equal('less');
    expect(part(el, 'decrease').getAttribute('aria-disabled')).to.equal('true');
  });

  it('announces the new level politely', async () => {
    const el = await toggle({ lang: 'vi' });
    part(el, 'increase').click();
    await el.updateComplete;
    expect(status(el)).to.equal('Tương phản cao');
    const en = await toggle({ lang: 'en' });
    part(en, 'increase').click();
    await en.updateComplete;
    part(en, 'decrease').click();
    await en.updateComplete;
    expect(status(en)).to.equal('Normal contrast');
  });

  it('adopts its stylesheet only while a level is active, and not with no-stylesheet', async () => {
    const el = await toggle();
    expect(contrastSheetAdopted()).to.be.false;
    el.value = 'more';
    await el.updateComplete;
    expect(contrastSheetAdopted()).to.be.true;
    expect(document.querySelectorAll('style').length).to.equal(
      Array.from(document.querySelectorAll('style')).filter((s) => !s.textContent?.includes('data-contrast')).length,
    );
    el.value = 'normal';
    await el.updateComplete;
    expect(contrastSheetAdopted()).to.be.false;
    const bare = await toggle({ noStylesheet: true });
    bare.value = 'more';
    await bare.updateComplete;
    expect(root.getAttribute('data-contrast')).to.equal('more');
    expect(contrastSheetAdopted()).to.be.false;
  });

  it('fires change on a click but not for programmatic changes', async () => {
    const el = await toggle();
    let fired = 0;
    el.addEventListener('change', () => fired++);
    el.value = 'more';
    await el.updateComplete;
    expect(fired).to.equal(0);
    setTimeout(() => part(el, 'decrease').click());
    const event = await oneEvent(el, 'change');
    expect(event.bubbles && event.composed).to.be.true;
    expect(el.value).to.equal('normal');
    expect(el.getAttribute('value')).to.equal('normal');
  });

  it('works from the keyboard alone', async () => {
    const wrapper = await fixture(html`<div>
      <button id="before">before</button>
      <contrast-toggle storage-key=${uniqueKey()}></contrast-toggle>
    </div>`);
    const el = wrapper.querySelector('contrast-toggle')!;
    await el.updateComplete;
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'increase'));
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.value).to.equal('more');
    // Focus stays on the button that just reached its end.
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'increase'));
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    expect(el.value).to.equal('normal');
  });

  it('keeps focus on the pressed button when its level ends, at every end', async () => {
    const el = await toggle({ levels: 'less normal more' });
    for (const [name, presses, level] of [
      ['increase', 1, 'more'],
      ['decrease', 2, 'less'],
      ['increase', 1, 'normal'],
    ] as const) {
      const button = part(el, name);
      button.focus();
      for (let i = 0; i < presses; i++) await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(el.value).to.equal(level);
      expect(document.activeElement, `${name} to ${level}`).to.equal(el);
      expect(el.shadowRoot!.activeElement, `${name} to ${level}`).to.equal(button);
    }
    expect(part(el, 'decrease').getAttribute('aria-disabled')).to.equal('false');
  });

  it('keeps two instances in step and remembers the level across a reload', async () => {
    const key = uniqueKey();
    const wrapper = await fixture(html`<div>
      <contrast-toggle storage-key=${key}></contrast-toggle><contrast-toggle storage-key=${key}></contrast-toggle>
    </div>`);
    const [a, b] = Array.from(wrapper.querySelectorAll('contrast-toggle'));
    await a.updateComplete;
    part(a, 'increase').click();
    await a.updateComplete;
    await b.updateComplete;
    expect(b.value).to.equal('more');
    // The stylesheet is stored beside the choice, for the head script.
    expect(JSON.parse(localStorage.getItem(key)!)).to.deep.equal({ level: 'more', sheet: true, css: CONTRAST_CSS });
    const key2 = uniqueKey();
    localStorage.setItem(key2, localStorage.getItem(key)!);
    const later = await toggle({ key: key2 });
    expect(later.value).to.equal('more');
  });

  it('follows a change made in another tab', async () => {
    const key = uniqueKey();
    const el = await toggle({ key });
    // Other tabs are heard once the page has been idle.
    await pageIdle();
    const newValue = JSON.stringify({ level: 'more', sheet: true });
    window.dispatchEvent(new StorageEvent('storage', { key, newValue }));
    await el.updateComplete;
    expect(el.value).to.equal('more');
    expect(root.getAttribute('data-contrast')).to.equal('more');
  });

  it('still works in memory when storage throws', async () => {
    const restore = breakStorage();
    try {
      const el = await toggle();
      part(el, 'increase').click();
      await el.updateComplete;
      expect(el.value).to.equal('more');
      expect(root.getAttribute('data-contrast')).to.equal('more');
    } finally {
      restore();
    }
  });

  it('ignores unknown levels and malformed stored values', async () => {
    const key = uniqueKey();
    localStorage.setItem(key, JSON.stringify({ level: 'ultra' }));
    const el = await toggle({ key, levels: 'bogus extreme' });
    expect(el.levels).to.deep.equal(['normal', 'more']);
    expect(el.value).to.equal('normal');
    el.value = 'nonsense' as never;
    await el.updateComplete;
    expect(el.value).to.equal('normal');
    const single = await toggle({ levels: 'more' });
    expect(single.levels).to.deep.equal(['normal', 'more']);
  });

  describe('system settings', () => {
    afterEach(async () => {
      await emulateMediaFeatures([
        { name: 'prefers-contrast', value: '' },
        { name: 'forced-colors', value: '' },
      ]);
    });

    it('starts a first visit at "more" when the system prefers more contrast, saving no level, only the stylesheet', async () => {
      const emulated = await emulateMediaFeatures([{ name: 'prefers-contrast', value: 'more' }]);
      const restore = emulated ? () => {} : fakeMedia(['prefers-contrast: more']);
      try {
        const key = uniqueKey();
        const el = await toggle({ key });
        expect(el.value).to.equal('more');
        expect(root.getAttribute('data-contrast')).to.equal('more');
        // No level: the system's wish is not a choice. The stylesheet lets the head script follow the wish next time.
        expect(JSON.parse(localStorage.getItem(key)!)).to.deep.equal({ css: CONTRAST_CSS });
      } finally {
        restore();
      }
    });

    it('starts at "less" when the system prefers less and the level is offered', async () => {
      const emulated = await emulateMediaFeatures([{ name: 'prefers-contrast', value: 'less' }]);
      const restore = emulated ? () => {} : fakeMedia(['prefers-contrast: less']);
      try {
        expect((await toggle({ levels: 'less normal more' })).value).to.equal('less');
        expect((await toggle()).value).to.equal('normal');
      } finally {
        restore();
      }
    });

    it('steps aside under forced colours: no stylesheet, inert buttons, and a note saying why', async () => {
      const emulated = await emulateMediaFeatures([{ name: 'forced-colors', value: 'active' }]);
      const restore = emulated ? () => {} : fakeMedia(['forced-colors: active']);
      try {
        const el = await toggle({ lang: 'vi' });
        el.value = 'more';
        await el.updateComplete;
        expect(contrastSheetAdopted()).to.be.false;
        expect(el.shadowRoot!.querySelector('[part="note"]')!.textContent).to.equal('Đang dùng màu của hệ thống');
        // The note sits under the buttons, outside their group, which it describes.
        const group = el.shadowRoot!.querySelector('[role="group"]')!;
        const description = el.shadowRoot!.getElementById(group.getAttribute('aria-describedby')!);
        expect(description!.textContent).to.equal('Đang dùng màu của hệ thống');
        expect(part(el, 'increase').getAttribute('aria-disabled')).to.equal('true');
        part(el, 'decrease').click();
        await el.updateComplete;
        expect(el.value).to.equal('more');
        await expect(el).to.be.accessible();
      } finally {
        restore();
      }
    });
  });
});
