/**
 * The CDN's all-in-one file (`portal-widgets.js`, and `portal-widgets.iife.js` as a classic script): what the npm entry
 * exports, with the five elements defined one task apart (see define-in-turn.ts).
 */
import { ContrastToggle } from '../contrast-toggle/contrast-toggle.component.js';
import { FontSizeControl } from '../font-size-control/font-size-control.component.js';
import { RelatedPosts } from '../related-posts/related-posts.component.js';
import { StarRating } from '../star-rating/star-rating.component.js';
import { VisitStats } from '../visit-stats/visit-stats.component.js';
import { defineInTurn } from './define-in-turn.js';

export { ContrastToggle, FontSizeControl, RelatedPosts, StarRating, VisitStats };
export { PortalElement } from '../core/portal-element.js';
export { registerLocale, type Messages, type PartialMessages } from '../core/locale.js';

// The reader's two controls first (small, and the head script has already applied their preferences), then the data
// widgets.
defineInTurn([
  ['contrast-toggle', ContrastToggle],
  ['font-size-control', FontSizeControl],
  ['visit-stats', VisitStats],
  ['star-rating', StarRating],
  ['related-posts', RelatedPosts],
]);
