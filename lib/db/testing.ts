/**
 * A fresh, migrated database per test file: in-memory PGlite, or a new database on the PostgreSQL
 * server in TEST_DATABASE_URL when the `postgres` vitest project runs. Refuses anything but a
 * local server, so a test can never touch a real database.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { pinAuditKeys } from "@/lib/audit/audit-keys";
import { parseMasterKeyRing } from "@/lib/crypto";
import { openDatabase, type OpenDatabase } from "./index";

function assertLocal(url: URL): void {
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(url.hostname)) {
    throw new Error(`Refusing to run tests against non-local database host ${url.hostname}`);
  }
}

/**
 * This run is on PGlite while the same suite also runs on PostgreSQL: tests long enough that one
 * engine is enough skip here and run there (PGlite alone, e.g. `--project pglite`, still runs them).
 */
export const isSecondEngine = process.env.REKEY_TEST_DB !== "postgres" && Boolean(process.env.TEST_DATABASE_URL);

/** Test processes key the audit chain with a master key of their own (lib/audit/audit-keys.ts). */
pinAuditKeys(() => parseMasterKeyRing(`v1:${randomBytes(32).toString("base64")}`));

export async function createTestDb(): Promise<OpenDatabase> {
  if (process.env.REKEY_TEST_DB !== "postgres") return openDatabase({});
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("REKEY_TEST_DB=postgres needs TEST_DATABASE_URL");
  const admin = new URL(serverUrl);
  assertLocal(admin);
  const name = `rekey_test_${randomBytes(6).toString("hex")}`;
  const { default: postgres } = await import("postgres");
  const adminClient = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  await adminClient.unsafe(`create database ${name}`);
  const testUrl = new URL(admin);
  testUrl.pathname = `/${name}`;
  const opened = await openDatabase({ databaseUrl: testUrl.toString(), maxConnections: 5 });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await adminClient.unsafe(`drop database if exists ${name} with (force)`);
      await adminClient.end();
    },
  };
}

/**
 * A fresh database for the enclosing `describe` (or file): opened before its tests, closed after.
 * Use `database.db` inside tests and hooks.
 */
export function useTestDatabase(): { readonly db: OpenDatabase["db"] } {
  let opened: OpenDatabase | undefined;
  beforeAll(async () => {
    opened = await createTestDb();
  });
  afterAll(async () => {
    await opened?.close();
  });
  return {
    get db() {
      if (!opened) throw new Error("useTestDatabase: the database is only open inside tests and hooks");
      return opened.db;
    },
  };
}
