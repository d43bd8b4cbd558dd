import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import type { Logger } from "@/lib/logger";
import { verifyMasterKeyRing } from "@/lib/key-governance";
import { ensureSigningKeys } from "@/lib/signing";
import { openDatabase, type OpenDatabase } from "@/lib/db";
import { seedDemoData } from "./seed-demo-data";

export interface AppDatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  seedDemo: boolean;
  /** Production never loads demo data on start: its staff would be real staff accounts. */
  isProduction: boolean;
  logger: Pick<Logger, "info">;
  /** Read lazily: only when the database is actually opened, never at build time. */
  secrets: () => KeySecrets;
}

/**
 * How the app opens its database: in development PGlite seeds itself the first time its directory
 * is created (delete `.data/` to start over), PostgreSQL only when asked. The seed's own marker
 * means a restart never reseeds over the user's changes. Production never seeds on start, on
 * either engine (issue 24, finding 9: `npm start` loaded admin@rekey.example as an admin), and
 * refuses REKEY_SEED_DEMO rather than quietly ignoring what the operator asked for; demo data
 * there is an explicit `npm run db:seed`, staff an explicit `npm run staff:grant`. Every start
 * also proves the master key opens the stored signing keys and that a signing key (and its
 * published successor) exists.
 */
export function openAppDatabase(options: AppDatabaseOptions): Promise<OpenDatabase> {
  if (options.isProduction && options.seedDemo) {
    return Promise.reject(
      new Error(
        "REKEY_SEED_DEMO is for development only: production never loads demo data on start. Unset it; run `npm run db:seed` yourself if you really want the demo data there.",
      ),
    );
  }
  return openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: options.databaseUrl ? undefined : options.dataDir,
    afterMigrate: async (db, { isNew }) => {
      const secrets = options.secrets();
      await verifyMasterKeyRing(db, secrets.ring);
      await ensureSigningKeys(
        { db, now: () => new Date(), actor: { type: "system", label: "startup" } },
        { ring: secrets.ring },
      );
      if (options.isProduction || (!isNew && !options.seedDemo)) return;
      const { seeded } = await seedDemoData(db, { now: new Date(), secrets });
      if (seeded) options.logger.info("seeded demo data (sign in as alice@acme.example at /signin)");
    },
  });
}
