// A data widget renders once with its loading state and once with its data: starting the request must not cost a
// render of its own (a page of a thousand read-only ratings pays for every extra one).
import { expect } from '@open-wc/testing';
import '../src/index.js';

async function rendersUntil(
  tag: string,
  attributes: Record<string, string>,
  done: (root: ShadowRoot) => boolean,
): Promise<number> {
  const el = document.createElement(tag) as HTMLElement & {
    update(changed: Map<string, unknown>): void;
    updateComplete: Promise<boolean>;
  };
  el.lang = 'vi';
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  let renders = 0;
  const update = el.update;
  el.update = function (changed) {
    renders++;
    update.call(this, changed);
  };
  document.body.append(el);
  try {
    for (let i = 0; i < 100 && !(el.shadowRoot && done(el.shadowRoot)); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(el.shadowRoot && done(el.shadowRoot), `${tag} showed its data`).to.equal(true);
    await el.updateComplete;
    return renders;
  } finally {
    el.remove();
  }
}

describe('renders of a data widget', () => {
  before(() => fetch('/api/v1/__reset', { method: 'POST' }));

  it('star-rating: two, loading then loaded', async () => {
    expect(
      await rendersUntil('star-rating', { src: '/api/v1/ratings/render-count' }, (root) =>
        root.textContent!.includes('Tổng số điểm'),
      ),
    ).to.equal(2);
  });

  it('visit-stats: two, loading then loaded', async () => {
    expect(
      await rendersUntil('visit-stats', { src: '/api/v1/stats' }, (root) => root.textContent!.includes('61.542')),
    ).to.equal(2);
  });

  it('related-posts: two, loading then loaded', async () => {
    expect(
      await rendersUntil(
        'related-posts',
        { src: '/api/v1/related/render-count' },
        (root) => root.querySelectorAll('a').length > 0,
      ),
    ).to.equal(2);
  });
});
