import { ContrastToggle } from './contrast-toggle.component.js';

export { ContrastToggle };

ContrastToggle.define('contrast-toggle');

declare global {
  interface HTMLElementTagNameMap {
    'contrast-toggle': ContrastToggle;
  }
}
