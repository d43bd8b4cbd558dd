/**
 * The app as HTTP benchmarks run it: the production build (`npm start`, scripts/serve.ts) on a throwaway
 * PostgreSQL cluster, with fresh secrets, the worker out of process (none runs: nothing moves
 * under the benchmark) and API limits out of reach of the load.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatMasterKeyRing } from "@/lib/crypto";
import {
  ensureProductionBuild,
  findFreePort,
  startForkedServer,
  startProductionServer,
  type RunningServer,
} from "./server-processes";
import { hasPostgresBinaries, startThrowawayCluster, type ThrowawayCluster } from "./throwaway-postgres";

/** High enough that the load never meets the per-IP and per-key limits (requests per minute). */
const UNREACHABLE_API_LIMIT = "100000000";
export const PROJECT_DIR = fileURLToPath(new URL("..", import.meta.url));

export interface AppUnderTest {
  cluster: ThrowawayCluster;
  app: RunningServer;
  /** Where the app writes a CPU profile on SIGUSR2 (bench/cpu-profile.ts). */
  profileFile: string;
  secrets: { masterKey: string; hmacSecret: string; authSecret: string };
  /** The bare node:http baseline (baseline-server.ts) on the same database; `stop` ends it too. */
  startBaseline: () => Promise<RunningServer>;
  stop: () => Promise<void>;
}

/** Says what is missing instead of failing halfway: the row names the fix. */
export function missingPrerequisite(benchmark: string): string | null {
  if (hasPostgresBinaries()) return null;
  console.warn(
    `${benchmark}: skipped, PostgreSQL is not installed here. Install it with \`apt-get install -y postgresql\`.`,
  );
  return "skipped: PostgreSQL not installed (apt-get install -y postgresql)";
}

/** Starts the cluster and the app on it (the app migrates on start); `stop` ends both. */
export async function startAppUnderTest({
  label,
  seedDemo,
  appEnv = {},
}: {
  label: string;
  seedDemo: boolean;
  /** Settings for the app server only, e.g. REKEY_BENCH_PAGES. */
  appEnv?: Record<string, string>;
}): Promise<AppUnderTest> {
  await ensureProductionBuild(PROJECT_DIR);
  const cluster = await startThrowawayCluster();
  const secrets = {
    masterKey: formatMasterKeyRing([{ version: 1, key: randomBytes(32) }]),
    hmacSecret: randomBytes(32).toString("base64url"),
    authSecret: randomBytes(32).toString("base64url"),
  };
  try {
    const port = await findFreePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: cluster.url,
      REKEY_MASTER_KEY: secrets.masterKey,
      REKEY_HMAC_SECRET: secrets.hmacSecret,
      AUTH_SECRET: secrets.authSecret,
      REKEY_PUBLIC_URL: `http://localhost:${port}`,
    };
    // Production refuses REKEY_SEED_DEMO on start (lib/db/open-app-database.ts): demo data is an explicit `npm run db:seed`, as an operator would run it.
    if (seedDemo) {
      console.log(`${label}: PostgreSQL ${cluster.version} started; npm run db:seed (migrates and seeds demo data).`);
      const seed = spawn("npx", ["tsx", "scripts/db-seed.ts"], { cwd: PROJECT_DIR, env, stdio: "inherit" });
      const [exitCode] = (await once(seed, "exit")) as [number | null];
      if (exitCode !== 0) throw new Error(`npm run db:seed failed with exit code ${exitCode}; see its output above.`);
    }
    console.log(`${label}: starting npm start.`);
    const profileFile = path.join(cluster.dir, "app.cpuprofile");
    const app = await startProductionServer({
      projectDir: PROJECT_DIR,
      port,
      healthPath: "/api/health",
      profileFile,
      env: {
        ...env,
        REKEY_WORKER_IN_PROCESS: "false",
        REKEY_API_LIMIT_PER_IP: UNREACHABLE_API_LIMIT,
        REKEY_API_LIMIT_PER_KEY: UNREACHABLE_API_LIMIT,
        LOG_LEVEL: "warn",
        NEXT_TELEMETRY_DISABLED: "1",
        ...appEnv,
      },
    });
    const baselines: RunningServer[] = [];
    return {
      cluster,
      app,
      profileFile,
      secrets,
      startBaseline: async () => {
        const baselinePort = await findFreePort();
        const baseline = await startForkedServer({
          modulePath: fileURLToPath(new URL("./baseline-server.ts", import.meta.url)),
          port: baselinePort,
          env: {
            ...process.env,
            BASELINE_PORT: String(baselinePort),
            DATABASE_URL: cluster.url,
            REKEY_HMAC_SECRET: secrets.hmacSecret,
          },
        });
        baselines.push(baseline);
        return baseline;
      },
      stop: async () => {
        for (const baseline of baselines) await baseline.stop();
        await app.stop();
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
