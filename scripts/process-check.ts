/**
 * What the process-level checks `npm test` runs on the production build share (scripts/
 * scale-out-check.ts, scripts/degradation-check.ts): fresh app secrets and the environment of a
 * production app process, named steps that report ✓/✗, and the pass/fail exit.
 */
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createKeyedHasher, formatMasterKeyRing, parseMasterKeyRing } from "@/lib/crypto";
import { configureAuditKeys } from "@/lib/audit/audit-keys";
import { openDatabase, type Db } from "@/lib/db";
import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import { hasProductionBuild } from "../bench/server-processes";
import { createThrowawayDatabase, startThrowawayCluster } from "../bench/throwaway-postgres";

export const PROJECT_DIR = fileURLToPath(new URL("..", import.meta.url));

export interface Step {
  name: string;
  run: () => Promise<void>;
}

/** Runs every step even after one fails, so one run shows everything that broke; returns how many failed. */
export async function runSteps(steps: Step[]): Promise<number> {
  let failed = 0;
  for (const step of steps) {
    try {
      await step.run();
      console.log(`  ✓ ${step.name}`);
    } catch (error) {
      failed += 1;
      console.error(`  ✗ ${step.name}\n${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failed;
}

/** A production app's secrets, fresh per run; `secrets` lets the check seed data the app can read. */
type EnvVars = Record<string, string>;

export function productionSecrets(): { env: EnvVars; secrets: KeySecrets } {
  const masterKey = formatMasterKeyRing([{ version: 1, key: randomBytes(32) }]);
  const hmacSecret = randomBytes(32).toString("base64url");
  const ring = parseMasterKeyRing(masterKey);
  // Seeding in this process appends audit events: keyed like the app processes key theirs.
  configureAuditKeys(() => ring);
  return {
    env: {
      REKEY_MASTER_KEY: masterKey,
      REKEY_HMAC_SECRET: hmacSecret,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
    },
    secrets: { ring, hasher: createKeyedHasher(hmacSecret) },
  };
}

export interface CheckDatabase {
  databaseUrl: string;
  db: Db;
  /** Closes the pool, drops the database and stops the cluster if the check started one. */
  close: () => Promise<void>;
}

/**
 * A fresh database for one check, on the server in TEST_DATABASE_URL when `npm test` has one,
 * otherwise on a throwaway cluster of its own. What was started is stopped again if a later
 * step of opening it fails.
 */
export async function openCheckDatabase(
  name: string,
  { maxConnections }: { maxConnections: number },
): Promise<CheckDatabase> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    let serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) {
      const cluster = await startThrowawayCluster();
      cleanups.push(() => cluster.stop());
      serverUrl = cluster.url;
    }
    const { databaseUrl, drop } = await createThrowawayDatabase(serverUrl, name);
    cleanups.push(drop);
    const opened = await openDatabase({ databaseUrl, maxConnections });
    cleanups.push(opened.close);
    return { databaseUrl, db: opened.db, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The environment of `npm start` or `npm run worker` on `databaseUrl`, quiet unless something is wrong. */
export const productionEnv = (databaseUrl: string, secretsEnv: EnvVars, extra: EnvVars = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: "production" as const,
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: "warn",
  NEXT_TELEMETRY_DISABLED: "1",
  ...secretsEnv,
  ...extra,
});

/** Runs a check's `main` (which returns the number of failed steps) and exits 0 only when all passed. */
export async function runCheck(label: string, main: () => Promise<number>): Promise<never> {
  if (!hasProductionBuild(PROJECT_DIR)) {
    console.error(`${label}: no production build: run \`npm run build\` first.`);
    process.exit(1);
  }
  const failed = await main().catch((error: unknown) => {
    console.error(`${label}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  });
  console.log(failed === 0 ? `${label}: passed` : `${label}: FAILED`);
  process.exit(failed === 0 ? 0 : 1);
}
