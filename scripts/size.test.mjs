// The size check's own test: budgets, the recorded ceiling and its update, on files made to measure.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const script = new URL('./size.mjs', import.meta.url).pathname;
const FILES = [
  'portal-widgets.js',
  'portal-widgets.iife.js',
  'font-size-control.js',
  'contrast-toggle.js',
  'star-rating.js',
  'visit-stats.js',
  'related-posts.js',
  'preferences.js',
  'text-scaler.js',
];

const dirs = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A dist/cdn/ of random (incompressible) files: `sizes` overrides the 1,000 bytes each file has by default (500 for
 * preferences.js, whose budget is 1,024 B gzip).
 */
function cdn(sizes = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pw-size-'));
  dirs.push(dir);
  for (const file of FILES)
    writeFileSync(join(dir, file), randomBytes(sizes[file] ?? (file === 'preferences.js' ? 500 : 1000)));
  return dir;
}

const run = (dir, ...args) => {
  const result = spawnSync(
    process.execPath,
    [script, '--dir', dir, '--ceiling-file', join(dir, 'ceiling.json'), ...args],
    { encoding: 'utf8' },
  );
  return { code: result.status, out: result.stdout + result.stderr };
};

test('every file within budget passes; one over its budget fails and is named', () => {
  assert.equal(run(cdn()).code, 0);
  const over = run(cdn({ 'star-rating.js': 11600 }));
  assert.equal(over.code, 1);
  assert.match(over.out, /star-rating\.js .*OVER by \d/);
});

test('the ceiling passes a file over budget at its recorded size, within 1%, and fails one that grew', () => {
  const dir = cdn({ 'star-rating.js': 9000 });
  assert.equal(run(dir, '--update-ceiling').code, 0);
  const recorded = JSON.parse(readFileSync(join(dir, 'ceiling.json'), 'utf8'));
  assert.equal(recorded['preferences.js'].measure, 'gzip');
  assert.ok(recorded['star-rating.js'].bytes > 9000);
  assert.equal(run(dir, '--ceiling').code, 0, 'same sizes pass');

  writeFileSync(join(dir, 'star-rating.js'), randomBytes(9050));
  assert.equal(run(dir, '--ceiling').code, 0, 'growth within the 1% slack passes');

  writeFileSync(join(dir, 'star-rating.js'), randomBytes(9500));
  const grown = run(dir, '--ceiling');
  assert.equal(grown.code, 1);
  assert.match(grown.out, /star-rating\.js .*GREW by \d/);
});

test('a gain of more than 1% must be recorded, so the ceiling follows the file down', () => {
  const dir = cdn({ 'star-rating.js': 9000 });
  assert.equal(run(dir, '--update-ceiling').code, 0);
  writeFileSync(join(dir, 'star-rating.js'), randomBytes(8500));
  const shrank = run(dir, '--ceiling');
  assert.equal(shrank.code, 1);
  assert.match(shrank.out, /star-rating\.js .*SHRANK by \d+ B: record it/);
  assert.equal(run(dir, '--update-ceiling').code, 0);
  assert.equal(run(dir, '--ceiling').code, 0);
});

test('a file within its budget may not pass the budget, even inside the slack', () => {
  const dir = cdn({ 'contrast-toggle.js': 11220 });
  assert.equal(run(dir, '--update-ceiling').code, 0);
  writeFileSync(join(dir, 'contrast-toggle.js'), randomBytes(11270));
  const result = run(dir, '--ceiling');
  assert.equal(result.code, 1);
  assert.match(result.out, /contrast-toggle\.js .*GREW/);
});

test('a file the ceiling does not know, or a recorded file no longer built, fails the ceiling check', () => {
  const dir = cdn();
  writeFileSync(join(dir, 'extra.js'), randomBytes(100));
  assert.equal(run(dir, '--update-ceiling').code, 0);
  writeFileSync(join(dir, 'another.js'), randomBytes(100));
  const added = run(dir, '--ceiling');
  assert.equal(added.code, 1);
  assert.match(added.out, /another\.js .*not recorded/);
  unlinkSync(join(dir, 'another.js'));
  unlinkSync(join(dir, 'extra.js'));
  const removed = run(dir, '--ceiling');
  assert.equal(removed.code, 1);
  assert.match(removed.out, /extra\.js: recorded in the ceiling but not built/);
});
