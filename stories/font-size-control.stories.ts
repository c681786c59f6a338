import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { breakStorage, PAGE_WIDE } from '../.storybook/page-state.js';
import { articleBody, type Locale } from './article-page.js';

/** The attributes (by their HTML names) and the event handler the controls set. */
interface Args {
  value?: number;
  min?: number;
  max?: number;
  step?: number;
  target?: string;
  strategy?: 'auto' | 'root' | 'text' | 'zoom';
  'storage-key'?: string;
  onChange?: (event: Event) => void;
}

const meta: Meta<Args> = {
  title: 'Widgets/Font size control',
  component: 'font-size-control',
  tags: ['autodocs'],
  args: { target: '.news-detail' },
  argTypes: {
    strategy: { control: 'inline-radio', options: ['auto', 'root', 'text', 'zoom'] },
  },
  // The control scales the article beside it, as on a portal page: the sample is the demo portal's px-sized article.
  render: (args, { globals }) => html`<div class="portal-sample">
    <div class="tools">
      <font-size-control
        value=${ifDefined(args.value)}
        min=${ifDefined(args.min)}
        max=${ifDefined(args.max)}
        step=${ifDefined(args.step)}
        target=${ifDefined(args.target || undefined)}
        strategy=${ifDefined(args.strategy)}
        storage-key=${ifDefined(args['storage-key'] || undefined)}
        @change=${args.onChange}
      ></font-size-control>
    </div>
    ${articleBody(globals.locale as Locale, { photo: false })}
  </div>`,
};
export default meta;

type Story = StoryObj<Args>;

/** A reader's first visit: 100%, "A-" and "A" are available, nothing is stored yet. */
export const Default: Story = {};

/**
 * The reader chose 200% on an earlier page: the article opens at twice its size and "A+" is disabled. The level is
 * page-wide, so it is set in this story's own view, not on the docs page.
 */
export const AtTheLargestSize: Story = {
  parameters: { page: { textSize: 200 }, docs: PAGE_WIDE },
};

/** The smallest level, 80%: "A-" is disabled. Page-wide: see the story's own view. */
export const AtTheSmallestSize: Story = {
  parameters: { page: { textSize: 80 }, docs: PAGE_WIDE },
};

/** A portal that allows 100% to 150% in steps of 25%. */
export const CustomRange: Story = {
  args: { min: 100, max: 150, step: 25 },
};

/**
 * `zoom` also scales images and fixed widths; it keeps its own storage key here so that it does not share the page's
 * level (and strategy) with the other stories.
 */
export const ZoomStrategy: Story = {
  args: { strategy: 'zoom', 'storage-key': 'zoom-example', value: 120 },
};

/** Private browsing or blocked cookies: localStorage throws. The buttons still work; the level is not remembered. */
export const StorageUnavailable: Story = {
  beforeEach: () => breakStorage(),
  parameters: {
    page: {
      note: 'the same buttons as ever, and they work: this browser refuses storage (private browsing, blocked cookies), so the size lasts until the reader leaves the page.',
    },
  },
};
