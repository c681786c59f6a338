// `npm run size`: minified, gzip and brotli bytes of every file in dist/cdn/, checked against the budgets.
// Deterministic (same input, same bytes), so CI enforces it. kB = 1,024 bytes. Brotli at quality 11 and gzip at
// level 9 are what a CDN serves for static files.
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = 'dist/cdn';
const kB = 1024;
const singles = ['font-size-control.js', 'contrast-toggle.js', 'star-rating.js', 'visit-stats.js', 'related-posts.js'];
/** file -> [measure, limit in bytes]. Each single element's file is self-contained: it is all a page loads to use it. */
const budgets = {
  'portal-widgets.js': ['brotli', 15 * kB],
  'portal-widgets.iife.js': ['brotli', 15 * kB],
  ...Object.fromEntries(singles.map((file) => [file, ['brotli', 8 * kB]])),
  'preferences.js': ['gzip', 1 * kB],
};

const sizes = (bytes) => ({
  min: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length,
});

const files = readdirSync(dir).filter((file) => /\.(js|css)$/.test(file)).sort();
const missing = Object.keys(budgets).filter((file) => !files.includes(file));
if (missing.length) {
  console.error(`missing from ${dir}: ${missing.join(', ')} (run npm run build:cdn)`);
  process.exit(1);
}

const fmt = (n) => n.toLocaleString('en-US');
const rows = [['file', 'min', 'gzip', 'brotli', 'budget', '']];
let over = 0;
for (const file of files) {
  const s = sizes(readFileSync(`${dir}/${file}`));
  const budget = budgets[file];
  let verdict = '';
  let limit = '';
  if (budget) {
    const [measure, max] = budget;
    limit = `${fmt(max)} ${measure}`;
    const ok = s[measure] <= max;
    verdict = ok ? `ok (${Math.round((s[measure] / max) * 100)}%)` : `OVER by ${fmt(s[measure] - max)} B`;
    if (!ok) over++;
  }
  rows.push([file, fmt(s.min), fmt(s.gzip), fmt(s.brotli), limit, verdict]);
}

const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
for (const row of rows) {
  console.log(row.map((cell, i) => (i === 0 || i === 5 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
}
console.log(over ? `size: ${over} file(s) over budget` : 'size: every file within budget');
process.exit(over ? 1 : 0);
