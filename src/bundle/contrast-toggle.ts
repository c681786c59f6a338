/** The CDN's `contrast-toggle.js`: the element, defined in a task after the file runs (see define-in-turn.ts). */
import { ContrastToggle } from '../contrast-toggle/contrast-toggle.component.js';
import { defineInTurn } from './define-in-turn.js';

export { ContrastToggle };

defineInTurn([['contrast-toggle', ContrastToggle]]);
