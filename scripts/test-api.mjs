// The contract fake (test/fake-api/contract-fake.mjs), mounted in the test server at /api/v1, so host pages in the
// browser tests (the demo page, the legacy page, the React and Vue pages) run against the same HTTP contracts as
// `npm start`. `GET /api/v1/__log` lists the requests received since `POST /api/v1/__reset`, for tests that count them.
// Chromium and Firefox run their tests at the same time against one test server: each browser (user agent) has its
// own fake, so one browser's votes and resets never reach the other's tests.
import { ContractFake } from '../test/fake-api/contract-fake.mjs';

/** Per browser: its fake and the requests it received. */
const browsers = new Map();

const readBody = (context) =>
  new Promise((resolve) => {
    let body = '';
    context.req.setEncoding('utf8');
    context.req.on('data', (chunk) => (body += chunk));
    context.req.on('end', () => resolve(body));
  });

export async function testApi(context, next) {
  const match = /^\/api\/v1\/(.*)$/.exec(context.path);
  if (!match) return next();
  const route = match[1];
  const agent = context.get('user-agent');
  if (!browsers.has(agent)) browsers.set(agent, { fake: new ContractFake(), log: [] });
  const browser = browsers.get(agent);
  const body = ['PUT', 'POST', 'DELETE'].includes(context.method) ? await readBody(context) : '';
  const reply = (status, json) => {
    context.status = status;
    if (json !== undefined) {
      context.type = 'application/json';
      context.body = JSON.stringify(json);
    } else context.body = '';
  };
  if (route === '__reset') {
    browsers.set(agent, { fake: new ContractFake(), log: [] });
    return reply(204);
  }
  if (route === '__log') return reply(200, browser.log);
  const visitor = context.get('x-visitor-id') || undefined;
  browser.log.push({ method: context.method, path: context.path, visitor, body });
  const answer = browser.fake.handle({ method: context.method, path: route, visitor, body });
  for (const [name, value] of Object.entries(answer.headers ?? {})) context.set(name, value);
  return reply(answer.status, answer.body);
}
