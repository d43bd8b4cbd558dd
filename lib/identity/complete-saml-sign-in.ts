import type { Profile } from "@node-saml/node-saml";
import { eq } from "drizzle-orm";
import { constantTimeEqual } from "@/lib/crypto";
import type { Db } from "@/lib/db";
import { orgSsoConnections, ssoSignInAttempts } from "@/lib/db/schema";
import { recordSamlAssertion } from "./record-saml-assertion";
import { SAML_CLOCK_SKEW_SECONDS, samlClient, type SamlServiceProvider } from "./saml-service-provider";
import { signInSsoPerson, ssoRefused, type SsoSession } from "./sign-in-sso-person";
import { SSO_ATTEMPT_MINUTES } from "./sso-attempt-policy";

export interface CompleteSamlSignInInput {
  /** The `SAMLResponse` form field the identity provider's page posted (HTTP-POST binding). */
  samlResponse: string;
  /** The cookie set in the browser that started the sign-in: the ID of its AuthnRequest. */
  requestCookie: string | undefined;
}

const EMAIL_ATTRIBUTES = ["email", "mail", "urn:oid:0.9.2342.19200300.100.1.3"] as const;

/** The person's email: an emailAddress-style NameID, else the usual mail attributes. */
function emailOf(profile: Profile): string {
  if (profile.nameID?.includes("@")) return profile.nameID;
  for (const name of EMAIL_ATTRIBUTES) if (typeof profile[name] === "string") return profile[name] as string;
  return "";
}

/** The assertion's ID and when it stops being valid (its Conditions' NotOnOrAfter), for the replay store. */
function assertionIdentity(profile: Profile, now: Date) {
  const assertion = profile.getAssertion?.() as
    | { Assertion?: { $?: { ID?: string }; Conditions?: { $?: { NotOnOrAfter?: string } }[] } }
    | undefined;
  const assertionId = assertion?.Assertion?.$?.ID ?? "";
  const notOnOrAfter = Date.parse(assertion?.Assertion?.Conditions?.[0]?.$?.NotOnOrAfter ?? "");
  // Without a NotOnOrAfter the request's own lifetime bounds it: InResponseTo refuses it after that.
  const validUntil = Number.isNaN(notOnOrAfter) ? now.getTime() + SSO_ATTEMPT_MINUTES * 60_000 : notOnOrAfter;
  return { assertionId, expiresAt: new Date(validUntil + SAML_CLOCK_SKEW_SECONDS * 1000) };
}

/**
 * Finishes a SAML sign-in at our Assertion Consumer Service (SAML 2.0 Profiles §4.1.4.3). The
 * attempt this browser started is spent first (its cookie names the AuthnRequest ID), so a response
 * posted to another browser, or twice, finds none. node-saml then checks the response against the
 * organization's configured certificates only: a signed assertion (XML signature wrapping and
 * multiple assertions refused), Audience = our entity ID, NotBefore/NotOnOrAfter with
 * SAML_CLOCK_SKEW_SECONDS, InResponseTo = this browser's request. Then the assertion's Issuer must
 * be the configured entity ID, its ID is accepted once (replay store), and the person is signed in
 * as every SSO sign-in ends.
 */
export async function completeSamlSignIn(
  db: Db,
  now: Date,
  input: CompleteSamlSignInInput,
  serviceProvider: SamlServiceProvider,
): Promise<SsoSession> {
  const requestId = input.requestCookie ?? "";
  if (!requestId) throw ssoRefused("no SAML request cookie in this browser");
  const [attempt] = await db.delete(ssoSignInAttempts).where(eq(ssoSignInAttempts.state, requestId)).returning();
  if (!attempt || !constantTimeEqual(attempt.state, requestId) || attempt.expiresAt <= now)
    throw ssoRefused("no such SAML request, spent or expired");
  const [connection] = await db.select().from(orgSsoConnections).where(eq(orgSsoConnections.orgId, attempt.orgId));
  if (connection?.protocol !== "saml")
    throw ssoRefused("the organization's SAML provider was removed or replaced meanwhile");
  let profile: Profile | null;
  try {
    const client = samlClient(connection, serviceProvider, { id: attempt.state, createdAt: attempt.createdAt });
    ({ profile } = await client.validatePostResponseAsync({ SAMLResponse: input.samlResponse }));
  } catch (error) {
    throw ssoRefused(`the SAML response failed its checks: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!profile) throw ssoRefused("the SAML response carried no assertion");
  // node-saml checks `idpIssuer` on logout messages only; the signed assertion's Issuer is checked here.
  if (profile.issuer !== connection.issuer) throw ssoRefused(`assertion issued by ${profile.issuer}`);
  const { assertionId, expiresAt } = assertionIdentity(profile, now);
  if (!assertionId) throw ssoRefused("the assertion has no ID");
  if (!(await recordSamlAssertion(db, now, { orgId: attempt.orgId, assertionId, expiresAt })))
    throw ssoRefused(`assertion ${assertionId} was already used`);
  return signInSsoPerson(db, now, {
    orgId: attempt.orgId,
    email: emailOf(profile),
    identity: { issuer: connection.issuer, subject: profile.nameID ?? "" },
    defaultRole: connection.defaultRole,
    redirectTo: attempt.callbackUrl,
  });
}
