// The size check's own test: budgets, the recorded ceiling and its update, on files made to measure.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

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
];

/** A dist/cdn/ of random (incompressible) files: `sizes` overrides the 1,000 bytes each file has by default. */
function cdn(sizes = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pw-size-'));
  for (const file of FILES) writeFileSync(join(dir, file), randomBytes(sizes[file] ?? 1000));
  return dir;
}

const run = (dir, ...args) => {
  const result = spawnSync(process.execPath, [script, '--dir', dir, '--ceiling-file', join(dir, 'ceiling.json'), ...args], { encoding: 'utf8' });
  return { code: result.status, out: result.stdout + result.stderr };
};

test('every file within budget passes; one over its budget fails and is named', () => {
  assert.equal(run(cdn()).code, 0);
  const over = run(cdn({ 'star-rating.js': 9000 }));
  assert.equal(over.code, 1);
  assert.match(over.out, /star-rating\.js .*OVER by \d/);
});

test('the ceiling lets files over budget shrink or stay, and fails when one grows', () => {
  const dir = cdn({ 'star-rating.js': 9000 });
  assert.equal(run(dir, '--update-ceiling').code, 0);
  const recorded = JSON.parse(readFileSync(join(dir, 'ceiling.json'), 'utf8'));
  assert.equal(recorded['preferences.js'].measure, 'gzip');
  assert.ok(recorded['star-rating.js'].bytes > 9000);
  assert.equal(run(dir, '--ceiling').code, 0, 'same sizes pass');

  writeFileSync(join(dir, 'star-rating.js'), randomBytes(8500));
  assert.equal(run(dir, '--ceiling').code, 0, 'a file that shrank passes');

  writeFileSync(join(dir, 'star-rating.js'), randomBytes(9500));
  const grown = run(dir, '--ceiling');
  assert.equal(grown.code, 1);
  assert.match(grown.out, /star-rating\.js .*GREW by \d/);
});

test('a file within its budget may not pass the budget, even inside the slack', () => {
  const dir = cdn({ 'contrast-toggle.js': 8150 });
  assert.equal(run(dir, '--update-ceiling').code, 0);
  writeFileSync(join(dir, 'contrast-toggle.js'), randomBytes(8200));
  const result = run(dir, '--ceiling');
  assert.equal(result.code, 1);
  assert.match(result.out, /contrast-toggle\.js .*GREW/);
});

test('a file the ceiling does not know fails the ceiling check', () => {
  const dir = cdn();
  assert.equal(run(dir, '--update-ceiling').code, 0);
  writeFileSync(join(dir, 'extra.js'), randomBytes(100));
  const result = run(dir, '--ceiling');
  assert.equal(result.code, 1);
  assert.match(result.out, /extra\.js .*not recorded/);
});
