// The manifest is the API: the README tables, Storybook's controls and the editors' HTML data are generated from it.
import { readFileSync } from 'node:fs';

/** A constant's value as written in its source file, e.g. `export const DEFAULT_TIMEOUT = 10_000;` gives `10000`. */
function constant(file, name) {
  const match = new RegExp(`export const ${name}(?::[^=]+)? = ([^;]+);`).exec(readFileSync(file, 'utf8'));
  if (!match) throw new Error(`${name} not found in ${file}`);
  return match[1].trim();
}
/** Defaults written as a constant's name, shown as the constant's value (the Default column shows values). */
const DEFAULTS = {
  DEFAULT_TIMEOUT: constant('src/core/json-request.ts', 'DEFAULT_TIMEOUT').replace(/_/g, ''),
  DEFAULT_MAX: constant('src/star-rating/star-shape.ts', 'DEFAULT_MAX'),
  "DEFAULT_FIELDS.join(' ')": `'${eval(constant('src/visit-stats/stats-data.ts', 'DEFAULT_FIELDS')).join(' ')}'`,
};

export default {
  globs: ['src/**/*.ts'],
  // The CDN entries (src/bundle/) only re-export the elements and define them: the API is where they are declared.
  exclude: ['src/head-script/**', 'src/bundle/**'],
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
            const hidden = new Set(
              (decl.members ?? [])
                .filter((m) => m.privacy === 'private' || m.privacy === 'protected')
                .map((m) => m.name),
            );
            decl.attributes = decl.attributes.filter((a) => !hidden.has(a.fieldName));
          }
        }
      },
    },
    {
      // Values, not constant names, in the Default column; an optional attribute's type is its value's type (a text
      // control for `name`, a number control for `refresh`), and `fields` is the string it is.
      name: 'portal-widgets-plain-defaults-and-types',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            for (const item of [...(decl.attributes ?? []), ...(decl.members ?? [])]) {
              if (item.default in DEFAULTS) item.default = DEFAULTS[item.default];
              if (item.type?.text?.endsWith(' | undefined'))
                item.type = { text: item.type.text.slice(0, -' | undefined'.length) };
              if (decl.tagName === 'visit-stats' && (item.name === 'fields' || item.fieldName === 'fields')) {
                item.type ??= { text: 'string' };
                item.default ??= DEFAULTS["DEFAULT_FIELDS.join(' ')"];
              }
            }
          }
        }
      },
    },
  ],
};
