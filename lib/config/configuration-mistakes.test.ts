/**
 * Issue 16, item 13: each mistake a newcomer makes gets one line naming the setting and the fix.
 * One test per mistake, each asserting the line a person would read in the terminal.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAppServices } from "@/lib/wiring/app-services";
import { checkStartup } from "@/lib/wiring/check-startup";
import { ConfigurationError, parseEnv, publicOrigin, requireProductionSettings } from "./env";
import { startupFailureMessage } from "./startup-failure";
import { pinAuditKeys } from "@/lib/audit/audit-keys";
import { testSecrets } from "@/testing/factories";

// The services objects made here would otherwise register their own secrets as the audit chain's
// keys, the first one for the whole process: a later test's demo seeding then asked a test's services
// for secrets after that test's folder was removed, and it wrote them again into a new one in /tmp.
const auditSecrets = testSecrets();
pinAuditKeys(() => auditSecrets.ring);

/** The single line start-up prints for a configuration that fails to parse. */
function startupLine(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    return startupFailureMessage(error);
  }
  throw new Error("the configuration was accepted");
}

describe("configuration mistakes", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rekey-config-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("points email links at the port the dev server listens on when REKEY_PUBLIC_URL is unset", () => {
    expect(publicOrigin(parseEnv({ NODE_ENV: "development", PORT: "3100" }))).toBe("http://localhost:3100");
    expect(publicOrigin(parseEnv({ NODE_ENV: "development" }))).toBe("http://localhost:3000");
    expect(publicOrigin(parseEnv({ PORT: "3100", REKEY_PUBLIC_URL: "https://portal.example.com" }))).toBe(
      "https://portal.example.com",
    );
  });

  it("lets the dev server's own scripts load when the portal is opened at 127.0.0.1", async () => {
    const { default: nextConfig } = await import("@/next.config");
    const { PHASE_DEVELOPMENT_SERVER } = await import("next/constants");
    expect(nextConfig(PHASE_DEVELOPMENT_SERVER).allowedDevOrigins).toContain("127.0.0.1");
  });

  it.each(["localhost:5432/rekey", "rekey", "postgres:///rekey", "mysql://localhost/rekey"])(
    "names DATABASE_URL and its shape when it is %s",
    (value) => {
      const line = startupLine({ DATABASE_URL: value });
      expect(line).toBe(
        "Rekey cannot start: DATABASE_URL must be a PostgreSQL URL with a host, such as postgres://rekey:secret@localhost:5432/rekey; unset it to use the embedded database in .data/",
      );
    },
  );

  it("names DATABASE_URL's host and port, not its password, when nothing answers there", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5433"), { code: "ECONNREFUSED" });
    const line = startupFailureMessage(refused, { DATABASE_URL: "postgres://rekey:hunter2@db.internal:5433/rekey" });
    expect(line).toContain("DATABASE_URL's db.internal:5433");
    expect(line).toContain("unset it to use the embedded database");
    expect(line).not.toContain("hunter2");
  });

  it("says to delete .data/ when its secrets file is gone but its database is not", () => {
    const root = tempDir();
    const dataDir = path.join(root, ".data");
    mkdirSync(path.join(dataDir, "pglite"), { recursive: true });
    writeFileSync(path.join(dataDir, "pglite", "PG_VERSION"), "17");
    const services = createAppServices({ env: parseEnv({ NODE_ENV: "development", REKEY_DATA_DIR: dataDir }) });

    expect(() => services.keySecrets()).toThrow(ConfigurationError);
    expect(() => services.keySecrets()).toThrow(/delete the .*\.data folder to start over/);
  });

  it("opens a new data folder's database before anything else asks for its secrets (a server action's first call)", async () => {
    const dataDir = path.join(tempDir(), ".data");
    const services = createAppServices({ env: parseEnv({ NODE_ENV: "development", REKEY_DATA_DIR: dataDir }) });
    await expect(services.db()).resolves.toBeDefined();
    expect(JSON.parse(readFileSync(path.join(dataDir, "dev-secrets.json"), "utf8"))).toHaveProperty("masterKey");
  }, 120_000);

  it("still generates development secrets into a new data folder", () => {
    const dataDir = path.join(tempDir(), ".data");
    createAppServices({ env: parseEnv({ NODE_ENV: "development", REKEY_DATA_DIR: dataDir }) }).keySecrets();
    expect(JSON.parse(readFileSync(path.join(dataDir, "dev-secrets.json"), "utf8"))).toHaveProperty("masterKey");
  });

  it("stops on an invalid setting before it generates any development secret", () => {
    const dataDir = path.join(tempDir(), ".data");
    const line = startupLine({ NODE_ENV: "development", REKEY_DATA_DIR: dataDir, REKEY_MASTER_KEY: "not-a-key" });
    expect(line).toMatch(/^Rekey cannot start: REKEY_MASTER_KEY must look like v1:<base64 of 32 random bytes>/);
    expect(line).toContain("openssl rand -base64 32");
    expect(() => readFileSync(path.join(dataDir, "dev-secrets.json"))).toThrow();
  });

  it("reports a too-short AUTH_SECRET as one line with the way to make a good one", () => {
    const line = startupLine({ AUTH_SECRET: "short-secret" });
    expect(line).toBe(
      "Rekey cannot start: AUTH_SECRET is too short (12 characters; it needs 32 or more): generate one with `openssl rand -base64 32`",
    );
    expect(line).not.toContain("\n");
  });

  it("names every missing production setting at once", async () => {
    const env = parseEnv({ NODE_ENV: "production", AUTH_SECRET: "a".repeat(32) });
    expect(() => requireProductionSettings(env)).toThrow(
      "Production needs REKEY_PUBLIC_URL, REKEY_MASTER_KEY, REKEY_HMAC_SECRET (unset now): set each in the environment, as .env.example describes.",
    );
    // The start-up check asks for them before anything else, so the database is never touched.
    const services = createAppServices({ env });
    await expect(checkStartup(services)).rejects.toThrow(/REKEY_PUBLIC_URL, REKEY_MASTER_KEY, REKEY_HMAC_SECRET/);
  });

  it("lists several mistakes one per line", () => {
    const line = startupLine({ AUTH_SECRET: "short", PORT: "http" });
    expect(line.split("\n")).toEqual([
      "Rekey cannot start; fix these settings:",
      expect.stringMatching(/^ {2}PORT must be a port number/),
      expect.stringMatching(/^ {2}AUTH_SECRET is too short/),
    ]);
  });
});
