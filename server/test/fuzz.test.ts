// Generated requests from server/openapi.yaml: for every operation, hundreds of valid and invalid requests (fast-check
// arbitraries built from the operation's parameter and body schemas, then broken on purpose), each answer checked: no
// 5xx, the status documented for the operation, the body valid against the documented schema (and none where none is
// documented). A fixed seed in CI (CI=true), a random one otherwise; FUZZ_SEED=n replays a run. A failure shrinks to
// the smallest request that shows it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import { buildApp } from '../src/app.js';
import { SiteRegistry } from '../src/sites.js';
import type { Storage } from '../src/storage/types.js';
import { backends, testKeys } from './backends.js';

type Schema = Record<string, any>;
const spec = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'));
const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: 'openapi', components: spec.components });

const SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : process.env.CI === 'true'
    ? 16_2026
    : Date.now() % 2 ** 31;
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const TOKEN = 'fuzz-token-0123456789';

const resolve = (schema: Schema): Schema =>
  schema.$ref
    ? resolve(
        schema.$ref
          .split('/')
          .slice(1)
          .reduce((node: Schema, key: string) => node[key], spec),
      )
    : schema;

/** Values that match a JSON schema (the subset the contract uses). */
function valid(input: Schema): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  if (schema.oneOf || schema.anyOf) return fc.oneof(...(schema.oneOf ?? schema.anyOf).map(valid));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type: string) => valid({ ...schema, type })));
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
    case 'array':
      return fc.array(valid(schema.items), { maxLength: 6 });
    case 'object':
      return objectOf(schema);
    default:
      return stringOf(schema);
  }
}

function stringOf(schema: Schema): fc.Arbitrary<string> {
  if (schema.contentSchema) return valid(schema.contentSchema).map((value) => JSON.stringify(value));
  const { minLength = 0, maxLength = 300 } = schema;
  const base = schema.pattern
    ? fc.stringMatching(new RegExp(schema.pattern))
    : fc.string({ unit: 'grapheme', minLength, maxLength });
  return base.filter((s) => s.length >= minLength && s.length <= maxLength);
}

function objectOf(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([key, value]) => [key, valid(value as Schema)]),
  );
  return fc.record(properties, { requiredKeys: schema.required ?? [] });
}

/** Values that are mostly not valid: anything at all, or a valid value with a field broken or added. */
function invalid(schema: Schema): fc.Arbitrary<unknown> {
  const broken = valid(schema).chain((value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? fc
          .record({ key: fc.constantFrom(...Object.keys(value), 'extra'), junk: fc.anything() })
          .map(({ key, junk }) => ({ ...value, [key]: junk }))
      : fc.anything(),
  );
  return fc.oneof(fc.anything(), fc.jsonValue(), broken, fc.string({ unit: 'binary', maxLength: 50 }));
}

interface Operation {
  path: string;
  method: string;
  spec: Schema;
}
const operations: Operation[] = Object.entries(spec.paths).flatMap(([path, item]: [string, any]) =>
  ['get', 'put', 'post', 'delete']
    .filter((m) => item[m])
    .map((method) => ({
      path,
      method,
      spec: { ...item[method], parameters: [...(item.parameters ?? []), ...(item[method].parameters ?? [])] },
    })),
);

interface Generated {
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** One request for an operation: each part valid most of the time, broken or missing otherwise. */
function requestOf(op: Operation): fc.Arbitrary<Generated> {
  const parameters = op.spec.parameters.map(resolve);
  const maybe = (schema: Schema) =>
    fc.oneof(
      { weight: 3, arbitrary: valid(schema).map(String) },
      { weight: 1, arbitrary: invalid(schema).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))) },
    );
  const params: fc.Arbitrary<Record<string, string | undefined>> = fc.record(
    Object.fromEntries(
      parameters.map((p: Schema) => [p.name, fc.option(maybe(p.schema), { freq: 8, nil: undefined })]),
    ),
  );
  const body = op.spec.requestBody ? bodyOf(op.spec.requestBody) : fc.constant(undefined);
  const auth = fc.constantFrom(`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, 'Bearer wrong', undefined);
  return fc.tuple(params, body, auth).map(([values, payload, authorization]) => {
    let url = `/api/v1${op.path}`;
    const headers: Record<string, string> = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' };
    for (const p of parameters) {
      const value = values[p.name];
      // "." and ".." match the id pattern, but every URL parser resolves them away: no client can send them.
      if (p.in === 'path')
        url = url.replace(`{${p.name}}`, value === '.' || value === '..' ? 'dot' : encodeURIComponent(value ?? ''));
      else if (value !== undefined && /^[\t\x20-\x7e]*$/.test(value)) headers[p.name.toLowerCase()] = value;
    }
    if (op.spec.security && authorization) headers.authorization = authorization;
    if (payload) {
      if (payload.type) headers['content-type'] = payload.type;
      return { url, headers, payload: payload.text };
    }
    return { url, headers };
  });
}

function bodyOf(requestBody: Schema): fc.Arbitrary<{ type?: string; text: string } | undefined> {
  const [type, media] = Object.entries(requestBody.content)[0] as [string, Schema];
  const schema = resolve(media.schema);
  const inner = schema.contentSchema ?? schema;
  const text = (value: unknown) =>
    typeof value === 'string' && !schema.contentSchema ? value : (JSON.stringify(value) ?? 'null');
  return fc.oneof(
    { weight: 4, arbitrary: valid(inner).map((v) => ({ type, text: text(v) })) },
    { weight: 3, arbitrary: invalid(inner).map((v) => ({ type, text: text(v) })) },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constantFrom('application/xml', 'text/html', 'application/json', 'text/plain', undefined),
        text: fc.string({ maxLength: 40 }),
      }),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** The documented answer for a status: exact, or its range (5XX). */
const documented = (op: Operation, status: number) =>
  op.spec.responses[String(status)] ?? op.spec.responses[`${String(status)[0]}XX`];

function checkAnswer(
  op: Operation,
  request: Generated,
  status: number,
  headers: Record<string, unknown>,
  body: string,
) {
  const where = `${op.method.toUpperCase()} ${request.url} -> ${status} ${body.slice(0, 120)}`;
  assert.ok(status < 500, where);
  const response = documented(op, status);
  assert.ok(response, `undocumented status: ${where}`);
  const content = resolve(response).content?.['application/json'];
  if (!content) {
    assert.equal(body, '', `a body where none is documented: ${where}`);
    return;
  }
  const validate = ajv.compile(
    JSON.parse(JSON.stringify(content.schema).replace(/"#\/components/g, '"openapi#/components')),
  );
  assert.ok(validate(JSON.parse(body)), `${where}: ${ajv.errorsText(validate.errors)}`);
  if (status === 429) assert.ok(Number(headers['retry-after']) >= 1, `Retry-After: ${where}`);
}

for (const backend of backends)
  describe(`generated requests from the contract on ${backend.name} (seed ${SEED}, ${RUNS} per operation; FUZZ_SEED=${SEED} replays)`, () => {
    let storage: Storage;
    let app: FastifyInstance;
    let sites: SiteRegistry;
    before(async () => {
      process.env.FUZZ_TOKEN = TOKEN;
      storage = await backend.create();
      sites = new SiteRegistry([
        { id: 'phuong-a', timeZone: 'Asia/Ho_Chi_Minh', origins: [], max: 5, tokenEnv: 'FUZZ_TOKEN' },
      ]);
      sites.setArticles(
        sites.sites.get('phuong-a')!,
        JSON.parse(readFileSync(new URL('../../demo/data/articles.json', import.meta.url), 'utf8')).articles,
      );
      ({ app } = await buildApp({
        keys: testKeys,
        storage,
        sites,
        limits: { votesPerVisitor: 1e6, votesPerAddress: 1e6, votesPerItemPerAddress: 1e6, perAddress: 1e7 },
      }));
    });
    after(async () => {
      await app.close();
      sites.close();
      await storage.close();
    });

    it('documents every operation the service answers', () => {
      assert.deepEqual(operations.map((op) => op.spec.operationId).sort(), [
        'deleteVote',
        'getRating',
        'getRelated',
        'getStats',
        'getVote',
        'postHit',
        'putArticles',
        'putVote',
      ]);
    });

    for (const op of operations) {
      it(`${op.spec.operationId}: no 5xx, every status documented, every body valid`, async () => {
        const statuses = new Map<number, number>();
        await fc.assert(
          fc.asyncProperty(requestOf(op), async (request) => {
            const answer = await app.inject({ method: op.method.toUpperCase() as 'GET', ...request });
            statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
            checkAnswer(op, request, answer.statusCode, answer.headers, answer.body);
          }),
          { seed: SEED, numRuns: RUNS },
        );
        // Both kinds were sent: some requests succeeded and, where there is anything to break, some were refused.
        const codes = [...statuses.keys()];
        const breakable = op.spec.parameters.some((p: Schema) => resolve(p).required) || op.spec.requestBody;
        assert.ok(
          codes.some((c) => c < 300) && (!breakable || codes.some((c) => c >= 400)),
          `statuses seen: ${JSON.stringify(Object.fromEntries(statuses))}`,
        );
      });
    }
  });
