/**
 * custom-elements.json (built by `npm run build:manifest` from the JSDoc in src/) read for Storybook: the controls and
 * docs tables of every element, and the theming page's lists of custom properties and parts. Nothing here restates
 * the API; it only chooses what of the manifest a page author can use.
 */
import manifest from '../custom-elements.json';

export interface Documented {
  name: string;
  description?: string;
  type?: { text: string };
  default?: string;
}

interface Member extends Documented {
  kind: string;
  privacy?: string;
  static?: boolean;
  attribute?: string;
}

export interface ElementDeclaration {
  kind: string;
  name: string;
  tagName?: string;
  summary?: string;
  description?: string;
  members?: Member[];
  attributes?: (Documented & { fieldName?: string })[];
  events?: Documented[];
  slots?: Documented[];
  cssParts?: Documented[];
  cssProperties?: Documented[];
}

interface Manifest {
  schemaVersion: string;
  modules: { kind: string; path: string; declarations?: ElementDeclaration[] }[];
}

const source = manifest as unknown as Manifest;

/** Every element the manifest describes, in tag order. */
export const elements: (ElementDeclaration & { tagName: string })[] = source.modules
  .flatMap((module) => module.declarations ?? [])
  .filter((declaration): declaration is ElementDeclaration & { tagName: string } => Boolean(declaration.tagName))
  .sort((a, b) => a.tagName.localeCompare(b.tagName));

/** An attribute's default as it is written in the attribute: a list property's `['normal', 'more']` is `'normal more'`. */
function attributeText(value: string | undefined): string | undefined {
  const list = value && /^\[(.*)\]$/s.exec(value);
  return list ? `'${[...list[1].matchAll(/'([^']*)'/g)].map((item) => item[1]).join(' ')}'` : value;
}

/**
 * The manifest as Storybook's controls should see it. Storybook lists every member, private ones included, and lists a
 * property twice when it also has an attribute; a page author sets attributes, plus the few properties that have none
 * (`items`, `data`, `score`). Storybook keys every row by name alone, so the part `label` would hide the attribute
 * `label`: parts are named as they are written in CSS, `::part(label)`. The default slot has no name, which Storybook
 * would skip, so it gets one.
 */
export function manifestForControls(): Manifest {
  return {
    ...source,
    modules: source.modules.map((module) => ({
      ...module,
      declarations: module.declarations?.map((declaration) =>
        declaration.tagName
          ? {
              ...declaration,
              description: [declaration.summary, declaration.description].filter(Boolean).join('\n\n'),
              members: (declaration.members ?? []).filter(
                (member) =>
                  member.kind === 'field' &&
                  (member.privacy ?? 'public') === 'public' &&
                  !member.static &&
                  !member.attribute,
              ),
              attributes: declaration.attributes?.map((attribute) => ({
                ...attribute,
                default: attributeText(attribute.default),
              })),
              slots: declaration.slots?.map((slot) => ({ ...slot, name: slot.name || '(default)' })),
              cssParts: declaration.cssParts?.map((part) => ({ ...part, name: `::part(${part.name})` })),
            }
          : declaration,
      ),
    })),
  };
}

/** Every `--portal-*` custom property, once, with the elements that read it (descriptions from the first that does). */
export function customProperties(): { name: string; description: string; elements: string[] }[] {
  const byName = new Map<string, { name: string; description: string; elements: string[] }>();
  for (const element of elements) {
    for (const property of element.cssProperties ?? []) {
      const entry = byName.get(property.name) ?? {
        name: property.name,
        description: property.description ?? '',
        elements: [],
      };
      entry.elements.push(element.tagName);
      byName.set(property.name, entry);
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
