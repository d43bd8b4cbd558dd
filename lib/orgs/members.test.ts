import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { Conflict, Forbidden, NotFound, PolicyViolation } from "@/lib/errors";
import { devMailboxMailer, listMailbox } from "@/lib/notify";
import { makeOrg, makeUser, orgCtx } from "@/testing/factories";
import { inviteMember, listMembers, removeMember } from "./index";

const mail = { mailer: devMailboxMailer };

describe("organisation members", () => {
  const database = useTestDatabase();

  it("lets an owner invite someone, who is emailed and listed, and records it in the audit trail", async () => {
    const { db } = database;
    const { org, user } = await makeOrg(db);
    const ctx = orgCtx(db, { orgId: org.id, user });
    await inviteMember(ctx, { email: "colleague@invite.example", role: "member" }, mail);
    expect((await listMembers(ctx)).map((m) => m.email)).toContain("colleague@invite.example");
    const [email] = await listMailbox(db, { to: "colleague@invite.example" });
    expect(email?.message.subject).toBe(`You're invited to ${org.name} on Rekey`);
    const events = await db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.orgId, org.id), eq(t.auditEvents.action, "member.invited")));
    expect(events).toHaveLength(1);
    await expect(inviteMember(ctx, { email: "colleague@invite.example", role: "member" }, mail)).rejects.toBeInstanceOf(
      Conflict,
    );
  });

  it("refuses invitations and removals from members who are not owners", async () => {
    const { db } = database;
    const { org, user } = await makeOrg(db, { role: "member" });
    const ctx = orgCtx(db, { orgId: org.id, user, role: "member" });
    await expect(inviteMember(ctx, { email: "x@invite.example", role: "member" }, mail)).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(removeMember(ctx, { userId: user.id })).rejects.toBeInstanceOf(Forbidden);
  });

  it("never removes the last owner", async () => {
    const { db } = database;
    const { org, user } = await makeOrg(db);
    await expect(removeMember(orgCtx(db, { orgId: org.id, user }), { userId: user.id })).rejects.toBeInstanceOf(
      PolicyViolation,
    );
  });

  it("answers NotFound for another organisation's member and changes nothing", async () => {
    const { db } = database;
    const a = await makeOrg(db);
    const b = await makeOrg(db);
    const outsider = await makeUser(db);
    await db.insert(t.orgMembers).values({ orgId: b.org.id, userId: outsider.id, role: "member" });
    await expect(
      removeMember(orgCtx(db, { orgId: a.org.id, user: a.user }), { userId: outsider.id }),
    ).rejects.toBeInstanceOf(NotFound);
    const still = await db
      .select()
      .from(t.orgMembers)
      .where(and(eq(t.orgMembers.orgId, b.org.id), eq(t.orgMembers.userId, outsider.id)));
    expect(still).toHaveLength(1);
  });
});
