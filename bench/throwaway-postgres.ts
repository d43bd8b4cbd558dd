/**
 * scripts/pg-cluster.mjs with a type: it is plain JavaScript shared with scripts/test.mjs, and
 * allowJs is off, so TypeScript cannot see its exports through a static import.
 */
export interface ThrowawayCluster {
  url: string;
  version: string;
  stop: () => Promise<void>;
}

interface PgClusterModule {
  findPgBinDir: () => string | null;
  startThrowawayCluster: () => Promise<ThrowawayCluster>;
}

const pgCluster = (await import(new URL("../scripts/pg-cluster.mjs", import.meta.url).href)) as PgClusterModule;

/** Whether PostgreSQL server binaries are installed (Debian layout, /usr/lib/postgresql/<n>/bin). */
export const hasPostgresBinaries = (): boolean => pgCluster.findPgBinDir() !== null;

/** A fresh cluster on a free port; it also stops when this process exits. */
export const startThrowawayCluster = (): Promise<ThrowawayCluster> => pgCluster.startThrowawayCluster();
