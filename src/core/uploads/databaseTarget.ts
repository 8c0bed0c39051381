import { isAbsolute, join, normalize } from 'pathe';
import { isWithin } from '../confinedFileSystem';
import type { ProjectModel, PyJson } from '../model';
import type { DatabaseTarget } from './types';

/** What the user chose about the database, beyond the analysed settings. */
export interface DatabaseTargetOptions {
  /** A connection URL given by the user (djangoMedia.database.url, --database-url); wins over
   *  DATABASES. postgres://…, postgresql://…, sqlite:///relative/path or sqlite:////absolute/path;
   *  or the word "settings": the opt-in to a PostgreSQL database as DATABASES names it. */
  databaseUrl?: string;
  /** The user opted in to reading a PostgreSQL database whose connection comes from DATABASES
   *  itself (HOST, PORT, NAME, USER, PASSWORD) rather than from a URL they gave. */
  postgresFromSettings?: boolean;
}

const SQLITE_ENGINES = new Set(['django.db.backends.sqlite3', 'django.contrib.gis.db.backends.spatialite']);
const POSTGRES_ENGINES = new Set([
  'django.db.backends.postgresql',
  'django.db.backends.postgresql_psycopg2',
  'django.contrib.gis.db.backends.postgis',
]);

/** The database "URL" that opts in to the PostgreSQL database DATABASES["default"] names (no password in a setting). */
export const DATABASE_FROM_SETTINGS = 'settings';

/** Why PostgreSQL is not read without the user's consent (a connection to a server is not a file read). */
export const POSTGRES_OPT_IN = 'PostgreSQL is read only when you opt in: set djangoMedia.database.url (a URL, or "settings" for the server DATABASES names) or pass --database-url';

const unsupported = (reason: string): DatabaseTarget => ({ engine: 'unsupported', reason });

/**
 * Which database the uploads audit reads for a project: the user's URL when given, else
 * DATABASES["default"] of the analysed settings. Only an SQLite file inside the project is read
 * without asking; PostgreSQL needs the user's opt-in; everything else is "unsupported" with the
 * reason shown as "database not read: <reason>". Whether the SQLite file exists is not checked
 * here (the reader says "does not exist yet: run migrate").
 */
export function databaseTarget(model: ProjectModel, options: DatabaseTargetOptions = {}): DatabaseTarget {
  const root = normalize(model.project.root);
  const given = options.databaseUrl?.trim() ?? '';
  const fromSettings = options.postgresFromSettings === true || given === DATABASE_FROM_SETTINGS;
  if (given !== '' && given !== DATABASE_FROM_SETTINGS) return fromUrl(given, root);
  const databases = model.raw('DATABASES');
  if (databases === undefined) return unsupported('DATABASES is not set in the settings');
  if (!databases.known) return unsupported(`DATABASES is unknown: ${databases.reason}`);
  const all = databases.value;
  if (!isDict(all)) return unsupported('DATABASES is not a dict');
  const db = all['default'];
  if (db === undefined) return unsupported('DATABASES has no "default" entry');
  if (!isDict(db)) return unsupported('DATABASES["default"] is not a dict');
  const engine = db['ENGINE'];
  if (typeof engine !== 'string' || engine === '') return unsupported('DATABASES["default"] has no ENGINE');
  if (SQLITE_ENGINES.has(engine)) return sqliteFile(db['NAME'], root, 'DATABASES["default"]["NAME"]');
  if (POSTGRES_ENGINES.has(engine)) {
    if (!fromSettings) return unsupported(POSTGRES_OPT_IN);
    return postgresFromSettings(db);
  }
  return unsupported(`the ${engineLabel(engine)} engine is not read`);
}

function isDict(v: PyJson | undefined): v is { [key: string]: PyJson } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "django.db.backends.mysql" → "mysql"; a third-party backend keeps its dotted name. */
function engineLabel(engine: string): string {
  const m = /^django\.(?:contrib\.gis\.)?db\.backends\.([\w]+)$/.exec(engine);
  return m ? m[1]! : engine;
}

/** The SQLite file a NAME names, when it is a file inside the project. */
function sqliteFile(name: PyJson | undefined, root: string, what: string): DatabaseTarget {
  if (typeof name !== 'string' || name === '') return unsupported(`${what} is not set`);
  if (name === ':memory:' || name.startsWith('file::memory:') || /[?&]mode=memory\b/.test(name)) {
    return unsupported('the SQLite database is in memory (":memory:"): there is no file to read');
  }
  if (name.startsWith('file:')) return unsupported(`the SQLite NAME is a URI ("${name}"), which is not read`);
  // Django hands a relative NAME to sqlite3.connect, which opens it relative to the working
  // directory of the process: for `manage.py runserver` that is normally the folder of manage.py.
  const relative = !isAbsolute(name);
  const path = normalize(relative ? join(root, name) : name);
  if (!isWithin(root, path)) {
    return unsupported(`the SQLite file is outside the project (${path}${relative ? `, "${name}" taken relative to ${root}` : ''})`);
  }
  return { engine: 'sqlite', path };
}

/** A connection URL the user gave. */
function fromUrl(url: string, root: string): DatabaseTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return unsupported('the database URL has no scheme (expected postgres://…, postgresql://… or sqlite:///…)');
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme === 'postgis') {
    if (!/^[a-z]+:\/\/\S*$/i.test(url)) return unsupported(`the database URL is not a valid URL (${redactDatabaseUrl(url)})`);
    return { engine: 'postgresql', url: scheme === 'postgis' ? `postgresql${url.slice(scheme.length)}` : url };
  }
  if (scheme === 'sqlite' || scheme === 'spatialite') {
    // dj-database-url's convention: sqlite:///db.sqlite3 is relative, sqlite:////abs/db.sqlite3 absolute.
    const rest = url.slice(scheme.length + 1);
    if (rest === '//:memory:' || rest === '//' || rest === '') return sqliteFile(':memory:', root, 'the database URL');
    if (!rest.startsWith('///')) return unsupported(`the database URL names no SQLite file (expected sqlite:///relative/path or sqlite:////absolute/path)`);
    let name = rest.slice(3).replace(/[?#].*$/, '');
    try {
      name = decodeURIComponent(name);
    } catch {
      return unsupported('the database URL is not a valid URL');
    }
    return sqliteFile(name, root, 'the database URL');
  }
  return unsupported(`the ${scheme} engine is not read`);
}

/** A PostgreSQL URL from DATABASES["default"]'s HOST, PORT, NAME, USER and PASSWORD. */
function postgresFromSettings(db: { [key: string]: PyJson }): DatabaseTarget {
  const text = (k: string): string | undefined => {
    const v = db[k];
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  };
  const name = text('NAME');
  if (!name) return unsupported('DATABASES["default"]["NAME"] is not set');
  const host = text('HOST') ?? '';
  const port = text('PORT') ?? '';
  const user = text('USER') ?? '';
  const password = text('PASSWORD') ?? '';
  const auth = user ? `${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@` : '';
  // A HOST starting with "/" is the folder of a Unix socket (libpq's convention, which Django passes on).
  if (host.startsWith('/')) {
    return { engine: 'postgresql', url: `postgresql://${auth}/${encodeURIComponent(name)}?host=${encodeURIComponent(host)}${port ? `&port=${port}` : ''}` };
  }
  const hostPart = host.includes(':') ? `[${host}]` : host || 'localhost';
  return { engine: 'postgresql', url: `postgresql://${auth}${hostPart}${port ? `:${port}` : ''}/${encodeURIComponent(name)}` };
}

/** A connection URL as it may be shown: the password replaced by "***". */
export function redactDatabaseUrl(url: string): string {
  // Up to the last "@": a password may hold an unencoded "@" (the user part cannot).
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):.*@/i, '$1:***@').replace(/([?&]password=)[^&#]*/gi, '$1***');
}
