import { CSSResult, html, render, type TemplateResult } from 'lit';
import { langOf } from '../core/locale.js';
import type { PortalElement } from '../core/portal-element.js';

type Job = () => unknown;

/** The document every template's content lives in: it has no window, so nothing in it loads or runs. */
const templateDocument = () => document.createElement('template').content.ownerDocument;
type Prepared = HTMLElement & {
  localize: { hostUpdate(): void };
  willUpdate(changed: Map<PropertyKey, unknown>): void;
  render(): unknown;
};

/**
 * How the CDN files define their elements: not as they run, but in tasks of their own once the page's first paint is on
 * screen (see `afterFirstPaint`). Defining an element upgrades and renders every instance on the page in the same task,
 * and on a cheap phone the first version of this, one task per definition, still made long tasks. So every step that
 * can stand alone has a task of its own: the document for templates, a throwaway Lit render (Lit's own code runs for
 * the first time), then per element one task per stylesheet, the preparation of its templates (see `prepareTemplates`),
 * and last the definition. Until its turn an element stays `:not(:defined)` (which `portal-widgets.css` reserves space
 * for), and each element is defined and rendered in one task, so it never shows empty. A page script waits with
 * `customElements.whenDefined(tag)`. The npm modules keep defining at import: frameworks decide between properties and
 * attributes by whether it is defined yet.
 */
export function defineInTurn(elements: ReadonlyArray<[tag: string, element: typeof PortalElement]>): void {
  const jobs: Job[] = [
    // Made before it is needed (no parse here: a page may require Trusted Types).
    templateDocument,
    () => render(html`<i>${''}</i>`, document.createDocumentFragment()),
  ];
  for (const [tag, element] of elements) {
    let preparing = false;
    jobs.push(
      // Reading observedAttributes finalizes the class, which collects its styles; then each is parsed.
      () =>
        element.observedAttributes &&
        jobs.unshift(...element.elementStyles.map((style) => () => (style as CSSResult).styleSheet)),
      () => (preparing = prepareTemplates(tag, element, jobs)),
      // A second copy of the file on the page leaves the definition to the copy that prepared (and still defines
      // after it, so that two versions are told apart).
      () =>
        preparing || !customElements.get(`${tag}--prep`)
          ? element.define(tag)
          : customElements.whenDefined(tag).then(() => element.define(tag)),
    );
  }
  afterFirstPaint(() => inTasks(jobs));
}

/**
 * Calls `start` once the page's first paint is on screen (its paint timing entry, which the browser queues when the
 * frame is presented): until then the first frame's raster and image decoding run on the other cores, and on a phone
 * with two, tasks of ours run beside them took several times their own length. At once if the page has painted
 * already, is hidden (nothing is painted then) or the browser reports no paints; after half a second at most, for a
 * page with nothing of its own to paint.
 */
function afterFirstPaint(start: () => void): void {
  if (
    document.hidden ||
    !PerformanceObserver.supportedEntryTypes?.includes('paint') ||
    performance.getEntriesByType('paint').length
  )
    return start();
  const go = () => {
    observer.disconnect();
    clearTimeout(timer);
    start();
  };
  const observer = new PerformanceObserver(go);
  const timer = setTimeout(go, 500);
  observer.observe({ type: 'paint' });
}

/**
 * Puts at the front of `jobs` the preparation of the templates of an element's first render, and says whether it did:
 * Lit parses a template the first time it renders it, and that parsing was half of each definition's task. The
 * templates come from rendering an instance with the own attributes, properties, content and language of the page's
 * first one, not loading and loading. That instance is never connected, so its controllers never start, and it lives
 * with its content and renders in the template document, which has no window: nothing there loads or runs. It is of a
 * subclass defined under a tag of its own (`<tag>--prep`), because a class can only be constructed once defined. The
 * subclass, the instance, its render and then each template (innermost first) have a task each. Preparing is optional:
 * a step that fails leaves the rest to the definition, as without it.
 */
function prepareTemplates(tag: string, element: typeof PortalElement, jobs: Job[]): boolean {
  const prepTag = `${tag}--prep`;
  const sample = document.querySelector(tag);
  if (!sample || customElements.get(tag) || customElements.get(prepTag)) return false;
  customElements.define(prepTag, class extends (element as unknown as typeof HTMLElement) {});
  const inert = templateDocument();
  const properties = [...element.elementProperties.keys()];
  const quietly = (job: Job) => () => {
    try {
      job();
    } catch {
      // The definition prepares what this did not.
    }
  };
  jobs.unshift(
    quietly(() => {
      const prep = inert.adoptNode(document.createElement(prepTag)) as Prepared;
      for (const name of element.observedAttributes) {
        const value = sample.getAttribute(name);
        if (value !== null) prep.setAttribute(name, value);
      }
      for (const key of properties) {
        if (Object.hasOwn(sample, key)) (prep as unknown as Record<PropertyKey, unknown>)[key] = sample[key as never];
      }
      prep.append(...inert.importNode(sample, true).childNodes);
      prep.setAttribute('lang', langOf(sample));
      prep.localize.hostUpdate();
      // Every property as if just set, as before a first render.
      prep.willUpdate(new Map(properties.map((key) => [key, undefined])));
      jobs.unshift(
        quietly(() => {
          const seen = new Set<TemplateStringsArray>();
          const templates: Job[] = [];
          const walk = (value: unknown): void => {
            if (Array.isArray(value)) value.forEach(walk);
            else if ((value as TemplateResult)?._$litType$) {
              const result = value as TemplateResult;
              result.values.forEach(walk);
              if (!seen.has(result.strings)) {
                seen.add(result.strings);
                templates.push(quietly(() => render(result, inert.createDocumentFragment(), { creationScope: inert })));
              }
            }
          };
          walk(prep.render());
          // A widget with data to load first renders its loading state: that too. Its resource controllers are the
          // values with a `loading` flag (found by it, so that the files without one do not take the controller's code).
          const resources = Object.values(prep).filter((value) => (value as { loading?: unknown })?.loading === false);
          if (resources.length) {
            for (const resource of resources) resource.loading = true;
            walk(prep.render());
          }
          jobs.unshift(...templates);
        }),
      );
    }),
  );
  return true;
}

/** Runs each job in a task of its own, in order; a job may put new ones at the front of `jobs`. */
export function inTasks(jobs: Job[]): void {
  // A message channel rather than timers: a page opened in a background tab would get one task a second.
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    // The next task is asked for even when a job throws: it does not stop the ones after it.
    try {
      jobs.shift()!();
    } finally {
      if (jobs.length) channel.port2.postMessage(0);
    }
  };
  channel.port2.postMessage(0);
}
