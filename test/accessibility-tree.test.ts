// What a screen reader gets, read from the browser's own accessibility tree rather than from our markup.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/index.js';
import { uniqueKey } from './helpers.js';

interface AXNode {
  role: string;
  name?: string;
  disabled?: boolean;
  children?: AXNode[];
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
});
