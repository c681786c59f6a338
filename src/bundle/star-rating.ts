/**
 * The CDN's `star-rating.js`: the element, defined in a task after the file runs, as the other CDN files do (see
 * define-in-turn.ts), but through a plain timer, without waiting for the first paint and without the tasks that prepare
 * Lit and the styles first: its 11 kB budget has no room for them. In a background tab the timer may wait up to a
 * second, while nobody looks.
 */
import { StarRating } from '../star-rating/star-rating.component.js';

export { StarRating };

setTimeout(() => StarRating.define('star-rating'));
