import { describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { Conflict, NotFound } from "@/lib/errors";
import type { PersonCtx } from "@/lib/context";
import { fixedNow, makeOrg, makeUser, staffCtx, testSecrets } from "@/testing/factories";
import { totpCodeAt } from "./totp";
import {
  confirmTotpEnrolment,
  createSecondFactorLimiter,
  getSecondFactorStatus,
  resetMemberSecondFactor,
  startTotpEnrolment,
  verifySecondFactor,
} from "./index";

const ADDRESS = "192.0.2.10";
const T0 = "2026-11-23T12:00:00Z";
const REASON = {
  reason: "Ticket 7781: lost phone and recovery codes, identity checked by call-back",
  reasonCategory: "customer_request" as const,
};

describe("support resets a member's second factor", () => {
  const database = useTestDatabase();

  /** A customer who lost their phone: enrolled, with a verified session. */
  async function enrolledCustomer() {
    const { db } = database;
    const { org, user } = await makeOrg(db);
    const sessionToken = `session-${user.id}`;
    await db.insert(t.sessions).values({ sessionToken, userId: user.id, expires: new Date("2027-01-01T00:00:00Z") });
    const now = fixedNow(T0);
    const ctx: PersonCtx = { db, now, actor: { type: "user", userId: user.id, email: user.email } };
    const secrets = {
      ...testSecrets(),
      limiter: createSecondFactorLimiter(db, { attemptsPerUser: 50, attemptsPerAddress: 50 }),
    };
    const { secret } = await startTotpEnrolment(ctx, secrets);
    const { recoveryCodes } = await confirmTotpEnrolment(
      ctx,
      { sessionToken, code: totpCodeAt(secret, now()), address: ADDRESS },
      secrets,
    );
    const admin = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin", fixedNow("2026-11-24T08:00:00Z"));
    return { org, user, sessionToken, secrets, recoveryCodes, admin };
  }

  it("removes the app and recovery codes, unverifies every session, audits the reason and emails the member", async () => {
    const { db } = database;
    const { org, user, sessionToken, secrets, recoveryCodes, admin } = await enrolledCustomer();

    expect(await resetMemberSecondFactor(admin, { orgId: org.id, userId: user.id, ...REASON })).toEqual({
      email: user.email,
    });

    expect(await getSecondFactorStatus(db, user.id)).toMatchObject({ isEnrolled: false, recoveryCodesLeft: 0 });
    expect(await db.select().from(t.userRecoveryCodes).where(eq(t.userRecoveryCodes.userId, user.id))).toHaveLength(0);
    const [session] = await db.select().from(t.sessions).where(eq(t.sessions.sessionToken, sessionToken));
    expect(session?.secondFactorVerifiedAt).toBeNull();
    const person: PersonCtx = {
      db,
      now: fixedNow("2026-11-24T09:00:00Z"),
      actor: { type: "user", userId: user.id, email: user.email },
    };
    await expect(
      verifySecondFactor(person, { sessionToken, code: recoveryCodes[0]!, address: ADDRESS }, secrets),
    ).rejects.toThrow();

    const [event] = await db.select().from(t.auditEvents).where(eq(t.auditEvents.action, "second_factor.reset"));
    expect(event).toMatchObject({
      orgId: org.id,
      subjectType: "user",
      subjectId: user.id,
      reason: REASON.reason,
      data: { reasonCategory: "customer_request" },
    });
    const emails = await db.select().from(t.outbox).where(eq(t.outbox.orgId, org.id));
    expect(emails.map((row) => row.payload)).toEqual([
      {
        to: user.email,
        subject: "Your Rekey two-step verification was reset",
        template: "second-factor-reset",
        props: { orgName: org.name, resetAt: "2026-11-24T08:00:00.000Z", securityUrl: "/settings/security" },
      },
    ]);
  });

  it("refuses another organization's member, one's own second factor and a member without one, changing nothing", async () => {
    const { db } = database;
    const { org, user, admin } = await enrolledCustomer();
    const other = await makeOrg(db);
    const countResets = async () =>
      (
        await db
          .select()
          .from(t.auditEvents)
          .where(
            and(eq(t.auditEvents.action, "second_factor.reset"), inArray(t.auditEvents.orgId, [org.id, other.org.id])),
          )
      ).length;

    await expect(
      resetMemberSecondFactor(admin, { orgId: other.org.id, userId: user.id, ...REASON }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      resetMemberSecondFactor(admin, { orgId: other.org.id, userId: other.user.id, ...REASON }),
    ).rejects.toThrow(Conflict);
    await expect(
      resetMemberSecondFactor(admin, { orgId: other.org.id, userId: other.user.id, ...REASON }),
    ).rejects.toThrow("has no authenticator app or passkey to reset");
    await db.insert(t.orgMembers).values({ orgId: org.id, userId: admin.actor.userId, role: "member" });
    await expect(
      resetMemberSecondFactor(admin, { orgId: org.id, userId: admin.actor.userId, ...REASON }),
    ).rejects.toThrow("from your security page");

    expect(await getSecondFactorStatus(db, user.id)).toMatchObject({ isEnrolled: true });
    expect(await countResets()).toBe(0);
    expect(await db.select().from(t.outbox).where(eq(t.outbox.orgId, org.id))).toHaveLength(0);
  });
});
