import { createServer as createHttpServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import proxyAddr from '@fastify/proxy-addr';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULT_LIMITS, type Limits, type ServiceContext } from './context.js';
import { installApiGuard } from './plugins/api-guard.js';
import { clientErrorHandler, frameworkErrors, installErrorHandlers } from './plugins/errors.js';
import { installHitParser } from './plugins/hit-parser.js';
import { hotReads, type Trust } from './hot-reads.js';
import { WindowLimiter } from './limiter.js';
import { RelatedAnswers } from './related-answers.js';
import { restorePushedIndexes, watchPushedIndexes } from './restore.js';
import { articleRoutes } from './routes/articles.js';
import { hitRoutes } from './routes/hits.js';
import { ratingRoutes } from './routes/ratings.js';
import { relatedRoutes } from './routes/related.js';
import { resolveSite } from './routes/site-hook.js';
import { statsRoutes } from './routes/stats.js';
import type { Keys } from './secret.js';
import type { SiteRegistry } from './sites.js';
import { StatsSnapshots } from './stats-snapshot.js';
import type { Storage } from './storage/types.js';
import { VisitCounter } from './visits.js';

export interface AppOptions {
  storage: Storage;
  sites: SiteRegistry;
  /** The secret the stored hashes are keyed with (see secret.ts). */
  keys: Keys;
  now?: () => number;
  /** Serve the demo portal page and the CDN bundles (npm start). */
  demo?: boolean;
  limits?: Partial<Limits>;
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For): a hop count, or the proxies' addresses
   * and CIDRs. Nothing by default: the socket's peer is the client.
   */
  trustProxy?: number | string[];
  /** How often an index pushed through another instance is looked for, in ms. */
  indexCheckMs?: number;
}

/**
 * TRUST_PROXY: a whole number is how many proxies stand in front (the client is that many entries from the right of
 * X-Forwarded-For, which no client can forge); anything else is a comma-separated list of the proxies' addresses or
 * CIDRs. Never "trust everything": the leftmost entry is whatever the client wrote.
 */
export function parseTrustProxy(value: string | undefined): number | string[] | undefined {
  if (!value?.trim()) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value);
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

const root = fileURLToPath(new URL('../..', import.meta.url));

interface RouteOptions {
  context: ServiceContext;
  snapshots: StatsSnapshots;
  related: RelatedAnswers;
}

/** Every route but the hit's gets its site from a hook, before its schema is checked. */
const sitedRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (scope, { context, snapshots, related }) => {
  // Handed on without the prefix the parent was registered with (it would be added again).
  const options = { context, snapshots, related };
  scope.addHook('onRequest', resolveSite(context));
  await scope.register(ratingRoutes, options);
  await scope.register(statsRoutes, options);
  await scope.register(relatedRoutes, options);
  await scope.register(articleRoutes, options);
};

const apiRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (scope, { context, snapshots, related }) => {
  const options = { context, snapshots, related };
  await scope.register(hitRoutes, options);
  await scope.register(sitedRoutes, options);
};

/** The setting as proxy-addr's trust function: with a hop count, the `hop`-th address from the socket's side is a proxy. */
function trustedProxies(setting: AppOptions['trustProxy']): Trust {
  if (setting === undefined) return false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyAddr.compile(setting);
}

/** Fastify on a server of our own, whose requests meet the hot reads first (Fastify's settings for it kept). */
function createServer(options: AppOptions, trust: Trust, hot: ReturnType<typeof hotReads>) {
  return Fastify({
    serverFactory: (handler, settings) => {
      const server = createHttpServer(settings.http ?? {}, (request, response) => {
        let answered: boolean;
        try {
          answered = hot(request, response);
        } catch {
          // Never expected; Fastify answers what the hot reads could not.
          answered = response.headersSent;
        }
        if (!answered) handler(request, response);
      });
      // What Fastify sets on a server it makes itself.
      server.keepAliveTimeout = Number(settings.keepAliveTimeout ?? 72_000);
      server.requestTimeout = Number(settings.requestTimeout ?? 0);
      server.setTimeout(Number(settings.connectionTimeout ?? 0));
      if (Number(settings.maxRequestsPerSocket) > 0)
        server.maxRequestsPerSocket = Number(settings.maxRequestsPerSocket);
      return server;
    },
    bodyLimit: 16 * 1024,
    // Ids of up to 200 characters are valid (the schema says so); the router's default stops at 100.
    routerOptions: { maxParamLength: 1000 },
    // Logs carry no addresses (personal data under decree 13/2023): only method, URL and status.
    logger: process.env.LOG
      ? {
          serializers: {
            req: (req) => ({ method: req.method, url: req.url }),
            res: (res) => ({ statusCode: res.statusCode }),
          },
        }
      : false,
    trustProxy: trust,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    frameworkErrors,
    clientErrorHandler,
  });
}

export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; visits: VisitCounter }> {
  const { storage, sites } = options;
  const now = options.now ?? Date.now;
  const { keys } = options;
  const visits = new VisitCounter(storage, keys, now);
  const context: ServiceContext = {
    storage,
    sites,
    visits,
    keys,
    now,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  };
  const snapshots = new StatsSnapshots(storage, now);
  const related = new RelatedAnswers();
  const perAddress = new WindowLimiter(context.limits.perAddress, 60_000, now);
  const trust = trustedProxies(options.trustProxy);
  const reads = hotReads({ context, snapshots, related, perAddress, trust });
  let closing = false;
  // Logged requests all go through Fastify, whose logger writes them; so do requests once the service is closing, which
  // Fastify answers with 503 and `Connection: close`, so that keep-alive clients let the server close.
  const logged = Boolean(process.env.LOG);
  const hot: typeof reads = (request, response) => !closing && !logged && reads(request, response);
  const app = createServer(options, trust, hot);
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  installHitParser(app);
  installErrorHandlers(app);
  installApiGuard(app, context, perAddress);
  await restorePushedIndexes(storage, sites);
  const stopWatching = watchPushedIndexes(storage, sites, options.indexCheckMs ?? 2000);
  await app.register(apiRoutes, { prefix: '/api/v1/sites/:site', context, snapshots, related });
  if (sites.single) await app.register(apiRoutes, { prefix: '/api/v1', context, snapshots, related });
  if (options.demo) {
    await app.register(fastifyStatic, { root: `${root}demo`, prefix: '/', index: 'index.html' });
    await app.register(fastifyStatic, { root: `${root}dist/cdn`, prefix: '/dist/cdn/', decorateReply: false });
  }
  app.addHook('onClose', async () => {
    stopWatching();
    await visits.flush();
  });
  return { app, visits };
}
