// CDN bundles: minified, Lit inlined, one self-contained file per entry (a page that uses one widget loads one file).
// The npm build is tsc's per-file output in dist/, with Lit left external.
import { readFileSync } from 'node:fs';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';

/**
 * The CDN build's plugins, also used by bench/size-floor.mjs so its figures compare with dist/cdn/. `preamble` is a
 * first line kept through minification.
 */
export const plugins = (format, preamble) => [
  resolve({ exportConditions: ['production'] }),
  esbuild({ tsconfig: 'tsconfig.json', target: 'es2021' }),
  // Whitespace inside html`` and css`` templates is bytes a reader downloads for nothing.
  minifyHTML(),
  // A classic script keeps its top-level name (window.PortalWidgets.registerLocale): not a module for terser.
  terser({ ecma: 2021, module: format === 'es', compress: { passes: 2 }, format: { comments: false, preamble } }),
];

/**
 * The text scaler is its own file beside the bundles (dist/cdn/text-scaler.js), loaded by the font-size control when a
 * level other than 100% is first in force: most readers never download it. The import stays relative, so it resolves
 * beside whichever bundle asked, a module or the classic script (whose dynamic imports resolve against its own URL).
 */
const scalerApart = {
  name: 'scaler-apart',
  resolveDynamicImport(specifier) {
    return specifier === './text-scaler.js' ? { id: './text-scaler.js', external: 'absolute' } : null;
  },
};

const bundle = (input, file, format = 'es', name, extra = [], preamble) => ({
  input,
  // Shared style and template constants an element does not use are dropped from its own file.
  treeshake: { manualPureFunctions: ['css', 'html'] },
  output: { file: `dist/cdn/${file}`, format, name },
  plugins: [scalerApart, ...plugins(format, preamble), ...extra],
});

/**
 * Chromium's compile hint for the all-in-one files: their functions run as the page starts (every element's first
 * render), so they are compiled with the script, off the main thread while it streams, instead of one by one inside
 * the tasks that define the elements. Measured on the demo page at 4x CPU (median of 5 cold loads), the definition
 * tasks (contrast, text size, counter, rating, related list): 27 / 12 / 16 / 27 / 27 ms without it, 7 / 9 / 20 / 16 /
 * 16 ms with it. Other browsers ignore the comment.
 */
const EAGER = '//# allFunctionsCalledOnLoad';

/**
 * Copies the opt-in page stylesheet next to the bundles, without its comments and spacing: it blocks the page's first
 * paint. Quoted strings (the labels and sentences it draws unseen) are kept as they are: their spaces matter.
 */
const pageCss = {
  name: 'page-css',
  generateBundle() {
    const minify = (css) => css.replace(/\s+/g, ' ').replace(/\s*([{};,])\s*/g, '$1');
    this.emitFile({
      type: 'asset',
      fileName: 'portal-widgets.css',
      source: readFileSync('src/portal-widgets.css', 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .split(/('[^']*')/)
        .map((part, i) => (i % 2 ? part : minify(part)))
        .join('')
        .trim(),
    });
  },
};

export default [
  bundle('src/bundle/portal-widgets.ts', 'portal-widgets.js', 'es', undefined, [pageCss], EAGER),
  bundle('src/bundle/portal-widgets.ts', 'portal-widgets.iife.js', 'iife', 'PortalWidgets', [], EAGER),
  bundle('src/bundle/font-size-control.ts', 'font-size-control.js', 'es', undefined, [], EAGER),
  bundle('src/font-size-control/text-scaler.ts', 'text-scaler.js', 'es', undefined, [], EAGER),
  bundle('src/bundle/contrast-toggle.ts', 'contrast-toggle.js'),
  bundle('src/bundle/star-rating.ts', 'star-rating.js'),
  bundle('src/bundle/visit-stats.ts', 'visit-stats.js'),
  bundle('src/bundle/related-posts.ts', 'related-posts.js'),
  bundle('src/head-script/head-script.ts', 'preferences.js', 'iife'),
];
