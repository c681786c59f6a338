import type { FastifyInstance } from 'fastify';

/** Hits come as text/plain (no CORS preflight): parsed as JSON here, the route schema checks it. */
export function installHitParser(app: FastifyInstance): void {
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    try {
      done(null, JSON.parse(String(body)));
    } catch {
      done(Object.assign(new Error('invalid JSON'), { statusCode: 400 }), undefined);
    }
  });
}
