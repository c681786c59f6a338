// Runs the reference service's tests against both storage backends: SQLite, and a throwaway PostgreSQL cluster
// started here on 127.0.0.1 and removed afterwards (scripts/pg-cluster.mjs). File arguments run only those test files
// (node scripts/test-server.mjs server/test/x.test.ts): the fast loop.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster } from './pg-cluster.mjs';

const given = process.argv.slice(2);
const files = given.length
  ? given
  : readdirSync('server/test')
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => join('server/test', f));
const cluster = startCluster();
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: cluster.url },
});
// Interrupted: the tests stop first, then the cluster (pg-cluster's own signal handler).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
const status = await new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
cluster.stop();
process.exit(status);
