import { CSSResult, html, render } from 'lit';
import type { PortalElement } from '../core/portal-element.js';

/**
 * How the CDN files define their elements: not as they run, but in tasks of their own right after. Defining an element
 * upgrades and renders every instance on the page in the same task, which with the file's own evaluation (and for the
 * all-in-one file, five elements) made one long task on a cheap phone. First a throwaway Lit render (Lit's own code
 * runs for the first time), then per element a task that parses its styles and a task that defines it. Until its turn
 * an element stays `:not(:defined)` (which `portal-widgets.css` reserves space for), and each element is defined and
 * rendered in one task, so it never shows empty. A page script waits with `customElements.whenDefined(tag)`. The npm
 * modules keep defining at import: frameworks decide between properties and attributes by whether it is defined yet.
 */
export function defineInTurn(elements: ReadonlyArray<[tag: string, element: typeof PortalElement]>): void {
  const jobs: (() => unknown)[] = [() => render(html`<i>${''}</i>`, document.createDocumentFragment())];
  for (const [tag, element] of elements) {
    // Reading observedAttributes finalizes the class, which collects its styles; then they are parsed.
    jobs.push(
      () => element.observedAttributes && element.elementStyles.map((style) => (style as CSSResult).styleSheet),
      () => element.define(tag),
    );
  }
  inTasks(jobs);
}

/** Runs each job in a task of its own, in order. */
export function inTasks(jobs: (() => unknown)[]): void {
  // A message channel rather than timers: a page opened in a background tab would get one task a second.
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    // The next task is asked for first: a job that throws does not stop the ones after it.
    if (jobs.length > 1) channel.port2.postMessage(0);
    jobs.shift()!();
  };
  channel.port2.postMessage(0);
}
