// Service benchmark, loopback only and bounded in time: requests per second and p50/p99 latency for POST hits,
// GET stats, GET related, GET ratings and PUT vote (durable: committed before the answer) on SQLite, and PUT vote with
// 20 concurrent voters on a throwaway PostgreSQL cluster (scripts/pg-cluster.mjs; skipped where PostgreSQL cannot be
// started), beside a bare node:http server answering 204 in the same run, the ceiling on this machine. Each load runs
// WARMUP seconds unmeasured (the JIT compiles the hot paths), then DURATION seconds measured.
// POST hits (CONNECTIONS, 10), GET stats and GET related (READ_CONNECTIONS, 50) are compared with the ceiling in PAIRS
// alternating samples (bare, route, bare, …, bare) at the same connection count: on a shared machine the ceiling alone
// moves by half from one sample to the next, so each sample is set against the bare samples right before and after it,
// and the median of those ratios is the result.
//
//   node bench/server.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const DURATION = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const READ_CONNECTIONS = Number(process.env.READ_CONNECTIONS ?? 50);
const VOTERS = Number(process.env.VOTERS ?? 20);
const WARMUP = Number(process.env.WARMUP ?? 2);
const PAIRS = Number(process.env.PAIRS ?? 5);
const SETTLE_MS = 2000;
const root = new URL('..', import.meta.url).pathname;
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36';
const ITEM = 'tiep-tuc-day-manh-cong-tac-phat-trien-dang-vien';

function startProcess(args, env, ready) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start`)), 60_000);
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
    autocannon({ duration, connections: CONNECTIONS, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/** One measured sample of a load, without warm-up. */
async function sample(title, options) {
  const result = await run(DURATION, options);
  const connections = options.connections ?? CONNECTIONS;
  return {
    title: `${title}, ${connections} conn.`,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** The sample with the median rate, its p99 the worst of all samples. */
function medianOf(samples) {
  const sorted = [...samples].sort((a, b) => a.rps - b.rps);
  const median = sorted[Math.floor(sorted.length / 2)];
  const errors = samples.reduce((sum, s) => sum + s.errors, 0);
  return {
    ...median,
    title: `${median.title} (median of ${samples.length})`,
    p99: Math.max(...samples.map((s) => s.p99)),
    errors,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Measures one load after WARMUP seconds of the same load, so both servers are compared with their code compiled. */
async function load(title, options) {
  await run(WARMUP, options);
  return sample(title, options);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/**
 * A route against the ceiling in PAIRS alternating samples at the same connection count: the median ratio of each
 * route sample to the mean of the bare samples around it, and both medians for the table.
 */
async function paired(title, options, bareLoad) {
  await run(WARMUP, bareLoad);
  await run(WARMUP, options);
  await settle();
  const bares = [await sample('bare node:http 204 (ceiling)', bareLoad)];
  const samples = [];
  for (let i = 0; i < PAIRS; i++) {
    samples.push(await sample(title, options));
    // The service writes buffered hits once a second: let it finish before the ceiling is measured again.
    await settle();
    bares.push(await sample('bare node:http 204 (ceiling)', bareLoad));
  }
  const ratios = samples.map((s, i) => s.rps / ((bares[i].rps + bares[i + 1].rps) / 2));
  return { bare: medianOf(bares), route: medianOf(samples), ratios, ratio: median(ratios) };
}

const votesLoad = (connections) => {
  let counter = 0;
  return {
    url: `${api}/ratings/${ITEM}/vote`,
    method: 'PUT',
    connections,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: {
            'content-type': 'application/json',
            'x-visitor-id': `bench-visitor-${String(++counter).padStart(10, '0')}`,
          },
          body: JSON.stringify({ score: (counter % 5) + 1 }),
        }),
      },
    ],
  };
};

const servicePort = 41000 + Math.floor(Math.random() * 1000);
const barePort = servicePort + 1000;
const api = `http://127.0.0.1:${servicePort}/api/v1`;
const UNLIMITED = {
  VOTES_PER_VISITOR: '1000000',
  VOTES_PER_ADDRESS: '1000000',
  VOTES_PER_ITEM_PER_ADDRESS: '100000000',
  REQUESTS_PER_ADDRESS: '100000000',
  VISITOR_SECRET: 'the benchmark’s own secret, 32 bytes',
  SITES_FILE: join(root, 'server/sites.json'),
};
const startService = (env) =>
  startProcess(
    ['--import', 'tsx', join(root, 'server/src/main.ts')],
    { PORT: String(servicePort), HOST: '127.0.0.1', DEMO: '0', ...UNLIMITED, ...env },
    'at http://',
  );
const stopService = async (child) => {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
};

const dataDir = mkdtempSync(join(tmpdir(), 'pw-bench-'));
const bareServer = await startProcess(['-e', bare], { PORT: String(barePort) }, 'ready');
const results = [];
let hits;
let stats;
let related;
let votes;
let pgVotes;
try {
  let service = await startService({ DATA_DIR: dataDir, DATABASE_URL: '' });
  const bareLoad = { url: `http://127.0.0.1:${barePort}/`, method: 'POST', body: '{}' };
  const hitsLoad = {
    url: `${api}/stats/hits`,
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': BROWSER },
    body: JSON.stringify({ path: '/tin-tuc/bai-viet.html', referrer: '' }),
  };
  hits = await paired('POST /stats/hits', hitsLoad, bareLoad);
  results.push(hits.bare, hits.route);
  const bareReads = { url: `http://127.0.0.1:${barePort}/`, connections: READ_CONNECTIONS };
  stats = await paired('GET /stats', { url: `${api}/stats`, connections: READ_CONNECTIONS }, bareReads);
  results.push(stats.bare, stats.route);
  related = await paired(
    'GET /related/{item}',
    { url: `${api}/related/${ITEM}`, connections: READ_CONNECTIONS },
    bareReads,
  );
  results.push(related.route);
  results.push(await load('GET /ratings/{item}', { url: `${api}/ratings/${ITEM}` }));
  votes = await load('PUT /ratings/{item}/vote, SQLite (durable)', votesLoad(CONNECTIONS));
  results.push(votes);
  await stopService(service);
  let cluster;
  try {
    cluster = (await import('../scripts/pg-cluster.mjs')).startCluster();
  } catch (error) {
    console.error(`PostgreSQL votes skipped: ${error.message}`);
  }
  if (cluster) {
    try {
      service = await startService({ DATABASE_URL: cluster.url });
      pgVotes = await load('PUT /ratings/{item}/vote, PostgreSQL (durable)', votesLoad(VOTERS));
      results.push(pgVotes);
      await stopService(service);
    } finally {
      cluster.stop();
    }
  }
} finally {
  bareServer.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  rmSync(dataDir, { recursive: true, force: true });
}

const pct = (ratio) => `${(ratio * 100).toFixed(0)}%`;
console.log(`Service benchmark: ${WARMUP} s warm-up + ${DURATION} s per load, 127.0.0.1`);
console.log('| request | requests/s | p50 ms | p99 ms | errors or non-2xx |');
console.log('|---|---:|---:|---:|---:|');
for (const r of results) console.log(`| ${r.title} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} |`);
for (const [name, result, p99Goal] of [
  ['POST hits', hits, 10],
  ['GET stats', stats, 20],
  ['GET related', related, 20],
]) {
  console.log(
    `${name}: ${pct(result.ratio)} of the bare server (median of ${result.ratios.length} paired samples: ${result.ratios.map(pct).join(', ')}; goal ≥ 50%), p99 ${result.route.p99} ms (goal < ${p99Goal} ms)`,
  );
}
console.log(`PUT vote on SQLite: ${Math.round(votes.rps)}/s durable, p99 ${votes.p99} ms (goal ≥ 2,000/s)`);
if (pgVotes)
  console.log(
    `PUT vote on PostgreSQL, ${VOTERS} voters: ${Math.round(pgVotes.rps)}/s durable, p99 ${pgVotes.p99} ms (goal ≥ 1,000/s, p99 < 100 ms)`,
  );
console.log(
  'bench-result ' +
    JSON.stringify({
      name: 'server',
      bare: hits.bare.rps,
      hits: hits.route.rps,
      hitsRatio: hits.ratio,
      hitsP99: hits.route.p99,
      statsBare: stats.bare.rps,
      stats: stats.route.rps,
      statsRatio: stats.ratio,
      statsP99: stats.route.p99,
      related: related.route.rps,
      relatedRatio: related.ratio,
      relatedP99: related.route.p99,
      votes: votes.rps,
      votesP99: votes.p99,
      pgVotes: pgVotes?.rps,
      pgVotesP99: pgVotes?.p99,
    }),
);
