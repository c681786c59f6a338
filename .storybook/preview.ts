import { html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { setCustomElementsManifest, type Decorator, type Preview } from '@storybook/web-components-vite';
import { installFakeApi, resetFakeApi, whenIdle } from './fake-api.js';
import { manifestForControls } from './manifest.js';
import { forgetPreferences, storeContrast, storeTextSize, type ContrastLevel } from './page-state.js';
// Registers the five elements, from source.
import '../src/index.js';

setCustomElementsManifest(manifestForControls());
installFakeApi();

type ArgTypesEnhancer = NonNullable<Preview['argTypesEnhancers']>[number];

/** What a story can ask of the page around it, as `parameters.page`. */
export interface PageParameters {
  /**
   * The stored text size, in percent, as if the reader had chosen it on an earlier page. Page-wide, so applied in the
   * story's own view only: a docs page shows many stories on one page.
   */
  textSize?: number;
  /** The stored contrast level; page-wide too, so story view only. */
  contrast?: ContrastLevel;
  /** The direction around the story. */
  dir?: 'ltr' | 'rtl';
  /**
   * What the reader sees in this state and why, written on the canvas above the story: an empty or offline widget may
   * show little or nothing, and the canvas must not look broken.
   */
  note?: string;
}

declare global {
  interface Window {
    /** Read by scripts/storybook-smoke.mjs to know when the widgets' requests are done. */
    __fakeApi?: { whenIdle: () => Promise<void> };
  }
}
window.__fakeApi = { whenIdle };

/** The story whose page state was last prepared, so re-renders (a changed control) keep what the designer clicked. */
let prepared: string | undefined;
/** The toolbar's contrast level last written, so only a change of the toolbar overrides a level chosen in the story. */
let toolbarContrast: ContrastLevel | undefined;

const FORCED_COLORS_NOTE = html`<p lang="en">
  Forced colours (Windows contrast themes) cannot be switched on from a page. The smoke check opens this story with
  <code>forced-colors: active</code>; to see it here, use DevTools → Rendering → “Emulate CSS media feature
  forced-colors”.
</p>`;

/**
 * Controls for the manifest's rows that are not attributes: every `--portal-*` custom property can be tried live (a
 * colour picker for colours); events, slots and parts are documentation only.
 */
const controlsFromManifest: ArgTypesEnhancer = Object.assign(
  ({ argTypes }: Parameters<ArgTypesEnhancer>[0]) =>
    Object.fromEntries(
      Object.entries(argTypes).map(([name, argType]) => {
        const category = argType.table?.category;
        if (category === 'css custom properties') {
          return [name, { ...argType, control: { type: /color|-(bg|fg|link|focus)$/.test(name) ? 'color' : 'text' } }];
        }
        if (category === 'events' || category === 'slots' || category === 'css shadow parts') {
          return [name, { ...argType, control: { disable: true } }];
        }
        return [name, argType];
      }),
    ),
  { secondPass: true },
);

/** The custom properties a designer set in the controls, applied around the story so the widgets inherit them. */
function customPropertyArgs(args: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(args).filter(
      (entry): entry is [string, string] =>
        entry[0].startsWith('--') && typeof entry[1] === 'string' && entry[1] !== '',
    ),
  );
}

const withPage: Decorator = (story, context) => {
  const locale = context.globals.locale as string;
  const contrast = context.globals.contrast as ContrastLevel;
  const page = (context.parameters.page ?? {}) as PageParameters;
  if (contrast !== toolbarContrast) {
    // Untouched at "normal", the widgets behave as on a first visit (they follow prefers-contrast).
    const first = toolbarContrast === undefined;
    toolbarContrast = contrast;
    if (!first || contrast !== 'normal') storeContrast(contrast);
  }
  const pageContrast = context.viewMode === 'story' && page.contrast ? page.contrast : contrast;
  const forced = context.tags.includes('forced-colors');
  const emulated = forced && matchMedia('(forced-colors: active)').matches;
  // A portal has the contrast toggle in its header on every page; this one stands in for it, so a widget shown alone
  // is also seen at the level chosen in the toolbar.
  return html`<div lang=${locale} dir=${page.dir ?? nothing} style=${styleMap(customPropertyArgs(context.args))}>
    ${pageContrast !== 'normal' ? html`<contrast-toggle hidden levels="less normal more"></contrast-toggle>` : nothing}
    ${forced && !emulated ? FORCED_COLORS_NOTE : nothing}
    ${page.note ? html`<p lang="en" class="story-note"><strong>What the reader sees:</strong> ${page.note}</p>` : nothing}
    ${story()}
  </div>`;
};

const preview: Preview = {
  decorators: [withPage],
  argTypesEnhancers: [controlsFromManifest],
  beforeEach: (context) => {
    if (context.viewMode !== 'story' || context.id === prepared) return undefined;
    prepared = context.id;
    resetFakeApi();
    forgetPreferences();
    const page = (context.parameters.page ?? {}) as PageParameters;
    if (page.textSize) storeTextSize(page.textSize);
    toolbarContrast = context.globals.contrast as ContrastLevel;
    const level = page.contrast ?? (toolbarContrast === 'normal' ? undefined : toolbarContrast);
    if (level) storeContrast(level);
    return () => {
      prepared = undefined;
      toolbarContrast = undefined;
      forgetPreferences();
    };
  },
  globalTypes: {
    locale: {
      description: 'Language of the widgets (the lang attribute around the story)',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'vi', title: 'Tiếng Việt', right: 'vi' },
          { value: 'en', title: 'English', right: 'en' },
        ],
        dynamicTitle: true,
      },
    },
    contrast: {
      description: 'The page contrast level, as <contrast-toggle> stores it',
      toolbar: {
        title: 'Contrast',
        icon: 'contrast',
        items: [
          { value: 'normal', title: 'Normal contrast' },
          { value: 'more', title: 'More contrast' },
          { value: 'less', title: 'Less contrast' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'vi', contrast: 'normal' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    // Violations fail the story in Storybook's own test tools too, not only in the smoke check.
    a11y: { test: 'error' },
    // Stories with a play function (a vote, a click) show the state it leads to on the docs page too.
    docs: { toc: false, story: { autoplay: true } },
    options: {
      storySort: {
        order: [
          'Theming',
          'Widgets',
          ['Font size control', 'Contrast toggle', 'Star rating', 'Visit stats', 'Related posts'],
          'Article page',
        ],
      },
    },
  },
};

export default preview;
