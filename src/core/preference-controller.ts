import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { readPreference, subscribePreference, writePreference } from './preference-store.js';

export interface PreferenceOptions<T> {
  /** The storage key; read again on every update, so a changed attribute moves the subscription. */
  key: () => string;
  /** Turns a stored value into a valid one, or `undefined` when it is missing or malformed. */
  parse: (stored: unknown) => T | undefined;
  /** Called when the value changes from elsewhere: another instance, another tab, or a different key. */
  changed: (value: T | undefined) => void;
}

/** Binds a host to one shared, persisted preference. */
export class PreferenceController<T> implements ReactiveController {
  private key?: string;
  private unsubscribe?: () => void;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: PreferenceOptions<T>,
  ) {
    host.addController(this);
  }

  /** The current valid value, or `undefined` when nothing valid is stored. */
  get value(): T | undefined {
    return this.key === undefined ? undefined : this.options.parse(readPreference(this.key));
  }

  /** What is stored, valid or not: a host may keep more than its choice under its key. */
  get stored(): unknown {
    return this.key === undefined ? undefined : readPreference(this.key);
  }

  hostConnected(): void {
    this.bind();
  }

  hostUpdate(): void {
    if (this.options.key() !== this.key) this.bind();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.key = undefined;
  }

  /** Saves a value for every instance and tab. */
  set(value: T): void {
    if (this.key !== undefined) writePreference(this.key, value);
  }

  private bind(): void {
    this.unsubscribe?.();
    this.key = this.options.key();
    this.unsubscribe = subscribePreference(this.key, (stored) => this.options.changed(this.options.parse(stored)));
    this.options.changed(this.value);
  }
}
