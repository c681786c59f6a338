/** Default storage keys, shared by the elements and the head script. One per origin unless `storage-key` says otherwise. */
export const TEXT_SIZE_KEY = 'portal-widgets:text-size';
export const CONTRAST_KEY = 'portal-widgets:contrast';

/** What the text size control stores: the level, and the rules the head script applies before the next paint. */
export interface TextSizeChoice {
  level: number;
  /** The selector of everything scaled (the target, the opted-in regions, the body or the root). */
  target: string | null;
  strategy: string;
  css: string;
  /** Custom properties mirrored with scaled lengths: inline declarations of them are mirrored too. */
  mirrors?: string[];
}

export type ContrastLevel = 'less' | 'normal' | 'more';

/**
 * What the contrast toggle stores: the level, whether the built-in stylesheet carries it out, and that stylesheet, for
 * the head script (which stays small by not carrying it). Before any choice, only `css` is stored: the head script then
 * follows the system's wish for more contrast with it.
 */
export interface ContrastChoice {
  level: ContrastLevel;
  sheet: boolean;
  css?: string;
}

export const CONTRAST_LEVELS: readonly ContrastLevel[] = ['less', 'normal', 'more'];
