import type { FastifyRequest } from 'fastify';
import type { Keys } from './secret.js';
import type { Site, SiteRegistry } from './sites.js';
import type { Storage } from './storage/types.js';
import type { VisitCounter } from './visits.js';

/** Requests per window; see `server/README.md` for what each protects and why these defaults. */
export interface Limits {
  /** Votes (PUT or DELETE) per visitor id and address, per minute. */
  votesPerVisitor: number;
  /** Votes per address, per minute: generous, a ward office shares one NAT address. */
  votesPerAddress: number;
  /** Votes on one article per address, per hour: what stops one address rotating visitor ids on one article. */
  votesPerItemPerAddress: number;
  /** Any request per address, per minute. */
  perAddress: number;
}

export const DEFAULT_LIMITS: Limits = {
  votesPerVisitor: 30,
  votesPerAddress: 600,
  votesPerItemPerAddress: 60,
  perAddress: 3000,
};

/** What every route module is handed: the stores and settings of one service instance. */
export interface ServiceContext {
  storage: Storage;
  sites: SiteRegistry;
  visits: VisitCounter;
  keys: Keys;
  now: () => number;
  limits: Limits;
}

declare module 'fastify' {
  interface FastifyRequest {
    site?: Site;
  }
}

/**
 * A path parameter as a hook sees it, before the route's schema has checked it (hooks are not typed by the route's
 * schema): the string, or `undefined`.
 */
export function pathParam(params: unknown, name: string): string | undefined {
  if (typeof params !== 'object' || params === null || !(name in params)) return undefined;
  const value: unknown = Reflect.get(params, name);
  return typeof value === 'string' ? value : undefined;
}

/** The site a request is for: the single site under /api/v1, else the one named in the path. */
export function siteOf(sites: SiteRegistry, request: FastifyRequest): Site | undefined {
  const name = pathParam(request.params, 'site');
  return name === undefined ? sites.single : sites.sites.get(name);
}
