// What a screen reader gets, read from the browser's own accessibility tree rather than from our markup.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import { uniqueKey } from './helpers.js';

interface AXNode {
  role: string;
  name?: string;
  description?: string;
  disabled?: boolean;
  checked?: boolean | 'mixed';
  focused?: boolean;
  children?: AXNode[];
}

function find(node: AXNode | false, role: string, found: AXNode[] = []): AXNode[] {
  if (!node) return found;
  if (node.role === role) found.push(node);
  for (const child of node.children ?? []) find(child, role, found);
  return found;
}

function buttons(node: AXNode | false, found: AXNode[] = []): AXNode[] {
  if (!node) return found;
  if (node.role === 'button') found.push(node);
  for (const child of node.children ?? []) buttons(child, found);
  return found;
}

describe('the accessibility tree', () => {
  for (const [lang, names] of [
    ['vi', ['Giảm cỡ chữ', 'Cỡ chữ mặc định', 'Tăng cỡ chữ', 'Tăng tương phản', 'Giảm tương phản']],
    ['en', ['Decrease text size', 'Reset text size', 'Increase text size', 'Increase contrast', 'Decrease contrast']],
  ] as const) {
    it(`names every button exactly in ${lang}, and marks the ones at their end as disabled`, async function () {
      await fixture(html`<div lang=${lang}>
        <font-size-control storage-key=${uniqueKey()} target="#none"></font-size-control>
        <contrast-toggle storage-key=${uniqueKey()}></contrast-toggle>
      </div>`);
      await new Promise((r) => setTimeout(r, 50));
      const tree = (await executeServerCommand('accessibility-tree')) as AXNode | false;
      if (!tree) this.skip(); // Firefox over WebDriver BiDi exposes no accessibility tree to scripts.
      const found = buttons(tree);
      expect(found.map((b) => b.name)).to.deep.equal(names);
      // A (reset) at 100% and "decrease contrast" at normal are disabled, but stay in the tree and in the tab order.
      expect(found.map((b) => Boolean(b.disabled))).to.deep.equal([false, true, false, false, true]);
    });
  }

  for (const [lang, group, normal, more] of [
    ['vi', 'Độ tương phản', 'Tương phản bình thường', 'Tương phản cao'],
    ['en', 'Contrast', 'Normal contrast', 'High contrast'],
  ] as const) {
    it(`says the contrast level in force in ${lang}, as the group's description`, async function () {
      const wrapper = await fixture(
        html`<div lang=${lang}><contrast-toggle storage-key=${uniqueKey()}></contrast-toggle></div>`,
      );
      const toggle = wrapper.querySelector('contrast-toggle')!;
      const describe = async () => {
        const tree = (await executeServerCommand('accessibility-tree', { all: true })) as AXNode | false;
        return tree && find(tree, 'group').find((node) => node.name === group)?.description;
      };
      const first = await describe();
      if (first === false) this.skip();
      expect(first).to.equal(normal);
      toggle.shadowRoot!.querySelector<HTMLButtonElement>('[part~="increase"]')!.click();
      await (toggle as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
      expect(await describe()).to.equal(more);
      // Said once: the description is not also text in the page (the one text is the change's announcement).
      const tree = (await executeServerCommand('accessibility-tree', { all: true })) as AXNode;
      expect(find(tree, 'StaticText').filter((node) => node.name === more)).to.have.length(1);
      document.documentElement.removeAttribute('data-contrast');
    });
  }

  for (const [lang, group, description, star] of [
    ['vi', 'Đánh giá bài viết', 'Dùng phím mũi tên để chọn, Enter để gửi', '4 sao'],
    ['en', 'Rate this article', 'Use the arrow keys to choose, Enter to send', '4 stars'],
  ] as const) {
    it(`describes how to vote on the rating in ${lang}, and says "checked" only of the saved vote`, async function () {
      const wrapper = await fixture(html`<div lang=${lang}><star-rating value="4" count="2"></star-rating></div>`);
      const rating = wrapper.querySelector('star-rating')!;
      await rating.updateComplete;
      const stars = Array.from(rating.shadowRoot!.querySelectorAll<HTMLElement>('[role="radio"]'));
      stars[0].focus();
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      await rating.updateComplete;
      const tree = (await executeServerCommand('accessibility-tree', { all: true })) as AXNode | false;
      if (!tree) this.skip();
      const [radiogroup] = find(tree, 'radiogroup');
      expect(radiogroup.name).to.equal(group);
      expect(radiogroup.description).to.equal(description);
      const radios = find(tree, 'radio');
      const focused = radios.find((r) => r.focused)!;
      expect(focused.name).to.equal(star);
      expect(radios.filter((r) => r.checked === true)).to.have.length(0);
      await sendKeys({ press: 'Enter' });
      await rating.updateComplete;
      const after = find((await executeServerCommand('accessibility-tree')) as AXNode, 'radio');
      expect(after.filter((r) => r.checked === true).map((r) => r.name)).to.deep.equal([star]);
    });
  }
});
