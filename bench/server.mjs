// Service benchmark, loopback only and bounded in time: requests per second and p50/p99 latency for POST hits,
// GET stats, GET ratings and PUT vote (durable: committed before the answer), beside a bare node:http server
// answering 204 in the same run, the ceiling on this machine. Each load runs WARMUP seconds unmeasured (the JIT
// compiles the hot paths), then DURATION seconds measured, with CONNECTIONS.
// POST hits is compared with the ceiling in PAIRS alternating samples (bare, hits, bare, …, bare): on a shared
// machine the ceiling alone moves by half from one sample to the next, so each hits sample is set against the
// bare samples right before and after it, and the median of those ratios is the result.
//
//   node bench/server.mjs            (SQLite; DATABASE_URL=… for PostgreSQL)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const DURATION = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const WARMUP = Number(process.env.WARMUP ?? 2);
const PAIRS = Number(process.env.PAIRS ?? 5);
const SETTLE_MS = 2000;
const root = new URL('..', import.meta.url).pathname;
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36';

function startProcess(args, env, ready) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start`)), 30_000);
    child.stdout.on('data', (chunk) => {
      if (chunk.toString().includes(ready)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
}

const bare = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.statusCode = 204; s.end(); }); }).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));`;

function run(duration, options) {
  return new Promise((resolve, reject) => {
    autocannon({ duration, connections: CONNECTIONS, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** One measured sample of a load, without warm-up. */
async function sample(title, options) {
  const result = await run(DURATION, options);
  return { title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** The sample with the median rate, its p99 the worst of all samples. */
function medianOf(samples) {
  const sorted = [...samples].sort((a, b) => a.rps - b.rps);
  const median = sorted[Math.floor(sorted.length / 2)];
  const errors = samples.reduce((sum, s) => sum + s.errors, 0);
  return { ...median, title: `${median.title} (median of ${samples.length})`, p99: Math.max(...samples.map((s) => s.p99)), errors };
}

/** Measures one load after WARMUP seconds of the same load, so both servers are compared with their code compiled. */
async function load(title, options) {
  await run(WARMUP, options);
  return sample(title, options);
}

const dataDir = mkdtempSync(join(tmpdir(), 'pw-bench-'));
const servicePort = 41000 + Math.floor(Math.random() * 1000);
const barePort = servicePort + 1000;
const service = await startProcess(['--import', 'tsx', join(root, 'server/src/main.ts')], {
  PORT: String(servicePort),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  DEMO: '0',
  VOTES_PER_VISITOR: '1000000',
  VOTES_PER_ADDRESS: '1000000',
  REQUESTS_PER_ADDRESS: '100000000',
}, 'at http://');
const bareServer = await startProcess(['-e', bare], { PORT: String(barePort) }, 'ready');

const api = `http://127.0.0.1:${servicePort}/api/v1`;
let counter = 0;
const results = [];
const hitSamples = [];
let ratios = [];
try {
  const bareLoad = { url: `http://127.0.0.1:${barePort}/`, method: 'POST', body: '{}' };
  const hitsLoad = {
    url: `${api}/stats/hits`,
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': BROWSER },
    body: JSON.stringify({ path: '/tin-tuc/bai-viet.html', referrer: '' }),
  };
  await run(WARMUP, bareLoad);
  await run(WARMUP, hitsLoad);
  const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  await settle();
  const bares = [await sample('bare node:http 204 (ceiling)', bareLoad)];
  for (let i = 0; i < PAIRS; i++) {
    hitSamples.push(await sample('POST /stats/hits', hitsLoad));
    // The service writes the buffered hits once a second: let it finish before the ceiling is measured again.
    await settle();
    bares.push(await sample('bare node:http 204 (ceiling)', bareLoad));
  }
  ratios = hitSamples.map((hit, i) => hit.rps / ((bares[i].rps + bares[i + 1].rps) / 2));
  results.push(medianOf(bares), medianOf(hitSamples));
  results.push(await load('GET /stats', { url: `${api}/stats` }));
  results.push(await load('GET /ratings/{item}', { url: `${api}/ratings/tiep-tuc-day-manh-cong-tac-phat-trien-dang-vien` }));
  results.push(
    await load('PUT /ratings/{item}/vote (durable)', {
      url: `${api}/ratings/tiep-tuc-day-manh-cong-tac-phat-trien-dang-vien/vote`,
      method: 'PUT',
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            headers: { 'content-type': 'application/json', 'x-visitor-id': `bench-visitor-${String(++counter).padStart(10, '0')}` },
            body: JSON.stringify({ score: (counter % 5) + 1 }),
          }),
        },
      ],
    }),
  );
} finally {
  service.kill('SIGTERM');
  bareServer.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(`Service benchmark: ${WARMUP} s warm-up + ${DURATION} s per load, ${CONNECTIONS} connections, 127.0.0.1, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`);
console.log('| request | requests/s | p50 ms | p99 ms | errors or non-2xx |');
console.log('|---|---:|---:|---:|---:|');
for (const r of results) console.log(`| ${r.title} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} |`);
const ceiling = results[0].rps;
const ratio = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)];
const hits = results[1];
const votes = results[4];
console.log(
  `POST hits: ${(ratio * 100).toFixed(0)}% of the bare server (median of ${ratios.length} paired samples: ${ratios.map((r) => `${(r * 100).toFixed(0)}%`).join(', ')}; goal ≥ 50%), p99 ${hits.p99} ms (goal < 10 ms)`,
);
console.log(`PUT vote: ${Math.round(votes.rps)}/s durable (goal ≥ 2,000/s)`);
console.log(
  'bench-result ' +
    JSON.stringify({ name: 'server', bare: ceiling, hits: hits.rps, hitsRatio: ratio, hitsP99: hits.p99, votes: votes.rps, votesP99: votes.p99 }),
);
