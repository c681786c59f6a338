import { css } from 'lit';

export const styles = css`
  [part~='heading'] {
    margin: 0 0 0.5em;
    font-size: calc(var(--portal-related-heading-size, 1.15em) * var(--portal-chrome-scale, 1));
    /* Fixed, not the font's "normal": the page stylesheet reserves exactly this height before the element is defined. */
    line-height: 1.2;
  }
  /* The list, and the skeleton's list that holds its place. */
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  /* A fixed line height, not the font's "normal": a Vietnamese title drawn from a fallback font would make its line
     taller than the skeleton line that held its place. */
  [part~='item'],
  .row {
    line-height: var(--portal-related-line-height, 1.4);
    display: flex;
    gap: 0.75em;
    align-items: flex-start;
    padding: 0.4em 0;
    border-bottom: 1px solid var(--portal-related-border-color, rgb(127 127 127 / 0.25));
  }
  /* The text beside a thumbnail may shrink, and a long word breaks rather than run off the row. */
  [part~='item'] > div,
  .row > div {
    flex: auto;
    min-width: 0;
    overflow-wrap: break-word;
  }
  .grid {
    display: grid;
    /* A column never wider than the list: at 320 px and 200% text, one column, no sideways scrolling. */
    grid-template-columns: repeat(auto-fill, minmax(min(var(--portal-related-column, 11em), 100%), 1fr));
    gap: 1em;
  }
  .grid [part~='item'],
  .grid .row {
    flex-direction: column;
    border-bottom: 0;
  }
  /* The page's link colour (it cannot reach into the shadow root: --portal-link-color carries it), else the browser's. */
  [part~='link'] {
    color: var(--portal-related-link-color, var(--portal-link-color, LinkText));
  }
  [part~='link']:focus-visible {
    outline: 2px solid var(--portal-focus-color, currentColor);
    outline-offset: 2px;
  }
  [part~='date'] {
    display: block;
    font-size: 0.9em;
    opacity: var(--portal-related-date-opacity, 0.9);
  }
  [part~='excerpt'] {
    margin: 0.25em 0 0;
  }
  [part~='image'],
  .row .image {
    flex: none;
    display: block;
    /* At most a third of a narrow row, so the title keeps room beside it. */
    width: min(var(--portal-related-image-width, 8em), 33%);
    height: auto;
    object-fit: cover;
  }
  /* Space is reserved before the image arrives: the width and height attributes give the ratio, else 16:9 (and 16:9
     is what the skeleton holds). */
  [part~='image']:not([width][height]),
  .row .image {
    aspect-ratio: 16 / 9;
  }
  .grid [part~='image'],
  .grid .row .image {
    width: 100%;
  }
  /* Skeleton bars are the lines they stand for (a no-break space in the same font), so each row is an item's height. */
  .skeleton {
    display: block;
  }
  .title {
    width: 80%;
    /* Titles wrap in a narrow column: the page says into how many lines, and the bar holds that many. */
    min-height: calc(var(--portal-related-title-lines, 1) * 1lh);
  }
  .row .date {
    width: 6em;
    font-size: 0.9em;
  }
  .row .excerpt {
    margin-top: 0.25em;
  }
`;
