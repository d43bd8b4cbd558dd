import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { Forbidden, PolicyViolation } from "@/lib/errors";
import { requestSigningKeyRevocation } from "@/lib/key-governance";
import { ensureSigningKeys, productScope } from "@/lib/signing";
import {
  fixedNow,
  makeProduct,
  makeUser,
  staffCtx,
  systemActor,
  testNoticeDeps,
  testSecrets,
} from "@/testing/factories";
import { approveRequest, expireApprovals, listApprovals, rejectRequest } from "./index";

const reason = { reason: "key material found in a public repository", reasonCategory: "security" as const };

describe("four-eyes approvals", () => {
  const database = useTestDatabase();

  async function setup(now = fixedNow()) {
    const { db } = database;
    const secrets = testSecrets();
    const requester = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin", now);
    const approver = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin", now);
    // Each test its own scope: the database is shared by the file's tests.
    const scope = productScope((await makeProduct(db)).product.id);
    await ensureSigningKeys({ db, now, actor: systemActor }, { ring: secrets.ring, scope });
    const keys = await db.select().from(t.signingKeys).where(eq(t.signingKeys.scope, scope));
    const active = keys.find((key) => key.state === "active")!;
    const pending = keys.find((key) => key.state === "pending")!;
    return { db, requester, approver, active, pending };
  }

  it("revokes a signing key only when a second admin approves, and hands signing to the published next key", async () => {
    const { db, requester, approver, active, pending } = await setup();
    const approval = await requestSigningKeyRevocation(requester, { kid: active.kid, ttlHours: 24, ...reason });
    const [untouched] = await db.select().from(t.signingKeys).where(eq(t.signingKeys.kid, active.kid));
    expect(untouched!.state).toBe("active");

    await approveRequest(
      approver,
      {
        approvalId: approval.id,
        reason: "confirmed with the security team",
        reasonCategory: "security",
      },
      testNoticeDeps,
    );

    const [revoked] = await db.select().from(t.signingKeys).where(eq(t.signingKeys.kid, active.kid));
    const [successor] = await db.select().from(t.signingKeys).where(eq(t.signingKeys.kid, pending.kid));
    expect(revoked!.state).toBe("revoked");
    expect(successor!.state).toBe("active");
    const feed = await db
      .select()
      .from(t.revocations)
      .where(and(eq(t.revocations.kind, "signing_key"), eq(t.revocations.subjectId, active.kid)));
    expect(feed).toHaveLength(1);
    const [decided] = await db.select().from(t.approvals).where(eq(t.approvals.id, approval.id));
    expect(decided).toMatchObject({ status: "executed", decidedBy: approver.actor.userId });
    const audit = await db
      .select({ action: t.auditEvents.action, reason: t.auditEvents.reason })
      .from(t.auditEvents)
      .where(eq(t.auditEvents.subjectId, active.kid));
    expect(audit.map((event) => event.action)).toEqual(
      expect.arrayContaining(["approval.requested", "signing_key.revoked", "approval.executed"]),
    );
  });

  it("refuses the requester's own approval and changes nothing", async () => {
    const { db, requester, active } = await setup();
    const approval = await requestSigningKeyRevocation(requester, { kid: active.kid, ttlHours: 24, ...reason });
    await expect(
      approveRequest(requester, { approvalId: approval.id, ...reason }, testNoticeDeps),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(rejectRequest(requester, { approvalId: approval.id, ...reason })).rejects.toBeInstanceOf(Forbidden);
    const [still] = await db.select().from(t.approvals).where(eq(t.approvals.id, approval.id));
    expect(still!.status).toBe("pending");
    const [key] = await db.select().from(t.signingKeys).where(eq(t.signingKeys.kid, active.kid));
    expect(key!.state).toBe("active");
  });

  it("has the database refuse a decision by the requester even if code forgot to check", async () => {
    const { db, requester, active } = await setup();
    const approval = await requestSigningKeyRevocation(requester, { kid: active.kid, ttlHours: 24, ...reason });
    await expect(
      db.execute(sql`update approvals set decided_by = requested_by, status = 'executed' where id = ${approval.id}`),
    ).rejects.toThrow();
  });

  it("cannot approve an expired request, and marks it expired", async () => {
    const start = new Date("2026-11-23T12:00:00Z");
    const { db, requester, approver, active } = await setup(() => start);
    const approval = await requestSigningKeyRevocation(requester, { kid: active.kid, ttlHours: 24, ...reason });
    const later = { ...approver, now: () => new Date(start.getTime() + 24 * 3_600_000 + 1) };
    await expect(approveRequest(later, { approvalId: approval.id, ...reason }, testNoticeDeps)).rejects.toBeInstanceOf(
      PolicyViolation,
    );
    const [expired] = await db.select().from(t.approvals).where(eq(t.approvals.id, approval.id));
    expect(expired!.status).toBe("expired");
    const [key] = await db.select().from(t.signingKeys).where(eq(t.signingKeys.kid, active.kid));
    expect(key!.state).toBe("active");
  });

  it("expires undecided requests in the worker sweep and lists them as decided", async () => {
    const start = new Date("2026-11-23T12:00:00Z");
    const { db, requester, active } = await setup(() => start);
    const approval = await requestSigningKeyRevocation(requester, { kid: active.kid, ttlHours: 1, ...reason });
    expect((await listApprovals(requester, { view: "pending" })).items.map((item) => item.id)).toContain(approval.id);
    await expireApprovals({ db, now: () => new Date(start.getTime() + 2 * 3_600_000), actor: systemActor });
    const decided = await listApprovals(requester, { view: "decided" });
    expect(decided.items.find((item) => item.id === approval.id)?.status).toBe("expired");
  });

  it("lets only admins ask for a revocation", async () => {
    const { db, active } = await setup();
    const support = staffCtx(db, await makeUser(db, { staffRole: "support" }), "support");
    await expect(
      requestSigningKeyRevocation(support, { kid: active.kid, ttlHours: 24, ...reason }),
    ).rejects.toBeInstanceOf(Forbidden);
  });
});
