// The manifest is the API: the README tables, Storybook's controls and the editors' HTML data are generated from it.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/head-script/**'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // The analyzer lists `static properties` entries marked `state: true` as attributes; internal state is not API.
      name: 'portal-widgets-drop-state-attributes',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            if (!decl.attributes) continue;
            const hidden = new Set((decl.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name));
            decl.attributes = decl.attributes.filter((a) => !hidden.has(a.fieldName));
          }
        }
      },
    },
  ],
};
