import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import { actorId, type Actor } from "@/lib/context";
import type { Db, Executor } from "@/lib/db";
import { invitations, organizations, orgMembers, users } from "@/lib/db/schema";
import { invitationEmail, sendEmail, type Mailer } from "@/lib/notify";

/** Long enough to accept after a holiday; short enough that an old mailbox is not a standing key. */
export const INVITATION_VALID_DAYS = 14;

/** 256 random bits: a plain SHA-256 is enough to store it (nothing to guess, nothing to stretch). */
const tokenDigest = (token: string) => createHash("sha256").update(token).digest("hex");

export const invitationPath = (token: string) => `/invitations/${token}`;

/**
 * Makes the person a member (creating their user on first invite) and records the invitation
 * link, in the caller's transaction. Returns null when they are a member already. The token leaves
 * only in the email; the landing page finds the invitation by its digest.
 */
export async function addInvitedMember(
  tx: Executor,
  {
    actor,
    now,
    orgId,
    email,
    role,
  }: { actor: Actor; now: Date; orgId: string; email: string; role: "owner" | "member" },
): Promise<{ userId: string; token: string } | null> {
  await tx.insert(users).values({ email }).onConflictDoNothing({ target: users.email });
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
  const [member] = await tx
    .insert(orgMembers)
    .values({ orgId, userId: user!.id, role, createdAt: now })
    .onConflictDoNothing()
    .returning({ userId: orgMembers.userId });
  if (!member) return null;
  const token = randomBytes(32).toString("base64url");
  await tx.insert(invitations).values({
    orgId,
    email,
    invitedBy: actorId(actor),
    tokenDigest: tokenDigest(token),
    expiresAt: new Date(now.getTime() + INVITATION_VALID_DAYS * 86_400_000),
    createdAt: now,
  });
  return { userId: user!.id, token };
}

/** The invitation email; its link is the landing page (made absolute from REKEY_PUBLIC_URL by the renderer). */
export async function sendInvitation(
  db: Db,
  mailer: Mailer,
  {
    to,
    orgId,
    orgName,
    inviterEmail,
    role,
    token,
    now,
  }: {
    to: string;
    orgId: string;
    orgName: string;
    inviterEmail: string;
    role: "owner" | "member";
    token: string;
    now: Date;
  },
) {
  await sendEmail(db, mailer, {
    email: invitationEmail({ to, orgName, inviterEmail, role, signInUrl: invitationPath(token) }),
    dedupeKey: `invite:${orgId}:${tokenDigest(token)}`,
    orgId,
    now,
  });
}

/**
 * What the invitation landing page shows to whoever holds the link: the organisation, who invited
 * them and the address invited. Null for an unknown or expired link, or when the person is no
 * longer a member: the page then says so without naming anything.
 */
export async function findInvitation(db: Executor, token: string, now: Date) {
  const [invitation] = await db
    .select({
      email: invitations.email,
      orgName: organizations.name,
      inviterEmail: users.email,
      orgId: invitations.orgId,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.tokenDigest, tokenDigest(token)), gt(invitations.expiresAt, now)));
  if (!invitation) return null;
  const [member] = await db
    .select({ userId: orgMembers.userId })
    .from(orgMembers)
    .innerJoin(users, eq(users.id, orgMembers.userId))
    .where(and(eq(orgMembers.orgId, invitation.orgId), eq(users.email, invitation.email)));
  return member
    ? {
        email: invitation.email,
        orgName: invitation.orgName,
        inviterEmail: invitation.inviterEmail,
        expiresAt: invitation.expiresAt,
      }
    : null;
}
