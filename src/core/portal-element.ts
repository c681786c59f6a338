import { LitElement } from 'lit';
import { LocaleController } from './locale.js';
import { VERSION } from './version.js';

const warnedTags = new Set<string>();

type VersionedConstructor = CustomElementConstructor & { version?: string };

/** The base of every portal widget: a guarded `define`, typed event dispatch and language resolution. */
export abstract class PortalElement extends LitElement {
  /** The library version that defined this class. */
  static version = VERSION;

  /**
   * Registers the element unless the tag is taken. CMS pages often load the same script twice, or the CDN bundle beside
   * the npm build: that must never throw. Two different versions get one console warning per tag.
   */
  static define(tag: string): void {
    const existing = customElements.get(tag) as VersionedConstructor | undefined;
    if (!existing) {
      customElements.define(tag, this as unknown as CustomElementConstructor);
      return;
    }
    if (existing.version !== this.version && !warnedTags.has(tag)) {
      warnedTags.add(tag);
      console.warn(
        `portal-widgets: <${tag}> is already defined by version ${existing.version ?? 'unknown'}; version ${this.version} was not registered.`,
      );
    }
  }

  /** @internal */
  protected readonly localize = new LocaleController(this);

  /** Dispatches a bubbling, composed event from the host and returns it. */
  protected emit<T = undefined>(name: string, detail?: T): CustomEvent<T> {
    const event = new CustomEvent<T>(name, { bubbles: true, composed: true, detail });
    this.dispatchEvent(event);
    return event;
  }
}
