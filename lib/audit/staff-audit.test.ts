import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/testing/test-database";
import { fixedNow, makeOrg, makeUser, staffCtx, systemActor } from "@/testing/factories";
import { staffAuditFilters, staffAuditQuerySchema } from "@/lib/validations/audit";
import type { Actor } from "@/lib/context";
import { type AuditAction, appendAuditEvent, collectAuditPages, listStaffAuditEvents } from "./index";

describe("staff audit listing", () => {
  const database = useTestDatabase();

  it("filters by organization, actor, action prefix and UTC day range, and pages through everything", async () => {
    const { db } = database;
    const { org } = await makeOrg(db);
    const staff = staffCtx(db, await makeUser(db, { staffRole: "support" }));
    const events: { at: string; action: AuditAction; orgId: string | null; actor: Actor }[] = [
      { at: "2026-11-20T23:59:59Z", action: "license_key.revealed", orgId: org.id, actor: systemActor },
      { at: "2026-11-21T00:00:00Z", action: "license_key.issued", orgId: org.id, actor: staff.actor },
      { at: "2026-11-22T23:59:59Z", action: "rotation.completed", orgId: org.id, actor: staff.actor },
      { at: "2026-11-23T00:00:00Z", action: "license_key.issued", orgId: null, actor: staff.actor },
    ];
    for (const [i, event] of events.entries()) {
      await db.transaction((tx) =>
        appendAuditEvent(tx, {
          actor: event.actor,
          at: new Date(event.at),
          orgId: event.orgId,
          action: event.action,
          subjectType: "test",
          subjectId: `e${i}`,
        }),
      );
    }
    const query = staffAuditQuerySchema.parse({
      org: org.id,
      actor: staff.actor.email,
      action: "license_key.",
      from: "2026-11-21",
      to: "2026-11-22",
    });
    const { events: found } = await listStaffAuditEvents(staff, staffAuditFilters(query));
    expect(found.map((event) => event.subjectId)).toEqual(["e1"]);
    expect(found[0]).toMatchObject({ orgName: org.name });

    const all = await collectAuditPages((before) =>
      listStaffAuditEvents({ ...staff, now: fixedNow() }, { actor: staff.actor.email, before, limit: 1 }),
    );
    expect(all.map((event) => event.subjectId)).toEqual(["e3", "e2", "e1"]);
  });

  it("names each bad filter instead of failing", () => {
    const parsed = staffAuditQuerySchema.safeParse({
      org: "acme",
      action: "DROP TABLE",
      from: "2026-11-30",
      to: "2026-11-01",
      actor: "",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join("."))).toEqual(
      expect.arrayContaining(["org", "action"]),
    );
    expect(staffAuditQuerySchema.safeParse({ from: "2026-11-30", to: "2026-11-01" }).error?.issues[0]).toMatchObject({
      path: ["to"],
    });
    expect(staffAuditQuerySchema.parse({ org: "", actor: "", before: "x" })).toEqual({
      org: undefined,
      actor: undefined,
      action: undefined,
      from: undefined,
      to: undefined,
      before: undefined,
    });
  });
});
