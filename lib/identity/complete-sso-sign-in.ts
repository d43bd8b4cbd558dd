import { randomUUID } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import * as oidc from "openid-client";
import { appendAuditEvent } from "@/lib/audit";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-lifetime";
import { constantTimeEqual } from "@/lib/crypto";
import type { Db } from "@/lib/db";
import { orgDomains, orgMembers, orgSsoConnections, sessions, ssoSignInAttempts, users } from "@/lib/db/schema";
import { Forbidden } from "@/lib/errors";
import type { SsoRedirectDeps } from "./start-sso-sign-in";
import { emailDomainOf } from "./find-sso-organization";
import { discoverConnectedProvider } from "./oidc-discovery";

export interface CompleteSsoSignInInput {
  /** The provider's answer: REKEY_PUBLIC_URL's callback with the query string the browser brought. */
  callbackUrl: URL;
  /** The state cookie set in the browser that started the sign-in. */
  stateCookie: string | undefined;
}

export interface SsoSession {
  sessionToken: string;
  expires: Date;
  /** The portal path the person asked for before signing in. */
  redirectTo: string;
}

/** One message for every refusal: which check failed is for the log, not for whoever replays a callback. */
const refused = (internal: string) =>
  new Forbidden("That single sign-on attempt did not work. Start again from the sign-in page.", internal);

/**
 * Finishes an SSO sign-in (OpenID Connect Core §3.1.3): the attempt is spent first (a replayed
 * callback finds none), then openid-client exchanges the code with the PKCE verifier and checks the
 * ID token — signature against the provider's JWKS, `iss`, `aud` = our client id, `exp`, `nonce`.
 * The email it names must be on one of the organization's verified domains: a provider speaks for
 * its organization's people only, so an owner cannot connect a provider that signs in someone else.
 * First sign-in adds the person with the connection's default role (just-in-time membership). The
 * session is a row in Auth.js's own table, so everything after (second factor, key gate, sign-out)
 * treats it like a magic-link session.
 */
export async function completeSsoSignIn(
  db: Db,
  now: Date,
  input: CompleteSsoSignInInput,
  deps: SsoRedirectDeps,
): Promise<SsoSession> {
  const state = input.callbackUrl.searchParams.get("state") ?? "";
  if (!state || !input.stateCookie || !constantTimeEqual(state, input.stateCookie))
    throw refused("state missing or not this browser's");
  const [attempt] = await db.delete(ssoSignInAttempts).where(eq(ssoSignInAttempts.state, state)).returning();
  if (!attempt || attempt.expiresAt <= now) throw refused("no such attempt, spent or expired");
  const [connection] = await db.select().from(orgSsoConnections).where(eq(orgSsoConnections.orgId, attempt.orgId));
  if (!connection) throw refused("the organization's provider was removed meanwhile");
  const config = await discoverConnectedProvider(deps, connection);
  // The callback the provider was given, whatever Host the request came in on.
  const answer = new URL(deps.redirectUri);
  answer.search = input.callbackUrl.search;
  let claims: oidc.IDToken | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, answer, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (error) {
    throw refused(`the provider's answer failed its checks: ${error instanceof Error ? error.message : String(error)}`);
  }
  const email = typeof claims?.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!email.includes("@") || claims?.email_verified === false) throw refused("no verified email claim");
  const [domain] = await db
    .select({ id: orgDomains.id })
    .from(orgDomains)
    .where(
      and(
        eq(orgDomains.orgId, attempt.orgId),
        eq(orgDomains.domain, emailDomainOf(email)),
        isNotNull(orgDomains.verifiedAt),
      ),
    );
  if (!domain) throw refused(`${emailDomainOf(email)} is not a verified domain of the organization`);

  return db.transaction(async (tx) => {
    await tx.insert(users).values({ email, emailVerified: now }).onConflictDoNothing({ target: users.email });
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    const [joined] = await tx
      .insert(orgMembers)
      .values({ orgId: attempt.orgId, userId: user!.id, role: connection.defaultRole, createdAt: now })
      .onConflictDoNothing()
      .returning({ role: orgMembers.role });
    if (joined)
      await appendAuditEvent(tx, {
        actor: { type: "user", userId: user!.id, email },
        at: now,
        orgId: attempt.orgId,
        action: "member.joined_by_sso",
        subjectType: "user",
        subjectId: user!.id,
        data: { email, role: joined.role },
      });
    const sessionToken = randomUUID();
    const expires = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
    await tx.insert(sessions).values({ sessionToken, userId: user!.id, expires, createdAt: now });
    return { sessionToken, expires, redirectTo: attempt.callbackUrl };
  });
}
