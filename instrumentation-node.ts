/**
 * Runs once when a server process starts. Opening the database here (rather than on the first
 * request) makes a misconfigured production start fail loudly and at once: a missing or wrong
 * REKEY_MASTER_KEY, a missing AUTH_SECRET, an unreachable DATABASE_URL.
 */
import { getAuthSecret, getDb, logger } from "@/lib/config/server";

try {
  getAuthSecret();
  await getDb();
} catch (error) {
  logger.fatal({ err: error }, `Rekey cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
