/**
 * The CDN's `related-posts.js`: the element, defined in a task once the page's first paint is on screen (see
 * define-in-turn.ts).
 */
import { RelatedPosts } from '../related-posts/related-posts.component.js';
import { defineInTurn } from './define-in-turn.js';

export { RelatedPosts };

defineInTurn([['related-posts', RelatedPosts]]);
