import { randomUUID } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { constantTimeEqual } from "@/lib/crypto";
import type { Db, Tx } from "@/lib/db";
import { orgDomains, orgMembers, sessions, ssoIdentities, users } from "@/lib/db/schema";
import { Forbidden } from "@/lib/errors";
import { emailDomainOf } from "./find-sso-organization";

export interface SsoSession {
  sessionToken: string;
  expires: Date;
  /** The portal path the person asked for before signing in. */
  redirectTo: string;
}

/** One message for every refusal: which check failed is for the log, not for whoever replays a response. */
export const ssoRefused = (internal: string) =>
  new Forbidden("That single sign-on attempt did not work. Start again from the sign-in page.", internal);

/**
 * The end of every SSO sign-in, OIDC or SAML, once the provider's answer passed its checks. The
 * email it names must be on one of the organization's verified domains: a provider speaks for its
 * organization's people only, so an owner cannot connect a provider that signs in someone else.
 * The provider's subject is bound to the person at their first SSO sign-in (bindSsoIdentity).
 * First sign-in adds the person with the connection's default role (just-in-time membership). The
 * session is a row in Auth.js's own table, so everything after (second factor, key gate, sign-out)
 * treats it like a magic-link session.
 */
export async function signInSsoPerson(
  db: Db,
  now: Date,
  input: {
    orgId: string;
    email: string;
    /** Who the provider says this is: OIDC `iss` + `sub`, SAML entity ID + NameID. */
    identity: { issuer: string; subject: string };
    defaultRole: "owner" | "member";
    redirectTo: string;
  },
): Promise<SsoSession> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw ssoRefused("no email in the provider's answer");
  const [domain] = await db
    .select({ id: orgDomains.id })
    .from(orgDomains)
    .where(
      and(
        eq(orgDomains.orgId, input.orgId),
        eq(orgDomains.domain, emailDomainOf(email)),
        isNotNull(orgDomains.verifiedAt),
      ),
    );
  if (!domain) throw ssoRefused(`${emailDomainOf(email)} is not a verified domain of the organization`);

  return db.transaction(async (tx) => {
    await tx.insert(users).values({ email, emailVerified: now }).onConflictDoNothing({ target: users.email });
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    await bindSsoIdentity(tx, { orgId: input.orgId, userId: user!.id, ...input.identity });
    const [joined] = await tx
      .insert(orgMembers)
      .values({ orgId: input.orgId, userId: user!.id, role: input.defaultRole, createdAt: now })
      .onConflictDoNothing()
      .returning({ role: orgMembers.role });
    if (joined)
      await appendAuditEvent(tx, {
        actor: { type: "user", userId: user!.id, email },
        at: now,
        orgId: input.orgId,
        action: "member.joined_by_sso",
        subjectType: "user",
        subjectId: user!.id,
        data: { email, role: joined.role },
      });
    const sessionToken = randomUUID();
    const expires = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
    await tx.insert(sessions).values({ sessionToken, userId: user!.id, expires, createdAt: now });
    return { sessionToken, expires, redirectTo: input.redirectTo };
  });
}

/**
 * Binds (issuer, subject) to the person at their first SSO sign-in and holds them to it after: the
 * same email with another subject is someone else at the provider (a recycled address), and one
 * subject is one person. Runs inside the sign-in's transaction, so a refusal leaves nothing behind.
 */
async function bindSsoIdentity(tx: Tx, identity: { orgId: string; userId: string; issuer: string; subject: string }) {
  if (!identity.subject) throw ssoRefused("the provider's answer names no subject");
  const [bound] = await tx
    .select({ subject: ssoIdentities.subject })
    .from(ssoIdentities)
    .where(
      and(
        eq(ssoIdentities.orgId, identity.orgId),
        eq(ssoIdentities.issuer, identity.issuer),
        eq(ssoIdentities.userId, identity.userId),
      ),
    );
  if (bound) {
    if (!constantTimeEqual(bound.subject, identity.subject))
      throw ssoRefused("this email is bound to another subject at the provider");
    return;
  }
  const [created] = await tx
    .insert(ssoIdentities)
    .values(identity)
    .onConflictDoNothing()
    .returning({ userId: ssoIdentities.userId });
  if (!created) throw ssoRefused("this subject is already bound to another person");
}
