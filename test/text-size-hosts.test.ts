import { expect } from '@open-wc/testing';
import type { FontSizeControl } from '../src/font-size-control/font-size-control.component.js';
import { loadFrame, uniqueKey } from './helpers.js';

// Host pages built from the patterns real portals run (test/fixtures/text-size/): a block theme (custom-property
// presets, fluid clamp() sizes, has-*-font-size classes, a rem root), editor content (size classes through custom
// properties), and old-editor and Word pastes (<font size>, pt, inline line-heights, a reset rule).
const PAGES = ['block-theme', 'editor-content', 'word-legacy'];
const LEVELS = [150, 200];

interface Measured {
  text: string;
  inTarget: boolean;
  fontSize: number;
  lineHeight: number;
}
type FixtureWindow = Window & {
  measureText(): Measured[];
  atDcl: Measured[];
  axe: { run(context: Element, options?: object): Promise<{ violations: { id: string }[] }> };
};

async function open(
  name: string,
  key: string,
  query: string,
): Promise<{ frame: HTMLIFrameElement; win: FixtureWindow }> {
  const { frame, win } = await loadFrame(`/__test__/text-size/${name}.html?key=${encodeURIComponent(key)}&${query}`);
  return { frame, win: win as unknown as FixtureWindow };
}

async function controlOf(win: FixtureWindow): Promise<FontSizeControl> {
  await win.customElements.whenDefined('font-size-control');
  const el = win.document.querySelector('font-size-control') as FontSizeControl;
  await el.updateComplete;
  return el;
}

const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

async function setLevel(el: FontSizeControl, level: number): Promise<void> {
  el.value = level;
  await el.updateComplete;
  await frames();
}

/**
 * Every text of the target (of the whole page with `everywhere`) at k times its size at 100% (±0.5 px), line-heights
 * too; text outside it unchanged.
 */
function expectScaled(after: Measured[], before: Measured[], k: number, where: string, everywhere = false): void {
  expect(after.length, `${where}: texts`).to.equal(before.length);
  after.forEach((a, i) => {
    const b = before[i];
    const factor = b.inTarget || everywhere ? k : 1;
    expect(a.fontSize, `${where}: font-size of "${b.text}"`).to.be.closeTo(b.fontSize * factor, 0.5);
    if (!Number.isNaN(b.lineHeight)) {
      expect(a.lineHeight, `${where}: line-height of "${b.text}"`).to.be.closeTo(b.lineHeight * factor, 0.75);
    }
  });
}

const styleAttributes = (doc: Document) =>
  Array.from(doc.querySelectorAll('[style]'), (el) => el.getAttribute('style'));

/** The priority of every inline font-size and line-height declaration. */
const priorities = (doc: Document) =>
  Array.from(doc.querySelectorAll<HTMLElement>('[style]'), (el) =>
    ['font-size', 'line-height']
      .map((p) => (el.style.getPropertyValue(p) ? el.style.getPropertyPriority(p) || 'normal' : ''))
      .join(),
  );

async function violations(win: FixtureWindow): Promise<string[]> {
  const result = await win.axe.run(win.document.body, { resultTypes: ['violations'] });
  return result.violations.map((v) => v.id).sort();
}

for (const name of PAGES) {
  describe(`text size on a ${name} host page`, function () {
    // Each test loads whole pages into frames, some twice, and runs axe on them.
    this.timeout(40_000);
    let frame: HTMLIFrameElement | undefined;
    afterEach(() => frame?.remove());

    for (const level of LEVELS) {
      it(`scales every text of the article to ${level}% whatever sets its size, and 100% puts the page back byte for byte`, async () => {
        const key = uniqueKey(name);
        const page = await open(name, key, 'module=1');
        frame = page.frame;
        const { win } = page;
        const el = await controlOf(win);
        const before = win.measureText();
        const styles = styleAttributes(win.document);
        const importance = priorities(win.document);
        const markup = win.document.body.innerHTML;
        expect(before.filter((m) => m.inTarget).length).to.be.greaterThan(8);

        await setLevel(el, level);
        expectScaled(win.measureText(), before, level / 100, `${level}%`);
        expect(priorities(win.document), 'declarations keep the importance the page gave them').to.deep.equal(
          importance,
        );

        await setLevel(el, 100);
        expect(win.measureText()).to.deep.equal(before);
        expect(styleAttributes(win.document)).to.deep.equal(styles);
        expect(win.document.body.innerHTML).to.equal(markup);
        localStorage.removeItem(key);
      });
    }

    it('scales the whole page at its root with strategy "root", every text k times, and puts it back', async () => {
      const key = uniqueKey(name);
      const page = await open(name, key, 'module=1&strategy=root');
      frame = page.frame;
      const el = await controlOf(page.win);
      const before = page.win.measureText();
      await setLevel(el, 200);
      expectScaled(page.win.measureText(), before, 2, 'root 200%', true);
      await setLevel(el, 100);
      expect(page.win.measureText()).to.deep.equal(before);
      localStorage.removeItem(key);
    });

    it('keeps fluid sizes fluid: after a resize, text is still k times what the page shows at that width', async () => {
      const key = uniqueKey(name);
      const page = await open(name, key, 'module=1');
      frame = page.frame;
      const el = await controlOf(page.win);
      await setLevel(el, 150);
      frame.style.width = '480px';
      await frames();
      const scaled = page.win.measureText();
      await setLevel(el, 100);
      expectScaled(scaled, page.win.measureText(), 1.5, 'at 480px');
      localStorage.removeItem(key);
    });

    it('adds no accessibility violation at 150% or 200% that 100% does not have', async () => {
      const key = uniqueKey(name);
      const page = await open(name, key, 'module=1');
      frame = page.frame;
      const el = await controlOf(page.win);
      const atStart = await violations(page.win);
      for (const level of LEVELS) {
        await setLevel(el, level);
        expect(await violations(page.win), `${level}%`).to.deep.equal(atStart);
      }
      await setLevel(el, 100);
      localStorage.removeItem(key);
    });

    for (const level of LEVELS) {
      it(`is at a stored ${level}% at DOMContentLoaded with the head script alone, and nothing moves when the control arrives`, async () => {
        const key = uniqueKey(name);
        const first = await open(name, key, 'module=1');
        const el = await controlOf(first.win);
        const before = first.win.measureText();
        await setLevel(el, level);
        first.frame.remove();

        const page = await open(name, key, 'head=1');
        frame = page.frame;
        expectScaled(page.win.atDcl, before, level / 100, 'head script at DOMContentLoaded');
        const atDcl = page.win.measureText();
        expectScaled(atDcl, before, level / 100, 'head script after load');

        const script = page.win.document.createElement('script');
        script.type = 'module';
        script.src = '/src/font-size-control/font-size-control.ts';
        page.win.document.body.append(script);
        const control = await controlOf(page.win);
        expect(control.value).to.equal(level);
        await frames();
        page.win.measureText().forEach((m, i) => {
          expect(m.fontSize, `after the control arrived: "${m.text}"`).to.be.closeTo(atDcl[i].fontSize, 0.01);
          if (!Number.isNaN(atDcl[i].lineHeight)) expect(m.lineHeight).to.be.closeTo(atDcl[i].lineHeight, 0.01);
        });
        await setLevel(control, 100);
        expect(page.win.measureText()).to.deep.equal(before);
        localStorage.removeItem(key);
      });
    }
  });
}
