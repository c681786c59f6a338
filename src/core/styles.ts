import { css, html, type TemplateResult } from 'lit';

/** A block-level widget that takes the page's font and colour. */
export const blockHostStyles = css`
  :host {
    display: block;
    color: inherit;
    font: inherit;
  }
  :host([hidden]) {
    display: none;
  }
  /* The reader's text level, where the page's scaled text does not already reach (1 inside it): reading aids grow too. */
  :host > * {
    font-size: calc(1em * var(--portal-chrome-scale, 1));
  }
`;

/** Text for screen readers only. */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

/** A placeholder bar that holds the space of text still loading; visible under forced colours too. */
export const skeletonStyles = css`
  .skeleton {
    border-radius: 2px;
    background: currentColor;
    opacity: var(--portal-skeleton-opacity, 0.15);
  }
  @media (forced-colors: active) {
    .skeleton {
      background: GrayText;
      opacity: 1;
    }
  }
`;

/**
 * What the page-preference controls share: a row of real buttons that inherit the page's font and colour,
 * keep 24×24 px targets, show a focus ring in any theme, and stay visible under forced colours.
 */
export const controlStyles = css`
  :host {
    display: inline-block;
    /* As the page stylesheet places the undefined element: the line keeps its height when the buttons appear. */
    vertical-align: middle;
    color: inherit;
    font: inherit;
  }
  :host([hidden]) {
    display: none;
  }
  /* The reader's text level, where the page's scaled text does not already reach (1 inside it): reading aids grow too. */
  :host > * {
    font-size: calc(1em * var(--portal-chrome-scale, 1));
  }
  /* A block in the host, not inline: the host is exactly the row's height, whatever the page's line height. */
  [part~='base'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--portal-control-gap, 0.25em);
  }
  button {
    box-sizing: border-box;
    min-width: 24px;
    min-height: 24px;
    margin: 0;
    padding: 0.1em 0.45em;
    font: inherit;
    line-height: 1.2;
    color: inherit;
    background: var(--portal-control-bg, transparent);
    border: 1px solid var(--portal-control-border-color, currentColor);
    border-radius: var(--portal-control-radius, 3px);
    cursor: pointer;
  }
  button:hover:not([aria-disabled='true']) {
    background: var(--portal-control-hover-bg, rgb(127 127 127 / 0.15));
  }
  button:focus-visible {
    outline: 2px solid var(--portal-focus-color, currentColor);
    outline-offset: 2px;
  }
  /* Unavailable is told by a dashed border, never by fading: the text keeps its contrast (7:1 in "more") and the focus
     ring its 3:1. The current level (e.g. more contrast) is a bar along the button's foot, with the border that says
     whether it can go further. Neither moves anything. */
  button[aria-disabled='true'] {
    cursor: default;
    border-style: dashed;
  }
  button[part~='current'] {
    box-shadow: inset 0 -3px 0 currentColor;
  }
  @media (forced-colors: active) {
    button {
      color: ButtonText;
      background: ButtonFace;
      border-color: ButtonText;
      forced-color-adjust: none;
    }
    button[aria-disabled='true'] {
      color: GrayText;
      border-color: GrayText;
    }
    button:focus-visible {
      outline-color: Highlight;
    }
  }
`;

/** A short error line set apart as a notice: a rule in the text colour at its start, not colour alone. */
export const noticeStyles = css`
  .notice {
    margin: 0.25em 0 0;
    padding-inline-start: 0.5em;
    border-inline-start: 3px solid currentColor;
  }
`;

/** A polite live region; it is always rendered so that screen readers register it before the first message. */
export function statusRegion(message: string): TemplateResult {
  return html`<span class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${message}</span>`;
}
