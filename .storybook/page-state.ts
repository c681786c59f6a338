/**
 * The page-wide preferences the widgets keep (text size and contrast), set and forgotten the way a reader's browser
 * does it: in localStorage under the documented keys, announced with a `storage` event, which the widgets already
 * listen to in order to follow other tabs. So Storybook uses no internals of the widgets, and one story never inherits
 * the text size or the contrast a designer chose in the previous one.
 */
export const TEXT_SIZE_KEY = 'portal-widgets:text-size';
export const CONTRAST_KEY = 'portal-widgets:contrast';
const PREFIX = 'portal-widgets:';

export type ContrastLevel = 'normal' | 'more' | 'less';

/**
 * The docs parameters of a story whose state is page-wide (a stored text size or contrast level, set in the story's own
 * view only): a docs page shows an element's stories together, where it would show them at another level, so such a
 * story has no preview there.
 */
export const PAGE_WIDE = { disable: true };

/** Saves a preference and tells the widgets on the page, as a change in another tab would. */
export function storePreference(key: string, value: unknown): void {
  const newValue = JSON.stringify(value);
  localStorage.setItem(key, newValue);
  window.dispatchEvent(new StorageEvent('storage', { key, newValue, storageArea: localStorage }));
}

/** The stored text size, in the format the head script reads. */
export function storeTextSize(level: number): void {
  storePreference(TEXT_SIZE_KEY, { level, target: null, strategy: 'auto', css: '' });
}

export function storeContrast(level: ContrastLevel): void {
  storePreference(CONTRAST_KEY, { level, sheet: true });
}

/**
 * Forgets every stored preference (and the visitor id). A `storage` event without a key is what another tab's
 * `localStorage.clear()` sends: widgets still on the page go back to their defaults and put the page back as it was.
 */
export function forgetPreferences(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
  window.dispatchEvent(new StorageEvent('storage', { key: null, storageArea: localStorage }));
  document.documentElement.removeAttribute('data-contrast');
}

/**
 * Makes localStorage throw, as private browsing, blocked cookies or a full quota do, until the returned function runs.
 * Storybook's own use of storage is unaffected: only the widgets' keys fail.
 */
export function breakStorage(): () => void {
  const proto = Storage.prototype;
  const original = { getItem: proto.getItem, setItem: proto.setItem, removeItem: proto.removeItem };
  const guard = <T extends (...args: never[]) => unknown>(method: T) =>
    function (this: Storage, key: string, ...rest: unknown[]) {
      if (String(key).startsWith(PREFIX)) throw new DOMException('The operation is insecure.', 'SecurityError');
      return (method as unknown as (...args: unknown[]) => unknown).call(this, key, ...rest);
    };
  proto.getItem = guard(original.getItem) as Storage['getItem'];
  proto.setItem = guard(original.setItem) as Storage['setItem'];
  proto.removeItem = guard(original.removeItem) as Storage['removeItem'];
  return () => Object.assign(proto, original);
}
