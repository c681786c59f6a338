/** Headers on every API answer (errors included); pages also get a CSP. The API answers JSON and 204s. */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'SAMEORIGIN',
} as const;

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'self'";
export const PAGE_HEADERS = { ...SECURITY_HEADERS, 'content-security-policy': CSP } as const;

/** The same headers as raw HTTP lines, for answers written before Fastify has a reply (a malformed request). */
export const SECURITY_HEADER_LINES = Object.entries(SECURITY_HEADERS)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');
