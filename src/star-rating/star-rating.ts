import { StarRating } from './star-rating.component.js';

export { StarRating };

StarRating.define('star-rating');

declare global {
  interface HTMLElementTagNameMap {
    'star-rating': StarRating;
  }
}
