import { css } from 'lit';

export const styles = css`
  [part~='decrease'] {
    font-size: 0.85em;
  }
  [part~='increase'] {
    font-size: 1.15em;
  }
  [part~='button'] span {
    font-weight: bold;
  }
  /* Room for "200%" at every level, so the row never changes width. */
  [part~='level'] {
    min-width: 4.5ch;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
`;
