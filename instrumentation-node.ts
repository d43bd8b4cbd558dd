/**
 * Runs once when a server process starts. Opening the database here (rather than on the first
 * request) makes a misconfigured start fail loudly and at once: a missing or wrong
 * REKEY_MASTER_KEY, a missing AUTH_SECRET or REKEY_PUBLIC_URL, an unreachable DATABASE_URL, each
 * reported as one line naming the setting and the fix (lib/config/startup-failure.ts).
 */
import { printStartupFailure } from "@/lib/config/startup-failure";
import { appServices, checkStartup } from "@/lib/wiring";

try {
  // The object scripts/serve.ts built, or under `next dev` the one built here from the environment.
  const services = appServices();
  await checkStartup(services);
  services.startValidationTelemetryFlush();
  // The embedded database allows one process, so its worker must live here; with PostgreSQL
  // the worker usually runs as its own process (`npm run worker`).
  if (services.isWorkerInProcess) {
    await services.startWorker();
    services.logger.info("worker running in the web process");
  }
} catch (error) {
  // The environment as given: when it could not even be parsed there is no wiring object to ask.
  printStartupFailure(error, { DATABASE_URL: process.env.DATABASE_URL });
  process.exit(1);
}
