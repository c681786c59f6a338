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
`;
