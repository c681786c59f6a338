// `npm run size`: minified, gzip and brotli bytes of every file in dist/cdn/, checked against the budgets.
// Deterministic (same input, same bytes), so CI enforces it. kB = 1,024 bytes. Brotli at quality 11 and gzip at
// level 9 are what a CDN serves for static files.
//
//   npm run size                       fails when a file is over its budget
//   npm run size -- --ceiling          fails when a file differs from scripts/size-ceiling.json by more than 1% (what
//                                      .ci/run checks while files are over budget: nothing grows unnoticed, and a
//                                      gain is recorded so that it cannot be lost unnoticed either)
//   npm run size -- --update-ceiling   records today's sizes as the ceiling (a deliberate, reviewed change)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliSize, gzipSize } from './compressed-size.mjs';

/** `--dir D` and `--ceiling-file F` exist for the script's own test. */
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const dir = option('--dir', 'dist/cdn');
const kB = 1024;
const singles = ['font-size-control.js', 'contrast-toggle.js', 'star-rating.js', 'visit-stats.js', 'related-posts.js'];
/**
 * file -> [measure, limit in bytes]. Each single element's file is self-contained: it is all a page loads to use it.
 * Lit and the shared core alone measure 6.7-7.6 kB per file (bench/size-floor.mjs), hence 11 kB per element.
 */
const budgets = {
  'portal-widgets.js': ['brotli', 20 * kB],
  'portal-widgets.iife.js': ['brotli', 20 * kB],
  ...Object.fromEntries(singles.map((file) => [file, ['brotli', 11 * kB]])),
  'preferences.js': ['gzip', 1.25 * kB],
  // Loaded by the font-size control only once a level other than 100% is in force; with the control it stays under
  // 12 kB for the reader who changes the size, while every other reader pays for the control alone.
  'text-scaler.js': ['brotli', 4 * kB],
};

const CEILING_FILE = option('--ceiling-file', new URL('./size-ceiling.json', import.meta.url));
/** Room over the recorded size: another Node release may compress a few bytes differently. */
const SLACK = 0.01;
const mode = process.argv.includes('--update-ceiling')
  ? 'update'
  : process.argv.includes('--ceiling')
    ? 'ceiling'
    : 'budget';
const ceiling = mode === 'ceiling' ? JSON.parse(readFileSync(CEILING_FILE, 'utf8')) : {};

const sizes = (bytes) => ({ min: bytes.length, gzip: gzipSize(bytes), brotli: brotliSize(bytes) });

const files = readdirSync(dir)
  .filter((file) => /\.(js|css)$/.test(file))
  .sort();
const missing = Object.keys(budgets).filter((file) => !files.includes(file));
if (missing.length) {
  console.error(`missing from ${dir}: ${missing.join(', ')} (run npm run build:cdn)`);
  process.exit(1);
}

const fmt = (n) => n.toLocaleString('en-US');
const rows = [['file', 'min', 'gzip', 'brotli', 'budget', '', mode === 'ceiling' ? 'ceiling' : '']];
let over = 0;
let changed = 0;
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
    const now = recorded && s[recorded.measure];
    // A file within its budget stays within it, whatever the slack.
    const cap =
      recorded &&
      Math.min(Math.floor(recorded.bytes * (1 + SLACK)), budget && recorded.bytes <= budget[1] ? budget[1] : Infinity);
    if (!recorded) growth = 'not recorded';
    else if (now > cap) growth = `GREW by ${fmt(now - recorded.bytes)} B`;
    // A gain is recorded, so that the ceiling follows the file down and the bytes cannot come back unnoticed.
    else if (now < Math.ceil(recorded.bytes * (1 - SLACK)))
      growth = `SHRANK by ${fmt(recorded.bytes - now)} B: record it`;
    else growth = `ok (${fmt(recorded.bytes)})`;
    if (!/^ok/.test(growth)) changed++;
  }
  rows.push([file, fmt(s.min), fmt(s.gzip), fmt(s.brotli), limit, verdict, growth]);
}

const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
for (const row of rows) {
  console.log(
    row
      .map((cell, i) => (i === 0 || i >= 5 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}
console.log(over ? `size: ${over} file(s) over budget` : 'size: every file within budget');
if (mode === 'update') {
  writeFileSync(CEILING_FILE, `${JSON.stringify(measured, null, 2)}\n`);
  console.log(`size: ceiling recorded in ${CEILING_FILE instanceof URL ? 'scripts/size-ceiling.json' : CEILING_FILE}`);
  process.exit(0);
}
if (mode === 'ceiling') {
  const gone = Object.keys(ceiling).filter((file) => !files.includes(file));
  for (const file of gone) console.log(`${file}: recorded in the ceiling but not built`);
  changed += gone.length;
  console.log(
    changed
      ? `size: ${changed} file(s) differ from the recorded ceiling; a file that grew must shrink, a change in the set of files or a gain is recorded with npm run size -- --update-ceiling`
      : 'size: every file at its recorded ceiling (within 1%)',
  );
  process.exit(changed ? 1 : 0);
}
process.exit(over ? 1 : 0);
