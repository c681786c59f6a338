// The widgets inside a React 19 app and a Vue 3 app (both from the npm build): attributes, properties set by the
// framework (and set again when its state changes), the language of an ancestor, and events through each
// framework's own listener syntax. React and Vue are dev dependencies, used only by these pages.
import { expect } from '@open-wc/testing';
import { loadFrame } from './helpers.js';

const text = (doc: Document, tag: string) =>
  doc.querySelector(tag)!.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 30));
  expect(check(), what).to.equal(true);
}

for (const framework of ['react', 'vue']) {
  describe(`in a ${framework === 'react' ? 'React 19' : 'Vue 3'} app`, () => {
    afterEach(() => {
      document.querySelectorAll('iframe').forEach((frame) => frame.remove());
      localStorage.clear();
    });

    it('takes properties and attributes from the framework, speaks the ancestor’s language, and reports events', async () => {
      await fetch('/api/v1/__reset', { method: 'POST' });
      const { win } = await loadFrame(`/test/fixtures/${framework}.html`);
      const doc = win.document;
      await until(
        () => !!doc.querySelector('visit-stats')?.shadowRoot && /Total score/.test(text(doc, 'star-rating')),
        'rendered and loaded',
      );
      expect(win.pageErrors).to.deep.equal([]);

      // Properties: an object, an array, a number, set by the framework before or after the upgrade.
      expect(text(doc, 'visit-stats')).to.include('Today 7');
      expect(text(doc, 'visit-stats')).to.include('10,000');
      expect(text(doc, 'related-posts')).to.include('Related articles');
      expect(text(doc, 'related-posts')).to.include('First related article');
      doc.querySelector<HTMLButtonElement>('#new-items')!.click();
      await until(
        () => text(doc, 'related-posts').includes('Second related article'),
        'items replaced by the framework',
      );
      expect(text(doc, 'related-posts')).to.not.include('First related article');

      const part = (tag: string, name: string) =>
        doc.querySelector(tag)!.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
      const control = doc.querySelector('font-size-control') as HTMLElement & { updateComplete: Promise<unknown> };
      for (let i = 0; i < 5; i++) {
        part('font-size-control', 'increase').click();
        await control.updateComplete;
      }
      // max = 150 came from the framework: the fifth press is refused.
      expect(part('font-size-control', 'increase').getAttribute('aria-disabled')).to.equal('true');
      expect(parseFloat(win.getComputedStyle(doc.querySelector('#article p')!).fontSize)).to.be.closeTo(19.5, 0.5);
      // levels = ['normal', 'more'] came from the framework: one step up, then no further.
      part('contrast-toggle', 'increase').click();
      await (doc.querySelector('contrast-toggle') as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      expect(part('contrast-toggle', 'increase').getAttribute('aria-disabled')).to.equal('true');

      // Attribute src, then an event through the framework's listener once the server accepts the vote.
      part('star-rating', 'star').click();
      await until(
        () => win.hostEvents.some(([name]: [string]) => name === 'rating-saved'),
        'rating-saved reached the app',
      );
      const saved = win.hostEvents.find(([name]: [string]) => name === 'rating-saved')[1];
      expect(saved).to.include({ count: 3, sum: 11, score: 1 });
      expect(
        win.hostEvents
          .filter(([name]: [string]) => name === 'font-size change')
          .map(([, value]: [string, number]) => value),
      ).to.deep.equal([110, 120, 130, 140, 150]);
      expect(
        win.hostEvents
          .filter(([name]: [string]) => name === 'contrast change')
          .map(([, value]: [string, string]) => value),
      ).to.deep.equal(['more']);
      expect(win.pageErrors).to.deep.equal([]);
    });
  });
}
