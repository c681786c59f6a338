// Text-size benchmark: one A+ click on a 10,000-text-node px page, beside a bare CSS zoom change on the same page,
// measured in one run of headless Chromium. Prints medians of RUNS runs.
//
//   npm run bench            (builds dist/cdn first)
//   RUNS=20 node bench/font-size.mjs
//
// "script" is the JavaScript the click costs (handler, Lit update, the scaler), from Chromium's own counters;
// "until handled" is the wall time from the click until the element finished its update, including any style the
// scaler forces while measuring; "style+layout" is the browser's restyle and re-layout; "to next frame" is the wall
// time from the click to the next animation frame after layout.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { launchChromium } from '../scripts/chromium.mjs';

const RUNS = Number(process.env.RUNS ?? 10);
const TEXT_NODES = 10_000;
/** The control and the scaler it imports from beside itself at the first level other than 100%. */
const files = Object.fromEntries(
  ['font-size-control.js', 'text-scaler.js'].map((file) => [
    `/${file}`,
    readFileSync(new URL(`../dist/cdn/${file}`, import.meta.url), 'utf8'),
  ]),
);

function pageHtml() {
  const css = `
    body { font-family: Arial, sans-serif; font-size: 13px; color: #333; }
    #wrapper { width: 1000px; margin: 0 auto; }
    .news-detail p { font-size: 13px; line-height: 20px; margin-bottom: 10px; }
    .news-detail .title { font-size: 18px; line-height: 24px; }
    .news-detail .small { font-size: 11px; }
    .news-detail b { font-size: 14px; }
    .news-detail .caption { font-size: 12px !important; font-style: italic; }
    #sidebar p { font-size: 12px; }
  `;
  // Each paragraph holds five text nodes: text, <b>, text, <span class="small">, text.
  const paragraphs = [];
  for (let i = 0; i < TEXT_NODES / 5; i++) {
    const cls = i % 10 === 0 ? ' class="caption"' : '';
    paragraphs.push(
      `<p${cls}>Đoạn ${i} về công tác <b>phát triển</b> đảng viên <span class="small">(tin ${i})</span> năm 2023.</p>`,
    );
  }
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>${css}</style></head><body>
    <div id="wrapper"><font-size-control target=".news-detail" storage-key="bench"></font-size-control>
    <div class="news-detail"><h1 class="title">Tiêu đề</h1>${paragraphs.join('')}</div>
    <div id="sidebar"><p>Thống kê</p></div></div></body></html>`;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function metrics(page) {
  const m = await page.metrics();
  return { script: m.ScriptDuration * 1000, style: m.RecalcStyleDuration * 1000, layout: m.LayoutDuration * 1000 };
}

/** Runs `action` in the page, waits for the next frame after layout, and returns Chromium's counters for it. */
async function measure(page, action) {
  const before = await metrics(page);
  const wall = await page.evaluate(action);
  const after = await metrics(page);
  return {
    script: after.script - before.script,
    styleLayout: after.style - before.style + (after.layout - before.layout),
    frame: wall.frame,
    handled: wall.handled,
    size: wall.size,
  };
}

/** A click that scaled nothing (the scaler's file missing, say) measures nothing: stop rather than report it. */
function scaledTo(sample, px) {
  if (Math.abs(sample.size - px) > 0.5) throw new Error(`the text is ${sample.size}px after the click, not ${px}px`);
  return sample;
}

const clickIncrease = `(async () => {
  const el = document.querySelector('font-size-control');
  const start = performance.now();
  el.shadowRoot.querySelector('[part~="increase"]').click();
  await el.updateComplete;
  const handled = performance.now() - start;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  const size = parseFloat(getComputedStyle(document.querySelector('.news-detail p')).fontSize);
  return { frame: performance.now() - start, handled, size };
})()`;

const zoomStep = (zoom) => `(async () => {
  const start = performance.now();
  document.querySelector('.news-detail').style.zoom = '${zoom}';
  const handled = performance.now() - start;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  return { frame: performance.now() - start, handled };
})()`;

// Served from 127.0.0.1 so the page has a real origin (localStorage works as on a portal).
const server = createServer((req, res) => {
  if (files[req.url]) res.writeHead(200, { 'content-type': 'text/javascript' }).end(files[req.url]);
  else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml());
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launchChromium();
const results = { fetched: [], first: [], next: [], zoomFirst: [], zoomNext: [] };

/** A page with the control defined, and the size of its first paragraph before any click. */
async function controlPage() {
  const page = await browser.newPage();
  await page.setViewport({ width: 1024, height: 768 });
  await page.goto(`${origin}/`, { waitUntil: 'load' });
  await page.evaluate(() => localStorage.clear());
  await page.addScriptTag({ url: `${origin}/font-size-control.js`, type: 'module' });
  await page.waitForFunction(() => customElements.get('font-size-control'));
  const base = await page.evaluate(() =>
    parseFloat(getComputedStyle(document.querySelector('.news-detail p')).fontSize),
  );
  return { page, base };
}
try {
  for (let run = 0; run < RUNS; run++) {
    // The first click also downloads the scaler's file (here from the loopback), once per page.
    const fresh = await controlPage();
    results.fetched.push(scaledTo(await measure(fresh.page, clickIncrease), fresh.base * 1.1));
    await fresh.page.close();
    // Then the click's own work: the file already in the page's module map, as after a modulepreload link.
    const { page, base } = await controlPage();
    await page.evaluate(() => import('/text-scaler.js'));
    const nodes = await page.evaluate(() => {
      const walker = document.createTreeWalker(document.querySelector('.news-detail'), NodeFilter.SHOW_TEXT);
      let n = 0;
      while (walker.nextNode()) if (walker.currentNode.nodeValue.trim()) n++;
      return n;
    });
    if (nodes < TEXT_NODES) throw new Error(`page has ${nodes} text nodes`);
    results.first.push(scaledTo(await measure(page, clickIncrease), base * 1.1)); // 100% → 110%: builds the rules
    results.next.push(scaledTo(await measure(page, clickIncrease), base * 1.2)); // 110% → 120%: one custom property
    // The same page, with a bare CSS zoom change instead (the scaler back at 100% first).
    await page.evaluate(() => {
      const el = document.querySelector('font-size-control');
      el.value = 100;
      return el.updateComplete;
    });
    results.zoomFirst.push(await measure(page, zoomStep(1.1)));
    results.zoomNext.push(await measure(page, zoomStep(1.2)));
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}

const row = (label, samples) => {
  const script = median(samples.map((s) => s.script));
  const layout = median(samples.map((s) => s.styleLayout));
  const frame = median(samples.map((s) => s.frame));
  const handled = median(samples.map((s) => s.handled));
  return { label, script, handled, layout, frame };
};
const rows = [
  row('A+ click, first, downloading the scaler (100→110%)', results.fetched),
  row('A+ click, first (100→110%: builds rules)', results.first),
  row('A+ click, next (110→120%)', results.next),
  row('bare CSS zoom change (1→1.1)', results.zoomFirst),
  row('bare CSS zoom change (1.1→1.2)', results.zoomNext),
];
console.log(`Text-size benchmark: ${TEXT_NODES} text nodes, px page, headless Chromium, median of ${RUNS} runs (ms)`);
console.log('| action | script | until handled | style+layout | to next frame |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.label} | ${r.script.toFixed(1)} | ${r.handled.toFixed(1)} | ${r.layout.toFixed(1)} | ${r.frame.toFixed(1)} |`,
  );
}
const zoomLayout = median(results.zoomNext.map((s) => s.styleLayout));
for (const [label, samples] of [
  ['first click', results.first],
  ['next click', results.next],
]) {
  // The overhead counted generously: everything until the element has handled the click, forced styles included.
  const overhead = median(samples.map((s) => s.handled));
  console.log(
    `overhead of the ${label}: ${overhead.toFixed(1)} ms = ${((overhead / zoomLayout) * 100).toFixed(1)}% of the browser's own ` +
      `style+layout for a zoom change (${zoomLayout.toFixed(1)} ms); goal ≤ 10%`,
  );
}
console.log(
  'bench-result ' +
    JSON.stringify({
      name: 'font-size',
      firstClick: median(results.first.map((s) => s.handled)),
      firstClickFetching: median(results.fetched.map((s) => s.handled)),
      nextClick: median(results.next.map((s) => s.handled)),
      zoomLayout,
    }),
);
