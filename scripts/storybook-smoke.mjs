#!/usr/bin/env node
/**
 * Opens every entry of the static Storybook (`npm run build-storybook` first) in headless Chromium and fails on any
 * console error, page error, failed request (a 4xx/5xx, a network failure, or any request that leaves 127.0.0.1), or
 * axe violation. Stories tagged `forced-colors` are opened with `forced-colors: active` emulated. On the docs pages,
 * every row of the API tables must have a description, and each story preview must show what the story's own canvas
 * shows (its text and its controls' ARIA state).
 *
 * Usage: node scripts/storybook-smoke.mjs [storybook-static] [--only <id substring>]
 * Chromium: $CHROMIUM_PATH, else /usr/bin/chromium (Debian's; never downloaded).
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const args = process.argv.slice(2);
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args.splice(onlyIndex, 2)[1] : undefined;
const root = resolve(args[0] ?? 'storybook-static');
/**
 * Longest wait for one entry to render and settle: generous, for a busy CI machine (a slow fake service answers after
 * 2.5 s; a docs page renders all of an element's stories).
 */
const TIMEOUT = { story: 60_000, docs: 120_000 };
const WORKERS = Math.max(1, Math.min(3, availableParallelism()));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const AXE_PATH = '/__smoke__/axe.min.js';
const AXE_FILE = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));

/** A static file server for the build (plus axe-core), on loopback only. */
function serve(dir) {
  const server = createServer(async (request, response) => {
    let path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    // Chromium asks every top-level page for /favicon.ico; the build ships an SVG one.
    if (path === '/favicon.ico') path = '/favicon.svg';
    const file = path === AXE_PATH ? AXE_FILE : normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    try {
      if ((file !== AXE_FILE && !file.startsWith(dir)) || !(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'max-age=600',
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/**
 * Runs in the page: resolves once the entry has rendered (or failed to), its fake requests are answered and handled,
 * and the result is painted; or with an error after `timeout` ms.
 */
async function settle(kind, timeout) {
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  const deadline = Date.now() + timeout;
  const last = (event) => window.__STORYBOOK_ADDONS_CHANNEL__?.last(event);
  const failure = () =>
    last('storyErrored') || last('storyThrewException') || last('storyMissing') || last('playFunctionThrewException');
  for (;;) {
    if (failure()) return { error: `Storybook reported an error: ${JSON.stringify(failure()).slice(0, 500)}` };
    const finished = kind === 'docs' ? last('docsRendered') : last('storyFinished');
    if (finished) {
      if (kind === 'story' && finished[0]?.status === 'error')
        return { error: 'Storybook reported the story as failed' };
      break;
    }
    if (Date.now() > deadline) return { error: `did not render within ${timeout / 1000} s` };
    await sleep(50);
  }
  const idle = (async () => {
    await window.__fakeApi?.whenIdle();
    // Every widget finishes rendering what it received, however deep in shadow roots.
    const elements = [];
    const collect = (node) => {
      for (const el of node.querySelectorAll('*')) {
        if (el.updateComplete) elements.push(el);
        if (el.shadowRoot) collect(el.shadowRoot);
      }
    };
    collect(document);
    await Promise.all(elements.map((el) => el.updateComplete));
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    return 'idle';
  })();
  const outcome = await Promise.race([idle, sleep(Math.max(0, deadline - Date.now())).then(() => 'late')]);
  return { error: outcome === 'late' ? `did not settle within ${timeout / 1000} s` : undefined };
}

/**
 * Runs in the page: what a reader sees of each widget under each story root (a story's canvas, or each story preview
 * of a docs page), keyed by story id: every element's tag, its text and the ARIA state of its controls, through shadow
 * roots. A docs page must show each story as its own canvas does (a vote cast by its play function included).
 */
function widgetStates(kind) {
  const describe = (root) => {
    const out = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll('*')) {
        if (el.localName.includes('-') && el.shadowRoot) {
          out.push(`${el.localName}: ${el.shadowRoot.textContent.replace(/\s+/g, ' ').trim()}`);
          for (const control of el.shadowRoot.querySelectorAll('[aria-checked], [aria-disabled], [aria-pressed]'))
            out.push(
              ['aria-checked', 'aria-disabled', 'aria-pressed'].map((name) => control.getAttribute(name)).join('/'),
            );
          walk(el.shadowRoot);
        }
      }
    };
    walk(root);
    return out.join('\n');
  };
  if (kind === 'story') {
    const root = document.querySelector('#storybook-root');
    return root ? { [new URLSearchParams(location.search).get('id')]: describe(root) } : {};
  }
  return Object.fromEntries(
    [...document.querySelectorAll('[id^="story--"]')]
      .filter((el) => !/-inner$|--primary$/.test(el.id))
      .map((el) => [el.id.replace(/^story--/, ''), describe(el)]),
  );
}

/** Runs in the page: axe with the a11y addon's context and its default and per-story settings. */
async function runAxe(forced) {
  const parameters = window.__STORYBOOK_PREVIEW__?.currentRender?.story?.parameters?.a11y ?? {};
  if (parameters.disable || parameters.test === 'off') return { skipped: 'a11y is off for this story' };
  const { config = {}, options = {} } = parameters;
  // As the a11y addon does: in a component's story, landmarks are the page's business, not the component's.
  const rules = [{ id: 'region', enabled: false }];
  // Under forced colours the system palette sets every colour, so contrast is not the page's to meet; and Chromium
  // then reports the unforced -webkit-text-fill-color, which axe reads as the text colour.
  if (forced) rules.push({ id: 'color-contrast', enabled: false });
  window.axe.configure({ ...config, rules: [...rules, ...(config.rules ?? [])] });
  const context = { include: document.body, exclude: ['.sb-wrapper', '#storybook-docs', '#storybook-highlights-root'] };
  const result = await window.axe.run(context, options);
  return {
    violations: result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((node) => JSON.stringify(node.target)),
    })),
  };
}

async function newTab(context) {
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  return page;
}

/**
 * Opens one entry (a page load of its own, so every story starts from nothing) and reports what went wrong. The
 * worker's tab is reused; an entry under forced colours gets a tab of its own, emulation and all.
 */
async function check(worker, origin, entry) {
  const problems = [];
  const notes = [];
  const forced = Boolean(entry.tags?.includes('forced-colors'));
  const page = forced ? await newTab(worker.context) : worker.page;
  let listeners = {};
  try {
    if (forced) {
      // Puppeteer's emulateMediaFeatures does not know forced-colors; the DevTools protocol does.
      const devtools = await page.createCDPSession();
      await devtools.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'active' }] });
      notes.push('forced-colors: active');
    }
    listeners = {
      console: (message) => {
        if (message.type() === 'error' || message.type() === 'assert')
          problems.push(`console ${message.type()}: ${message.text()}`);
      },
      pageerror: (error) => problems.push(`page error: ${error.message}`),
      error: (error) => problems.push(`page crashed: ${error.message}`),
      request: (request) => {
        const url = request.url();
        if (!url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url))
          problems.push(`request left 127.0.0.1: ${url}`);
      },
      requestfailed: (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
      response: (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
      },
    };
    for (const [event, listener] of Object.entries(listeners)) page.on(event, listener);
    const kind = entry.type === 'docs' ? 'docs' : 'story';
    // The a11y addon's own automatic axe run is switched off: this script runs axe itself, once.
    const url = `${origin}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=${kind}&globals=a11y.manual:!true`;
    await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT[kind] });
    const { error } = await page.evaluate(settle, kind, TIMEOUT[kind]);
    if (error) problems.push(error);
    else if (!forced)
      Object.assign(
        kind === 'docs' ? worker.states.docs : worker.states.story,
        await page.evaluate(widgetStates, kind),
      );
    if (kind === 'story') {
      // Served by the script's own server, so the browser caches and compiles it once.
      await page.addScriptTag({ url: `${origin}${AXE_PATH}` });
      const result = await page.evaluate(runAxe, forced);
      if (forced) notes.push('axe color-contrast off: the system palette decides');
      if (result.skipped) notes.push(`axe skipped: ${result.skipped}`);
      for (const violation of result.violations ?? []) {
        problems.push(
          `axe ${violation.id} (${violation.impact}): ${violation.help} at ${violation.targets.join(', ')}`,
        );
      }
    } else {
      notes.push('axe not run: each story is checked on its own, the docs chrome is Storybook’s');
      // The API table (name, description, default): every property, attribute, event, custom property and part the
      // page can use is described, and defaults are values as written in the attribute, never a constant's name or a
      // script's array.
      const rows = await page.evaluate(() =>
        [...document.querySelectorAll('.docblock-argstable tbody tr')]
          .filter((row) => row.children.length >= 3)
          .map((row) => [...row.children].slice(0, 3).map((cell) => cell.textContent.trim())),
      );
      for (const [name, description, value] of rows) {
        if (['', '-'].includes(description)) problems.push(`API table: ${name} has no description`);
        if (/^[A-Z][A-Z0-9_]+$|^\[/.test(value)) problems.push(`API table: ${name}'s default is shown as ${value}`);
      }
    }
  } catch (error) {
    problems.push(`could not check: ${error.message}`);
  } finally {
    // Only these: removeAllListeners() would also remove Puppeteer's own, which keep track of the tab's frames.
    for (const [event, listener] of Object.entries(listeners)) page.off(event, listener);
    if (forced) {
      // Its renderer may already be gone; the context is closed at the end anyway.
      await page.close().catch(() => {});
    } else {
      // Unloads the entry, so nothing it still does is reported against the next one; a tab that cannot is replaced.
      await page.goto('about:blank').catch(async () => {
        worker.page = await newTab(worker.context);
      });
    }
  }
  return { problems, notes };
}

async function main() {
  const index = JSON.parse(await readFile(join(root, 'index.json'), 'utf8'));
  const entries = Object.values(index.entries).filter((entry) => !only || entry.id.includes(only));
  if (!entries.length) throw new Error(`no entries in ${join(root, 'index.json')}${only ? ` matching "${only}"` : ''}`);
  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchChromium([
    // Nothing but loopback resolves, so a request that tries to leave fails here too (and is reported above).
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ]);
  const started = Date.now();
  const stories = entries.filter((entry) => entry.type !== 'docs').length;
  console.log(
    `Storybook smoke check: ${stories} stories and ${entries.length - stories} docs pages, ${WORKERS} at a time`,
  );
  let passed = 0;
  let failed = 0;
  /** What each story shows on its canvas and in its docs page's preview. */
  const states = { story: {}, docs: {} };
  const queue = [...entries];
  const worker = async () => {
    // One isolated browser context per worker: its own storage, and the build's files cached after the first entry.
    const context = await browser.createBrowserContext();
    const tab = { context, page: await newTab(context), states };
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const began = Date.now();
      const { problems, notes } = await check(tab, origin, entry);
      const time = `${((Date.now() - began) / 1000).toFixed(1)} s`;
      const note = notes.length ? ` [${notes.join('; ')}]` : '';
      if (problems.length) {
        failed += 1;
        console.log(`FAIL ${entry.id} (${time})${note}`);
        for (const problem of [...new Set(problems)]) console.log(`     ${problem}`);
      } else {
        passed += 1;
        console.log(`ok   ${entry.id} (${time})${note}`);
      }
    }
    await context.close();
  };
  try {
    await Promise.all(Array.from({ length: WORKERS }, worker));
  } finally {
    await browser.close();
    server.close();
  }
  for (const [id, shown] of Object.entries(states.docs)) {
    if (!(id in states.story)) continue; // the story was not opened (--only), or is checked under forced colours
    if (shown === states.story[id]) continue;
    failed += 1;
    console.log(`FAIL ${id}: its docs page shows another state than its canvas`);
    console.log(`     canvas: ${states.story[id].replaceAll('\n', ' | ').slice(0, 400)}`);
    console.log(`     docs:   ${shown.replaceAll('\n', ' | ').slice(0, 400)}`);
  }
  console.log(`Checked in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
