/**
 * A throwaway PostgreSQL server for the tests of the PostgreSQL reader: the Debian package's own
 * binaries (installed with apt-get when missing: the tests run as root on Debian), a cluster made
 * with initdb in a temporary folder, started with pg_ctl on a free port of 127.0.0.1 with password
 * authentication, stopped and removed by `stop()`. When the binaries cannot be had, `start()`
 * resolves with the reason instead, for the test to report as skipped.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  /** postgresql://postgres:<password>@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  readonly port: number;
  readonly password: string;
  stop(): void;
}

const PASSWORD = 'pg-test-s3cret';

function run(cmd: string, args: string[], options: { timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { encoding: 'utf8', timeout: options.timeout ?? 120_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** The bin folder of the newest PostgreSQL installed from the Debian package, if any. */
function binDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')) && existsSync(join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(base, versions[0], 'bin');
}

/** Installs the postgresql package; the reason when that fails. */
function install(): string | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'PostgreSQL is not installed and installing it needs root';
  let r = run('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { timeout: 600_000 });
  if (r.status !== 0) {
    run('apt-get', ['update'], { timeout: 600_000 });
    r = run('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { timeout: 600_000 });
  }
  if (r.error || r.status !== 0) return `apt-get install postgresql failed: ${(r.error?.message ?? r.stderr).trim().split('\n').slice(-2).join(' ')}`;
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a server; resolves with it, or with `{ skip: reason }` when PostgreSQL cannot be installed.
 * Rejects when installed binaries fail (a broken set-up is a failure, not a skip).
 */
export async function startPostgres(): Promise<PostgresServer | { skip: string }> {
  let bin = binDir();
  if (!bin) {
    const why = install();
    if (why) return { skip: why };
    bin = binDir();
    if (!bin) return { skip: 'apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb appeared' };
  }
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // initdb and postgres refuse to run as root: run them as the package's postgres user.
  const as = (cmd: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args));
  const dir = mkdtempSync(join(tmpdir(), 'dm-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${PASSWORD}\n`);
  if (asRoot) {
    const pw = run('id', ['-u', 'postgres']);
    const gid = run('id', ['-g', 'postgres']);
    chownSync(dir, Number(pw.stdout.trim()), Number(gid.stdout.trim()));
    chownSync(pwfile, Number(pw.stdout.trim()), Number(gid.stdout.trim()));
  }
  chmodSync(dir, 0o700);
  const fail = (what: string, r: SpawnSyncReturns<string>): never => {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${what} failed: ${r.error?.message ?? ''}${r.stderr}${r.stdout}${log}`);
  };
  const init = as(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-sync']);
  if (init.status !== 0) fail('initdb', init);
  const port = await freePort();
  const start = as(join(bin, 'pg_ctl'), [
    '-D', data, '-l', join(dir, 'log'), '-w', '-t', '60',
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  if (start.status !== 0) fail('pg_ctl start', start);
  let stopped = false;
  return {
    port,
    password: PASSWORD,
    url: (database = 'postgres') => `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop() {
      if (stopped) return;
      stopped = true;
      as(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
