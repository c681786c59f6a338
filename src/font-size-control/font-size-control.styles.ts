import { css } from 'lit';

export const styles = css`
  [part~='decrease'] {
    font-size: 0.85em;
  }
  [part~='increase'] {
    font-size: 1.15em;
  }
  /* Widths that do not follow the font (room for A+ in wide fonts such as Verdana), so that the page stylesheet can
     reserve exactly this row before the script arrives. Bold on the button, not only its glyphs: a line of two faces
     of one font can be taller than its line height. */
  [part~='button'] {
    font-weight: bold;
    min-width: max(24px, 2.4em);
    padding-inline: 0.3em;
  }
  /* Room for "200%" at every level, so the row never changes width. */
  [part~='level'] {
    min-width: 5.5ch;
    line-height: 1.2;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
`;
