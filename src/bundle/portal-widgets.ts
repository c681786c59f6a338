/**
 * The CDN's all-in-one file (`portal-widgets.js`, and `portal-widgets.iife.js` as a classic script). It exports what the
 * npm entry exports, but defines its five elements one task apart instead of all at once.
 *
 * Why: defining an element upgrades and renders every instance on the page in the same task, and five elements in one
 * task were one long task on a cheap phone (about 140 ms at 4x CPU on the demo page). Until its turn, an element stays
 * `:not(:defined)`, which `portal-widgets.css` reserves space for, and each element is defined and rendered in one task,
 * so it never shows empty. A page script waits with `customElements.whenDefined(tag)`. The npm entry keeps defining
 * synchronously: frameworks decide between properties and attributes by whether the element is defined yet.
 */
import { ContrastToggle } from '../contrast-toggle/contrast-toggle.component.js';
import { FontSizeControl } from '../font-size-control/font-size-control.component.js';
import { RelatedPosts } from '../related-posts/related-posts.component.js';
import { StarRating } from '../star-rating/star-rating.component.js';
import { VisitStats } from '../visit-stats/visit-stats.component.js';
import { CSSResult, html, render } from 'lit';
import type { PortalElement } from '../core/portal-element.js';

export { ContrastToggle, FontSizeControl, RelatedPosts, StarRating, VisitStats };
export { PortalElement } from '../core/portal-element.js';
export { registerLocale, type Messages, type PartialMessages } from '../core/locale.js';

/** The reader's two controls first (small, and their preferences are already applied by the head script), then the data widgets. */
const ELEMENTS: ReadonlyArray<[tag: string, element: typeof PortalElement]> = [
  ['contrast-toggle', ContrastToggle],
  ['font-size-control', FontSizeControl],
  ['visit-stats', VisitStats],
  ['star-rating', StarRating],
  ['related-posts', RelatedPosts],
];

/**
 * Each element in two tasks: first its styles are parsed (Lit builds its shared style sheets on the first upgrade),
 * then it is defined, which upgrades and renders every instance.
 */
const jobs = [
  // Lit's first render anywhere compiles its own code and starts the HTML parser: done once, in a task of its own.
  () => render(html`<i>${''}</i>`, document.createDocumentFragment()),
  ...ELEMENTS.flatMap(([tag, element]) => [
    () => {
      // Reading observedAttributes finalizes the class, which collects its styles.
      void element.observedAttributes;
      for (const style of element.elementStyles) if (style instanceof CSSResult) void style.styleSheet;
    },
    () => element.define(tag),
  ]),
];

// A message channel rather than timers: a page opened in a background tab would get one task a second.
const channel = new MessageChannel();
channel.port1.onmessage = () => {
  const job = jobs.shift();
  // The next task is asked for first: an element that throws as it renders does not keep the others undefined.
  if (jobs.length) channel.port2.postMessage(0);
  else channel.port1.close();
  job?.();
};
channel.port2.postMessage(0);
