// A throwaway PostgreSQL cluster in a temporary folder on 127.0.0.1, for the service's tests and benchmark. Where the
// server binaries are missing they are installed with apt (Debian or Ubuntu as root); elsewhere this stops with a
// one-line instruction.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const isRoot = process.getuid?.() === 0;

function findBin() {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    for (const version of readdirSync(base).sort().reverse()) {
      const bin = join(base, version, 'bin');
      if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
    }
  }
  return undefined;
}

function ensureBin() {
  let bin = findBin();
  if (bin) return bin;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error('PostgreSQL server binaries are missing. Install them with: sudo apt-get install -y postgresql');
    process.exit(1);
  }
  console.log('Installing postgresql with apt-get…');
  execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql'], {
    stdio: 'inherit',
  });
  bin = findBin();
  return bin;
}

/**
 * Starts a cluster; resolves with its URL (database `postgres`, user `postgres`, trust) and `stop()`, which stops it
 * and removes its folder. Also stopped on SIGINT and SIGTERM, so an interrupted run leaves nothing behind.
 */
export function startCluster() {
  const bin = ensureBin();
  // PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
  const asOwner = (command, args) =>
    isRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, command), args, { stdio: 'pipe' });
  const dir = mkdtempSync(join(tmpdir(), 'pw-pg-'));
  if (isRoot) {
    chmodSync(dir, 0o700);
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const port = 20000 + Math.floor(Math.random() * 20000);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      asOwner('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      // Let the process's other handlers (e.g. killing the test run) go first.
      setTimeout(() => {
        stop();
        process.exit(1);
      }, 500);
    });
  }
  asOwner('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  asOwner('pg_ctl', [
    '-D',
    join(dir, 'data'),
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    'start',
  ]);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}
