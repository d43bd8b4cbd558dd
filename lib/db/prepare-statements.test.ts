import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/testing/test-database";
import type { Executor } from "./index";
import { rowsOf } from "./json-rows";

const database = useTestDatabase();

/** Whether this statement itself runs as a prepared one: a named statement lists itself in its session's view; an unnamed one does not. */
async function runsPrepared(db: Executor): Promise<boolean> {
  const result = await db.execute(
    sql`select name from pg_prepared_statements where statement like ${"%pg_prepared_statements where statement like%"}`,
  );
  return rowsOf(result).length > 0;
}

// biome-ignore format: a skip's reason stays on the skip's line
describe.skipIf(process.env.REKEY_TEST_DB !== "postgres")("statements on PostgreSQL", () => { // skipped on PGlite: no postgres.js pool; it prepares in-process
  it("are prepared on the pool, in a transaction and in a nested one (issue 21: parsed and planned once per connection, not per query)", async () => {
    const db = database.db;
    expect(await runsPrepared(db)).toBe(true);
    const inTransactions = await db.transaction(async (tx) => [
      await runsPrepared(tx),
      await tx.transaction((nested) => runsPrepared(nested)),
    ]);
    expect(inTransactions).toEqual([true, true]);
  });
});
