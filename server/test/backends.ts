import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keys } from '../src/secret.js';
import Database from 'better-sqlite3';
import { PostgresStorage } from '../src/storage/postgres.js';
import { SqliteStorage } from '../src/storage/sqlite.js';
import type { Storage } from '../src/storage/types.js';

export interface Backend {
  name: string;
  /** A fresh, empty, migrated store. */
  create(): Promise<Storage>;
  /**
   * A fresh database on which `statements` were run as they are (say, an older release's schema and its data), and a
   * store on it that has not migrated yet.
   */
  prepared(statements: { sqlite: string[]; postgres: string[] }): Promise<Storage>;
  /** Environment for a service process on a fresh, empty store (DATA_DIR or DATABASE_URL). */
  env(): Promise<Record<string, string>>;
}

let schemas = 0;

/** The secret of every test service (a real one comes from VISITOR_SECRET or SECRET_FILE). */
export const testKeys = new Keys('the service tests’ secret, 32+ bytes');

export const backends: Backend[] = [
  {
    name: 'sqlite',
    async create() {
      const storage = new SqliteStorage(join(mkdtempSync(join(tmpdir(), 'pw-sqlite-')), 'test.sqlite'));
      await storage.migrate(testKeys);
      return storage;
    },
    async prepared({ sqlite }) {
      const file = join(mkdtempSync(join(tmpdir(), 'pw-sqlite-')), 'test.sqlite');
      const db = new Database(file);
      for (const statement of sqlite) db.exec(statement);
      db.close();
      return new SqliteStorage(file);
    },
    env: async () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'pw-data-')) }),
  },
];

// The throwaway PostgreSQL cluster started by scripts/test-server.mjs; each store gets its own database.
const url = process.env.TEST_DATABASE_URL;
if (url) {
  const fresh = async () => {
    const admin = new (await import('pg')).default.Client({ connectionString: url });
    await admin.connect();
    const name = `pw_test_${process.pid}_${++schemas}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const parsed = new URL(url);
    parsed.pathname = `/${name}`;
    return parsed.href;
  };
  backends.push({
    name: 'postgres',
    async create() {
      const storage = new PostgresStorage(await fresh());
      await storage.migrate(testKeys);
      return storage;
    },
    async prepared({ postgres }) {
      const database = await fresh();
      const client = new (await import('pg')).default.Client({ connectionString: database });
      await client.connect();
      for (const statement of postgres) await client.query(statement);
      await client.end();
      return new PostgresStorage(database);
    },
    env: async () => ({ DATABASE_URL: await fresh() }),
  });
}
