// The service's answers are checked against server/openapi.yaml, the one document the widgets' contracts live in.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import { buildApp } from '../src/app.js';
import { SiteRegistry } from '../src/sites.js';
import type { Storage } from '../src/storage/types.js';
import { backends, testKeys } from './backends.js';

const spec = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'));
const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: 'openapi', components: spec.components });

/** Validates a body against the JSON schema of an operation's response in the OpenAPI document. */
function check(path: string, method: string, status: string, body: unknown) {
  const documented = spec.paths[path][method].responses[status];
  assert.ok(documented, `${method.toUpperCase()} ${path}: ${status} is not documented`);
  const response = documented.$ref ? spec.components.responses[documented.$ref.split('/').pop()] : documented;
  const schema = response.content['application/json'].schema;
  const rewritten = JSON.parse(JSON.stringify(schema).replace(/"#\/components/g, '"openapi#/components'));
  const validate = ajv.compile(rewritten);
  assert.ok(validate(body), `${method.toUpperCase()} ${path} ${status}: ${ajv.errorsText(validate.errors)}`);
  // The document's own example must satisfy it too.
  const example = response.content['application/json'].example;
  if (example !== undefined)
    assert.ok(validate(example), `${method} ${path} example: ${ajv.errorsText(validate.errors)}`);
}

const backend = backends[0];
describe('the OpenAPI document and the service agree', () => {
  let storage: Storage;
  let app: FastifyInstance;
  let sites: SiteRegistry;
  before(async () => {
    storage = await backend.create();
    sites = new SiteRegistry([{ id: 'phuong-a', timeZone: 'Asia/Ho_Chi_Minh', origins: [], max: 5 }]);
    process.env.CONTRACT_TOKEN = 'contract-token-0123';
    sites.sites.get('phuong-a')!.tokenEnv = 'CONTRACT_TOKEN';
    sites.setArticles(
      sites.sites.get('phuong-a')!,
      JSON.parse(readFileSync(new URL('../../demo/data/articles.json', import.meta.url), 'utf8')).articles,
    );
    ({ app } = await buildApp({ keys: testKeys, storage, sites }));
  });
  after(async () => {
    await app.close();
    await storage.close();
  });

  const visitor = { 'x-visitor-id': 'contract-visitor-0001' };
  const item = 'tiep-tuc-day-manh-cong-tac-phat-trien-dang-vien';

  it('ratings', async () => {
    check('/ratings/{item}', 'get', '200', (await app.inject(`/api/v1/ratings/${item}`)).json());
    check(
      '/ratings/{item}/vote',
      'get',
      '200',
      (await app.inject({ url: `/api/v1/ratings/${item}/vote`, headers: visitor })).json(),
    );
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/ratings/${item}/vote`,
      headers: visitor,
      payload: { score: 4 },
    });
    check('/ratings/{item}/vote', 'put', '200', put.json());
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/ratings/${item}/vote`, headers: visitor });
    check('/ratings/{item}/vote', 'delete', '200', del.json());
    const tooHigh = await app.inject({
      method: 'PUT',
      url: `/api/v1/ratings/${item}/vote`,
      headers: visitor,
      payload: { score: 9 },
    });
    assert.equal(tooHigh.statusCode, 422);
    check('/ratings/{item}/vote', 'put', '422', tooHigh.json());
    const anonymous = await app.inject({ method: 'PUT', url: `/api/v1/ratings/${item}/vote`, payload: { score: 3 } });
    check('/ratings/{item}/vote', 'put', String(anonymous.statusCode), anonymous.json());
    const badId = await app.inject(`/api/v1/ratings/${'x'.repeat(201)}`);
    check('/ratings/{item}', 'get', String(badId.statusCode), badId.json());
    const xml = await app.inject({
      method: 'PUT',
      url: `/api/v1/ratings/${item}/vote`,
      headers: { ...visitor, 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    check('/ratings/{item}/vote', 'put', String(xml.statusCode), xml.json());
    const big = await app.inject({
      method: 'PUT',
      url: `/api/v1/ratings/${item}/vote`,
      headers: { ...visitor, 'content-type': 'application/json' },
      payload: `{"score":${'1'.repeat(20_000)}}`,
    });
    check('/ratings/{item}/vote', 'put', String(big.statusCode), big.json());
  });

  it('rate limits, unknown sites, the article push', async () => {
    const { app: strict } = await buildApp({
      keys: testKeys,
      storage,
      sites: new SiteRegistry([{ id: 'phuong-a', timeZone: 'UTC', origins: [], max: 5 }]),
      limits: { perAddress: 1 },
    });
    await strict.inject('/api/v1/stats');
    const limited = await strict.inject('/api/v1/stats');
    check('/stats', 'get', String(limited.statusCode), limited.json());
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    await strict.close();
    const unknown = await app.inject('/api/v1/sites/khong-co/stats');
    check('/stats', 'get', String(unknown.statusCode), unknown.json());
    const push = (authorization?: string) =>
      app.inject({
        method: 'PUT',
        url: '/api/v1/articles',
        headers: authorization ? { authorization } : {},
        payload: { articles: [{ id: 'c1', url: '/c1.html', title: 'C1', lang: 'vi' }] },
      });
    const refused = await push();
    check('/articles', 'put', String(refused.statusCode), refused.json());
    const accepted = await push('Bearer contract-token-0123');
    check('/articles', 'put', String(accepted.statusCode), accepted.json());
    // The index the rest of the tests read.
    sites.setArticles(
      sites.sites.get('phuong-a')!,
      JSON.parse(readFileSync(new URL('../../demo/data/articles.json', import.meta.url), 'utf8')).articles,
    );
  });

  it('stats and hits', async () => {
    const stats = await app.inject('/api/v1/stats');
    check('/stats', 'get', '200', stats.json());
    const again = await app.inject({ url: '/api/v1/stats', headers: { 'if-none-match': String(stats.headers.etag) } });
    assert.equal(again.statusCode, 304);
    assert.ok(spec.paths['/stats'].get.responses['304']);
    const hit = await app.inject({
      method: 'POST',
      url: '/api/v1/stats/hits',
      headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 Firefox/128.0' },
      payload: spec.paths['/stats/hits'].post.requestBody.content['text/plain'].schema.example,
    });
    assert.equal(hit.statusCode, 204);
  });

  it('related articles', async () => {
    check('/related/{item}', 'get', '200', (await app.inject(`/api/v1/related/${item}`)).json());
    check('/related/{item}', 'get', '200', (await app.inject('/api/v1/related/unknown')).json());
  });
});
