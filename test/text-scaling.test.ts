import { expect, fixture, html } from '@open-wc/testing';
import '../src/font-size-control/font-size-control.js';
import type { FontSizeControl } from '../src/font-size-control/font-size-control.component.js';
import { page, part, settle, size, uniqueKey } from './helpers.js';

// A px page like the legacy portal fixture: 13px body text, px line-heights, nested sizes, !important rules.
const PX_CSS = `
  .pxpage { font-size: 13px; line-height: 18px; }
  .pxpage .article p { font-size: 13px; line-height: 20px; }
  .pxpage .article .title { font-size: 18px; line-height: 24px; }
  .pxpage .article .small { font-size: 11px; }
  .pxpage .article .pct { font-size: 90%; }
  .pxpage .article .imp { font-size: 12px !important; line-height: 16px !important; }
  .pxpage .article .kw { font-size: small; }
  .pxpage .article .pt { font-size: 12pt; }
  @media (min-width: 1px) { .pxpage .article .media { font-size: 15px; } }
  .pxpage .outside p { font-size: 13px; line-height: 20px; }
`;

const PX_MARKUP = `<div class="pxpage">
  <div class="article">
    <h1 class="title">Tiêu đề</h1>
    <p id="p">Đoạn văn <span id="nested">lồng <b id="deep">sâu</b></span> <span class="small" id="small">nhỏ</span>
      <span class="pct" id="pct">phần trăm</span></p>
    <p class="imp" id="imp">quan trọng</p>
    <p id="inline" style="font-size: 14px; line-height: 22px; color: rgb(1, 2, 3)">nội tuyến</p>
    <p id="inline-imp" style="font-size: 15px !important">nội tuyến quan trọng</p>
    <div id="loose">chữ trực tiếp</div>
    <p class="kw" id="kw">từ khoá</p>
    <p class="pt" id="pt">điểm</p>
    <p class="media" id="media">media</p>
  </div>
  <div class="outside"><p id="out">bên ngoài</p></div>
</div>`;

const ids = ['p', 'nested', 'deep', 'small', 'pct', 'imp', 'inline', 'inline-imp', 'loose', 'kw', 'pt', 'media', 'out'];

function measure(root: HTMLElement) {
  const result: Record<string, { fontSize: number; lineHeight: number }> = {};
  for (const id of ids) {
    const el = root.querySelector(`#${id}`)!;
    result[id] = { fontSize: size(el), lineHeight: size(el, 'lineHeight') };
  }
  result.title = {
    fontSize: size(root.querySelector('.title')!),
    lineHeight: size(root.querySelector('.title')!, 'lineHeight'),
  };
  return result;
}

async function control(target: string, strategy: string) {
  return fixture<FontSizeControl>(html`<font-size-control
    storage-key=${uniqueKey()}
    target=${target}
    strategy=${strategy}
  ></font-size-control>`);
}

async function setLevel(el: FontSizeControl, level: number) {
  el.value = level;
  await el.updateComplete;
  await settle();
}

for (const strategy of ['auto', 'text', 'root']) {
  describe(`text scaling on a px page, strategy "${strategy}"`, () => {
    let fx: ReturnType<typeof page>;
    let el: FontSizeControl;
    const target = strategy === 'root' ? '' : '.pxpage .article';

    beforeEach(async () => {
      fx = page(PX_CSS, PX_MARKUP);
      el = await control(target, strategy);
    });
    afterEach(async () => {
      await setLevel(el, 100);
      fx.remove();
    });

    it('scales every text k times its original size, without compounding nested elements', async () => {
      const before = measure(fx.root);
      await setLevel(el, 150);
      const after = measure(fx.root);
      for (const id of ids.filter((id) => id !== 'out').concat('title')) {
        expect(after[id].fontSize, `${id} font-size`).to.be.closeTo(before[id].fontSize * 1.5, 0.5);
      }
    });

    it('scales px line-heights with the text, so lines never overlap', async () => {
      const before = measure(fx.root);
      await setLevel(el, 200);
      const after = measure(fx.root);
      for (const id of ['p', 'imp', 'inline', 'loose']) {
        expect(after[id].lineHeight, `${id} line-height`).to.be.closeTo(before[id].lineHeight * 2, 0.5);
        expect(after[id].lineHeight).to.be.at.least(after[id].fontSize);
      }
    });

    if (strategy !== 'root') {
      it('leaves text outside the target alone', async () => {
        const before = measure(fx.root);
        await setLevel(el, 180);
        expect(measure(fx.root).out).to.deep.equal(before.out);
      });
    }

    it('scales content added to the target later', async () => {
      await setLevel(el, 150);
      const article = fx.root.querySelector('.article')!;
      article.insertAdjacentHTML(
        'beforeend',
        '<p id="late">mới</p><p id="late-inline" style="font-size: 16px">mới</p>',
      );
      await settle();
      expect(size(fx.root.querySelector('#late')!)).to.be.closeTo(19.5, 0.5);
      expect(size(fx.root.querySelector('#late-inline')!)).to.be.closeTo(24, 0.5);
    });

    it('restores the page exactly at 100%, with no inline style left behind', async () => {
      const before = measure(fx.root);
      const markup = fx.root.innerHTML;
      const sheets = document.adoptedStyleSheets.length;
      await setLevel(el, 130);
      await setLevel(el, 170);
      part(el, 'reset').click();
      await el.updateComplete;
      await settle();
      expect(measure(fx.root)).to.deep.equal(before);
      expect(fx.root.innerHTML).to.equal(markup);
      expect(document.adoptedStyleSheets.length).to.equal(sheets);
    });
  });
}

// A failed test must not leave its page-wide scaling behind for the next one.
afterEach(async () => {
  for (const el of Array.from(document.querySelectorAll('font-size-control'))) await setLevel(el, 100);
});

describe('text scaling on a rem page', () => {
  const REM_CSS = `
    html.rempage { font-size: 100%; }
    .rempage-body .intro { font-size: 1.125rem; line-height: 1.5; }
    .rempage-body .note { font-size: 0.875rem; line-height: 1.25rem; }
    .rempage-body .lead { font-size: 1.2em; }
  `;
  const REM_MARKUP = `<div class="rempage-body">
    <p class="intro" id="intro">Giới thiệu <span class="lead" id="lead">dẫn</span></p>
    <p class="note" id="note">Ghi chú</p>
  </div>`;
  let fx: ReturnType<typeof page>;

  beforeEach(() => {
    document.documentElement.classList.add('rempage');
    fx = page(REM_CSS, REM_MARKUP);
  });
  afterEach(() => {
    fx.remove();
    document.documentElement.classList.remove('rempage');
  });

  for (const strategy of ['auto', 'root', 'text', 'zoom']) {
    it(`scales rem text and its line-heights k times with strategy "${strategy}"`, async () => {
      const el = await control(strategy === 'zoom' || strategy === 'text' ? '.rempage-body' : '', strategy);
      const targets = ['intro', 'lead', 'note'].map((id) => fx.root.querySelector(`#${id}`)!);
      const effective = (t: Element, prop: 'fontSize' | 'lineHeight') =>
        size(t, prop) * ((t as HTMLElement & { currentCSSZoom?: number }).currentCSSZoom ?? 1);
      const before = targets.map((t) => [effective(t, 'fontSize'), effective(t, 'lineHeight')]);
      const rootBefore = size(document.documentElement);
      await setLevel(el, 150);
      targets.forEach((t, i) => {
        expect(effective(t, 'fontSize'), `${t.id} font-size`).to.be.closeTo(before[i][0] * 1.5, 0.5);
        expect(effective(t, 'lineHeight'), `${t.id} line-height`).to.be.closeTo(before[i][1] * 1.5, 0.75);
      });
      if (strategy === 'auto' || strategy === 'root') {
        // A rem site is scaled at its root, so rem-sized boxes grow with the text.
        expect(size(document.documentElement)).to.be.closeTo(rootBefore * 1.5, 0.5);
      } else {
        expect(size(document.documentElement)).to.equal(rootBefore);
      }
      await setLevel(el, 100);
      targets.forEach((t, i) => expect(effective(t, 'fontSize')).to.equal(before[i][0]));
    });
  }
});

describe('text scaling with zoom on a px page', () => {
  it('scales the rendered text of the target and nothing else', async () => {
    const fx = page(PX_CSS, PX_MARKUP);
    const el = await control('.pxpage .article', 'zoom');
    const p = fx.root.querySelector('#p')!;
    const out = fx.root.querySelector('#out')!;
    const width = (node: Element) => node.getBoundingClientRect().height;
    const [pBefore, outBefore] = [width(p), width(out)];
    await setLevel(el, 150);
    expect(width(p)).to.be.closeTo(pBefore * 1.5, 1.5);
    expect(width(out)).to.equal(outBefore);
    await setLevel(el, 100);
    expect(width(p)).to.equal(pBefore);
    fx.remove();
  });
});

describe('text scaling in a long-lived page', () => {
  it('keeps scaling inline sizes of elements that come and go, and lets removed ones go', async () => {
    const fx = page('', '<div class="churn" id="churn"></div>');
    const el = await control('.churn', 'text');
    await setLevel(el, 150);
    const box = fx.root.querySelector('#churn')!;
    for (let i = 0; i < 20; i++) {
      box.innerHTML = `<p id="c${i}" style="font-size: 10px">${i}</p>`;
      await settle();
      expect(size(box.querySelector('p')!)).to.be.closeTo(15, 0.5);
    }
    const moved = box.querySelector('p')!;
    box.remove();
    fx.root.append(moved);
    await settle();
    // Outside the target now: the scaled inline size it carried is still its own until reset.
    await setLevel(el, 100);
    expect(moved.getAttribute('style')).to.equal('font-size: 10px');
    fx.remove();
  });
});

describe('text scaling of stylesheets that arrive later', () => {
  it('rewrites rules from a stylesheet added after scaling started', async () => {
    const fx = page('.late-page p { font-size: 13px; }', '<div class="late-page"><p id="lp">chữ</p></div>');
    const el = await control('.late-page', 'text');
    await setLevel(el, 150);
    const p = fx.root.querySelector('#lp')!;
    expect(size(p)).to.be.closeTo(19.5, 0.5);
    const extra = document.createElement('style');
    extra.textContent = '.late-page p { font-size: 10px; }';
    document.head.append(extra);
    await settle();
    expect(size(p)).to.be.closeTo(15, 0.5);
    await setLevel(el, 100);
    expect(size(p)).to.equal(10);
    extra.remove();
    fx.remove();
  });

  it('scales a target that appears after the control', async () => {
    const el = await control('.arrives-late', 'text');
    await setLevel(el, 200);
    const fx = page('.arrives-late { font-size: 12px; }', '<div class="arrives-late" id="al">muộn</div>');
    await settle();
    expect(size(fx.root.querySelector('#al')!)).to.be.closeTo(24, 0.5);
    await setLevel(el, 100);
    expect(size(fx.root.querySelector('#al')!)).to.equal(12);
    fx.remove();
  });

  it('falls back to the whole page for an invalid target selector', async () => {
    const fx = page('.bad-target p { font-size: 10px; }', '<div class="bad-target"><p id="bt">chữ</p></div>');
    const el = await control('##not a selector', 'text');
    await setLevel(el, 150);
    expect(size(fx.root.querySelector('#bt')!)).to.be.closeTo(15, 0.5);
    await setLevel(el, 100);
    fx.remove();
  });
});

describe('text scaling of a theme with thousands of rules, rewritten in slices', () => {
  // Enough rules for a rewrite of many slices, and few enough for the rules to be stored (under 256 kB).
  const RULES = Array.from({ length: 500 }, (_, i) => `.big-theme .r${i} { font-size: ${10 + (i % 9)}px; }`).join('\n');
  // A theme whose rewrite spans many tasks even on a fast machine.
  const HUGE = Array.from({ length: 4000 }, (_, i) => `.big-theme .r${i} { font-size: ${10 + (i % 9)}px; }`).join('\n');
  const MARKUP = `<div class="big-theme"><p class="r3" id="bt3">chữ</p><p class="r7" id="bt7" style="font-size: 9px">nội tuyến</p></div>`;
  const click = (el: FontSizeControl, name: string) => part(el, name).click();

  /** A+, then `second` a task later, while the rules are still being rewritten. */
  async function increaseThen(el: FontSizeControl, second: string) {
    click(el, 'increase');
    await new Promise((resolve) => setTimeout(resolve));
    click(el, second);
    await el.updateComplete;
  }

  /** Runs `check` on the theme's page; a failed check must not leave the level on for the next test's page. */
  async function onBigTheme(check: (fx: ReturnType<typeof page>, el: FontSizeControl) => Promise<void>, rules = RULES) {
    const fx = page(rules, MARKUP);
    const el = await control('.big-theme', 'text');
    try {
      await check(fx, el);
    } finally {
      await setLevel(el, 100);
      fx.remove();
    }
  }

  it('gives the main thread back while it rewrites, and the old size stays until the new rules replace it at once', () =>
    onBigTheme(async (fx, el) => {
      const p = fx.root.querySelector<HTMLElement>('#bt3')!;
      // A timer set when the level is chosen fires before the rules are in place: the rewrite is not one long task.
      let sizeWhenTimerFired = 0;
      click(el, 'increase');
      setTimeout(() => (sizeWhenTimerFired = size(p)));
      await el.updateComplete;
      expect(sizeWhenTimerFired).to.equal(13);
      await settle();
      expect(size(p)).to.be.closeTo(14.3, 0.5);
      expect(size(fx.root.querySelector('#bt7')!)).to.be.closeTo(9.9, 0.5);
      await setLevel(el, 100);
      expect(size(p)).to.equal(13);
      expect(fx.root.querySelector('#bt7')!.getAttribute('style')).to.equal('font-size: 9px');
      expect(document.adoptedStyleSheets.some((sheet) => sheet.cssRules.length > 0)).to.equal(false);
    }));

  it('back to 100% before the rewrite ends: nothing of it reaches the page, and 100% is what is stored', () =>
    onBigTheme(async (fx, el) => {
      await increaseThen(el, 'reset');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(size(fx.root.querySelector('#bt3')!)).to.equal(13);
      expect(fx.root.querySelector('#bt7')!.getAttribute('style')).to.equal('font-size: 9px');
      expect(document.adoptedStyleSheets.some((sheet) => sheet.cssRules.length > 0)).to.equal(false);
      expect(JSON.parse(localStorage.getItem(el.storageKey)!).level).to.equal(100);
    }));

  it('a second level chosen during the rewrite is the one applied and stored, with the rules', () =>
    onBigTheme(async (fx, el) => {
      await increaseThen(el, 'increase');
      await settle();
      expect(size(fx.root.querySelector('#bt3')!)).to.be.closeTo(15.6, 0.5);
      const stored = JSON.parse(localStorage.getItem(el.storageKey)!);
      expect(stored.level).to.equal(120);
      expect(stored.css).to.include('.r499');
      await setLevel(el, 100);
    }));

  it('is not restarted by a page that restyles its root on every frame while it rewrites', () =>
    onBigTheme(async (fx, el) => {
      // As a mobile page writing --vh on each resize or scroll: every task until the rewrite ends, 500 at most.
      let done = false;
      let restyles = 0;
      const root = document.documentElement;
      const restyle = (i: number) => {
        restyles = i;
        root.style.setProperty('--test-vh', `${i}px`);
        if (!done && i < 500) setTimeout(() => restyle(i + 1));
      };
      restyle(0);
      click(el, 'increase');
      await el.updateComplete;
      done = true;
      root.style.removeProperty('--test-vh');
      // Done while the page was still restyling, not only once it stopped.
      expect(restyles).to.be.below(500);
      expect(size(fx.root.querySelector('#bt3')!)).to.be.closeTo(14.3, 0.5);
    }, HUGE));

  it('includes a stylesheet added while it rewrites', () =>
    onBigTheme(async (fx, el) => {
      click(el, 'increase');
      const late = document.createElement('style');
      late.textContent = '.big-theme #bt3 { font-size: 20px; }';
      document.head.append(late);
      await el.updateComplete;
      await settle();
      expect(size(fx.root.querySelector('#bt3')!)).to.be.closeTo(22, 0.5);
      await setLevel(el, 100);
      expect(size(fx.root.querySelector('#bt3')!)).to.equal(20);
      late.remove();
    }));
});

describe('text scaling of sizes read through custom properties', () => {
  it('follows a preset the page changes later, inline on the root or by a class on an ancestor', async () => {
    const fx = page(
      `:root { --later-size: 16px; } .later-theme { --later-size: 18px; } .later .big { font-size: var(--later-size); }`,
      '<div class="later"><p><span class="big" id="big">lớn</span></p></div>',
    );
    const el = await control('.later', 'text');
    const big = fx.root.querySelector('#big')!;
    await setLevel(el, 150);
    expect(size(big)).to.be.closeTo(24, 0.5);
    document.documentElement.style.setProperty('--later-size', '20px');
    await settle();
    expect(size(big)).to.be.closeTo(30, 0.5);
    document.documentElement.style.removeProperty('--later-size');
    fx.root.querySelector('.later')!.classList.add('later-theme');
    await settle();
    expect(size(big)).to.be.closeTo(27, 0.5);
    await setLevel(el, 100);
    expect(size(big)).to.equal(18);
    expect(document.documentElement.getAttribute('style') ?? '').not.to.include('--portal');
    fx.remove();
  });
});
