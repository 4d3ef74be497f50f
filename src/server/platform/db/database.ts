import { mkdirSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

// One small interface over both engines, so services and queries never know which one runs.
export interface Queryable {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Bulk load with COPY … FROM STDIN (CSV): for generated data sets, not for request handling. */
  copyRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>;
  /** Runs fn in one transaction: all of it commits or none of it does. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs fn on one connection in autocommit mode (no BEGIN/COMMIT round trips): for reads, whose statements each
   * see their own snapshot under READ COMMITTED anyway, so a transaction would add nothing but two round trips.
   */
  withConnection<T>(fn: (connection: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel: onMessage gets each NOTIFY payload (sent by any instance, delivered at its commit);
   * onReconnect is called when a lost listening connection is back, as messages may have been missed meanwhile.
   * Answers the function that stops listening.
   */
  listen(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// int8 (counts, identity ids) as numbers on both engines, as PGlite already does; our values stay below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type PoolOptions = {
  max?: number;
  /**
   * Server-side statement_timeout (lock waits included). Default 0 = none, for scripts, bulk loads and
   * migrations; the server passes DATABASE_STATEMENT_TIMEOUT_MS.
   */
  statementTimeoutMs?: number;
  /** Connecting, or waiting for a free connection of the pool. Default 5 s. */
  connectTimeoutMs?: number;
};

/**
 * Statements with parameters run as named prepared statements, one name per SQL text: each connection parses
 * a text once and PostgreSQL may then reuse its plan (after five custom plans, a generic plan when it costs no
 * more), instead of parsing and planning every execution. Planning the larger read queries cost more CPU than
 * running them. The SQL texts of the code are a fixed set (filters vary by role and options, not by value);
 * past the cap, texts run unnamed as before, so a text built from data could never fill the server's memory.
 */
function preparedStatements(cap = 500) {
  const names = new Map<string, string>();
  return (text: string, values: readonly unknown[]): pg.QueryConfig => {
    // Without parameters a text may hold several statements, which a prepared statement cannot.
    if (values.length === 0) return { text };
    let name = names.get(text);
    if (name === undefined && names.size < cap) {
      name = `waypoint_${names.size + 1}`;
      names.set(text, name);
    }
    return name === undefined ? { text, values: values as unknown[] } : { name, text, values: values as unknown[] };
  };
}

export async function openPostgres(connectionString: string, options: PoolOptions = {}): Promise<Database> {
  const statement = preparedStatements();
  const statementTimeoutMs = options.statementTimeoutMs ?? 0;
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    // A connection kept open keeps its catalog caches and prepared plans; a new one pays for them again
    // (measured: the first plans of a fresh connection cost milliseconds each, warm ones tens of microseconds).
    idleTimeoutMillis: 10 * 60_000,
    // The server cancels a statement (or a lock wait) that runs too long; the client gives up a little later
    // in case the server itself hangs and cannot cancel anything. Either way the request answers 503.
    statement_timeout: statementTimeoutMs,
    ...(statementTimeoutMs > 0 ? { query_timeout: statementTimeoutMs + 2_000 } : {}),
    // A transaction left open by a hung request does not hold its locks for ever.
    idle_in_transaction_session_timeout: statementTimeoutMs > 0 ? Math.max(statementTimeoutMs * 3, 60_000) : 0,
  });
  // A dropped idle connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const database: Database = {
    kind: "postgres",
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(statement(sql, params));
      return result.rows as Row[];
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const tx: Queryable = {
          async query<Row>(sql: string, params: readonly unknown[] = []) {
            const result = await client.query(statement(sql, params));
            return result.rows as Row[];
          },
          async exec(sql: string) {
            await client.query(sql);
          },
        };
        const value = await fn(tx);
        await client.query("COMMIT");
        return value;
      } catch (error) {
        // A connection whose query timed out on the client side may still be busy: drop it rather than reuse it.
        if (isClientTimeout(error)) broken = error as Error;
        else await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async withConnection<T>(fn: (connection: Queryable) => Promise<T>) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await fn({
          async query<Row>(sql: string, params: readonly unknown[] = []) {
            const result = await client.query(statement(sql, params));
            return result.rows as Row[];
          },
          async exec(sql: string) {
            await client.query(sql);
          },
        });
      } catch (error) {
        if (isClientTimeout(error)) broken = error as Error;
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async copyRows(table, columns, rows) {
      const client = await pool.connect();
      try {
        const stream = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN WITH (FORMAT csv)`));
        await pipeline(Readable.from(csvLines(rows)), stream);
      } finally {
        client.release();
      }
    },
    async listen(channel, onMessage, onReconnect) {
      return listenOnServer(connectionString, channel, onMessage, onReconnect);
    },
    async close() {
      await pool.end();
    },
  };
  return database;
}

/** dataDir undefined = in memory (tests). */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Extensions the shared migrations use; a PostgreSQL server has them in its contrib package.
  const db = await PGlite.create(dataDir, { extensions: { pg_trgm, btree_gist } });
  const database: Database = {
    kind: "pglite",
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return db.transaction(async (tx) =>
        fn({
          async query<Row>(sql: string, params: readonly unknown[] = []) {
            const result = await tx.query<Row>(sql, params as unknown[]);
            return result.rows;
          },
          async exec(sql: string) {
            await tx.exec(sql);
          },
        }),
      );
    },
    // One connection in this process: each statement waits for any open transaction to end.
    withConnection: (fn) => fn(database),
    async exec(sql: string) {
      await db.exec(sql);
    },
    async copyRows(table, columns, rows) {
      const blob = new Blob([...csvLines(rows)]);
      await db.query(`COPY ${table} (${columns.join(", ")}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob });
    },
    async listen(channel, onMessage) {
      // One process, one connection: PGlite delivers a NOTIFY to its own listeners when the transaction commits.
      return db.listen(channel, onMessage);
    },
    async close() {
      await db.close();
    },
  };
  return database;
}

/**
 * A connection of its own (not the pool's: LISTEN holds it for the process's life). When it drops, it is opened
 * again after a pause, and onReconnect tells the listener to catch up on what was sent meanwhile.
 */
async function listenOnServer(
  connectionString: string,
  channel: string,
  onMessage: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString, keepAlive: true });
    next.on("notification", (message) => {
      if (message.channel === channel) onMessage(message.payload ?? "");
    });
    next.on("error", () => {
      next.end().catch(() => {});
      // Only an established connection reconnects here; a failed connect is retried by reconnect() itself.
      if (client !== next) return;
      client = null;
      if (!stopped) retry = setTimeout(() => void reconnect(), 1_000);
    });
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
  };
  const reconnect = async () => {
    try {
      await connect();
      onReconnect?.();
    } catch {
      if (!stopped) retry = setTimeout(() => void reconnect(), 1_000);
    }
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

// PGlite runs in this process and cannot cancel a running statement (statement_timeout is ignored there);
// with one connection nothing else can hold a lock it waits for, so the timeouts matter on a server only.
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string } & PoolOptions): Promise<Database> {
  const { databaseUrl, dataDir, ...pool } = options;
  return databaseUrl ? openPostgres(databaseUrl, pool) : openPglite(dataDir);
}

const connectionErrorCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EPIPE",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08003",
  "08006",
]);

const isClientTimeout = (error: unknown) => error instanceof Error && error.message === "Query read timeout";

/**
 * True when the database did not answer in time: a statement or lock wait cancelled by statement_timeout or
 * lock_timeout, or a query the client gave up on. The request may succeed when retried.
 */
export function isDatabaseTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return (code === "57014" && /statement timeout/i.test(error.message)) || code === "55P03" || isClientTimeout(error);
}

/** True when the error means the database is out of reach, not that the query was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code && connectionErrorCodes.has(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (shutting down|starting up)/i.test(
    error.message,
  );
}

/** CSV for COPY: NULL is an unquoted empty field; every other value is quoted; arrays become {…} literals. */
function* csvLines(rows: readonly (readonly unknown[])[]): Generator<string> {
  for (const row of rows) {
    yield `${row.map(csvField).join(",")}\n`;
  }
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text =
    value instanceof Date
      ? value.toISOString()
      : Array.isArray(value)
        ? `{${value.map((item) => `"${String(item).replace(/["\\]/g, "\\$&")}"`).join(",")}}`
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  return `"${text.replace(/"/g, '""')}"`;
}
