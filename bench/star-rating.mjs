// Star-rating benchmark: 1,000 read-only ratings (a category listing), inserted at once, beside Shoelace's sl-rating,
// in one headless Chromium run. Prints medians of RUNS runs: time from insertion to two animation frames, and JS heap
// per instance (after garbage collection).
//
//   npm run bench:rating     (builds dist/cdn first)
//   RUNS=9 node bench/star-rating.mjs
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { build } from 'esbuild';
import { launchChromium } from '../scripts/chromium.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const COUNT = 1000;

const ours = readFileSync(new URL('../dist/cdn/star-rating.js', import.meta.url), 'utf8');
// Shoelace's rating as a page would load it alone: bundled and minified the same way, its own Lit inlined.
const shoelace = (
  await build({
    entryPoints: ['@shoelace-style/shoelace/dist/components/rating/rating.js'],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    conditions: ['production'],
    logLevel: 'error',
  })
).outputFiles[0].text;

const candidates = [
  {
    name: 'star-rating (portal-widgets)',
    tag: 'star-rating',
    script: ours,
    attrs: { value: '3.7', count: '12', readonly: '' },
  },
  {
    name: 'sl-rating (Shoelace 2)',
    tag: 'sl-rating',
    script: shoelace,
    attrs: { value: '3.7', precision: '0.1', readonly: '' },
  },
];

const server = createServer((req, res) => {
  const candidate = candidates.find((c) => req.url === `/${c.tag}.js`);
  if (candidate) res.writeHead(200, { 'content-type': 'text/javascript' }).end(candidate.script);
  else
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!DOCTYPE html><html lang="vi"><body><main></main></body></html>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function heap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

async function run(browser, candidate) {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  await page.addScriptTag({ url: `${origin}/${candidate.tag}.js`, type: 'module' });
  await page.waitForFunction((tag) => customElements.get(tag), {}, candidate.tag);
  const cdp = await page.createCDPSession();
  const before = await heap(cdp);
  const time = await page.evaluate(
    async (tag, attrs, count) => {
      const fragment = document.createDocumentFragment();
      for (let i = 0; i < count; i++) {
        const el = document.createElement(tag);
        for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
        fragment.append(el);
      }
      const start = performance.now();
      document.querySelector('main').append(fragment);
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return performance.now() - start;
    },
    candidate.tag,
    candidate.attrs,
    COUNT,
  );
  const after = await heap(cdp);
  const rendered = await page.evaluate(
    (tag) => document.querySelector(tag).shadowRoot.childElementCount > 0,
    candidate.tag,
  );
  await page.close();
  if (!rendered) throw new Error(`${candidate.tag} did not render`);
  return { time, heapPerInstance: (after - before) / COUNT };
}

const browser = await launchChromium();
const results = new Map(candidates.map((c) => [c.name, []]));
try {
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order so neither always runs on a warmer browser.
    const order = i % 2 ? [...candidates].reverse() : candidates;
    for (const candidate of order) results.get(candidate.name).push(await run(browser, candidate));
  }
} finally {
  await browser.close();
  server.close();
}

console.log(
  `Star-rating benchmark: ${COUNT} read-only ratings inserted at once, headless Chromium, median of ${RUNS} runs`,
);
console.log('| element | insert to two frames (ms) | JS heap per instance (kB) |');
console.log('|---|---:|---:|');
const summary = {};
for (const [name, samples] of results) {
  const time = median(samples.map((s) => s.time));
  const heapKb = median(samples.map((s) => s.heapPerInstance)) / 1024;
  summary[name] = { time, heapKb };
  console.log(`| ${name} | ${time.toFixed(0)} | ${heapKb.toFixed(2)} |`);
}
const [ourName, theirName] = candidates.map((c) => c.name);
const ratio = summary[ourName].time / summary[theirName].time;
console.log(
  `time ratio: ${ratio.toFixed(2)}× sl-rating (goal ≤ 0.25×); heap: ${summary[ourName].heapKb.toFixed(2)} kB per instance (goal ≤ 1.5 kB)`,
);
console.log(
  'bench-result ' +
    JSON.stringify({
      name: 'star-rating',
      ours: summary[ourName],
      peer: summary[theirName],
      peerName: theirName,
      count: COUNT,
    }),
);
