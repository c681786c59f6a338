import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { whenIdle } from '../.storybook/fake-api.js';
import { endpoints, relatedItems } from './fixtures.js';

interface Args {
  src?: string;
  items?: unknown[];
  heading?: string;
  'heading-level'?: number;
  layout?: 'list' | 'grid';
  limit?: number;
  thumbnails?: boolean;
  excerpts?: boolean;
  'time-zone'?: string;
  timeout?: number;
  /** What the CMS rendered inside the element: its own list of links, or the items as inline JSON. */
  fallback?: 'cms-list' | 'inline-json';
  onRelatedError?: (event: Event) => void;
  /** The default slot, as the manifest names it: documented there, filled by the stories' own content. */
  '(default)'?: never;
}

/** The list a CMS renders inside the element: readable before the script loads, and kept if `src` fails. */
const cmsList = html`<ul>
  ${relatedItems
    .slice(0, 3)
    .map(
      (item) =>
        html`<li><a href=${item.url}>${item.title}</a> <time datetime=${ifDefined(item.publishedAt)}>${item.publishedAt}</time></li>`,
    )}
</ul>`;

function fallback(kind: Args['fallback']): TemplateResult | typeof nothing {
  if (kind === 'cms-list') return cmsList;
  if (kind === 'inline-json') {
    return html`<script type="application/json">
      ${JSON.stringify({ items: relatedItems.slice(3, 7) })}
    </script>`;
  }
  return nothing;
}

const meta: Meta<Args> = {
  title: 'Widgets/Related posts',
  component: 'related-posts',
  tags: ['autodocs'],
  args: { src: endpoints.related(), limit: 5 },
  argTypes: {
    src: { control: 'text' },
    items: { control: 'object' },
    layout: { control: 'inline-radio', options: ['list', 'grid'] },
    'heading-level': { control: { type: 'number', min: 1, max: 6 } },
    limit: { control: { type: 'number', min: 1, max: 100 } },
    timeout: { control: { type: 'number', min: 0 } },
    fallback: { control: 'inline-radio', options: [undefined, 'cms-list', 'inline-json'], table: { disable: true } },
    '(default)': { control: false },
  },
  render: (args) => html`<div style="max-width: 690px">
    <related-posts
      src=${ifDefined(args.src || undefined)}
      .items=${args.items}
      heading=${ifDefined(args.heading || undefined)}
      heading-level=${ifDefined(args['heading-level'])}
      layout=${ifDefined(args.layout)}
      limit=${ifDefined(args.limit)}
      ?thumbnails=${args.thumbnails}
      ?excerpts=${args.excerpts}
      time-zone=${ifDefined(args['time-zone'] || undefined)}
      timeout=${ifDefined(args.timeout)}
      @related-error=${args.onRelatedError}
      >${fallback(args.fallback)}</related-posts
    >
  </div>`,
};
export default meta;

type Story = StoryObj<Args>;

/** "Bài viết liên quan": five links with their dates. */
export const Default: Story = {};

/** Thumbnails (space reserved, loaded lazily) and excerpts. */
export const WithThumbnailsAndExcerpts: Story = {
  args: { thumbnails: true, excerpts: true },
};

/** The grid layout of a home page's "Tin mới". */
export const Grid: Story = {
  args: { layout: 'grid', thumbnails: true, limit: 6, heading: 'Tin mới', 'heading-level': 3 },
};

/** Titles as long as a resolution's name, and one past the 500-character cut. */
export const LongVietnameseTitle: Story = {
  args: { src: endpoints.related('long-title'), excerpts: true },
};

/** Nothing related: the element renders nothing at all, no empty heading. */
export const Empty: Story = {
  args: { src: endpoints.related('empty') },
  parameters: {
    page: { note: 'nothing at all: the service answered with an empty list, so no heading and no list are shown.' },
  },
};

/** Before the list arrives, with nothing from the CMS: a skeleton of the expected rows. The service never answers here. */
export const Loading: Story = {
  args: { src: endpoints.related('no-answer'), timeout: 3_600_000 },
};

/** A slow service (2.5 s): the CMS's list stays in view until the service's replaces it. */
export const SlowService: Story = {
  args: { src: endpoints.related('slow'), fallback: 'cms-list' },
};

/** The service fails (500): the list the CMS rendered inside the element stays. */
export const ServiceDownWithCmsList: Story = {
  args: { src: endpoints.related('failing'), fallback: 'cms-list' },
  parameters: {
    page: {
      note: 'the list the CMS rendered into the page, as if nothing were wrong: the service answered 500, and a list that is still right beats an error line.',
    },
  },
};

/** Offline with nothing from the CMS: the heading and a polite line saying the list cannot be loaded; `related-error` tells the page. */
export const OfflineWithoutFallback: Story = {
  args: { src: endpoints.related('offline') },
  parameters: {
    page: {
      note: 'the heading and "Hiện không tải được bài viết liên quan.": the network is down and the CMS rendered no list to fall back on.',
    },
  },
};

/** An HTML error page where JSON belongs: treated as a failure, the CMS's list stays. */
export const NotAList: Story = {
  args: { src: endpoints.related('invalid'), fallback: 'cms-list' },
  parameters: {
    page: {
      note: 'the list the CMS rendered into the page: the service sent an HTML error page instead of JSON, which counts as a failure.',
    },
  },
};

/**
 * Over fifty XSS payloads in every field: titles and excerpts show as text, `javascript:` and `data:` links drop the
 * item, such image sources drop only the image, and nothing runs.
 */
export const HostileService: Story = {
  args: { src: endpoints.related('hostile'), limit: 100, excerpts: true, thumbnails: true },
  play: async () => {
    await whenIdle();
    if ((window as unknown as { __xss?: unknown }).__xss) throw new Error('A hostile item ran script');
  },
};

/** A category's RSS 2.0 feed as the source; its HTML descriptions become plain text. */
export const RssFeed: Story = {
  args: { src: endpoints.related('rss'), excerpts: true },
};

/** Without a service: the items as an inline JSON child (the default slot). */
export const InlineJson: Story = {
  args: { src: undefined, fallback: 'inline-json' },
};

/** Without a service, from script: the `items` property. */
export const ItemsProperty: Story = {
  args: { src: undefined, items: relatedItems.slice(2, 5) },
};

/** Progressive enhancement: the CMS's own list of links, read by the element. */
export const CmsListOnly: Story = {
  args: { src: undefined, fallback: 'cms-list' },
};
