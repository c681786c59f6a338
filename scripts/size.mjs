// `npm run size`: minified, gzip and brotli bytes of every file in dist/cdn/, checked against the budgets.
// Deterministic (same input, same bytes), so CI enforces it. kB = 1,024 bytes. Brotli at quality 11 and gzip at
// level 9 are what a CDN serves for static files.
//
//   npm run size                       fails when a file is over its budget
//   npm run size -- --ceiling          fails when a file grew past scripts/size-ceiling.json (what .ci/run checks
//                                      while files are over budget: they may shrink, never grow unnoticed)
//   npm run size -- --update-ceiling   records today's sizes as the ceiling (a deliberate, reviewed change)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** `--dir D` and `--ceiling-file F` exist for the script's own test. */
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const dir = option('--dir', 'dist/cdn');
const kB = 1024;
const singles = ['font-size-control.js', 'contrast-toggle.js', 'star-rating.js', 'visit-stats.js', 'related-posts.js'];
/** file -> [measure, limit in bytes]. Each single element's file is self-contained: it is all a page loads to use it. */
const budgets = {
  'portal-widgets.js': ['brotli', 15 * kB],
  'portal-widgets.iife.js': ['brotli', 15 * kB],
  ...Object.fromEntries(singles.map((file) => [file, ['brotli', 8 * kB]])),
  'preferences.js': ['gzip', 1 * kB],
};

const CEILING_FILE = option('--ceiling-file', new URL('./size-ceiling.json', import.meta.url));
/** Room over the recorded size: another Node release may compress a few bytes differently. */
const SLACK = 0.01;
const mode = process.argv.includes('--update-ceiling') ? 'update' : process.argv.includes('--ceiling') ? 'ceiling' : 'budget';
const ceiling = mode === 'ceiling' ? JSON.parse(readFileSync(CEILING_FILE, 'utf8')) : {};

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
const rows = [['file', 'min', 'gzip', 'brotli', 'budget', '', mode === 'ceiling' ? 'ceiling' : '']];
let over = 0;
let grown = 0;
const measured = {};
for (const file of files) {
  const s = sizes(readFileSync(`${dir}/${file}`));
  const budget = budgets[file];
  const measure = budget?.[0] ?? 'brotli';
  measured[file] = { measure, bytes: s[measure] };
  let verdict = '';
  let limit = '';
  if (budget) {
    const max = budget[1];
    limit = `${fmt(max)} ${measure}`;
    const ok = s[measure] <= max;
    verdict = ok ? `ok (${Math.round((s[measure] / max) * 100)}%)` : `OVER by ${fmt(s[measure] - max)} B`;
    if (!ok) over++;
  }
  let growth = '';
  const recorded = ceiling[file];
  if (mode === 'ceiling') {
    if (!recorded) growth = 'not recorded';
    // A file within its budget stays within it, whatever the slack.
    else if (s[recorded.measure] > Math.min(Math.floor(recorded.bytes * (1 + SLACK)), budget && recorded.bytes <= budget[1] ? budget[1] : Infinity)) {
      growth = `GREW by ${fmt(s[recorded.measure] - recorded.bytes)} B`;
      grown++;
    } else growth = `ok (${fmt(recorded.bytes)})`;
    if (!recorded) grown++;
  }
  rows.push([file, fmt(s.min), fmt(s.gzip), fmt(s.brotli), limit, verdict, growth]);
}

const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
for (const row of rows) {
  console.log(row.map((cell, i) => (i === 0 || i >= 5 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd());
}
console.log(over ? `size: ${over} file(s) over budget` : 'size: every file within budget');
if (mode === 'update') {
  writeFileSync(CEILING_FILE, `${JSON.stringify(measured, null, 2)}\n`);
  console.log(`size: ceiling recorded in ${CEILING_FILE instanceof URL ? 'scripts/size-ceiling.json' : CEILING_FILE}`);
  process.exit(0);
}
if (mode === 'ceiling') {
  console.log(grown ? `size: ${grown} file(s) grew past the recorded ceiling (or are not recorded)` : 'size: no file grew past the recorded ceiling');
  process.exit(grown ? 1 : 0);
}
process.exit(over ? 1 : 0);
