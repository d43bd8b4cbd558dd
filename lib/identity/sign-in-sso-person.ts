import { randomUUID } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import type { Db } from "@/lib/db";
import { orgDomains, orgMembers, sessions, users } from "@/lib/db/schema";
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
 * First sign-in adds the person with the connection's default role (just-in-time membership). The
 * session is a row in Auth.js's own table, so everything after (second factor, key gate, sign-out)
 * treats it like a magic-link session.
 */
export async function signInSsoPerson(
  db: Db,
  now: Date,
  input: { orgId: string; email: string; defaultRole: "owner" | "member"; redirectTo: string },
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
