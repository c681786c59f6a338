import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { breakStorage, PAGE_WIDE } from '../.storybook/page-state.js';
import { articleBody, type Locale } from './article-page.js';

interface Args {
  value?: 'normal' | 'more' | 'less';
  levels?: string;
  'no-stylesheet'?: boolean;
  'storage-key'?: string;
  onChange?: (event: Event) => void;
}

const meta: Meta<Args> = {
  title: 'Widgets/Contrast toggle',
  component: 'contrast-toggle',
  tags: ['autodocs'],
  argTypes: {
    value: { control: 'inline-radio', options: ['normal', 'more', 'less'] },
    levels: { control: 'inline-radio', options: ['normal more', 'less normal more'] },
  },
  // The toggle recolours the whole page; the article beside it shows what a reader sees.
  render: (args, { globals }) => html`<div class="portal-sample">
    <div class="tools">
      <contrast-toggle
        value=${ifDefined(args.value)}
        levels=${ifDefined(args.levels)}
        ?no-stylesheet=${args['no-stylesheet']}
        storage-key=${ifDefined(args['storage-key'] || undefined)}
        @change=${args.onChange}
      ></contrast-toggle>
    </div>
    ${articleBody(globals.locale as Locale, { photo: false })}
  </div>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Normal contrast: "Tăng tương phản" is available, "Giảm tương phản" is disabled. */
export const Default: Story = {};

/**
 * The reader chose more contrast on an earlier page: black on white, blue underlined links; "Tăng" is disabled. The level
 * is page-wide, so it is set in this story's own view and the story has no preview on the docs page.
 */
export const AtMoreContrast: Story = {
  parameters: { page: { contrast: 'more' }, docs: PAGE_WIDE },
};

/** A portal that also offers a softer level: the buttons step through less, normal and more. */
export const ThreeLevels: Story = {
  args: { levels: 'less normal more' },
};

/** The softer level: warm background, grey text. "Giảm tương phản" is disabled. Page-wide: see the story's own view. */
export const AtLessContrast: Story = {
  args: { levels: 'less normal more' },
  parameters: { page: { contrast: 'less' }, docs: PAGE_WIDE },
};

/**
 * With `no-stylesheet` the toggle only sets `html[data-contrast]`; the portal styles the level itself (here: white on
 * navy). Page-wide: see the story's own view.
 */
export const SiteStylesTheLevel: Story = {
  args: { 'no-stylesheet': true },
  parameters: { page: { contrast: 'more' }, docs: PAGE_WIDE },
  render: (args, context) => html`<style>
      html[data-contrast='more'] .portal-sample {
        padding: 1em;
        background: #001a4d;
      }
      html[data-contrast='more'] .portal-sample * {
        color: #fff !important;
      }
    </style>
    ${meta.render!(args, context)}`,
};

/** Private browsing or blocked cookies: localStorage throws. The buttons still work; the level is not remembered. */
export const StorageUnavailable: Story = {
  beforeEach: () => breakStorage(),
  parameters: {
    page: {
      note: 'the same buttons as ever, and they work: this browser refuses storage (private browsing, blocked cookies), so the level lasts until the reader leaves the page.',
    },
  },
};

/**
 * Under forced colours (Windows contrast themes) the system's colours win: both buttons are disabled and the toggle
 * says so. Checked with `forced-colors: active` by the smoke check.
 */
export const UnderForcedColors: Story = {
  tags: ['forced-colors'],
};
