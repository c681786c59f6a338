import type { FastifyReply, FastifyRequest } from 'fastify';
import { siteOf, type ServiceContext } from '../context.js';
import type { Site } from '../sites.js';
import { sendError } from '../plugins/errors.js';

export const unknownSite = (reply: FastifyReply) => sendError(reply, 404, 'unknown site');

/** An onRequest hook: finds the request's site before its schema is checked, or answers 404. */
export function resolveSite(context: ServiceContext) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const site = siteOf(context.sites, request);
    if (!site) {
      unknownSite(reply);
      return;
    }
    request.site = site;
    done();
  };
}

/** The site the hook found (every route under it has one). */
export function siteFor(request: FastifyRequest): Site {
  if (!request.site) throw new Error('route registered without the site hook');
  return request.site;
}
