import { css } from 'lit';

export const styles = css`
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    /* At most 10px each side: at 200% text in a sidebar the labels keep room for whole words. */
    padding: var(--portal-stats-row-padding, 0.3em min(0.6em, 10px));
    /* One line per row, loading or loaded, so the block keeps its height when the numbers arrive. */
    line-height: var(--portal-stats-line-height, 1.5);
    white-space: nowrap;
    border-bottom: 1px solid var(--portal-stats-border-color, rgb(127 127 127 / 0.25));
  }
  th {
    font-weight: normal;
    text-align: start;
    /* A long label wraps rather than pushing the numbers out of a narrow sidebar at a large text size. */
    white-space: normal;
    overflow-wrap: anywhere;
  }
  td {
    /* Room for "999.999" loading or loaded: the skeleton and the number keep the column's width, so nothing moves. */
    width: 7ch;
    text-align: end;
    font-variant-numeric: tabular-nums;
    font-weight: var(--portal-stats-number-weight, bold);
  }
  .skeleton {
    display: inline-block;
    width: 4ch;
    height: 0.8em;
    vertical-align: middle;
  }
`;
