/**
 * The PostgreSQL server tests run on (TEST_DATABASE_URL, set by `npm test`). Kept free of vitest
 * imports: the template setup (testing/test-template-setup.ts) uses it in vitest's main process. Refuses anything but a local server,
 * so a test can never touch a real database.
 */
import { randomBytes } from "node:crypto";
import { openDatabase, type OpenDatabase } from "@/lib/db";

function assertLocal(url: URL): void {
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(url.hostname)) {
    throw new Error(`Refusing to run tests against non-local database host ${url.hostname}`);
  }
}

/** A connection to the test server's maintenance database, for creating and dropping test databases. */
export async function adminConnection() {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("REKEY_TEST_DB=postgres needs TEST_DATABASE_URL");
  const admin = new URL(serverUrl);
  assertLocal(admin);
  const { default: postgres } = await import("postgres");
  return {
    client: postgres(admin.toString(), { max: 1, onnotice: () => {} }),
    urlOf: (database: string) => Object.assign(new URL(admin), { pathname: `/${database}` }).toString(),
  };
}

/**
 * A new database on the test server, copied from `template` or migrated from scratch, and dropped
 * again by `close`.
 */
export async function openThrowawayDatabase(template?: string): Promise<OpenDatabase> {
  const admin = await adminConnection();
  const name = `rekey_test_${randomBytes(6).toString("hex")}`;
  await admin.client.unsafe(`create database ${name}${template ? ` template ${template}` : ""}`);
  const opened = await openDatabase({ databaseUrl: admin.urlOf(name), maxConnections: 5 });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await admin.client.unsafe(`drop database if exists ${name} with (force)`);
      await admin.client.end();
    },
  };
}
