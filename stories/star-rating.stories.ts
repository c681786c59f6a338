import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { whenIdle } from '../.storybook/fake-api.js';
import { endpoints } from './fixtures.js';

interface Args {
  src?: string;
  value?: number;
  count?: number;
  max?: number;
  readonly?: boolean;
  disabled?: boolean;
  name?: string;
  label?: string;
  'hide-average-until-voted'?: boolean;
  timeout?: number;
  score?: number | null;
  onChange?: (event: Event) => void;
  onRatingSaved?: (event: Event) => void;
  onRatingError?: (event: Event) => void;
}

const meta: Meta<Args> = {
  title: 'Widgets/Star rating',
  component: 'star-rating',
  tags: ['autodocs'],
  args: { src: endpoints.rating(), value: 5, count: 2 },
  argTypes: {
    src: { control: 'text' },
    value: { control: { type: 'number', min: 0, max: 10, step: 0.1 } },
    count: { control: { type: 'number', min: 0 } },
    max: { control: { type: 'number', min: 1, max: 10 } },
    timeout: { control: { type: 'number', min: 0 } },
    score: { control: { type: 'number', min: 1, max: 10 } },
  },
  render: (args) => html`<star-rating
    src=${ifDefined(args.src || undefined)}
    value=${ifDefined(args.value)}
    count=${ifDefined(args.count)}
    max=${ifDefined(args.max)}
    ?readonly=${args.readonly}
    ?disabled=${args.disabled}
    name=${ifDefined(args.name || undefined)}
    label=${ifDefined(args.label || undefined)}
    ?hide-average-until-voted=${args['hide-average-until-voted']}
    timeout=${ifDefined(args.timeout)}
    .score=${args.score ?? null}
    @change=${args.onChange}
    @rating-saved=${args.onRatingSaved}
    @rating-error=${args.onRatingError}
  ></star-rating>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Votes with a click, a tap, or the arrow keys and Enter. */
async function vote(canvasElement: HTMLElement, stars: number): Promise<void> {
  const rating = canvasElement.querySelector('star-rating')!;
  // The aggregate and the visitor's own vote are read first, as a reader would wait for the page. Only this rating's
  // requests are waited for: on the docs page a slow story's would hold the vote back 2.5 s.
  await whenIdle(rating.src);
  await rating.updateComplete;
  rating.shadowRoot!.querySelectorAll<HTMLElement>('[part~="star"]')[stars - 1].click();
  await whenIdle(rating.src);
  await rating.updateComplete;
}

/** The article page's rating: the CMS rendered 10 points from 2 ratings; the service confirms and takes votes. */
export const Default: Story = {};

/** After a vote of 4 stars: thanks, the reader's vote, and the button to withdraw it. */
export const AfterVoting: Story = {
  play: ({ canvasElement }) => vote(canvasElement, 4),
};

/** The service remembers this reader's vote (4 stars): it can be changed or withdrawn. */
export const AlreadyVoted: Story = {
  args: { src: endpoints.rating('already-voted'), value: 4.67, count: 3 },
};

/** Nothing rated yet. */
export const NoRatings: Story = {
  args: { src: endpoints.rating('no-ratings'), value: 0, count: 0 },
};

/** A listing of articles: the summary only, never focusable, one request per rating (no vote is read). */
export const ReadOnly: Story = {
  args: { src: undefined, value: 3.7, count: 12, readonly: true },
};

/** Shown but inert, e.g. while the portal closes voting on an article. */
export const Disabled: Story = {
  args: { disabled: true },
};

/** Before the service answers, with no numbers from the CMS: empty stars hold the place. The service never answers here. */
export const Loading: Story = {
  args: { src: endpoints.rating('no-answer'), value: undefined, count: undefined, timeout: 3_600_000 },
};

/** A slow service (2.5 s): the CMS's numbers are shown at once, the service's replace them. */
export const SlowService: Story = {
  args: { src: endpoints.rating('slow'), value: 4, count: 1 },
};

/** The service fails (500) and the CMS rendered no numbers: the rating says it is unavailable. */
export const ServiceDown: Story = {
  args: { src: endpoints.rating('failing'), value: undefined, count: undefined },
  parameters: {
    page: {
      note: '"Hiện không tải được điểm đánh giá" and the stars to vote: the service answered 500 and the CMS rendered no numbers.',
    },
  },
};

/** Offline: the CMS's numbers stay, and a vote would be rolled back with a message. */
export const Offline: Story = {
  args: { src: endpoints.rating('offline') },
  parameters: {
    page: {
      note: 'the numbers the CMS rendered, unchanged: the network is down, so a vote is rolled back with a message.',
    },
  },
};

/** The vote cannot be saved (503): it is rolled back exactly, with "Thử lại". */
export const VoteFailed: Story = {
  args: { src: endpoints.rating('vote-fails') },
  parameters: {
    page: {
      note: 'the numbers as they were, no star checked, and a line that the vote was not saved with "Thử lại": the reader voted 4 and the service answered 503.',
    },
  },
  play: ({ canvasElement }) => vote(canvasElement, 4),
};

/** Too many votes from this reader (429, Retry-After: 30): the vote is rolled back and the wait is given. */
export const RateLimited: Story = {
  args: { src: endpoints.rating('rate-limited') },
  parameters: {
    page: {
      note: 'the numbers as they were and how long to wait before voting again: the reader voted 4, and the service refused it (429, too many votes from this reader).',
    },
  },
  play: ({ canvasElement }) => vote(canvasElement, 4),
};

/** Answers that break the contract (strings, markup, sums that do not add up) never reach the screen. */
export const HostileService: Story = {
  args: { src: endpoints.rating('hostile'), value: undefined, count: undefined },
  play: async ({ canvasElement }) => {
    await vote(canvasElement, 5);
    if ((window as unknown as { __xss?: unknown }).__xss) throw new Error('A hostile answer ran script');
  },
};

/** Shows the average only once the reader has voted, so it does not anchor their vote. */
export const HideAverageUntilVoted: Story = {
  args: { 'hide-average-until-voted': true },
};

/** A ten-point scale with a label of its own, as a satisfaction survey uses it. */
export const TenStarsWithLabel: Story = {
  args: { src: undefined, max: 10, value: 7.4, count: 38, label: 'Mức độ hài lòng với dịch vụ công' },
};

/** A feedback form field: without `src` the form sends the vote (field `diem`), the page handles `change`. */
export const FormField: Story = {
  args: { src: undefined, value: undefined, count: undefined, name: 'diem' },
  render: (args, context) => html`<form @submit=${(event: Event) => event.preventDefault()}>
    ${meta.render!(args, context)}
    <button type="submit">Gửi</button>
  </form>`,
};
