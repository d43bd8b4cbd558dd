/**
 * scripts/pg-cluster.mjs with a type: it is plain JavaScript shared with scripts/test.mjs, and
 * allowJs is off, so TypeScript cannot see its exports through a static import.
 */
import { randomBytes } from "node:crypto";

export interface ThrowawayCluster {
  url: string;
  version: string;
  /** Where its data directory and log live. */
  dir: string;
  stop: () => Promise<void>;
}

interface PgClusterModule {
  findPgBinDir: () => string | null;
  startThrowawayCluster: (options?: { settings?: Record<string, string> }) => Promise<ThrowawayCluster>;
}

const pgCluster = (await import(new URL("../scripts/pg-cluster.mjs", import.meta.url).href)) as PgClusterModule;

/** Whether PostgreSQL server binaries are installed (Debian layout, /usr/lib/postgresql/<n>/bin). */
export const hasPostgresBinaries = (): boolean => pgCluster.findPgBinDir() !== null;

/** A fresh cluster on a free port, with `settings` added to its defaults; it also stops when this process exits. */
export const startThrowawayCluster = (options?: { settings?: Record<string, string> }): Promise<ThrowawayCluster> =>
  pgCluster.startThrowawayCluster(options);

/**
 * A fresh database on `serverUrl` (a local server: a throwaway cluster or the test suite's), empty
 * or copied from `template`, for a check that starts app processes against it or a test file;
 * `drop()` removes it again, whoever still holds it.
 */
export async function createThrowawayDatabase(
  serverUrl: string,
  prefix: string,
  { template }: { template?: string } = {},
): Promise<{ name: string; databaseUrl: string; drop: () => Promise<void> }> {
  const { default: postgres } = await import("postgres");
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ""}`);
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${name}`;
  return {
    name,
    databaseUrl: databaseUrl.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
