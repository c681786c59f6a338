/**
 * The CDN's `font-size-control.js`: the element, defined in a task once the page's first paint is on screen (see
 * define-in-turn.ts).
 */
import { FontSizeControl } from '../font-size-control/font-size-control.component.js';
import { defineInTurn } from './define-in-turn.js';

export { FontSizeControl };

defineInTurn([['font-size-control', FontSizeControl]]);
