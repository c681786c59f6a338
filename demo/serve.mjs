// Serves the demo portal page and the CDN bundles on 127.0.0.1 (PORT, default 8080).
// A static file server only: the reference API service (server/) will take over with the data widgets.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Maps a URL path to a file under demo/ or dist/cdn/, and nowhere else. */
function fileFor(pathname) {
  const clean = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  if (clean.startsWith('/dist/cdn/')) return join(root, clean);
  return join(root, 'demo', clean === '/' ? 'index.html' : clean);
}

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const file = fileFor(pathname);
  const allowed = file.startsWith(join(root, 'demo')) || file.startsWith(join(root, 'dist', 'cdn'));
  let stats;
  try {
    stats = allowed && statSync(file);
  } catch {
    stats = undefined;
  }
  if (!stats || !stats.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'",
  });
  createReadStream(file).pipe(res);
});

server.listen(port, host, () => {
  console.log(`Demo portal page: http://${host}:${port}/`);
});
