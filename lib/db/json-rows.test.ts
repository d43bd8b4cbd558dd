import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { makeLicense, makeOrg } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import { isAnyOf, updateRowsById } from "./json-rows";
import * as t from "./schema";

describe("JSON batch reads and writes", () => {
  const database = useTestDatabase();

  it("reads exactly the rows whose ids are listed, and none for an empty list", async () => {
    const { db } = database;
    const { org } = await makeOrg(db);
    const [first, second, third] = [
      await makeLicense(db, org.id),
      await makeLicense(db, org.id),
      await makeLicense(db, org.id),
    ];
    const read = async (ids: string[]) =>
      (await db.select({ id: t.licenses.id }).from(t.licenses).where(isAnyOf(t.licenses.id, ids)))
        .map(({ id }) => id)
        .sort();
    expect(await read([first!.id, third!.id])).toEqual([first!.id, third!.id].sort());
    expect(await read([])).toEqual([]);
    expect(await read([second!.id])).toEqual([second!.id]);
  });

  it("updates each row by its id only while its guard still holds", async () => {
    const { db } = database;
    const { org } = await makeOrg(db);
    const [kept, moved] = [await makeLicense(db, org.id, { seats: 2 }), await makeLicense(db, org.id, { seats: 2 })];
    await db.update(t.licenses).set({ seats: 5 }).where(eq(t.licenses.id, moved!.id));
    const updated = await updateRowsById(db, t.licenses, [
      { id: kept!.id, set: { seats: 3 }, where: { seats: 2 } },
      { id: moved!.id, set: { seats: 3 }, where: { seats: 2 } },
    ]);
    expect(updated).toEqual([kept!.id]);
    const seats = await db
      .select({ id: t.licenses.id, seats: t.licenses.seats })
      .from(t.licenses)
      .where(isAnyOf(t.licenses.id, [kept!.id, moved!.id]));
    expect(new Map(seats.map(({ id, seats }) => [id, seats]))).toEqual(
      new Map([
        [kept!.id, 3],
        [moved!.id, 5],
      ]),
    );
  });
});
