/**
 * The CDN's `visit-stats.js`: the element, defined in a task once the page's first paint is on screen (see
 * define-in-turn.ts).
 */
import { VisitStats } from '../visit-stats/visit-stats.component.js';
import { defineInTurn } from './define-in-turn.js';

export { VisitStats };

defineInTurn([['visit-stats', VisitStats]]);
