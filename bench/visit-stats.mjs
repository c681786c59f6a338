// Visit-counter benchmark: the layout shift of the demo portal page while the counter loads (its numbers arrive
// 300 ms late), and the bytes <visit-stats> adds to the all-in-one CDN bundle. Headless Chromium.
//
//   npm run bench            (builds dist/cdn first)
//   node bench/visit-stats.mjs
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { brotliSize } from '../scripts/compressed-size.mjs';
import { build } from 'esbuild';
import { launchChromium } from '../scripts/chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const DELAY = 300;
const STATS = {
  timeZone: 'Asia/Ho_Chi_Minh',
  asOf: '2024-07-15T10:00:00+07:00',
  today: 183,
  yesterday: 202,
  thisMonth: 3911,
  lastMonth: 3359,
  thisYear: 61542,
};
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === '/api/v1/stats') {
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(STATS)), DELAY);
    return;
  }
  if (pathname.startsWith('/api/')) {
    res.writeHead(404).end();
    return;
  }
  const file = pathname.startsWith('/dist/cdn/')
    ? join(root, pathname)
    : join(root, 'demo', pathname === '/' ? 'index.html' : pathname);
  let body;
  try {
    body = readFileSync(file);
  } catch {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launchChromium();
let cls;
let rendered;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1024, height: 900 });
  await page.evaluateOnNewDocument(() => {
    // Shifts of the whole page load, and those after the counter has rendered its skeleton: the counter's own.
    window.__shifts = [];
    window.__counterShown = Infinity;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry);
    }).observe({ type: 'layout-shift', buffered: true });
    customElements
      .whenDefined('visit-stats')
      .then(() =>
        requestAnimationFrame(() => requestAnimationFrame(() => (window.__counterShown = performance.now()))),
      );
  });
  await page.goto(`${origin}/`, { waitUntil: 'networkidle0' });
  await new Promise((resolve) => setTimeout(resolve, DELAY + 500));
  cls = await page.evaluate(() => {
    const sum = (entries) => entries.reduce((total, entry) => total + entry.value, 0);
    return {
      page: sum(window.__shifts),
      counter: sum(window.__shifts.filter((entry) => entry.startTime >= window.__counterShown)),
    };
  });
  rendered = await page.evaluate(() =>
    Array.from(document.querySelector('visit-stats').shadowRoot.querySelectorAll('tr'), (tr) =>
      tr.textContent.replace(/\s+/g, ' ').trim(),
    ),
  );
} finally {
  await browser.close();
  server.close();
}

// The element's share of the all-in-one bundle: the bundle with and without it, built the same way.
async function bundleSize(contents) {
  const result = await build({
    stdin: { contents, resolveDir: join(root, 'src'), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    conditions: ['production'],
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, brotli: brotliSize(code) };
}
const all = readFileSync(join(root, 'src/index.ts'), 'utf8');
const without = all.replace(/^export \* from '\.\/visit-stats\/visit-stats\.js';$/m, '');
if (without === all) throw new Error('src/index.ts no longer exports visit-stats as expected');
const [withIt, withoutIt] = await Promise.all([bundleSize(all), bundleSize(without)]);

console.log(`Visit-counter benchmark: demo page, counter numbers ${DELAY} ms late, headless Chromium`);
console.log(`rows once loaded: ${rendered.join(' | ')}`);
console.log(`layout shift while the counter's numbers load: ${cls.counter.toFixed(3)} (goal 0.000)`);
console.log(`layout shift of the whole page load, every widget upgrading, for reference: ${cls.page.toFixed(3)}`);
console.log(
  `bytes <visit-stats> adds to the all-in-one bundle: ${withIt.min - withoutIt.min} minified, ` +
    `${withIt.brotli - withoutIt.brotli} brotli (bundle ${withIt.brotli} vs ${withoutIt.brotli} brotli)`,
);
console.log(
  'bench-result ' +
    JSON.stringify({
      name: 'visit-stats',
      cls: cls.counter,
      pageCls: cls.page,
      brotli: withIt.brotli - withoutIt.brotli,
    }),
);
