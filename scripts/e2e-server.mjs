/**
 * Serves the production build for Playwright the way README "Running in production" tells an
 * operator to: one PostgreSQL database (a throwaway cluster, scripts/pg-cluster.mjs), the fixtures
 * loaded by `npm run db:seed`, staff made by `npm run staff:grant`, then `npm start`
 * (scripts/serve.ts) on port 3100 and `npm run worker` beside it, with only variables the README
 * names (no AUTH_URL: a hidden one here once masked sign-in links built from the Host header). The
 * dev mailbox is enabled explicitly so the magic link can be read without a real mailbox. Stops
 * both processes and the cluster, and removes the data dir, on exit.
 *
 * PostgreSQL rather than the embedded PGlite (issue 23): PGlite runs every query on the web
 * process's one thread, so the suite's parallel workers queued behind it; on PostgreSQL the server,
 * the worker and the database use both CPUs, as in production.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startThrowawayCluster } from "./pg-cluster.mjs";

const dataDir = mkdtempSync(path.join(tmpdir(), "rekey-e2e-"));
const port = process.env.E2E_PORT ?? "3100";
// The server's output is also kept in a file so e2e tests can prove secrets never reach the logs.
export const serverLogFile = path.join("e2e", ".auth", "server.log");
mkdirSync(path.dirname(serverLogFile), { recursive: true });
const log = createWriteStream(serverLogFile);
const cluster = await startThrowawayCluster();
// scripts/test.mjs checks, once Playwright is done, that this directory is gone: the cluster was stopped.
writeFileSync(path.join("e2e", ".auth", "server-cluster.json"), JSON.stringify({ dir: cluster.dir }));
const productionEnv = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: cluster.url,
  REKEY_DATA_DIR: dataDir,
  REKEY_DEV_MAILBOX: "true",
  REKEY_PUBLIC_URL: `http://localhost:${port}`,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  REKEY_MASTER_KEY: `v1:${randomBytes(32).toString("base64")}`,
  REKEY_HMAC_SECRET: randomBytes(32).toString("base64url"),
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: "info",
  REKEY_WORKER_INTERVAL_MS: "2000",
  // e2e/load.spec.ts drives 50 connections from this one address; per-key limits stay as shipped.
  REKEY_API_LIMIT_PER_IP: "1000000",
  // Every spec signs its people in from this one address, side by side (each makes its own customer).
  REKEY_SIGN_IN_LIMIT_PER_IP: "1000000",
  // The suite plays the proxy: e2e/devices.spec.ts sends X-Forwarded-For to activate from other networks.
  REKEY_TRUSTED_PROXY_HOPS: "1",
  // e2e/sso.spec.ts: its OpenID provider listens on loopback, and its DNS (e2e/test-dns.ts, UDP on the
  // app's port number) answers the domain-verification TXT lookups.
  REKEY_OUTGOING_ALLOW_PRIVATE: "true",
  REKEY_DNS_SERVERS: `127.0.0.1:${port}`,
  // e2e/health.spec.ts scrapes /metrics with this token.
  REKEY_METRICS_TOKEN: "e2e-metrics-token-not-a-secret-0123456789",
};

// e2e/releases.spec.ts mints download links with this server's own signer (one long expired, one for
// a license of another edition): it reads this throwaway server's link secret, kept beside the
// management token e2e/auth.setup.ts keeps, never in the log.
const serverSecretsFile = path.join("e2e", ".auth", "server-secrets.json");
writeFileSync(serverSecretsFile, JSON.stringify({ hmacSecret: productionEnv.REKEY_HMAC_SECRET }), { mode: 0o600 });

// Production never seeds on start (lib/bootstrap/open-app-database.ts): the suite's data is an operator's explicit act.
const operatorCommands = [
  ["run", "db:seed"],
  [
    ...["run", "staff:grant", "--"],
    ...["support@rekey.example", "support", "admin@rekey.example", "admin", "admin2@rekey.example", "admin"],
  ],
];
for (const args of operatorCommands)
  execFileSync("npm", args, { stdio: ["ignore", "inherit", "inherit"], env: productionEnv });

// The web process and the worker, each as `npm start` and `npm run worker` run them (package.json):
// the bundles `npm run build` made, through scripts/run-built.mjs.
const processes = [["serve", "-p", port, "-H", "localhost"], ["worker"]].map((args) => {
  const child = spawn(process.execPath, ["scripts/run-built.mjs", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: productionEnv,
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(log, { end: false });
    stream.pipe(process.stdout, { end: false });
  }
  return child;
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    processes.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", resolve);
          child.kill("SIGTERM");
        }),
    ),
  );
  await cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(0));
// Either process ending on its own is a failure of the deployment under test: stop the other too.
for (const child of processes) child.on("exit", (code) => stop(code || 1));
