/**
 * One value per key, shared by every element on the page, saved in localStorage and synced to other tabs.
 * When storage throws (private browsing, disabled cookies, a full quota) the value lives on in memory for this page.
 */
type Listener = (value: unknown) => void;

const values = new Map<string, unknown>();
const listeners = new Map<string, Set<Listener>>();
let listening = false;

function parse(raw: string | null): unknown {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function notify(key: string, value: unknown): void {
  for (const listener of [...(listeners.get(key) ?? [])]) listener(value);
}

function onStorage(event: StorageEvent): void {
  // A null key means another tab cleared the whole storage.
  const keys = event.key === null ? [...values.keys()] : [event.key];
  for (const key of keys) {
    if (!values.has(key) && !listeners.has(key)) continue;
    const value = parse(event.key === null ? null : event.newValue);
    values.set(key, value);
    notify(key, value);
  }
}

/** Reads a preference: the page's current value, else the stored one. */
export function readPreference(key: string): unknown {
  if (!values.has(key)) {
    let raw: string | null = null;
    try {
      raw = localStorage.getItem(key);
    } catch {
      // Storage is unavailable: the in-memory value (none yet) is all there is.
    }
    values.set(key, parse(raw));
  }
  return values.get(key);
}

/** Saves a preference (`undefined` removes it) and tells every subscriber on the page. */
export function writePreference(key: string, value: unknown): void {
  values.set(key, value);
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Kept in memory only: the choice still holds for this page.
  }
  notify(key, value);
}

/**
 * Starts hearing other tabs. In Chromium a `storage` listener also opens sessionStorage, whose permission check is a
 * synchronous call to the browser process: 3.5 ms on an idle machine, several times that while a page loads, and it
 * was half of the first control's definition task. So the listener waits until the page is idle after its load, and
 * then every key in use is read again: a change another tab made before then is not missed.
 */
function listenWhenIdle(): void {
  const listen = () => {
    window.addEventListener('storage', onStorage);
    for (const key of new Set([...values.keys(), ...listeners.keys()])) {
      let raw: string | null;
      try {
        raw = localStorage.getItem(key);
      } catch {
        return;
      }
      const value = parse(raw);
      if (JSON.stringify(value) !== JSON.stringify(values.get(key))) {
        values.set(key, value);
        notify(key, value);
      }
    }
  };
  const idle = () =>
    'requestIdleCallback' in window ? requestIdleCallback(listen, { timeout: 2000 }) : setTimeout(listen);
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}

/** Calls `listener` whenever the value of `key` changes on this page or in another tab. Returns the unsubscribe. */
export function subscribePreference(key: string, listener: Listener): () => void {
  if (!listening) {
    listening = true;
    listenWhenIdle();
  }
  let set = listeners.get(key);
  if (!set) listeners.set(key, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (!set.size) listeners.delete(key);
  };
}
