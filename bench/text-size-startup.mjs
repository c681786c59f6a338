// Text-size start-up benchmark: the control's module arriving on a page with a stored level, 200 stylesheet rules and
// 2,000 inline sizes (an article pasted from Word), at 4x CPU throttling as on a cheap phone. Two cases: no head script
// and no stored rules (the worst case: the control rewrites every rule as it starts), and a returning reader's page
// view (the head script applied the stored rules and the inline sizes before the first paint). Prints medians of RUNS.
//
//   npm run bench            (builds dist/cdn first)
//   RUNS=20 node bench/text-size-startup.mjs
//
// "long tasks" are the tasks of 50 ms or more that the browser reports (Long Tasks API) from the module's import until
// the last inline size is scaled, and 300 ms more; "longest task" the longest of them (0 when there is none). The goal:
// none. Separate runs under a performance trace (which slows script down) give the sum of the main-thread tasks that
// run script in that time ("script time"; the browser's own style and layout for the new sizes happen in its rendering
// tasks, measured against a bare zoom by bench/font-size.mjs) and the longest of them ("longest traced task"). "first
// update" is the wall time from the import to the control's `updateComplete` (which waits for the scaler's file and the
// rewritten rules), "all scaled" until the last inline size is scaled.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { launchChromium } from '../scripts/chromium.mjs';

const RUNS = Number(process.env.RUNS ?? 7);
const TRACED_RUNS = Number(process.env.TRACED_RUNS ?? 3);
const RULES = 200;
const INLINE = 2000;
const THROTTLE = Number(process.env.THROTTLE ?? 4);
const GOAL_MS = 50;
/** The control and the scaler it imports at a level other than 100%, as a portal serves them. */
const files = Object.fromEntries(
  ['font-size-control.js', 'text-scaler.js', 'preferences.js'].map((file) => [
    `/${file}`,
    readFileSync(new URL(`../dist/cdn/${file}`, import.meta.url), 'utf8'),
  ]),
);

function pageHtml(headScript) {
  const rules = [];
  for (let i = 0; i < RULES; i++) {
    // The shapes themes use: px, pt, rem, presets through custom properties, fluid clamp(), media queries.
    const value = [
      `${11 + (i % 8)}px`,
      `${9 + (i % 6)}pt`,
      `${0.8 + (i % 5) / 10}rem`,
      `var(--preset-${i % 10})`,
      `clamp(1rem, 0.9rem + 0.5vw, 1.4rem)`,
    ][i % 5];
    const rule = `.news-detail .c${i} { font-size: ${value}; line-height: ${i % 2 ? '1.5' : `${18 + (i % 6)}px`}; }`;
    rules.push(i % 7 === 0 ? `@media (min-width: ${300 + i}px) { ${rule} }` : rule);
  }
  const presets = Array.from({ length: 10 }, (_, i) => `--preset-${i}: ${0.75 + i / 8}rem;`).join(' ');
  const css = `:root { ${presets} } body { font: 13px/1.5 Arial, sans-serif; } ${rules.join('\n')}`;
  const paragraphs = [];
  for (let i = 0; i < INLINE / 2; i++) {
    paragraphs.push(
      `<p class="MsoNormal c${i % RULES}" style="margin-bottom:0cm;line-height:115%"><span style="font-size:${12 + (i % 3)}.0pt;line-height:115%;mso-bidi-font-size:12.0pt">Đoạn ${i} dán từ Word.</span></p>`,
    );
  }
  const head = headScript ? '<script src="/preferences.js" data-text-size-key="bench-startup"></script>' : '';
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">${head}<style>${css}</style></head><body>
    <font-size-control target=".news-detail" storage-key="bench-startup"></font-size-control>
    <div class="news-detail">${paragraphs.join('')}</div></body></html>`;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const startUp = `(async () => {
  const tasks = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: 'longtask' });
  performance.mark('bench-start');
  const start = performance.now();
  await import('/font-size-control.js');
  // The CDN file defines its element in a task after it runs.
  await customElements.whenDefined('font-size-control');
  const el = document.querySelector('font-size-control');
  await el.updateComplete;
  const time = performance.now() - start;
  // Inline sizes are scaled in slices after the rules: wait for the last one.
  const scaled = () => document.querySelectorAll('.news-detail [style*="--portal-text-scale"]').length;
  while (scaled() < ${INLINE / 2}) await new Promise((resolve) => setTimeout(resolve, 5));
  const done = performance.now() - start;
  const inline = scaled();
  await new Promise((resolve) => setTimeout(resolve, 300));
  performance.mark('bench-end');
  observer.disconnect();
  return { time, done, level: el.value, inline, longTasks: tasks.map(Math.round), longest: Math.max(0, ...tasks) };
})()`;

/** Tasks that run script (not only the browser's rendering), between the two marks, on the page's main thread. */
const SCRIPT =
  /^(FunctionCall|RunMicrotasks|EvaluateScript|v8\.evaluateModule|TimerFire|EventDispatch|FireIdleCallback)$/;
function scriptTasks(events) {
  const mark = (name) => events.find((e) => e.name === name);
  const [from, to] = [mark('bench-start'), mark('bench-end')];
  const thread = events.filter((e) => e.pid === from.pid && e.tid === from.tid && e.ph === 'X');
  return thread
    .filter((task) => task.name === 'RunTask' && task.ts + task.dur >= from.ts && task.ts <= to.ts)
    .filter((task) => thread.some((e) => e.ts >= task.ts && e.ts < task.ts + task.dur && SCRIPT.test(e.name)))
    .map((task) => task.dur / 1000);
}

// Served from 127.0.0.1 so the page has a real origin (localStorage works as on a portal).
const server = createServer((req, res) => {
  if (files[req.url]) res.writeHead(200, { 'content-type': 'text/javascript' }).end(files[req.url]);
  else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml(req.url.includes('head')));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const CASES = [
  { name: 'no head script, no stored rules (worst case)', path: '/', stored: () => '' },
  { name: 'head script applied the stored rules (a returning reader)', path: '/head', stored: (css) => css },
];

const browser = await launchChromium();
const results = [];
let storedCss = '';
try {
  for (const { name, path, stored } of CASES) {
    const samples = [];
    const traced = [];
    // Run -1 warms the browser up (its own first parse of a large sheet, first long layout) and is not counted.
    for (let run = -1; run < RUNS + TRACED_RUNS; run++) {
      const tracing = run >= RUNS;
      const page = await browser.newPage();
      await page.setViewport({ width: 412, height: 823 });
      await page.goto(`${origin}${path}`, { waitUntil: 'load' });
      const choice = { level: 150, target: '.news-detail', strategy: 'text', css: stored(storedCss) };
      await page.evaluate((value) => localStorage.setItem('bench-startup', value), JSON.stringify(choice));
      await page.reload({ waitUntil: 'load' });
      const cdp = await page.createCDPSession();
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
      const trace = [];
      cdp.on('Tracing.dataCollected', ({ value }) => trace.push(...value));
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      if (tracing) {
        await cdp.send('Tracing.start', {
          categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink.user_timing',
          transferMode: 'ReportEvents',
        });
      }
      const result = await page.evaluate(startUp);
      if (result.level !== 150 || result.inline < INLINE / 2) throw new Error(`not scaled: ${JSON.stringify(result)}`);
      // The rules the control stored: what the head script applies on the next page view.
      storedCss ||= JSON.parse(await page.evaluate(() => localStorage.getItem('bench-startup'))).css;
      if (tracing) {
        await cdp.send('Tracing.end');
        await complete;
        const tasks = scriptTasks(trace);
        traced.push({ tracedLongest: Math.max(...tasks), script: tasks.reduce((a, b) => a + b, 0) });
      } else if (run >= 0) samples.push(result);
      await page.close();
    }
    if (!storedCss) throw new Error('the control stored no rules');
    const of = (key, from = samples) => median(from.map((s) => s[key]));
    results.push({
      name,
      longTasks: samples.map((s) => s.longTasks),
      longest: of('longest'),
      time: of('time'),
      done: of('done'),
      script: of('script', traced),
      tracedLongest: of('tracedLongest', traced),
    });
  }
} finally {
  await browser.close();
  server.close();
}

console.log(
  `Text-size start-up: ${RULES} stylesheet rules, ${INLINE} inline sizes, ${THROTTLE}x CPU, median of ${RUNS} runs (ms)`,
);
console.log(
  '| case | long tasks ≥ 50 ms in each run, ms (goal: none) | longest task, median | script time | longest traced task | first update | all scaled |',
);
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const r of results) {
  const ms = (value) => value.toFixed(1);
  console.log(
    `| ${r.name} | ${r.longTasks.map((t) => t.join('+') || '-').join(', ')} | ${ms(r.longest)} | ${ms(r.script)} | ${ms(r.tracedLongest)} | ${ms(r.time)} | ${ms(r.done)} |`,
  );
}
const [worst, returning] = results;
console.log(
  'bench-result ' +
    JSON.stringify({
      name: 'text-size-startup',
      time: worst.time,
      done: worst.done,
      longest: worst.longest,
      longTasks: worst.longTasks,
      script: worst.script,
      returningLongest: returning.longest,
      returningLongTasks: returning.longTasks,
      returningScript: returning.script,
      goal: GOAL_MS,
    }),
);
