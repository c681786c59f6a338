import { expect } from '@open-wc/testing';
import { readPreference, subscribePreference } from '../src/core/preference-store.js';
import { pageIdle, uniqueKey } from './helpers.js';

// A file of its own: the store starts listening once per page, and these tests watch that first time.
describe('preference store: other tabs', () => {
  it('listens for other tabs only once the page is idle, and misses no change made before then', async () => {
    const added: string[] = [];
    const original = window.addEventListener;
    window.addEventListener = function (this: Window, ...args: Parameters<typeof original>) {
      added.push(args[0]);
      return original.apply(this, args);
    } as typeof original;
    const [changed, unchanged] = [uniqueKey(), uniqueKey()];
    try {
      localStorage.setItem(changed, JSON.stringify({ level: 'more' }));
      localStorage.setItem(unchanged, JSON.stringify(130));
      const heard: unknown[] = [];
      expect(readPreference(changed)).to.deep.equal({ level: 'more' });
      expect(readPreference(unchanged)).to.equal(130);
      subscribePreference(changed, (value) => heard.push(value));
      subscribePreference(unchanged, (value) => heard.push(value));
      // Not in the task that subscribes (an element's definition): in Chromium a storage listener costs a
      // synchronous call to the browser.
      expect(added).to.not.include('storage');
      // Another tab writes before this page listens: no event will ever come for it.
      localStorage.setItem(changed, JSON.stringify({ level: 'less' }));
      await pageIdle();
      expect(added).to.include('storage');
      expect(heard).to.deep.equal([{ level: 'less' }]);
      expect(readPreference(changed)).to.deep.equal({ level: 'less' });
      // From then on, the events.
      window.dispatchEvent(new StorageEvent('storage', { key: changed, newValue: JSON.stringify({ level: 'more' }) }));
      expect(heard).to.deep.equal([{ level: 'less' }, { level: 'more' }]);
    } finally {
      window.addEventListener = original;
      localStorage.removeItem(changed);
      localStorage.removeItem(unchanged);
    }
  });
});
