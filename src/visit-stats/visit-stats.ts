import { VisitStats } from './visit-stats.component.js';

export { VisitStats };

VisitStats.define('visit-stats');

declare global {
  interface HTMLElementTagNameMap {
    'visit-stats': VisitStats;
  }
}
