// Prints the Subresource Integrity hash of every CDN file, for the snippet a portal pastes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

const dir = 'dist/cdn';
for (const file of readdirSync(dir).sort()) {
  const hash = createHash('sha384')
    .update(readFileSync(`${dir}/${file}`))
    .digest('base64');
  console.log(`${file.padEnd(26)} integrity="sha384-${hash}"`);
}
