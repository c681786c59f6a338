// The package as a user installs it: `npm pack`, installed into a fresh project, imported from a TypeScript file
// compiled with `strict`, bundled with rollup, and rendered in Chromium. Needs `npm run build:npm` and the manifest
// (`npm test` builds them first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { launchChromium } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const work = mkdtempSync(join(tmpdir(), 'pw-package-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

let tarball;
let files;

test('the tarball holds the built package and nothing of the repository’s own', () => {
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], root));
  tarball = join(work, packed.filename);
  files = packed.files.map((file) => file.path);
  for (const file of [
    'package.json',
    'README.md',
    'custom-elements.json',
    'dist/index.js',
    'dist/index.d.ts',
    'dist/star-rating/star-rating.component.d.ts',
    'dist/cdn/portal-widgets.js',
    'dist/cdn/preferences.js',
  ]) {
    assert.ok(files.includes(file), `${file} is in the package`);
  }
  const strays = files.filter((file) =>
    /^(test|stories|server|scripts|bench|demo|src|\.storybook)\/|fixtures|\.test\.|\.stories\./.test(file),
  );
  assert.deepEqual(strays, [], 'no tests, stories, service, fixtures or sources');
});

test('a strict TypeScript project imports it, element types resolve through HTMLElementTagNameMap, and it renders', async () => {
  assert.ok(tarball, 'packed');
  const app = join(work, 'app');
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'portal-app', private: true, type: 'module' }));
  npm(['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock'], app);

  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'es2021',
        module: 'es2022',
        moduleResolution: 'bundler',
        lib: ['es2021', 'dom'],
        outDir: 'out',
        skipLibCheck: false,
      },
      include: ['src'],
    }),
  );
  writeFileSync(
    join(app, 'src', 'main.ts'),
    `import 'portal-widgets';
import 'portal-widgets/star-rating.js';
import { StarRating } from 'portal-widgets/star-rating.component.js';

// Typed by the package's HTMLElementTagNameMap: a wrong type here fails the strict compile.
const rating: StarRating = document.createElement('star-rating');
rating.value = 4.5;
rating.count = 2;
rating.readonly = true;
const control: HTMLElementTagNameMap['font-size-control'] | null = document.querySelector('font-size-control');
const level: number | undefined = control?.value;
document.body.append(rating);
(window as unknown as { packageReady: Promise<string> }).packageReady = customElements
  .whenDefined('star-rating')
  .then(() => rating.updateComplete)
  .then(() => \`\${rating.constructor === StarRating} \${level} \${rating.shadowRoot?.querySelector('[part~="stars"]')?.getAttribute('aria-label')}\`);
`,
  );
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', app], { stdio: 'pipe' });

  const bundle = await rollup({
    input: join(app, 'out', 'main.js'),
    plugins: [nodeResolve({ rootDir: app, exportConditions: ['production'] })],
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();

  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html lang="vi"><body></body></html>');
    await page.addScriptTag({ content: output[0].code, type: 'module' });
    const rendered = await page.evaluate(() => window.packageReady);
    assert.match(rendered, /^true undefined \S/, `rendered: ${rendered}`);
    assert.match(rendered, /4,5/, 'the rating speaks Vietnamese with vi numbers');
  } finally {
    await browser.close();
  }
});
