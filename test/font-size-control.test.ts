import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/font-size-control/font-size-control.js';
import type { FontSizeControl } from '../src/font-size-control/font-size-control.component.js';
import { accessibleName, breakStorage, pageIdle, part, status, uniqueKey } from './helpers.js';

const NAMES = {
  vi: ['Giảm cỡ chữ', 'Cỡ chữ mặc định', 'Tăng cỡ chữ'],
  en: ['Decrease text size', 'Reset text size', 'Increase text size'],
};

async function control(
  attrs: { lang?: string; key?: string; min?: number; max?: number; step?: number; value?: string } = {},
) {
  const key = attrs.key ?? uniqueKey();
  const el = await fixture<FontSizeControl>(html`<font-size-control
    lang=${attrs.lang ?? 'vi'}
    storage-key=${key}
    target="#nothing-to-scale"
    min=${attrs.min ?? 80}
    max=${attrs.max ?? 200}
    step=${attrs.step ?? 10}
    value=${attrs.value ?? '100'}
  ></font-size-control>`);
  return el;
}

function names(el: FontSizeControl): string[] {
  return ['decrease', 'reset', 'increase'].map((name) => accessibleName(part(el, name)));
}

describe('<font-size-control>', () => {
  afterEach(() => {
    document.querySelectorAll('font-size-control').forEach((el) => (el.value = 100));
  });

  it('shows A- A A+ with exact Vietnamese accessible names and hides the glyphs from assistive technology', async () => {
    const el = await control({ lang: 'vi' });
    expect(names(el)).to.deep.equal(NAMES.vi);
    const glyphs = ['decrease', 'reset', 'increase'].map((name) => part(el, name).querySelector('span'));
    expect(glyphs.map((span) => span?.textContent)).to.deep.equal(['A-', 'A', 'A+']);
    expect(glyphs.every((span) => span?.getAttribute('aria-hidden') === 'true')).to.be.true;
    expect(el.shadowRoot!.querySelector('[role="group"]')!.getAttribute('aria-label')).to.equal('Cỡ chữ');
  });

  it('keeps the glyphs reading "A-" and "A+" in a right-to-left page', async () => {
    const wrapper = await fixture(
      html`<div dir="rtl" lang="en"><font-size-control storage-key=${uniqueKey()}></font-size-control></div>`,
    );
    const el = wrapper.querySelector('font-size-control')!;
    await el.updateComplete;
    for (const name of ['decrease', 'increase']) {
      const text = Array.from(part(el, name).querySelector('span')!.childNodes).find(
        (node) => node.nodeType === Node.TEXT_NODE,
      )!;
      const range = document.createRange();
      const charX = (i: number) => {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        return range.getBoundingClientRect().x;
      };
      expect(charX(0), `${name}: "A" before its sign`).to.be.lessThan(charX(1));
    }
  });

  it('uses the English names when the page is in English', async () => {
    const wrapper = await fixture(
      html`<div lang="en"><font-size-control storage-key=${uniqueKey()}></font-size-control></div>`,
    );
    const el = wrapper.querySelector('font-size-control')!;
    await el.updateComplete;
    expect(names(el)).to.deep.equal(NAMES.en);
  });

  it('switches language when lang changes', async () => {
    const el = await control({ lang: 'vi' });
    el.lang = 'en';
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
    expect(names(el)).to.deep.equal(NAMES.en);
  });

  it('passes axe in both languages', async () => {
    const vi = await control({ lang: 'vi' });
    await expect(vi).to.be.accessible();
    const en = await control({ lang: 'en' });
    await expect(en).to.be.accessible();
  });

  it('disables A at 100%, A- at min and A+ at max, and keeps them focusable', async () => {
    const el = await control({ min: 90, max: 110 });
    expect(part(el, 'reset').getAttribute('aria-disabled')).to.equal('true');
    part(el, 'increase').click();
    await el.updateComplete;
    expect(el.value).to.equal(110);
    expect(part(el, 'increase').getAttribute('aria-disabled')).to.equal('true');
    part(el, 'increase').click();
    await el.updateComplete;
    expect(el.value).to.equal(110);
    el.value = 90;
    await el.updateComplete;
    expect(part(el, 'decrease').getAttribute('aria-disabled')).to.equal('true');
    expect(part(el, 'decrease').disabled).to.be.false;
  });

  it('announces the new level politely in the page language', async () => {
    const el = await control({ lang: 'vi' });
    part(el, 'increase').click();
    part(el, 'increase').click();
    await el.updateComplete;
    expect(status(el)).to.equal('Cỡ chữ 120%');
    expect(el.shadowRoot!.querySelector('[role="status"]')!.getAttribute('aria-live')).to.equal('polite');
    const en = await control({ lang: 'en' });
    part(en, 'decrease').click();
    await en.updateComplete;
    expect(status(en)).to.equal('Text size 90%');
  });

  it('fires change after a click, with value and the reflected attribute updated', async () => {
    const el = await control();
    setTimeout(() => part(el, 'increase').click());
    const event = await oneEvent(el, 'change');
    expect(event.bubbles && event.composed).to.be.true;
    expect(el.value).to.equal(110);
    expect(el.getAttribute('value')).to.equal('110');
  });

  it('does not fire change for programmatic changes', async () => {
    const el = await control();
    let fired = 0;
    el.addEventListener('change', () => fired++);
    el.value = 150;
    await el.updateComplete;
    expect(fired).to.equal(0);
    expect(el.getAttribute('value')).to.equal('150');
  });

  it('works from the keyboard alone: Tab to each button, Enter and Space press it', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <button id="before">before</button>
      <font-size-control lang="vi" storage-key=${uniqueKey()} target="#none"></font-size-control>
    </div>`);
    const el = wrapper.querySelector('font-size-control')!;
    await el.updateComplete;
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'decrease'));
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'increase'));
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    expect(el.value).to.equal(120);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.value).to.equal(100);
    // Reaching the end keeps focus on the button rather than dropping it to the page.
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'reset'));
  });

  it('keeps focus on the pressed button after every action that disables it (A+ at max, A- at min, A)', async () => {
    const el = await control({ min: 80, max: 120, value: '100' });
    const pressUntilDisabled = async (name: string) => {
      const button = part(el, name);
      button.focus();
      for (let i = 0; i < 6 && button.getAttribute('aria-disabled') !== 'true'; i++) {
        await sendKeys({ press: 'Enter' });
        await el.updateComplete;
      }
      expect(button.getAttribute('aria-disabled'), name).to.equal('true');
      expect(document.activeElement, name).to.equal(el);
      expect(el.shadowRoot!.activeElement, name).to.equal(button);
    };
    await pressUntilDisabled('increase');
    expect(el.value).to.equal(120);
    await pressUntilDisabled('reset');
    expect(el.value).to.equal(100);
    await pressUntilDisabled('decrease');
    expect(el.value).to.equal(80);
  });

  it('keeps every instance with the same key on one level', async () => {
    const key = uniqueKey();
    const wrapper = await fixture(html`<div>
      <font-size-control storage-key=${key} target="#none"></font-size-control>
      <font-size-control storage-key=${key} target="#none"></font-size-control>
    </div>`);
    const [header, footer] = Array.from(wrapper.querySelectorAll('font-size-control'));
    await header.updateComplete;
    part(header, 'increase').click();
    await header.updateComplete;
    await footer.updateComplete;
    expect(footer.value).to.equal(110);
    expect(part(footer, 'reset').getAttribute('aria-disabled')).to.equal('false');
  });

  it('remembers the level across a reload', async () => {
    const key = uniqueKey();
    const first = await control({ key });
    part(first, 'increase').click();
    part(first, 'increase').click();
    part(first, 'increase').click();
    await first.updateComplete;
    expect(JSON.parse(localStorage.getItem(key)!).level).to.equal(130);
    first.remove();
    // A new page load starts with nothing in memory: read back what was stored.
    const stored = localStorage.getItem(key)!;
    const key2 = uniqueKey();
    localStorage.setItem(key2, stored);
    const second = await control({ key: key2 });
    expect(second.value).to.equal(130);
  });

  it('follows a change made in another tab', async () => {
    const key = uniqueKey();
    const el = await control({ key });
    // Other tabs are heard once the page has been idle.
    await pageIdle();
    const newValue = JSON.stringify({ level: 170, target: null, strategy: 'text', css: '' });
    localStorage.setItem(key, newValue);
    window.dispatchEvent(new StorageEvent('storage', { key, newValue, storageArea: localStorage }));
    await el.updateComplete;
    expect(el.value).to.equal(170);
    window.dispatchEvent(new StorageEvent('storage', { key: null, newValue: null, storageArea: localStorage }));
    await el.updateComplete;
    expect(el.value).to.equal(100);
  });

  it('still works, in memory, when storage throws', async () => {
    const restore = breakStorage();
    try {
      const key = uniqueKey();
      const wrapper = await fixture(html`<div>
        <font-size-control storage-key=${key} target="#none"></font-size-control>
        <font-size-control storage-key=${key} target="#none"></font-size-control>
      </div>`);
      const [a, b] = Array.from(wrapper.querySelectorAll('font-size-control'));
      await a.updateComplete;
      part(a, 'increase').click();
      await a.updateComplete;
      await b.updateComplete;
      expect(a.value).to.equal(110);
      expect(b.value).to.equal(110);
    } finally {
      restore();
    }
  });

  it('refreshes stored rules that another page generated, keeping the level', async () => {
    const key = uniqueKey();
    localStorage.setItem(key, JSON.stringify({ level: 120, target: null, strategy: 'text', css: '.stale{}' }));
    const el = await control({ key });
    const stored = JSON.parse(localStorage.getItem(key)!);
    expect(el.value).to.equal(120);
    expect(stored.level).to.equal(120);
    expect(stored.css).to.include('@layer portal-text-base');
  });

  it('ignores a malformed stored value', async () => {
    const key = uniqueKey();
    localStorage.setItem(key, '{not json');
    const el = await control({ key });
    expect(el.value).to.equal(100);
    localStorage.setItem(key, JSON.stringify({ level: 'huge' }));
    const other = await control({
      key: (() => {
        const k = uniqueKey();
        localStorage.setItem(k, JSON.stringify({ level: 'x' }));
        return k;
      })(),
    });
    expect(other.value).to.equal(100);
  });

  it('clamps bad attributes into a usable range', async () => {
    const el = await control({ value: 'abc', min: 300, max: 50 });
    // min and max swapped; a non-number value falls back to 100, which is inside [50, 300].
    expect(el.value).to.equal(100);
    el.value = 1000;
    await el.updateComplete;
    expect(el.value).to.equal(300);
    el.value = Number.NaN;
    await el.updateComplete;
    expect(el.value).to.equal(100);
  });

  it('keeps the page’s own size in range and never goes to 0 or below, whatever the bounds say', async () => {
    // A largest level under 100 would have shrunk the page at once; one of -1 let A- reach "-1%" (text of 0px).
    const el = await control({ max: -1 });
    expect(el.value).to.equal(100);
    expect(el.shadowRoot!.textContent).to.include('100%');
    for (let i = 0; i < 10; i++) part(el, 'decrease').click();
    await el.updateComplete;
    expect(el.value).to.equal(80);
    expect(part(el, 'decrease').getAttribute('aria-disabled')).to.equal('true');
    const other = await control({ min: 0, max: 90 });
    for (let i = 0; i < 15; i++) part(other, 'increase').click();
    await other.updateComplete;
    expect(other.value).to.equal(200);
    other.value = -5;
    await other.updateComplete;
    expect(other.value).to.equal(80);
  });

  it('honours a custom step', async () => {
    const el = await control({ step: 25 });
    part(el, 'increase').click();
    await el.updateComplete;
    expect(el.value).to.equal(125);
  });

  it('starts at the author’s value when nothing is stored', async () => {
    const el = await control({ value: '120' });
    expect(el.value).to.equal(120);
    expect(part(el, 'reset').getAttribute('aria-disabled')).to.equal('false');
  });
});
