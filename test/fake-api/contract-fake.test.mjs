// The contract fake answers as server/openapi.yaml says, checked the way the service's own answers are: every status
// it gives is documented for its operation, and every body is valid against the documented schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ContractFake, STATS } from './contract-fake.mjs';

const spec = parse(readFileSync(new URL('../../server/openapi.yaml', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: spec.components });
const resolve = (node) =>
  node?.$ref
    ? node.$ref
        .split('/')
        .slice(1)
        .reduce((at, key) => at[key], spec)
    : node;

/** The documented response for a status: the exact code, else its class (`4XX`), else `default`. */
function documented(path, method, status) {
  const responses = spec.paths[path][method].responses;
  return resolve(responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default);
}

const fake = new ContractFake();
const visitor = 'contract-visitor-0001';

/** Sends a request to the fake and checks its answer against the operation's documented response. */
function send(path, method, request) {
  const reply = fake.handle({ method: method.toUpperCase(), ...request });
  const response = documented(path, method, reply.status);
  assert.ok(response, `${method.toUpperCase()} ${path}: ${reply.status} is not documented`);
  const schema = response.content?.['application/json']?.schema;
  if (reply.body === undefined) {
    assert.equal(schema, undefined, `${method.toUpperCase()} ${path} ${reply.status}: the contract documents a body`);
  } else {
    assert.ok(schema, `${method.toUpperCase()} ${path} ${reply.status}: a body the contract does not document`);
    const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components/g, '"openapi#/components')));
    assert.ok(
      validate(reply.body),
      `${method.toUpperCase()} ${path} ${reply.status}: ${ajv.errorsText(validate.errors)}`,
    );
  }
  return reply;
}

describe('the contract fake and the OpenAPI document agree', () => {
  const item = 'tiep-tuc-day-manh-cong-tac-phat-trien-dang-vien';

  it('ratings: read, vote, change the vote, withdraw, and refuse what the service refuses', () => {
    assert.deepEqual(send('/ratings/{item}', 'get', { path: `ratings/${item}` }).body, {
      count: 2,
      sum: 10,
      average: 5,
      max: 5,
    });
    assert.deepEqual(send('/ratings/{item}/vote', 'get', { path: `ratings/${item}/vote`, visitor }).body, {
      score: null,
    });
    assert.equal(
      send('/ratings/{item}/vote', 'put', { path: `ratings/${item}/vote`, visitor, body: '{"score":4}' }).body.count,
      3,
    );
    const changed = send('/ratings/{item}/vote', 'put', {
      path: `ratings/${item}/vote`,
      visitor,
      body: { score: 2 },
    }).body;
    assert.deepEqual(changed, { count: 3, sum: 12, average: 4, max: 5, score: 2 });
    assert.deepEqual(send('/ratings/{item}/vote', 'get', { path: `ratings/${item}/vote`, visitor }).body, { score: 2 });
    assert.deepEqual(send('/ratings/{item}/vote', 'delete', { path: `ratings/${item}/vote`, visitor }).body, {
      count: 2,
      sum: 10,
      average: 5,
      max: 5,
      score: null,
    });
    assert.equal(
      send('/ratings/{item}/vote', 'put', { path: `ratings/${item}/vote`, visitor, body: { score: 9 } }).status,
      422,
    );
    assert.equal(send('/ratings/{item}/vote', 'put', { path: `ratings/${item}/vote`, visitor, body: '{' }).status, 400);
    assert.equal(send('/ratings/{item}/vote', 'get', { path: `ratings/${item}/vote` }).status, 400);
    assert.equal(send('/ratings/{item}', 'get', { path: 'ratings/kh%C3%B4ng' }).status, 400);
  });

  it('stats and hits: the contract’s own example, and a counted hit shows in today', () => {
    assert.deepEqual(spec.paths['/stats'].get.responses['200'].content['application/json'].example, STATS);
    const example = spec.paths['/stats/hits'].post.requestBody.content['text/plain'].schema.example;
    assert.equal(send('/stats/hits', 'post', { path: 'stats/hits', body: example }).status, 204);
    assert.equal(send('/stats', 'get', { path: 'stats' }).body.today, STATS.today + 1);
    assert.equal(send('/stats/hits', 'post', { path: 'stats/hits', body: '' }).status, 400);
  });

  it('related articles', () => {
    assert.equal(send('/related/{item}', 'get', { path: `related/${item}` }).body.items.length, 2);
  });

  it('an unknown path is a 404 with the error format', () => {
    assert.deepEqual(fake.handle({ method: 'GET', path: 'nothing' }), { status: 404, body: { error: 'not found' } });
  });
});
