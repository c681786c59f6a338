/**
 * The CDN's `contrast-toggle.js`: the element, defined in a task once the page's first paint is on screen (see
 * define-in-turn.ts).
 */
import { ContrastToggle } from '../contrast-toggle/contrast-toggle.component.js';
import { defineInTurn } from './define-in-turn.js';

export { ContrastToggle };

defineInTurn([['contrast-toggle', ContrastToggle]]);
