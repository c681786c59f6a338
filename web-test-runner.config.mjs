// Tests run in Debian's Chromium and Firefox ESR on every `npm test`; no browser is ever downloaded.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { CHROMIUM, CHROMIUM_ARGS } from './scripts/chromium.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { testApi } from './scripts/test-api.mjs';

const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

const chromiumArgs = [
  ...CHROMIUM_ARGS,
  // The lifecycle test reads the heap after a full collection: gc() in pages, and unrounded memory figures.
  '--js-flags=--expose-gc',
  '--enable-precise-memory-info',
];

/**
 * Serves the shipped CDN files from dist/cdn/ (`npm test` builds them first), so host-page tests load exactly what a
 * portal loads: the head script as a classic script, the all-in-one bundle as an ES module and as a classic IIFE,
 * and each element's own file. Also the HTTP contracts as JSON, and the React and Vue host pages, bundled on request
 * (React ships CommonJS, which the test server cannot serve as modules).
 */
const HOST_APPS = {
  '/__test__/react-host.js': 'test/fixtures/react-host.js',
  '/__test__/vue-host.js': 'test/fixtures/vue-host.js',
};
const bundles = {
  name: 'bundles',
  async serve(context) {
    // The HTTP contracts, as JSON, so widget tests check themselves against the same document as the service.
    if (context.path === '/__test__/openapi.json') {
      return { body: JSON.stringify(parseYaml(await readFile('server/openapi.yaml', 'utf8'))), type: 'json' };
    }
    // Copies of the folder: `/__test__/cdn-without-scaler/` lacks the text scaler's file (a failed download);
    // `/__test__/cdn-copy/` is whole, for a test whose failures must not stay in the browser's cache of the first.
    const cdn = /^\/__test__\/cdn(-without-scaler|-copy)?\/([\w.-]+\.(js|css))$/.exec(context.path);
    if (cdn?.[1] === '-without-scaler' && cdn[2] === 'text-scaler.js')
      return { status: 404, body: 'none', type: 'txt' };
    if (cdn) {
      try {
        return { body: await readFile(`dist/cdn/${cdn[2]}`, 'utf8'), type: cdn[3] };
      } catch {
        throw new Error(`dist/cdn/${cdn[2]} is missing: run npm run build:cdn before the tests`);
      }
    }
    const app = HOST_APPS[context.path];
    if (!app) return undefined;
    const result = await build({
      entryPoints: [app],
      bundle: true,
      format: 'esm',
      write: false,
      tsconfig: 'tsconfig.json',
      target: 'es2021',
      define: {
        'process.env.NODE_ENV': '"development"',
        __VUE_OPTIONS_API__: 'true',
        __VUE_PROD_DEVTOOLS__: 'false',
        __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      },
    });
    return { body: result.outputFiles[0].text, type: 'js' };
  },
};

/**
 * Variants of the demo portal page (a replica of a legacy portal: fixed 1000px layout, px fonts), derived on request
 * from demo/index.html so there is one copy of it: `/__test__/pages/portal.html` loads the widgets from source,
 * `portal-head-only.html` only the head script, `csp-portal.html` the widgets plus an error recorder (served under CSP).
 */
const PAGE_VARIANTS = {
  portal: { body: '/test/fixtures/load-widgets.js', type: 'module' },
  'portal-head-only': { body: '/test/fixtures/measure-at-dcl.js', type: '' },
  'csp-portal': { body: '/test/fixtures/load-widgets.js', type: 'module', record: true },
  'portal-undefined': { body: '/test/fixtures/record-errors.js', type: '' },
  'portal-late': {
    body: '/test/fixtures/load-widgets.js',
    type: 'module',
    before: '/test/fixtures/set-before-upgrade.js',
  },
  // The built CDN files, as a portal loads them: the module bundle, and the classic one under the strict CSP.
  'cdn-portal': { body: '/__test__/cdn/portal-widgets.js', type: 'module', before: '/test/fixtures/cdn-ready.js' },
  'csp-cdn-portal': {
    body: '/__test__/cdn/portal-widgets.iife.js',
    type: '',
    record: true,
    before: '/test/fixtures/cdn-ready.js',
  },
};
const pages = {
  name: 'pages',
  async serve(context) {
    const match = /^\/__test__\/pages\/([\w-]+)\.html$/.exec(context.path);
    const variant = match && PAGE_VARIANTS[match[1]];
    if (!variant) return undefined;
    const record = variant.record ? '<script src="/test/fixtures/record-errors.js"></script>\n' : '';
    const body = (await readFile('demo/index.html', 'utf8'))
      .replace('<head>', '<head>\n<base href="/demo/">')
      .replace(
        '<script src="/dist/cdn/preferences.js"></script>',
        `${record}<script src="/__test__/cdn/preferences.js"></script>`,
      )
      .replace('href="/dist/cdn/portal-widgets.css"', 'href="/__test__/cdn/portal-widgets.css"')
      .replace(
        '<script type="module" src="/dist/cdn/portal-widgets.js"></script>',
        `${variant.before ? `<script src="${variant.before}"></script>` : ''}<script ${variant.type ? `type="${variant.type}" ` : ''}src="${variant.body}"></script>`,
      );
    return { body, type: 'html' };
  },
};

/**
 * Host pages for the widgets' block in test/fixtures/hosts/widgets.html: `legacy.html` (jQuery 1.x, global resets
 * with !important, the classic bundle) and `neutral.html` (no page rules, the module bundle), so a test compares one
 * with the other. Both load the built CDN files. `reserved.html` has only the page stylesheet: the test adds the script.
 */
const hostPages = {
  name: 'host-pages',
  async serve(context) {
    const match = /^\/__test__\/hosts\/(legacy|neutral|lifecycle|reserved)\.html$/.exec(context.path);
    if (!match) return undefined;
    const head = await readFile(`test/fixtures/hosts/${match[1]}-head.html`, 'utf8');
    const widgets = await readFile('test/fixtures/hosts/widgets.html', 'utf8');
    const body = `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>${match[1]} host page</title>
<script src="/test/fixtures/record-errors.js"></script>
${head}
${/\/__test__\/cdn\/portal-widgets[.\w]*\.js/.test(head) ? '<script src="/test/fixtures/cdn-ready.js"></script>' : ''}
</head>
<body>
${widgets}
</body>
</html>`;
    return { body, type: 'html' };
  },
};

/**
 * Host pages for the text-size tests, built from our own fixtures in test/fixtures/text-size/ (a block theme, editor
 * content, old-editor and Word pastes): `?key=` names the storage key, `head=1` adds the shipped head script in the
 * head, `module=1` loads the control from source at the end of the body, `strategy=root` scales the whole page. Every page can measure its text and run axe.
 */
const textSizePages = {
  name: 'text-size-pages',
  async serve(context) {
    const match = /^\/__test__\/text-size\/([\w-]+)\.html$/.exec(context.path);
    if (!match) return undefined;
    const { key = 'portal-widgets:text-size', head, module, strategy } = context.query;
    const keyAttribute = String(key).replace(/[^\w:.-]/g, '');
    const body = (await readFile(`test/fixtures/text-size/${match[1]}.html`, 'utf8'))
      .replaceAll('{{key}}', keyAttribute)
      // The whole page, scaled at its root, instead of the article.
      .replace(/target="[^"]*"/, strategy === 'root' ? 'strategy="root"' : '$&')
      .replace(
        '<!-- head -->',
        `<script src="/node_modules/axe-core/axe.min.js"></script><script src="/test/fixtures/text-size/measure.js"></script>` +
          (head ? `<script src="/__test__/cdn/preferences.js" data-text-size-key="${keyAttribute}"></script>` : ''),
      )
      .replace(
        '<!-- module -->',
        module ? '<script type="module" src="/src/font-size-control/font-size-control.ts"></script>' : '',
      );
    return { body, type: 'html' };
  },
};

/**
 * Emulates media features the stock command does not know (prefers-contrast, forced-colors), through the DevTools
 * protocol. The session is kept per page: emulation ends when its session detaches.
 */
const cdpSessions = new WeakMap();
/** Runs one DevTools-protocol command on the test page; false where there is no such protocol (Firefox over BiDi). */
async function devtools(session, method, params) {
  const page = session.browser.getPage(session.id);
  try {
    let cdp = cdpSessions.get(page);
    if (!cdp) cdpSessions.set(page, (cdp = await page.createCDPSession()));
    await cdp.send(method, params);
    return true;
  } catch {
    return false;
  }
}

const mediaFeatures = {
  name: 'media-features',
  executeCommand({ command, payload, session }) {
    if (command !== 'emulate-media-features') return undefined;
    return devtools(session, 'Emulation.setEmulatedMedia', { features: payload });
  },
};

/** Sets the browser's time zone (Chromium), to show that the visitor's clock never decides a date label. */
const timeZone = {
  name: 'time-zone',
  executeCommand({ command, payload, session }) {
    if (command !== 'set-time-zone') return undefined;
    return devtools(session, 'Emulation.setTimezoneOverride', { timezoneId: payload ?? '' });
  },
};

/**
 * The browser's own accessibility tree (Chromium): the names and states a screen reader gets. Payload `{ all: true }`
 * keeps the nodes Chromium deems uninteresting, such as a radio group's own node with its name and description.
 */
const accessibilityTree = {
  name: 'accessibility-tree',
  async executeCommand({ command, payload, session }) {
    if (command !== 'accessibility-tree') return undefined;
    try {
      const interestingOnly = !payload?.all;
      return (await session.browser.getPage(session.id).accessibility.snapshot({ interestingOnly })) ?? false;
    } catch {
      // A null result would read as "no plugin handled this"; false says "this browser cannot".
      return false;
    }
  },
};

/** Pages under /__test__/pages/csp- are served with the strict policy a hardened portal uses. */
const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; require-trusted-types-for 'script'";
const strictCsp = (context, next) => {
  if (context.path.startsWith('/__test__/pages/csp-')) context.set('Content-Security-Policy', STRICT_CSP);
  return next();
};

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  middleware: [strictCsp, testApi],
  concurrency: 1,
  // A fresh CI machine is slower than a warm one; a file that hangs still fails, just later.
  testsFinishTimeout: 600_000,
  testFramework: { config: { timeout: 10000 } },
  plugins: [
    bundles,
    pages,
    hostPages,
    textSizePages,
    mediaFeatures,
    timeZone,
    accessibilityTree,
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2021' }),
  ],
  browsers: [
    chromeLauncher({ launchOptions: { executablePath: CHROMIUM, headless: true, args: chromiumArgs } }),
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', executablePath: FIREFOX, headless: true },
    }),
  ],
  coverage: true,
  coverageConfig: {
    include: ['src/**/*.ts'],
    threshold: { lines: 90, statements: 90, functions: 80, branches: 70 },
    report: true,
    reportDir: 'coverage',
  },
  reporters: [defaultReporter(), summaryReporter()],
};
