// The reference service: `npm start` runs it with the embedded database and the demo portal page.
// Settings (environment): PORT (8080), HOST (127.0.0.1), DATA_DIR (.data/), DATABASE_URL (PostgreSQL instead of
// SQLite), SITES_FILE (server/sites.json, re-read when it changes), LOG=1 to log requests (never addresses),
// TRUST_PROXY behind proxies (a hop count, or the proxies' addresses/CIDRs, comma-separated),
// VISITOR_SECRET or SECRET_FILE (default DATA_DIR/visitor-secret): the key of the stored hashes, the same on every instance,
// VOTES_PER_VISITOR (30), VOTES_PER_ADDRESS (600), REQUESTS_PER_ADDRESS (3000): limits per minute,
// VOTES_PER_ITEM_PER_ADDRESS (60): limit per hour,
// DEMO_SEED=0 to start the demo database with no numbers instead of the seed page's. server/README.md has the details.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, parseTrustProxy } from './app.js';
import { seedDemo } from './demo-seed.js';
import { Keys } from './secret.js';
import { SiteRegistry } from './sites.js';
import { PostgresStorage } from './storage/postgres.js';
import { SqliteStorage } from './storage/sqlite.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = resolve(process.env.DATA_DIR ?? join(root, '.data'));
const sitesFile = resolve(process.env.SITES_FILE ?? join(root, 'server/sites.json'));

const storage = process.env.DATABASE_URL
  ? new PostgresStorage(process.env.DATABASE_URL)
  : new SqliteStorage(join(dataDir, 'portal-widgets.sqlite'));
const keys = Keys.fromEnvironment(process.env, join(dataDir, 'visitor-secret'));
if (process.env.DATABASE_URL && !process.env.VISITOR_SECRET && !process.env.SECRET_FILE) {
  // Several instances each with a secret of their own would count a visitor once per instance.
  console.warn(
    `VISITOR_SECRET is not set: using ${join(dataDir, 'visitor-secret')}; every instance on this database needs the same secret.`,
  );
}
await storage.migrate(keys);
const sites = SiteRegistry.fromFile(sitesFile);
const demoSite = sites.sites.get('phuong-quyet-thang');
if (process.env.DEMO !== '0' && process.env.DEMO_SEED !== '0' && demoSite) {
  await seedDemo(storage, demoSite, 'tiep-tuc-day-manh-cong-tac-phat-trien-dang-vien');
}
const limit = (name: string, fallback: number) =>
  Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback;
const { app } = await buildApp({
  storage,
  sites,
  keys,
  trustProxy: parseTrustProxy(process.env.TRUST_PROXY),
  demo: process.env.DEMO !== '0',
  limits: {
    votesPerVisitor: limit('VOTES_PER_VISITOR', 30),
    votesPerAddress: limit('VOTES_PER_ADDRESS', 600),
    votesPerItemPerAddress: limit('VOTES_PER_ITEM_PER_ADDRESS', 60),
    perAddress: limit('REQUESTS_PER_ADDRESS', 3000),
  },
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  // Flushes buffered hits (app's onClose), then closes the database.
  await app.close();
  sites.close();
  await storage.close();
  process.stdout.write(`Stopped on ${signal}.\n`);
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

await app.listen({ port, host });
// The one line a person starting the demo needs: where it is.
process.stdout.write(`portal-widgets service (${storage.kind}) at http://${host}:${port}/  (demo: / and /en.html)\n`);
