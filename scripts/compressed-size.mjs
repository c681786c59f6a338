// Compressed sizes as a CDN serves static files: brotli at quality 11 and gzip at level 9. One definition for the
// size check and the benchmarks, so their figures agree to the byte.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Brotli bytes of `bytes` (a Buffer or Uint8Array). */
export const brotliSize = (bytes) =>
  brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;

/** Gzip bytes of `bytes`. */
export const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;
