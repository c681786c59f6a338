/** Registers every portal widget. Import a single widget's module (`portal-widgets/star-rating.js`) to load less. */
export * from './font-size-control/font-size-control.js';
export * from './contrast-toggle/contrast-toggle.js';
export * from './star-rating/star-rating.js';
export * from './related-posts/related-posts.js';
export * from './visit-stats/visit-stats.js';
export { PortalElement } from './core/portal-element.js';
export { registerLocale, type Messages, type PartialMessages } from './core/locale.js';
