import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The service's secret, kept apart from the database: a dump or copy of the database alone cannot turn a stored hash
 * back into an address or a visitor id. Every instance of one deployment must have the same secret (a visitor's
 * repeat view is then recognised whichever instance it reaches, and a vote is found again on any of them).
 */
export class Keys {
  private readonly secret: Buffer;

  constructor(secret: string | Buffer) {
    this.secret = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
    if (this.secret.length < 16) throw new Error('the secret must be at least 16 bytes long');
  }

  /**
   * From VISITOR_SECRET, else the file SECRET_FILE names, else `<dataDir>/visitor-secret`, created with 32 random
   * bytes on first start (0600; instances starting together on one machine agree on the first one written).
   */
  static fromEnvironment(env: NodeJS.ProcessEnv, defaultFile: string): Keys {
    if (env.VISITOR_SECRET) return new Keys(env.VISITOR_SECRET);
    const file = env.SECRET_FILE || defaultFile;
    try {
      return new Keys(readFileSync(file, 'utf8').trim());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    mkdirSync(dirname(file), { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another instance wrote it first: use that one.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return new Keys(readFileSync(file, 'utf8').trim());
  }

  /** What is stored for an `X-Visitor-Id`: a keyed hash, so a dump of the votes holds no id a browser keeps. */
  visitor(id: string): string {
    return createHmac('sha256', this.secret).update(`visitor\u0000${id}`).digest('base64url');
  }

  /** The day's hashing key from the day's stored random salt: neither alone recovers a visitor's address. */
  daySalt(stored: string): string {
    return createHmac('sha256', this.secret).update(`day\u0000${stored}`).digest('hex');
  }
}
