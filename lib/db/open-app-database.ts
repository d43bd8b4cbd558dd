import type { Logger } from "@/lib/logger";
import { openDatabase, type OpenDatabase } from "./index";
import { seedDemoData } from "./seed";

export interface AppDatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  seedDemo: boolean;
  logger: Pick<Logger, "info">;
}

/**
 * How the app opens its database: PGlite seeds itself the first time its directory is created
 * (delete `.data/` to start over); PostgreSQL only when asked. The seed's own marker means a
 * restart never reseeds over the user's changes.
 */
export function openAppDatabase(options: AppDatabaseOptions): Promise<OpenDatabase> {
  return openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: options.databaseUrl ? undefined : options.dataDir,
    afterMigrate: async (db, { isNew }) => {
      if (!isNew && !options.seedDemo) return;
      const { seeded } = await seedDemoData(db, { now: new Date() });
      if (seeded) options.logger.info("seeded demo data (sign in as alice@acme.example at /signin)");
    },
  });
}
