/**
 * `npm run simulate`: the full-size fleet simulation (scripts/fleet-simulation.ts). Runs on an
 * in-memory PGlite database, or on PostgreSQL when SIMULATE_DATABASE_URL names a local server
 * (a fresh database is created there and dropped afterwards). Writes reports/fleet-simulation.json
 * for docs/RELIABILITY.md (`npm run reliability:report`).
 *
 *   npm run simulate                      # 10 000 installs, 75 days
 *   npm run simulate -- --installs 2000 --days 40 --seed 3
 *   npm run simulate -- --concurrency 16  # installs checking at the same moment (default 8)
 */
import { parseArgs } from "node:util";
import { openDatabase } from "@/lib/db";
import { configureAuditKeys } from "@/lib/audit/audit-keys";
import { testSecrets } from "@/testing/factories";
import { writeReport } from "@/testing/reports";
import { simulateFleet } from "./fleet-simulation";

const { values } = parseArgs({
  options: {
    installs: { type: "string", default: "10000" },
    days: { type: "string", default: "75" },
    seed: { type: "string", default: "1" },
    "per-license": { type: "string", default: "50" },
    "check-every-hours": { type: "string", default: "48" },
    concurrency: { type: "string", default: "8" },
  },
});

async function openSimulationDatabase() {
  const serverUrl = process.env.SIMULATE_DATABASE_URL;
  if (!serverUrl) return { ...(await openDatabase({})), label: "pglite" };
  const url = new URL(serverUrl);
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(url.hostname))
    throw new Error(`Refusing to simulate on non-local database host ${url.hostname}`);
  const { default: postgres } = await import("postgres");
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  const name = `rekey_simulation_${Date.now()}`;
  await admin.unsafe(`create database ${name}`);
  url.pathname = `/${name}`;
  const opened = await openDatabase({ databaseUrl: url.toString(), maxConnections: Number(values.concurrency) });
  return {
    ...opened,
    label: "postgres",
    close: async () => {
      await opened.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const secrets = testSecrets();
configureAuditKeys(() => secrets.ring);
const database = await openSimulationDatabase();
const startedAt = Date.now();
try {
  const report = await simulateFleet({
    db: database.db,
    secrets,
    installs: Number(values.installs),
    days: Number(values.days),
    seed: Number(values.seed),
    installsPerLicense: Number(values["per-license"]),
    checkEveryHours: Number(values["check-every-hours"]),
    concurrency: Number(values.concurrency),
    onProgress: (day) => process.stdout.write(`\rday ${day}/${values.days}`),
  });
  writeReport(
    "fleet-simulation",
    { ...report, wallClockSeconds: Math.round((Date.now() - startedAt) / 1000) },
    database.label,
  );
  console.log(`\n${JSON.stringify(report, null, 2)}`);
  process.exitCode = report.unintendedFailures === 0 ? 0 : 1;
} finally {
  await database.close();
}
