// Writes VS Code's HTML custom data from custom-elements.json, so template authors get completion and hover help
// for the tags and their attributes. Point "html.customData" at dist/vscode.html-custom-data.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const tags = manifest.modules
  .flatMap((mod) => mod.declarations ?? [])
  .filter((decl) => decl.customElement && decl.tagName)
  .map((el) => ({
    name: el.tagName,
    description: [el.summary, el.description].filter(Boolean).join('\n\n'),
    attributes: (el.attributes ?? []).map((attr) => {
      const values = /^(('[^']*'|"[^"]*")\s*\|\s*)+('[^']*'|"[^"]*")$/.test(attr.type?.text ?? '')
        ? attr.type.text.split('|').map((v) => ({ name: v.trim().slice(1, -1) }))
        : undefined;
      return { name: attr.name, description: attr.description ?? '', ...(values ? { values } : {}) };
    }),
  }));
mkdirSync('dist', { recursive: true });
writeFileSync('dist/vscode.html-custom-data.json', `${JSON.stringify({ version: 1.1, tags }, null, 2)}\n`);
console.log(`dist/vscode.html-custom-data.json: ${tags.length} tags`);
