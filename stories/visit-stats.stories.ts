import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { endpoints, stats } from './fixtures.js';

interface Args {
  src?: string;
  fields?: string;
  track?: boolean;
  refresh?: number;
  label?: string;
  timeout?: number;
  data?: unknown;
  /** Numbers the CMS rendered into the page, as the inline JSON child. */
  inline?: unknown;
  onStatsError?: (event: Event) => void;
  /** The default slot, as the manifest names it: documented there, filled by the stories' own content. */
  '(default)'?: never;
}

const ALL_FIELDS = 'online today yesterday this-month last-month this-year total';

const meta: Meta<Args> = {
  title: 'Widgets/Visit stats',
  component: 'visit-stats',
  tags: ['autodocs'],
  args: { src: endpoints.stats(), track: true },
  argTypes: {
    src: { control: 'text' },
    fields: { control: 'text' },
    refresh: { control: { type: 'number', min: 10 } },
    timeout: { control: { type: 'number', min: 0 } },
    data: { control: 'object' },
    inline: { control: false, table: { disable: true } },
    '(default)': { control: false },
  },
  // The counter sits in a sidebar box about 270px wide on the ward portals.
  render: (args) => html`<div style="max-width: 270px">
    <visit-stats
      src=${ifDefined(args.src || undefined)}
      fields=${ifDefined(args.fields || undefined)}
      ?track=${args.track}
      refresh=${ifDefined(args.refresh)}
      label=${ifDefined(args.label || undefined)}
      timeout=${ifDefined(args.timeout)}
      .data=${args.data}
      @stats-error=${args.onStatsError}
      >${
        args.inline === undefined
          ? nothing
          : html`<script type="application/json">
            ${JSON.stringify(args.inline)}
          </script>`
      }</visit-stats
    >
  </div>`,
};
export default meta;

type Story = StoryObj<Args>;

/** The seed page's counter: today, yesterday, July, last month, 2024; the page view is counted with a beacon. */
export const Default: Story = {};

/** Every row, including visitors online now and the total. */
export const AllRows: Story = {
  args: { fields: ALL_FIELDS },
};

/** A month past 10,000 visits and a total in the millions: the numbers still fit the sidebar. */
export const TenThousandVisitMonth: Story = {
  args: { src: endpoints.stats('busy-month'), fields: ALL_FIELDS },
};

/** A portal that opened today: zeros are numbers, not missing data. */
export const NewSite: Story = {
  args: { src: endpoints.stats('new-site') },
};

/** Before the numbers arrive: a skeleton of the same rows holds the final height. The service never answers here. */
export const Loading: Story = {
  args: { src: endpoints.stats('no-answer'), timeout: 3_600_000 },
};

/** A slow service (2.5 s): the skeleton, then the numbers, with nothing below moving. */
export const SlowService: Story = {
  args: { src: endpoints.stats('slow') },
};

/** The service fails (500): every row shows a dash read as "không có dữ liệu", never 0 or NaN, and a line says why. */
export const ServiceDown: Story = {
  args: { src: endpoints.stats('failing') },
  parameters: {
    page: { note: 'a dash in every row and "Hiện không tải được số liệu truy cập.": the service answered 500.' },
  },
};

/** Offline: the same dashes and line. */
export const Offline: Story = {
  args: { src: endpoints.stats('offline') },
  parameters: {
    page: { note: 'a dash in every row and "Hiện không tải được số liệu truy cập.": the network is down.' },
  },
};

/**
 * Fields that break the contract (a string, a negative, a fraction, null, a number past 2^53) each show a dash; a date
 * without an offset gives "Tháng này" / "Năm nay" rather than a guess from the reader's clock.
 */
export const InvalidFields: Story = {
  args: { src: endpoints.stats('invalid'), fields: ALL_FIELDS },
};

/** Markup and script where numbers and the time zone belong: dashes, and nothing runs. */
export const HostileService: Story = {
  args: { src: endpoints.stats('hostile'), fields: ALL_FIELDS },
  play: () => {
    if ((window as unknown as { __xss?: unknown }).__xss) throw new Error('A hostile answer ran script');
  },
};

/** Without a service: the CMS renders the numbers as an inline JSON child (the default slot). */
export const InlineNumbers: Story = {
  args: { src: undefined, track: false, inline: stats },
};

/** Without a service, from script: the `data` property. */
export const DataProperty: Story = {
  args: { src: undefined, track: false, data: { ...stats, today: 57, yesterday: 311 } },
};
