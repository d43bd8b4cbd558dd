import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { Conflict, InvalidInput, PolicyViolation } from "@/lib/errors";
import { useTestDatabase } from "@/testing/test-database";
import { makeLicense, makeOrg, makeUser, staffCtx } from "@/testing/factories";
import { cancelOffboarding, completeDueOffboardings, scheduleOffboarding } from "./index";

const why = { reason: "contract terminated by the customer", reasonCategory: "customer_request" as const };
const portal = { portalUrl: "https://portal.example" };
const start = new Date("2026-11-23T12:00:00Z");
const endsAt = new Date("2026-12-31T23:59:59Z");
const worker = { type: "system", label: "test-worker" } as const;
const afterEnd = () => new Date("2027-01-01T00:05:00Z");

describe("offboarding a customer", () => {
  const database = useTestDatabase();

  async function setup() {
    const { db } = database;
    const staff = staffCtx(db, await makeUser(db, { staffRole: "support" }), "support", () => start);
    const { org, user } = await makeOrg(db);
    const license = await makeLicense(db, org.id, { expiresAt: new Date("2027-06-30T00:00:00Z") });
    await db.insert(t.sessions).values({ sessionToken: `s-${org.id}`, userId: user.id, expires: afterEnd() });
    await db.insert(t.apiTokens).values({
      name: "ci",
      prefix: "rk_c_test",
      digest: `digest-${org.id}`,
      scopes: ["read"],
      createdBy: user.id,
      createdAt: start,
      orgId: org.id,
    });
    const licenseOf = async () => (await db.select().from(t.licenses).where(eq(t.licenses.id, license.id)))[0]!;
    const remaining = async () => ({
      sessions: (await db.select().from(t.sessions).where(eq(t.sessions.userId, user.id))).length,
      tokens: (await db.select().from(t.apiTokens).where(eq(t.apiTokens.orgId, org.id))).length,
    });
    return { db, staff, org, license, licenseOf, remaining };
  }

  it("tells the customer once, changes nothing before the date, and carries it out at the date", async () => {
    const { db, staff, org, licenseOf, remaining } = await setup();
    const offboarding = await scheduleOffboarding(
      staff,
      { orgId: org.id, endsAt, licenseEnding: "revoke", ...why },
      portal,
    );
    const notices = await db.select().from(t.outbox).where(eq(t.outbox.orgId, org.id));
    expect(notices.map((row) => row.dedupeKey)).toEqual([
      expect.stringContaining(`offboarding-notice:${offboarding.id}`),
    ]);

    await completeDueOffboardings({ db, now: () => start, actor: worker });
    expect((await licenseOf()).status).toBe("active");
    expect(await remaining()).toEqual({ sessions: 1, tokens: 1 });

    expect(await completeDueOffboardings({ db, now: afterEnd, actor: worker })).toEqual({ completed: 1 });
    expect((await licenseOf()).status).toBe("revoked");
    expect(await remaining()).toEqual({ sessions: 0, tokens: 0 });
    const [done] = await db.select().from(t.offboardings).where(eq(t.offboardings.id, offboarding.id));
    expect(done!.status).toBe("completed");
    const audit = await db.select().from(t.auditEvents).where(eq(t.auditEvents.subjectId, org.id));
    expect(audit.map((event) => event.action)).toEqual(["offboarding.scheduled", "offboarding.completed"]);
    expect((await db.select().from(t.outbox).where(eq(t.outbox.orgId, org.id))).length).toBe(1);
  });

  it("lets the licenses expire at the date when asked to", async () => {
    const { db, staff, org, licenseOf } = await setup();
    await scheduleOffboarding(staff, { orgId: org.id, endsAt, licenseEnding: "expire", ...why }, portal);
    await completeDueOffboardings({ db, now: afterEnd, actor: worker });
    const license = await licenseOf();
    expect(license.expiresAt).toEqual(endsAt);
    expect(license.status).not.toBe("revoked");
  });

  it("can be cancelled until the date, and then nothing happens at the date", async () => {
    const { db, staff, org, licenseOf, remaining } = await setup();
    const offboarding = await scheduleOffboarding(
      staff,
      { orgId: org.id, endsAt, licenseEnding: "revoke", ...why },
      portal,
    );
    await cancelOffboarding(staff, { orgId: org.id, offboardingId: offboarding.id, ...why });
    expect(await completeDueOffboardings({ db, now: afterEnd, actor: worker })).toEqual({ completed: 0 });
    expect((await licenseOf()).status).toBe("active");
    expect(await remaining()).toEqual({ sessions: 1, tokens: 1 });
    await expect(
      cancelOffboarding(staff, { orgId: org.id, offboardingId: offboarding.id, ...why }),
    ).rejects.toBeInstanceOf(Conflict);
  });

  it("refuses a cancellation once the date has passed, a date in the past, and a second schedule", async () => {
    const { staff, org } = await setup();
    await expect(
      scheduleOffboarding(
        staff,
        { orgId: org.id, endsAt: new Date("2026-01-01T00:00:00Z"), licenseEnding: "revoke", ...why },
        portal,
      ),
    ).rejects.toBeInstanceOf(InvalidInput);
    const offboarding = await scheduleOffboarding(
      staff,
      { orgId: org.id, endsAt, licenseEnding: "revoke", ...why },
      portal,
    );
    await expect(
      scheduleOffboarding(staff, { orgId: org.id, endsAt, licenseEnding: "expire", ...why }, portal),
    ).rejects.toBeInstanceOf(Conflict);
    const late = { ...staff, now: afterEnd };
    await expect(
      cancelOffboarding(late, { orgId: org.id, offboardingId: offboarding.id, ...why }),
    ).rejects.toBeInstanceOf(PolicyViolation);
  });
});
