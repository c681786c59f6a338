// What the size budgets leave for each element's own features. Builds, with the CDN build's own plugins, a "floor"
// bundle per element: Lit plus the shared core that element's issue requires (guarded define, language resolution
// with registerLocale, its built-in vi and en strings, and, where it applies, the request helper, URL checks, visitor
// id, the request's lifecycle controller, shared preferences, page stylesheets, number and date formatting) under an element that renders nothing of its
// own. Budget minus floor is what the element's features may cost; the current file minus floor is what they cost.
//
//   npm run build:cdn && node bench/size-floor.mjs
import { readFileSync } from 'node:fs';
import { rollup } from 'rollup';
import { plugins } from '../rollup.config.mjs';
import { brotliSize as brotli } from '../scripts/compressed-size.mjs';

const root = new URL('..', import.meta.url).pathname;
// Absolute .ts paths: the entry is virtual, so the TypeScript plugin's .js-to-.ts mapping does not apply to it.
const src = (path) => JSON.stringify(`${root}src/${path.replace(/\.js$/, '.ts')}`);
const kB = 1024;

/** What each element needs from the core, as uses that keep it in the bundle (modules are imported as namespaces). */
const needs = {
  preference: {
    members: `pref = new prefs.PreferenceController(this, { key: () => 'k', parse: (v) => v, changed: () => this.requestUpdate() });`,
    render: `String(this.pref.value), sheet.pageSheet('floor').cssRules.length`,
  },
  status: { render: `styles.statusRegion('')` },
  number: { render: `locale.formatNumber(this.localize.lang, 1)` },
  date: { render: `locale.formatDate(this.localize.lang, new Date(), {})` },
  json: { render: `request.requestJson(url.endpointUrl(this.src) ?? '', { validate: (b) => b }) && ''` },
  text: { render: `request.requestText(url.safeUrl(this.src) ?? '', { parse: (t) => t }) && ''` },
  visitor: { render: `visitor.visitorId()` },
  resource: {
    members: `res = new rc.ResourceController(this, { url: (el) => el.src || undefined, load: (_el, u, signal) => request.requestJson(u, { signal, validate: (b) => b }) });`,
    render: `String(this.res.loading)`,
  },
};

/** Each element's strings section, shared stylesheets (as its class lists them) and needs, as its own imports are. */
const elements = {
  'font-size-control.js': {
    section: 'fontSize',
    styles: ['controlStyles', 'visuallyHidden'],
    needs: ['preference', 'status', 'number'],
  },
  'contrast-toggle.js': {
    section: 'contrast',
    styles: ['controlStyles', 'visuallyHidden'],
    needs: ['preference', 'status'],
  },
  'star-rating.js': {
    section: 'rating',
    styles: ['blockHostStyles', 'visuallyHidden'],
    needs: ['status', 'json', 'visitor', 'number', 'resource'],
  },
  'visit-stats.js': {
    section: 'stats',
    styles: ['blockHostStyles', 'visuallyHidden', 'skeletonStyles'],
    needs: ['json', 'number', 'date', 'resource'],
  },
  'related-posts.js': {
    section: 'related',
    styles: ['blockHostStyles', 'skeletonStyles'],
    needs: ['text', 'date', 'resource'],
  },
};

function floorElement(name, { section, styles: sheets, needs: wanted }) {
  const parts = wanted.map((need) => needs[need]);
  const elementStyles = `[${sheets.map((sheet) => `styles.${sheet}`).join(', ')}]`;
  return `class Floor_${section} extends PortalElement {
  static styles = ${elementStyles};
  static properties = { src: {} };
  ${parts.map((part) => part.members ?? '').join('\n  ')}
  render() {
    const m = this.localize.strings(locale.builtInStrings('${section}', { en: en.${section}, vi: vi.${section} }));
    const texts = Object.values(m).map((v) => (typeof v === 'function' ? v('1', '1', 1) : v));
    return html\`\${texts} \${[${parts.map((part) => part.render ?? "''").join(', ')}]}\`;
  }
}
Floor_${section}.define('floor-${name.replace('.js', '')}');`;
}

const modules = {
  locale: 'core/locale.js',
  en: 'core/locales/en.js',
  vi: 'core/locales/vi.js',
  styles: 'core/styles.js',
  prefs: 'core/preference-controller.js',
  sheet: 'core/page-sheet.js',
  request: 'core/json-request.js',
  url: 'core/safe-url.js',
  visitor: 'core/visitor-id.js',
  rc: 'core/resource-controller.js',
};

function entry(names) {
  return [
    `import { html } from 'lit';`,
    `import { PortalElement } from ${src('core/portal-element.js')};`,
    ...Object.entries(modules).map(([name, path]) => `import * as ${name} from ${src(path)};`),
    ...names.map((name) => floorElement(name, elements[name])),
  ].join('\n');
}

const litOnly = `import { LitElement, html } from 'lit';
class Trivial extends LitElement { render() { return html\`<p>trivial</p>\`; } }
customElements.define('trivial-element', Trivial);`;

async function size(code) {
  const id = `${root}bench/.floor-entry.ts`;
  const bundle = await rollup({
    input: id,
    treeshake: { manualPureFunctions: ['css', 'html'] },
    plugins: [
      {
        name: 'floor-entry',
        resolveId: (source) => (source === id ? id : null),
        load: (file) => (file === id ? code : null),
      },
      ...plugins('es'),
    ],
    onwarn: (warning) => {
      throw new Error(`floor build: ${warning.message}`);
    },
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  return brotli(Buffer.from(output[0].code));
}

const current = (file) => brotli(readFileSync(`${root}dist/cdn/${file}`));
const fmt = (n) => n.toLocaleString('en-US');
const lit = await size(litOnly);
const rows = [];
for (const [file, budget] of [
  ...Object.keys(elements).map((file) => [file, 11 * kB]),
  ['portal-widgets.js', 20 * kB],
]) {
  const floor = await size(entry(file === 'portal-widgets.js' ? Object.keys(elements) : [file]));
  const now = current(file);
  rows.push({ file, budget, floor, left: budget - floor, now, features: now - floor, over: now - budget });
}

console.log(`Size floor: brotli (quality 11), bytes. Lit with a trivial element: ${fmt(lit)}.`);
console.log(
  '| file | budget | floor (Lit + required core + strings) | left for features | file now | features now | over budget |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.file} | ${fmt(r.budget)} | ${fmt(r.floor)} | ${fmt(r.left)} | ${fmt(r.now)} | ${fmt(r.features)} | ${r.over > 0 ? fmt(r.over) : 'within'} |`,
  );
}
console.log('bench-result ' + JSON.stringify({ name: 'size-floor', lit, rows }));
