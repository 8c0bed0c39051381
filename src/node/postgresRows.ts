import { Client, type ClientConfig } from 'pg';
import type { PostgresRowsPart } from '../core/uploads/openUploadRows';
import { quoteIdentifier, type OpenedRows } from '../core/uploads/rowSource';
import type { UploadRow, UploadRowSource } from '../core/uploads/types';

/** How the PostgreSQL reader bounds its work. */
export interface PostgresRowsOptions {
  /** Give up connecting after this long; 10 s by default. */
  connectTimeoutMs?: number;
  /** Longest a single statement may run on the server; 60 s by default. */
  statementTimeoutMs?: number;
  /** Rows fetched from the cursor at once; 10,000 by default. */
  batchRows?: number;
}

/** Where a URL connects, for messages: "db.example.com:5432", a socket folder, never credentials. */
function endpoint(url: string): string {
  try {
    const u = new URL(url);
    const socket = u.searchParams.get('host');
    if (socket?.startsWith('/')) return `${socket} (Unix socket)`;
    return `${u.hostname || socket || 'localhost'}:${u.port || u.searchParams.get('port') || '5432'}`;
  } catch {
    return 'the database server';
  }
}

/** The credentials a URL carries, as they may appear in a message (raw and decoded). */
function secrets(url: string): string[] {
  const out = new Set<string>();
  try {
    const u = new URL(url);
    for (const p of [u.password, u.searchParams.get('password') ?? '']) {
      if (!p) continue;
      out.add(p);
      try {
        out.add(decodeURIComponent(p));
      } catch {
        // not percent-encoded: the raw form is enough
      }
    }
  } catch {
    // An unparsable URL: pg fails on it too, with a message that does not repeat it.
  }
  return [...out].filter((s) => s.length > 0);
}

/** A pg / socket error in words, with no password in it. */
function describe(e: unknown, url: string, connecting: boolean): string {
  const err = e as { code?: string; message?: string };
  const where = endpoint(url);
  let text: string;
  switch (err.code) {
    case 'ECONNREFUSED':
      text = `could not connect to ${where}: connection refused`;
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      text = `could not connect to ${where}: host not found`;
      break;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      text = `could not connect to ${where}: ${err.code === 'ETIMEDOUT' ? 'no answer' : 'unreachable'}`;
      break;
    case 'ENOENT':
      text = `could not connect to ${where}: no server socket there`;
      break;
    default: {
      const message = err.message ?? String(e);
      if (connecting && /timeout/i.test(message)) text = `could not connect to ${where}: no answer in time`;
      else text = connecting ? `could not connect to ${where}: ${message}` : message;
    }
  }
  for (const s of secrets(url)) text = text.split(s).join('***');
  return text;
}

/**
 * A connection in which every statement runs inside one read-only transaction: the session
 * defaults to read-only (SET SESSION CHARACTERISTICS), and the reader's own transaction is
 * `READ ONLY` with a statement timeout, so nothing sent through it can change the database.
 */
export class ReadOnlySession {
  private constructor(private readonly client: Client, private readonly url: string) {}

  /** Connects and opens the read-only transaction; rejects with a message that has no password. */
  static async open(url: string, options: PostgresRowsOptions = {}): Promise<ReadOnlySession> {
    const config: ClientConfig = {
      connectionString: url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      application_name: 'django-media audit',
    };
    const client = new Client(config);
    // An error after connecting (the server going away) would otherwise be an uncaught 'error' event.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (e) {
      await client.end().catch(() => undefined);
      throw new Error(describe(e, url, true));
    }
    const session = new ReadOnlySession(client, url);
    try {
      // Set by a statement rather than a startup option, which connection poolers (PgBouncer) refuse.
      await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
      // One snapshot for every column read, so the rows of one field agree with those of another.
      await client.query('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(options.statementTimeoutMs ?? 60_000))}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      throw new Error(describe(e, url, false));
    }
    return session;
  }

  /** Runs one statement in the read-only transaction. */
  async query(sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    try {
      return (await this.client.query(sql, params)).rows as Array<Record<string, unknown>>;
    } catch (e) {
      throw new Error(describe(e, this.url, false));
    }
  }

  /** Rolls the transaction back and disconnects. */
  async close(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}

/**
 * Opens a PostgreSQL database (opt-in: the user gave the URL) for the uploads audit. Never rejects:
 * a database that cannot be read gives `source: undefined` and the reason in `status`.
 */
export async function openPostgresRows(url: string, options: PostgresRowsOptions = {}): Promise<OpenedRows> {
  try {
    const session = await ReadOnlySession.open(url, options);
    return { source: new PostgresRows(session, options.batchRows ?? 10_000), status: { read: true, engine: 'postgresql' } };
  } catch (e) {
    return { source: undefined, status: { read: false, engine: 'postgresql', reason: (e as Error).message } };
  }
}

/** What the editor's Node host calls when it loads this file as its part dist/postgresRows.js
 *  (scripts/build.mjs): typed here so that a change of openPostgresRows breaks the build, not the editor. */
export const editorPart: PostgresRowsPart = { openPostgresRows };

/** An UploadRowSource over a read-only session, reading through a server-side cursor. */
class PostgresRows implements UploadRowSource {
  readonly engine = 'postgresql';
  private closed = false;
  private cursors = 0;

  constructor(private readonly session: ReadOnlySession, private readonly batchRows: number) {}

  async readColumn(
    query: { table: string; column: string; pkColumn: string },
    onRows: (rows: UploadRow[]) => void,
    token?: { readonly aborted: boolean },
  ): Promise<void> {
    if (this.closed) throw new Error('the PostgreSQL connection is closed');
    // A failed statement aborts the whole transaction: a savepoint keeps the other columns readable.
    await this.session.query('SAVEPOINT django_media_column');
    try {
      await this.readInSavepoint(query, onRows, token);
      await this.session.query('RELEASE SAVEPOINT django_media_column');
    } catch (e) {
      if (!this.closed) await this.session.query('ROLLBACK TO SAVEPOINT django_media_column').catch(() => undefined);
      throw e;
    }
  }

  private async readInSavepoint(
    query: { table: string; column: string; pkColumn: string },
    onRows: (rows: UploadRow[]) => void,
    token?: { readonly aborted: boolean },
  ): Promise<void> {
    const { table, column, pkColumn } = query;
    // to_regclass looks the table up on the search_path as Django's unqualified names are, and
    // pg_attribute lists its columns whatever the user may select (a refused SELECT then says so).
    const [found] = await this.session.query('SELECT to_regclass($1)::oid AS oid', [quoteIdentifier(table)]);
    if (!found || found['oid'] === null) throw new Error(`table ${table} does not exist: run migrate`);
    const columns = new Set(
      (await this.session.query('SELECT attname FROM pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped', [found['oid']])).map((r) =>
        String(r['attname']),
      ),
    );
    for (const c of [column, pkColumn]) if (!columns.has(c)) throw new Error(`column ${table}.${c} does not exist: run migrate`);
    const col = quoteIdentifier(column);
    const cursor = quoteIdentifier(`django_media_rows_${++this.cursors}`);
    await this.session.query(
      `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${quoteIdentifier(pkColumn)}::text AS pk, ${col}::text AS name FROM ${quoteIdentifier(table)} WHERE ${col} IS NOT NULL AND ${col}::text <> ''`,
    );
    while (!token?.aborted && !this.closed) {
      const rows = await this.session.query(`FETCH ${this.batchRows} FROM ${cursor}`);
      if (rows.length === 0 || token?.aborted) break;
      onRows(rows.map((r) => ({ pk: String(r['pk'] ?? ''), name: String(r['name']) })));
      if (rows.length < this.batchRows) break;
    }
    if (this.closed) throw new Error('the PostgreSQL connection was closed while it was read');
    await this.session.query(`CLOSE ${cursor}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.close();
  }
}
