import { RelatedPosts } from './related-posts.component.js';

export { RelatedPosts };

RelatedPosts.define('related-posts');

declare global {
  interface HTMLElementTagNameMap {
    'related-posts': RelatedPosts;
  }
}
