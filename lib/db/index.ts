/**
 * The one database handle. PGlite under the data dir when no DATABASE_URL is set (created, migrated
 * and seeded with demo data on first start), PostgreSQL via postgres.js otherwise. Opened lazily on
 * first use, never at import, so `next build` does not touch `.data/`.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { ChangeChannel, ChangeListener } from "./change-notices";
import { prepareStatements } from "./prepare-statements";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; accepted wherever a use case only needs to read or write. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;

export const migrationsFolder = path.join(process.cwd(), "drizzle");

export interface DatabaseOptions {
  /** postgres:// URL; when absent an embedded PGlite database is used. */
  databaseUrl?: string;
  /** Directory for PGlite; `undefined` with no URL means in-memory (tests). */
  dataDir?: string;
  /** Runs after migrations; `isNew` says whether this open created the database. */
  afterMigrate?: (db: Db, info: { isNew: boolean }) => Promise<void>;
  maxConnections?: number;
}

export interface OpenDatabase {
  db: Db;
  driver: "pglite" | "postgres";
  /** Subscribes to a NOTIFY channel (see change-notices.ts); resolves once listening. */
  listen: (channel: ChangeChannel, listener: ChangeListener) => Promise<void>;
  close: () => Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options);
}

async function openPglite(options: DatabaseOptions): Promise<OpenDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const isNew = !options.dataDir || !existsSync(path.join(options.dataDir, "PG_VERSION"));
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = new PGlite(options.dataDir);
  const db = drizzle(client, { schema }) as unknown as Db;
  await migrate(db as never, { migrationsFolder });
  await options.afterMigrate?.(db, { isNew });
  const listen = async (channel: ChangeChannel, listener: ChangeListener) => {
    await client.listen(channel, listener);
  };
  return { db, driver: "pglite", listen, close: () => client.close() };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<OpenDatabase> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  // Several app and worker processes may start together: one migrates, the others wait on the lock.
  const migrationClient = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrationClient`select pg_advisory_lock(hashtext('rekey.migrate'))`;
    await migrate(drizzle(migrationClient), { migrationsFolder });
  } finally {
    await migrationClient.end();
  }
  return connectPostgres(url, options);
}

/**
 * postgres.js's own reconnect backoff grows to 20 s after a run of failed connects, so after an
 * outage the app would stay down for up to 20 s after the database came back. Same jittered curve,
 * capped at 2 s: a refused connect is cheap, and recovery is what people are waiting for.
 */
const reconnectDelaySeconds = (failedConnects: number) =>
  (0.5 + Math.random() / 2) * Math.min(3 ** failedConnects / 100, 2);

/** A pool without migrating: the primary after `openPostgres` migrated it, or a read replica. */
async function connectPostgres(url: string, options: DatabaseOptions): Promise<OpenDatabase> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = prepareStatements(
    postgres(url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      backoff: reconnectDelaySeconds,
    }),
  );
  const db = drizzle(client, { schema }) as unknown as Db;
  await options.afterMigrate?.(db, { isNew: false });
  // postgres.js listens on a connection of its own and re-listens after a reconnect, calling
  // `onlisten` each time: notices sent while it was away are lost, so listeners reload then.
  const listen = async (channel: ChangeChannel, listener: ChangeListener) => {
    let isFirstListen = true;
    await client.listen(channel, listener, () => {
      if (!isFirstListen) listener(null);
      isFirstListen = false;
    });
  };
  return { db, driver: "postgres", listen, close: () => client.end() };
}

/**
 * A read replica for read-only hot paths (online validation). Never migrated from here: a replica
 * follows the primary's schema through replication.
 */
export function openReadReplica(
  url: string,
  options: Pick<DatabaseOptions, "maxConnections"> = {},
): Promise<OpenDatabase> {
  return connectPostgres(url, options);
}

/**
 * A query built once per database (or transaction) handle and reused: on a hot path Drizzle's query
 * building costs more CPU than PostgreSQL spends answering an indexed lookup. `prepare` is called
 * with the handle the first time and should return `query.prepare(name)` with placeholders.
 */
export function preparedPerHandle<Handle extends Executor, Prepared>(
  prepare: (db: Handle) => Prepared,
): (db: Handle) => Prepared {
  const byHandle = new WeakMap<Handle, Prepared>();
  return (db) => {
    let prepared = byHandle.get(db);
    if (!prepared) {
      prepared = prepare(db);
      byHandle.set(db, prepared);
    }
    return prepared;
  };
}

export { schema };
