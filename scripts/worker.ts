/**
 * `npm run worker`: the rotation and notification worker as its own process, for PostgreSQL
 * deployments (any number of these may run; they share work through row locks). Stops cleanly
 * on SIGINT/SIGTERM after the pass in progress.
 */
import { wireProcess } from "@/lib/wiring";

const { env, logger, requirePublicUrl, startWorker } = wireProcess();

if (!env.DATABASE_URL) {
  console.error(
    "npm run worker needs DATABASE_URL: with the embedded database the worker runs inside `npm run dev` / `npm start`.",
  );
  process.exit(2);
}
// The worker's emails link to the portal, so it needs the portal's address as much as the web process.
requirePublicUrl();
const worker = await startWorker();
logger.info("worker started");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await worker.stop();
    logger.info("worker stopped");
    process.exit(0);
  });
}
