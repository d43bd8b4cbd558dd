import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { VendorCtx } from "@/lib/context";
import { organizations } from "@/lib/db/schema";
import type { Mailer } from "@/lib/notify";
import type { CreateCustomerInput } from "@/lib/validations/catalog";
import { addInvitedMember, sendInvitation } from "./invitations";

/** "Acme Robotics GmbH" → "acme-robotics-gmbh"; a name with no letters or digits gets "customer". */
function slugOf(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return slug || "customer";
}

/**
 * Support creates a customer: the organisation and its first owner, who is invited by email (a
 * link to a page naming the organisation and who invited them). Two customers may share a name;
 * the slug gets a random suffix when the plain one is taken. A purchase (lib/billing) creates one with
 * the system as actor: the invitation then names `inviter` instead of a staff member.
 */
export async function createCustomer(
  ctx: VendorCtx,
  input: CreateCustomerInput,
  { mailer, inviter }: { mailer: Mailer; inviter?: string },
) {
  const now = ctx.now();
  const created = await ctx.db.transaction(async (tx) => {
    const base = slugOf(input.name);
    const [taken] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, base));
    const slug = taken ? `${base}-${randomBytes(3).toString("hex")}` : base;
    const [org] = await tx.insert(organizations).values({ name: input.name, slug, createdAt: now }).returning();
    const invited = (await addInvitedMember(tx, {
      actor: ctx.actor,
      now,
      orgId: org!.id,
      email: input.ownerEmail,
      role: "owner",
    }))!;
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: org!.id,
      action: "org.created",
      subjectType: "org",
      subjectId: org!.id,
      reason: input.reason,
      data: { name: input.name, slug, ownerEmail: input.ownerEmail, reasonCategory: input.reasonCategory },
    });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: org!.id,
      action: "member.invited",
      subjectType: "user",
      subjectId: invited.userId,
      data: { email: input.ownerEmail, role: "owner" },
    });
    return { org: org!, ...invited };
  });
  await sendInvitation(ctx.db, mailer, {
    to: input.ownerEmail,
    orgId: created.org.id,
    orgName: created.org.name,
    inviterEmail: inviter ?? (ctx.actor.type === "staff" ? ctx.actor.email : "Your vendor"),
    role: "owner",
    token: created.token,
    now,
  });
  return { orgId: created.org.id, name: created.org.name, ownerUserId: created.userId };
}
