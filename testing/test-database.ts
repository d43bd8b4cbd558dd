/**
 * A fresh, migrated database per test file: in-memory PGlite, or a new database on the PostgreSQL
 * server in TEST_DATABASE_URL when the `postgres` vitest project runs, copied from the template its
 * global setup migrated once per run (testing/test-template-setup.ts; migrated from scratch without it).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { pinAuditKeys } from "@/lib/audit/audit-keys";
import { parseMasterKeyRing } from "@/lib/crypto";
import { openDatabase, type OpenDatabase } from "@/lib/db";
import { openThrowawayDatabase } from "./test-server";

/** Test processes key the audit chain with a master key of their own (lib/audit/audit-keys.ts). */
pinAuditKeys(() => parseMasterKeyRing(`v1:${randomBytes(32).toString("base64")}`));

export async function createTestDb(): Promise<OpenDatabase> {
  if (process.env.REKEY_TEST_DB !== "postgres") return openDatabase({});
  return openThrowawayDatabase(inject("postgresTemplateDatabase"));
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
