/**
 * Serves the production build for Playwright: `next start` on port 3100 against a fresh PGlite
 * data dir (so first-start migrate + seed is exercised every run), with the dev mailbox enabled
 * explicitly so the magic link can be read without a real mailbox. Removes the dir on exit.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const dataDir = mkdtempSync(path.join(tmpdir(), "rekey-e2e-"));
const port = process.env.E2E_PORT ?? "3100";
const server = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", port, "-H", "localhost"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    REKEY_DATA_DIR: dataDir,
    REKEY_DEV_MAILBOX: "true",
    REKEY_PUBLIC_URL: `http://localhost:${port}`,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_URL: `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
  },
});

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  server.kill("SIGTERM");
  server.once("exit", () => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(code);
  });
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(0));
server.on("exit", (code) => {
  if (!stopping) {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(code ?? 1);
  }
});
