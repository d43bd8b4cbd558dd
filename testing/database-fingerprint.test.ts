import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { products } from "@/lib/db/schema";
import { makeProduct } from "./factories";
import { createChangeDetector } from "./database-fingerprint";
import { useTestDatabase } from "./test-database";

describe("the change detector the probes ask around every refused call", () => {
  const database = useTestDatabase();

  it("names the table a write changed, sees a later write after a read-only stretch, and nothing when nothing changed", async () => {
    const { db } = database;
    const { product } = await makeProduct(db);
    const changes = createChangeDetector(db);
    const untouched = await changes.before();
    expect(await changes.changedSince(untouched)).toEqual([]);

    const before = await changes.before();
    await db.update(products).set({ name: "Renamed" }).where(eq(products.id, product.id));
    expect(await changes.changedSince(before)).toEqual(["public.products"]);

    // A write rolled back changes no content: the detector looks again and finds nothing.
    const again = await changes.before();
    await db
      .transaction(async (tx) => {
        await tx.update(products).set({ name: "Never" }).where(eq(products.id, product.id));
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await changes.changedSince(again)).toEqual([]);
  });
});
