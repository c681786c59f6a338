import { css, unsafeCSS } from 'lit';
import { DEFAULT_MAX, rowPolygon } from './star-shape.js';

export const styles = css`
  /* Nothing focusable inside a read-only rating, so it can be contained: a listing page lays out a thousand. */
  :host([readonly]) {
    contain: content;
  }
  /* A fixed line height, not the font's "normal": the page stylesheet reserves exactly this before definition. */
  [part~='summary'] {
    line-height: 1.5;
  }
  /* Inline layout, not flex: a listing page lays out a thousand summaries. */
  [part~='summary'] > * {
    margin-inline-end: 0.4em;
  }
  [part~='input'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.5em;
  }
  [part~='stars'] {
    display: inline-block;
    width: calc(var(--portal-stars-width, 5) * var(--portal-star-size, 1.25em));
    height: var(--portal-star-size, 1.25em);
    vertical-align: middle;
    /* Our own constant, not data: the five-star row, so most ratings set only their fill. */
    clip-path: ${unsafeCSS(rowPolygon(DEFAULT_MAX))};
    /* The empty part at 55% of the text colour: in "more" (black on white) 4.7:1 against the page and 4.4:1 against
       the filled part, where 30% gave 2.1:1. */
    background: linear-gradient(
      to right,
      var(--portal-star-color, currentColor) var(--portal-stars-fill, 0%),
      var(--portal-star-empty-color, color-mix(in srgb, currentColor 55%, transparent)) var(--portal-stars-fill, 0%)
    );
  }
  /* Right to left, the row fills from the right: the symmetric stars are mirrored, gradient and all. */
  :host(:dir(rtl)) [part~='stars'] {
    transform: scaleX(-1);
  }
  svg {
    display: block;
    height: var(--portal-star-size, 1.25em);
    width: auto;
    max-width: none;
    overflow: visible;
  }

  /* Empty stars are outlines in the text colour: they keep the text's contrast, where a pale fill would not. */
  .empty {
    fill: none;
    stroke: var(--portal-star-empty-color, currentColor);
    stroke-width: 1.5;
    stroke-linejoin: round;
  }
  .full {
    fill: var(--portal-star-color, currentColor);
  }
  [part~='average'] {
    font-weight: bold;
  }
  [role='radiogroup'] {
    display: inline-flex;
  }
  [part~='star'] {
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 24px;
    min-height: 24px;
    padding: 2px;
    cursor: pointer;
    border-radius: 3px;
  }
  [aria-disabled='true'] [part~='star'] {
    cursor: default;
    opacity: 0.55;
  }
  /* How to vote by keyboard takes the prompt's place while the group or a star has keyboard focus (after a withdrawal
     focus is on the group). They are the input line's only elements with a role. */
  [part~='hint'],
  [part~='input']:has([role]:focus-visible) [part~='prompt'] {
    display: none;
  }
  [part~='input']:has([role]:focus-visible) [part~='hint'] {
    display: inline;
  }
  /* The error and its retry button on a line of their own, apart from the prompt or the vote. */
  .notice {
    flex-basis: 100%;
    margin: 0;
  }
  .notice button {
    margin-inline-start: 0.5em;
  }
  button {
    min-height: 24px;
    padding: 0.1em 0.5em;
    font: inherit;
    color: inherit;
    background: var(--portal-control-bg, transparent);
    border: 1px solid var(--portal-control-border-color, currentColor);
    border-radius: var(--portal-control-radius, 3px);
    cursor: pointer;
  }
  /* A disabled rating is told by a dashed outline around its stars, as the controls' unavailable buttons are dashed,
     not by fading alone. It takes no space. Only the group has aria-disabled. */
  [aria-disabled='true'] {
    outline: 1px dashed;
    outline-offset: 2px;
  }
  :focus-visible {
    outline: 2px solid var(--portal-focus-color, currentColor);
    outline-offset: 2px;
  }
  @media (forced-colors: active) {
    [part~='stars'],
    [part~='star'] {
      forced-color-adjust: none;
    }
    [part~='stars'] {
      --portal-star-color: CanvasText;
      --portal-star-empty-color: GrayText;
    }
    .full {
      fill: CanvasText;
    }
    .empty {
      stroke: CanvasText;
    }
    :focus-visible {
      outline-color: Highlight;
    }
  }
`;
