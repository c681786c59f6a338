import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';

/** The part of Storybook's server channel this config touches. */
interface ServerChannel {
  removeAllListeners(event: string): void;
  on(event: string, listener: () => void): void;
  emit(event: string, payload: unknown): void;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { sideEffects: string[] };
/** The registration modules in src/ that package.json's `sideEffects` names by their dist paths. */
const registering = new Set(
  pkg.sideEffects.map((file) => root + file.replace('./dist/', 'src/').replace(/\.js$/, '.ts')),
);

const config: StorybookConfig & { experimental_serverChannel: (channel: ServerChannel) => Promise<ServerChannel> } = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs'],
  // The demo portal's photos and thumbnails, which the article page and the related-articles data refer to.
  staticDirs: [{ from: '../demo/img', to: '/img' }],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // The widgets take the page's font; the ward portals' is Arial, not the browser's default serif.
  previewHead: (head) => `${head}<style>body { font-family: Arial, Helvetica, sans-serif; }</style>`,
  // The dev server fetches release notes from the internet whenever the manager opens, whatever
  // `disableWhatsNewNotifications` says; answer that request here, as Storybook does when it is offline.
  experimental_serverChannel: async (channel) => {
    channel.removeAllListeners('requestWhatsNewData');
    channel.on('requestWhatsNewData', () => channel.emit('resultWhatsNewData', { data: { status: 'ERROR' } }));
    return channel;
  },
  viteFinal: (vite) => ({
    ...vite,
    // Storybook's own preview and docs bundles are about 1 MB; the default 500 kB warning is about them, not the widgets.
    build: { ...vite.build, chunkSizeWarningLimit: 1500 },
    optimizeDeps: {
      ...vite.optimizeDeps,
      // Storybook's renderer imports lit/directive-helpers.js, which the dev server's dependency scan does not find: it
      // would be served unbundled with a second copy of lit-html, and a template from one copy misrenders in the other.
      include: [...(vite.optimizeDeps?.include ?? []), 'lit', 'lit/directive-helpers.js'],
    },
    plugins: [
      ...(vite.plugins ?? []),
      {
        // package.json's `sideEffects` lists dist/ files, so the bundler treats src/ as side-effect free and would drop
        // the `customElements.define` calls the stories rely on.
        name: 'portal-widgets:keep-registration',
        transform(code: string, id: string) {
          return registering.has(id) ? { code, map: null, moduleSideEffects: true } : null;
        },
      },
    ],
  }),
};

export default config;
