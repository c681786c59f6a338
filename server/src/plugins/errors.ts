import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SECURITY_HEADERS, SECURITY_HEADER_LINES } from './headers.js';

/** Every error answer is `{"error": …}`: a short fixed message, never a stack trace, never the URL echoed. */
function message(status: number, validation: boolean): string {
  if (status >= 500) return 'internal error';
  if (validation) return 'invalid request';
  if (status === 404) return 'not found';
  if (status === 413) return 'payload too large';
  if (status === 414) return 'uri too long';
  if (status === 415) return 'unsupported media type';
  if (status === 431) return 'request header fields too large';
  return 'bad request';
}

export function sendError(reply: FastifyReply, status: number, error: string): FastifyReply {
  return reply.headers(SECURITY_HEADERS).status(status).send({ error });
}

/** The error handler, the 404 handler and the handler of errors the router meets before any hook (bad URLs). */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error(error);
    sendError(reply, status, message(status, Boolean(error.validation)));
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not found'));
}

/** Fastify's `frameworkErrors` option: a malformed percent-encoding or the like, found while routing. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  sendError(reply, status, message(status, false));
}

/**
 * Fastify's `clientErrorHandler` option: what Node's parser refuses before there is a request (headers too large: 431,
 * a malformed request line: 400). Written on the socket, with the same headers and body format as every answer.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy(error);
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'HPE_URI_TOO_LONG' ? 414 : 400;
  const body = JSON.stringify({ error: message(status, false) });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${SECURITY_HEADER_LINES}content-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
