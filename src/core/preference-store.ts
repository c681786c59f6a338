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

/** Calls `listener` whenever the value of `key` changes on this page or in another tab. Returns the unsubscribe. */
export function subscribePreference(key: string, listener: Listener): () => void {
  if (!listening) {
    listening = true;
    window.addEventListener('storage', onStorage);
  }
  let set = listeners.get(key);
  if (!set) listeners.set(key, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (!set.size) listeners.delete(key);
  };
}
