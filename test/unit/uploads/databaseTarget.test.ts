import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeProject } from '../../../src/core/project/analyzeProject';
import { databaseTarget, POSTGRES_OPT_IN, redactDatabaseUrl, type DatabaseTargetOptions } from '../../../src/core/uploads/databaseTarget';
import type { DatabaseTarget } from '../../../src/core/uploads/types';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

const ROOT = '/ws';
const MANAGE = `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n`;

/** The target for a settings module whose body is `settings` (BASE_DIR is the project root). */
async function targetFor(settings: string, options: DatabaseTargetOptions = {}): Promise<DatabaseTarget> {
  const fs = new MemoryFileSystem({
    [`${ROOT}/manage.py`]: MANAGE,
    [`${ROOT}/site/__init__.py`]: '',
    [`${ROOT}/site/settings.py`]: `from pathlib import Path\nimport os\nBASE_DIR = Path(__file__).resolve().parent.parent\n${settings}\n`,
  });
  const model = await analyzeProject(fs, { root: ROOT, managePy: `${ROOT}/manage.py`, name: 'ws' });
  return databaseTarget(model, options);
}

const sqlite = (name: string, engine = 'django.db.backends.sqlite3') =>
  `DATABASES = {"default": {"ENGINE": "${engine}", "NAME": ${name}}}`;

test('the startproject default: BASE_DIR / "db.sqlite3" is read', async () => {
  assert.deepEqual(await targetFor(sqlite('BASE_DIR / "db.sqlite3"')), { engine: 'sqlite', path: '/ws/db.sqlite3' });
});

test('SpatiaLite is an SQLite file too', async () => {
  assert.deepEqual(await targetFor(sqlite('os.path.join(BASE_DIR, "data", "geo.db")', 'django.contrib.gis.db.backends.spatialite')), {
    engine: 'sqlite',
    path: '/ws/data/geo.db',
  });
});

test('a relative NAME is taken relative to the folder manage.py runs from', async () => {
  assert.deepEqual(await targetFor(sqlite('"var/dev.sqlite3"')), { engine: 'sqlite', path: '/ws/var/dev.sqlite3' });
});

test('an SQLite file outside the project is not read, and a relative one says from where it was taken', async () => {
  const abs = await targetFor(sqlite('"/var/lib/app/db.sqlite3"'));
  assert.equal(abs.engine, 'unsupported');
  assert.match((abs as { reason: string }).reason, /^the SQLite file is outside the project \(\/var\/lib\/app\/db\.sqlite3\)$/);
  const rel = await targetFor(sqlite('"../shared/db.sqlite3"'));
  assert.deepEqual(rel, { engine: 'unsupported', reason: 'the SQLite file is outside the project (/shared/db.sqlite3, "../shared/db.sqlite3" taken relative to /ws)' });
});

test('an in-memory SQLite database has no file', async () => {
  const t = await targetFor(sqlite('":memory:"'));
  assert.deepEqual(t, { engine: 'unsupported', reason: 'the SQLite database is in memory (":memory:"): there is no file to read' });
});

test('PostgreSQL is not read without the opt-in, and says how to opt in', async () => {
  const settings = 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "HOST": "db", "PASSWORD": "s3cret"}}';
  assert.deepEqual(await targetFor(settings), { engine: 'unsupported', reason: POSTGRES_OPT_IN });
  assert.equal(POSTGRES_OPT_IN, 'PostgreSQL is read only when you opt in: set djangoMedia.database.url (a URL, or "settings" for the server DATABASES names) or pass --database-url');
  for (const engine of ['django.db.backends.postgresql_psycopg2', 'django.contrib.gis.db.backends.postgis']) {
    assert.deepEqual(await targetFor(`DATABASES = {"default": {"ENGINE": "${engine}", "NAME": "shop"}}`), { engine: 'unsupported', reason: POSTGRES_OPT_IN });
  }
});

test('with the opt-in, PostgreSQL connection details come from DATABASES', async () => {
  const settings =
    'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "USER": "app", "PASSWORD": "p@ss/word", "HOST": "db.local", "PORT": "5433"}}';
  assert.deepEqual(await targetFor(settings, { postgresFromSettings: true }), {
    engine: 'postgresql',
    url: 'postgresql://app:p%40ss%2Fword@db.local:5433/shop',
  });
  // "settings" in djangoMedia.database.url or --database-url is that opt-in, with no URL of its own.
  assert.deepEqual(await targetFor(settings, { databaseUrl: ' settings ' }), { engine: 'postgresql', url: 'postgresql://app:p%40ss%2Fword@db.local:5433/shop' });
  assert.deepEqual(await targetFor('DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}', { databaseUrl: 'settings' }), await targetFor('DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}'));
  const socket = 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "HOST": "/run/postgresql"}}';
  assert.deepEqual(await targetFor(socket, { postgresFromSettings: true }), { engine: 'postgresql', url: 'postgresql:///shop?host=%2Frun%2Fpostgresql' });
});

test('other engines are named in the reason', async () => {
  assert.deepEqual(await targetFor('DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "NAME": "shop"}}'), {
    engine: 'unsupported',
    reason: 'the mysql engine is not read',
  });
  assert.deepEqual(await targetFor('DATABASES = {"default": {"ENGINE": "mssql", "NAME": "shop"}}'), {
    engine: 'unsupported',
    reason: 'the mssql engine is not read',
  });
});

test('DATABASES that cannot be told statically, or are missing, give the reason', async () => {
  const unknown = await targetFor('import dj_database_url\nDATABASES = {"default": dj_database_url.config(conn_max_age=600)}');
  assert.equal(unknown.engine, 'unsupported');
  assert.match((unknown as { reason: string }).reason, /^DATABASES is unknown: ./);
  assert.deepEqual(await targetFor('X = 1'), { engine: 'unsupported', reason: 'DATABASES is not set in the settings' });
  assert.deepEqual(await targetFor('DATABASES = {}'), { engine: 'unsupported', reason: 'DATABASES has no "default" entry' });
  assert.deepEqual(await targetFor('DATABASES = {"default": {"NAME": "x"}}'), { engine: 'unsupported', reason: 'DATABASES["default"] has no ENGINE' });
});

test('a URL the user gave wins over DATABASES', async () => {
  const settings = sqlite('BASE_DIR / "db.sqlite3"');
  assert.deepEqual(await targetFor(settings, { databaseUrl: 'postgres://app:pw@localhost:5432/shop' }), {
    engine: 'postgresql',
    url: 'postgres://app:pw@localhost:5432/shop',
  });
  assert.deepEqual(await targetFor(settings, { databaseUrl: 'sqlite:///other.sqlite3' }), { engine: 'sqlite', path: '/ws/other.sqlite3' });
  assert.deepEqual(await targetFor(settings, { databaseUrl: 'sqlite:////ws/data/x.db' }), { engine: 'sqlite', path: '/ws/data/x.db' });
  assert.deepEqual(await targetFor(settings, { databaseUrl: 'sqlite:////tmp/x.db' }), {
    engine: 'unsupported',
    reason: 'the SQLite file is outside the project (/tmp/x.db)',
  });
  assert.deepEqual(await targetFor(settings, { databaseUrl: 'mysql://u:pw@h/db' }), { engine: 'unsupported', reason: 'the mysql engine is not read' });
  assert.deepEqual(await targetFor(settings, { databaseUrl: '   ' }), { engine: 'sqlite', path: '/ws/db.sqlite3' });
});

test('a URL is shown without its password', () => {
  assert.equal(redactDatabaseUrl('postgres://app:s3cret@db:5432/shop'), 'postgres://app:***@db:5432/shop');
  assert.equal(redactDatabaseUrl('postgresql://app:p@ss@db/shop'), 'postgresql://app:***@db/shop');
  assert.equal(redactDatabaseUrl('postgresql://db/shop?user=app&password=s3cret'), 'postgresql://db/shop?user=app&password=***');
  assert.equal(redactDatabaseUrl('postgresql://app@db/shop'), 'postgresql://app@db/shop');
});
