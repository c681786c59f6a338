import { readPreference, writePreference } from './preference-store.js';

const KEY = 'portal-widgets:visitor';

function randomId(): string {
  // randomUUID needs a secure context; many portals still serve plain http.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * An opaque random id for this browser, created once and kept in localStorage (in memory where storage is unavailable).
 * It only lets a visitor change or withdraw their own vote; servers must not trust it for anything else.
 */
export function visitorId(): string {
  const stored = readPreference(KEY);
  if (typeof stored === 'string' && /^[\w-]{16,64}$/.test(stored)) return stored;
  const id = randomId();
  writePreference(KEY, id);
  return id;
}
