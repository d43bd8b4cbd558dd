import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import type { Logger } from "@/lib/logger";
import { ensureSigningKeys, verifyMasterKeyRing } from "@/lib/signing";
import { openDatabase, type OpenDatabase } from "./index";
import { seedDemoData } from "./seed";

export interface AppDatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  seedDemo: boolean;
  logger: Pick<Logger, "info">;
  /** Read lazily: only when the database is actually opened, never at build time. */
  secrets: () => KeySecrets;
}

/**
 * How the app opens its database: PGlite seeds itself the first time its directory is created
 * (delete `.data/` to start over); PostgreSQL only when asked. The seed's own marker means a
 * restart never reseeds over the user's changes. Every start also proves the master key opens the
 * stored signing keys and that a signing key (and its published successor) exists.
 */
export function openAppDatabase(options: AppDatabaseOptions): Promise<OpenDatabase> {
  return openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: options.databaseUrl ? undefined : options.dataDir,
    afterMigrate: async (db, { isNew }) => {
      const secrets = options.secrets();
      await verifyMasterKeyRing(db, secrets.ring);
      await ensureSigningKeys({ db, now: () => new Date(), actor: { type: "system", label: "startup" } }, { ring: secrets.ring });
      if (!isNew && !options.seedDemo) return;
      const { seeded } = await seedDemoData(db, { now: new Date(), secrets });
      if (seeded) options.logger.info("seeded demo data (sign in as alice@acme.example at /signin)");
    },
  });
}
