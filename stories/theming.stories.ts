import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { endpoints } from './fixtures.js';

/**
 * Portals re-theming the widgets, with nothing but their own stylesheet: `--portal-*` custom properties for colours,
 * sizes and spacing, `::part()` for anything else. Each example's stylesheet is scoped to its wrapper.
 */
const meta: Meta = {
  title: 'Theming',
  parameters: { controls: { disable: true } },
};
export default meta;

type Story = StoryObj;

/** A provincial portal's red and gold: pill-shaped buttons, gold stars, a ruled heading, bold labels. */
export const BrandColours: Story = {
  render: () => html`<style>
      .brand-red {
        max-width: 690px;
        font-family: Arial, Helvetica, sans-serif;
        color: #222;
        --portal-control-bg: #fff;
        --portal-control-hover-bg: #fde9e7;
        --portal-control-border-color: #b80000;
        --portal-control-radius: 999px;
        --portal-control-gap: 0.5em;
        --portal-focus-color: #b80000;
        --portal-star-size: 1.5em;
        --portal-star-color: #b36b00;
        --portal-star-empty-color: #8a5300;
        --portal-stats-border-color: #f0c8c4;
        --portal-stats-number-weight: 600;
        --portal-related-heading-size: 1.2em;
        --portal-related-link-color: #9b0000;
        --portal-related-border-color: #f0c8c4;
      }
      .brand-red > * + * {
        margin-top: 1em;
      }
      .brand-red .tools {
        display: flex;
        gap: 1em;
        justify-content: flex-end;
      }
      .brand-red font-size-control::part(button),
      .brand-red contrast-toggle::part(button) {
        padding: 0.2em 0.9em;
        color: #9b0000;
        font-weight: bold;
      }
      .brand-red related-posts::part(heading) {
        padding-bottom: 0.3em;
        border-bottom: 3px solid #b80000;
        text-transform: uppercase;
      }
      .brand-red visit-stats::part(label) {
        font-weight: bold;
      }
      .brand-red star-rating::part(summary-text) {
        font-style: italic;
      }
    </style>
    <div class="brand-red">
      <div class="tools">
        <font-size-control target=".brand-red"></font-size-control>
        <contrast-toggle></contrast-toggle>
      </div>
      <star-rating src=${endpoints.rating()} value="5" count="2"></star-rating>
      <related-posts src=${endpoints.related()} limit="3"></related-posts>
      <div style="max-width: 270px"><visit-stats src=${endpoints.stats()}></visit-stats></div>
    </div>`,
};

/** The counter in a dark sidebar box: lines and numbers recoloured through a property and a part. */
export const DarkSidebarBox: Story = {
  render: () => html`<style>
      .sidebar-dark {
        max-width: 270px;
        padding: 0.5em;
        font: 13px Arial, Helvetica, sans-serif;
        color: #fff;
        background: #0b4f9c;
        --portal-stats-border-color: rgb(255 255 255 / 0.35);
        --portal-stats-row-padding: 0.45em 0.6em;
      }
      .sidebar-dark visit-stats::part(value) {
        color: #ffde00;
      }
    </style>
    <div class="sidebar-dark">
      <visit-stats src=${endpoints.stats('busy-month')} fields="online today this-month total"></visit-stats>
    </div>`,
};

/** Related articles as cards: each item, thumbnail and date restyled through parts. */
export const CardGrid: Story = {
  render: () => html`<style>
      .card-grid {
        max-width: 900px;
        font-family: Arial, Helvetica, sans-serif;
        color: #222;
        --portal-related-column: 13em;
        --portal-related-link-color: #0b4f9c;
        --portal-related-date-opacity: 1;
      }
      .card-grid related-posts::part(item) {
        padding: 0.6em;
        border: 1px solid #d6d6d6;
        border-radius: 8px;
        box-shadow: 0 1px 3px rgb(0 0 0 / 0.12);
      }
      .card-grid related-posts::part(image) {
        border-radius: 4px;
      }
      .card-grid related-posts::part(date) {
        color: #555;
        font-size: 0.85em;
      }
    </style>
    <div class="card-grid">
      <related-posts src=${endpoints.related()} layout="grid" thumbnails limit="6" heading="Tin cùng chuyên mục"></related-posts>
    </div>`,
};

/**
 * A portal's own high-contrast palette, yellow on black, through the `--portal-contrast-*` properties. Contrast is
 * page-wide: open this story on its own to see the page at "more".
 */
export const OwnContrastPalette: Story = {
  parameters: { page: { contrast: 'more' } },
  render: () => html`<style>
      html[data-contrast='more'] {
        --portal-contrast-bg: #000;
        --portal-contrast-fg: #fff;
        --portal-contrast-link: #ffff00;
        --portal-contrast-focus: #ffff00;
      }
    </style>
    <div style="max-width: 690px; font-family: Arial, Helvetica, sans-serif">
      <contrast-toggle></contrast-toggle>
      <star-rating src=${endpoints.rating()} value="5" count="2"></star-rating>
      <related-posts src=${endpoints.related()} limit="3"></related-posts>
    </div>`,
};
