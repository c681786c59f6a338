import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PostgresStorage } from '../src/storage/postgres.js';
import { SqliteStorage } from '../src/storage/sqlite.js';
import { backends } from './backends.js';

const root = new URL('../..', import.meta.url).pathname;

/** Starts the service as its own process and resolves once it listens. */
function start(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/main.ts')], {
    env: {
      VISITOR_SECRET: 'crash-test secret, 32 bytes long',
      VOTES_PER_ITEM_PER_ADDRESS: '100000',
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    // Generous: on a shared, loaded machine starting tsx alone can take many seconds.
    const timer = setTimeout(() => reject(new Error('service did not start')), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('at http://')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`service exited with ${code}`)));
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', resolve));

for (const backend of backends) {
  describe(`a crash on ${backend.name}`, () => {
    it('keeps every vote that got a 2xx when the service is killed with SIGKILL mid-stream', async () => {
      const env = await backend.env();
      const port = 30000 + Math.floor(Math.random() * 20000);
      const base = `http://127.0.0.1:${port}/api/v1/ratings/crash-test`;
      let child = await start(env, port);
      const acknowledged = new Map<string, number>();
      const inFlight: Promise<void>[] = [];
      let killed = false;
      for (let i = 0; i < 400 && !killed; i++) {
        const visitor = `crash-visitor-${String(i).padStart(8, '0')}`;
        const score = (i % 5) + 1;
        const request = fetch(`${base}/vote`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-visitor-id': visitor },
          body: JSON.stringify({ score }),
        })
          .then((response) => {
            if (response.ok) acknowledged.set(visitor, score);
          })
          .catch(() => {});
        inFlight.push(request);
        // A stream of votes, a few in flight at a time; the kill lands in the middle of it.
        if (i % 4 === 3) await request;
        if (i === 150) {
          child.kill('SIGKILL');
          killed = true;
        }
      }
      await Promise.all(inFlight);
      await exited(child);
      assert.ok(acknowledged.size >= 100, `only ${acknowledged.size} votes acknowledged before the kill`);

      child = await start(env, port);
      try {
        for (const [visitor, score] of acknowledged) {
          const own = (await (await fetch(`${base}/vote`, { headers: { 'x-visitor-id': visitor } })).json()) as {
            score: number;
          };
          assert.equal(own.score, score, `vote of ${visitor}`);
        }
        const aggregate = (await (await fetch(base)).json()) as { count: number };
        assert.ok(aggregate.count >= acknowledged.size);
      } finally {
        child.kill('SIGTERM');
        await exited(child);
      }
      const storage = env.DATABASE_URL
        ? new PostgresStorage(env.DATABASE_URL)
        : new SqliteStorage(join(env.DATA_DIR, 'portal-widgets.sqlite'));
      assert.ok(await storage.integrity(), 'the database passes its integrity check');
      await storage.close();
    });

    it('flushes buffered hits on SIGTERM', async () => {
      const env = await backend.env();
      const port = 30000 + Math.floor(Math.random() * 20000);
      const api = `http://127.0.0.1:${port}/api/v1/stats`;
      let child = await start(env, port);
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${api}/hits`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' },
          body: JSON.stringify({ path: `/tin/${i}.html`, referrer: '' }),
        });
        assert.equal(response.status, 204);
      }
      // Within the one-second buffer: only the shutdown's flush can save these.
      child.kill('SIGTERM');
      await exited(child);
      child = await start(env, port);
      try {
        const stats = (await (await fetch(api)).json()) as { today: number; total: number };
        assert.equal(stats.total, 5);
      } finally {
        child.kill('SIGTERM');
        await exited(child);
      }
    });
  });
}
