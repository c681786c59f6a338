// Bytes a portal page downloads: our CDN files (dist/cdn/, as built) beside Shoelace's rating, built in the same run
// the way a page would load it alone (bundled, minified), with and without the theme CSS it needs. Brotli quality 11.
//
//   npm run bench            (builds dist/cdn first)
//   node bench/size.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { brotliSize as brotli } from '../scripts/compressed-size.mjs';

const root = new URL('..', import.meta.url).pathname;
const kB = (bytes) => (bytes / 1024).toFixed(1);

const shoelace = await build({
  entryPoints: ['@shoelace-style/shoelace/dist/components/rating/rating.js'],
  absWorkingDir: root,
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  logLevel: 'error',
});
const slRating = brotli(shoelace.outputFiles[0].contents);
const slTheme = brotli(readFileSync(join(root, 'node_modules/@shoelace-style/shoelace/dist/themes/light.css')));

const ours = Object.fromEntries(
  [
    'portal-widgets.js',
    'star-rating.js',
    'font-size-control.js',
    'contrast-toggle.js',
    'visit-stats.js',
    'related-posts.js',
  ].map((file) => [file, brotli(readFileSync(join(root, 'dist/cdn', file)))]),
);

console.log('Size benchmark: brotli (quality 11), kB = 1,024 bytes');
console.log('| what | kB |');
console.log('|---|---:|');
for (const [file, bytes] of Object.entries(ours)) console.log(`| ours: ${file} | ${kB(bytes)} |`);
console.log(`| Shoelace 2 sl-rating alone | ${kB(slRating)} |`);
console.log(`| Shoelace 2 sl-rating with its light theme CSS | ${kB(slRating + slTheme)} |`);
console.log(
  'bench-result ' +
    JSON.stringify({
      name: 'size',
      all: ours['portal-widgets.js'],
      rating: ours['star-rating.js'],
      slRating,
      slRatingWithTheme: slRating + slTheme,
    }),
);
