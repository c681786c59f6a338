import { css } from 'lit';

export const styles = css`
  /* One line under the row (as the page stylesheet reserves it): it takes the row's width and never widens it. */
  [part~='base']:has(~ [part~='note']) {
    margin-bottom: var(--portal-control-gap, 0.25em);
  }
  [part~='note'] {
    width: 0;
    min-width: 100%;
    font-size: calc(0.9em * var(--portal-chrome-scale, 1));
    line-height: 1.2;
  }
`;
