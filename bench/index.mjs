// `npm run bench`: runs every benchmark in bench/ one after another (each alone on the machine), shows their own
// tables, then one table of our figure beside the peer's figure from the same run, and the ratio.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const BENCHES = [
  'size.mjs',
  'size-floor.mjs',
  'font-size.mjs',
  'text-size-startup.mjs',
  'star-rating.mjs',
  'visit-stats.mjs',
  'server.mjs',
  'lighthouse.mjs',
];

function run(file) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, file)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('bench-result '));
      if (code !== 0 || !line) reject(new Error(`${file} failed (exit ${code})`));
      else resolve(JSON.parse(line.slice('bench-result '.length)));
    });
  });
}

const results = {};
for (const file of BENCHES) {
  console.log(`\n## ${file}`);
  const result = await run(file);
  results[result.name] = result;
}

const {
  size,
  'font-size': text,
  'text-size-startup': textStart,
  'star-rating': rating,
  'visit-stats': stats,
  server,
  lighthouse,
} = results;
const n = (value, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const rows = [
  [
    'all five elements, brotli',
    `${n(size.all / 1024, 1)} kB`,
    'Shoelace rating + theme CSS',
    `${n(size.slRatingWithTheme / 1024, 1)} kB`,
    size.all / size.slRatingWithTheme,
  ],
  [
    'star-rating alone, brotli',
    `${n(size.rating / 1024, 1)} kB`,
    'Shoelace rating alone',
    `${n(size.slRating / 1024, 1)} kB`,
    size.rating / size.slRating,
  ],
  [
    'A+ first click, until handled',
    `${n(text.firstClick, 1)} ms`,
    "browser's own zoom style+layout",
    `${n(text.zoomLayout, 1)} ms`,
    text.firstClick / text.zoomLayout,
  ],
  [
    'A+ next click, until handled',
    `${n(text.nextClick, 1)} ms`,
    "browser's own zoom style+layout",
    `${n(text.zoomLayout, 1)} ms`,
    text.nextClick / text.zoomLayout,
  ],
  [
    'text size start-up, 2,000 inline sizes, 4x CPU: longest task',
    `${n(textStart.longest, 1)} ms`,
    'goal',
    `${textStart.goal} ms`,
    textStart.longest / textStart.goal,
  ],
  [
    `${n(rating.count)} read-only ratings, insert to paint`,
    `${n(rating.ours.time)} ms`,
    rating.peerName,
    `${n(rating.peer.time)} ms`,
    rating.ours.time / rating.peer.time,
  ],
  [
    'star-rating JS heap per instance',
    `${n(rating.ours.heapKb, 2)} kB`,
    rating.peerName,
    `${n(rating.peer.heapKb, 2)} kB`,
    rating.ours.heapKb / rating.peer.heapKb,
  ],
  [
    'service: POST hits (median of paired samples)',
    `${n(server.hits)} req/s`,
    'bare node:http 204',
    `${n(server.bare)} req/s`,
    server.hitsRatio,
  ],
  [
    'service: GET stats (median of paired samples)',
    `${n(server.stats)} req/s`,
    'bare node:http 204',
    `${n(server.statsBare)} req/s`,
    server.statsRatio,
  ],
  [
    'service: GET related (median of paired samples)',
    `${n(server.related)} req/s`,
    'bare node:http 204',
    `${n(server.statsBare)} req/s`,
    server.relatedRatio,
  ],
  ['service: PUT vote, durable', `${n(server.votes)} req/s`, 'goal', '2,000 req/s', server.votes / 2000],
  ...(server.pgVotes === undefined
    ? []
    : [
        [
          'service: PUT vote on PostgreSQL, 20 voters',
          `${n(server.pgVotes)} req/s`,
          'goal',
          '1,000 req/s',
          server.pgVotes / 1000,
        ],
      ]),
  ['visit-stats: CLS while loading', n(stats.cls, 3), 'goal', '0.000', undefined],
  ['demo page: Lighthouse performance', n(lighthouse.performance, 2), 'goal', '0.95', undefined],
  ['demo page: Lighthouse accessibility', n(lighthouse.accessibility, 2), 'goal', '1.00', undefined],
  ['demo page: CLS (Lighthouse)', n(lighthouse.cls, 3), 'goal', '0.000', undefined],
  ['long tasks > 50 ms from the widgets', n(lighthouse.widgetLongTasks), 'goal', '0', undefined],
  ['the same, median over the five runs', n(lighthouse.widgetLongTasksMedianOfRuns), 'goal', '0', undefined],
];
console.log('\n## Summary: ours beside the peer, same run');
console.log('| measure | ours | peer | peer figure | ratio |');
console.log('|---|---:|---|---:|---:|');
for (const [what, ours, peer, figure, ratio] of rows) {
  console.log(`| ${what} | ${ours} | ${peer} | ${figure} | ${ratio === undefined ? '' : `${n(ratio, 2)}×`} |`);
}
