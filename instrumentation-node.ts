/**
 * Runs once when a server process starts. Opening the database here (rather than on the first
 * request) makes a misconfigured production start fail loudly and at once: a missing or wrong
 * REKEY_MASTER_KEY, a missing AUTH_SECRET or REKEY_PUBLIC_URL, an unreachable DATABASE_URL.
 */
import { appServices } from "@/lib/wiring";

// The object scripts/serve.ts built, or under `next dev` the one built here from the environment.
const { authSecret, db, requirePublicUrl, isWorkerInProcess, logger, startValidationTelemetryFlush, startWorker } =
  appServices();

try {
  authSecret();
  requirePublicUrl();
  await db();
  startValidationTelemetryFlush();
  // The embedded database allows one process, so its worker must live here; with PostgreSQL
  // the worker usually runs as its own process (`npm run worker`).
  if (isWorkerInProcess) {
    await startWorker();
    logger.info("worker running in the web process");
  }
} catch (error) {
  logger.fatal({ err: error }, `Rekey cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
