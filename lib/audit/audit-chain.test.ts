import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { auditEvents } from "@/lib/db/schema";
import { useTestDatabase } from "@/lib/db/testing";
import { systemActor } from "@/lib/testing/factories";
import { appendAuditEvent, checkAuditChain, verifyAuditChain } from "./index";

describe("audit hash chain", () => {
  const database = useTestDatabase();

  it("links each event to the previous one and verifies end to end", async () => {
    const { db } = database;
    for (let i = 0; i < 5; i += 1) {
      await db.transaction((tx) =>
        appendAuditEvent(tx, { actor: systemActor, at: new Date(), action: "test.event", subjectType: "test", subjectId: `s${i}`, data: { i, nested: { b: 1, a: 2 } } }),
      );
    }
    expect(await verifyAuditChain(db, { pageSize: 2 })).toEqual({ ok: true, checked: 5 });
    expect(await checkAuditChain(db)).toEqual({ exitCode: 0, message: "Audit chain intact: 5 events verified." });
  });

  it("names the first row whose content was changed after the fact", async () => {
    const { db } = database;
    const [third] = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, "s2"));
    // Simulates tampering: the only way to change an audit row is behind the application's back.
    await db.execute(sql`update audit_events set reason = 'edited' where id = ${third!.id}`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAtId: third!.id });
    const command = await checkAuditChain(db);
    expect(command.exitCode).toBe(1);
    expect(command.message).toContain(`BROKEN at event id ${third!.id}: hash does not match the row's content`);
  });
});
