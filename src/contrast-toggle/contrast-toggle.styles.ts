import { css } from 'lit';

export const styles = css`
  [part~='note'] {
    font-size: 0.9em;
  }
`;
