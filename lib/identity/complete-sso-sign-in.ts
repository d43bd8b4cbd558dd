import { eq } from "drizzle-orm";
import * as oidc from "openid-client";
import { constantTimeEqual } from "@/lib/crypto";
import type { Db } from "@/lib/db";
import { orgSsoConnections, ssoSignInAttempts } from "@/lib/db/schema";
import type { SsoRedirectDeps } from "./start-sso-sign-in";
import { discoverConnectedProvider, oidcConnection } from "./oidc-discovery";
import { signInSsoPerson, ssoRefused, type SsoSession } from "./sign-in-sso-person";

export interface CompleteSsoSignInInput {
  /** The provider's answer: REKEY_PUBLIC_URL's callback with the query string the browser brought. */
  callbackUrl: URL;
  /** The state cookie set in the browser that started the sign-in. */
  stateCookie: string | undefined;
}

/**
 * Finishes an SSO sign-in (OpenID Connect Core §3.1.3): the attempt is spent first (a replayed
 * callback finds none), then openid-client exchanges the code with the PKCE verifier and checks the
 * ID token — signature against the provider's JWKS, `iss`, `aud` = our client id, `exp`, `nonce`.
 * The person is then signed in as every SSO sign-in ends (signInSsoPerson).
 */
export async function completeSsoSignIn(
  db: Db,
  now: Date,
  input: CompleteSsoSignInInput,
  deps: SsoRedirectDeps,
): Promise<SsoSession> {
  const state = input.callbackUrl.searchParams.get("state") ?? "";
  if (!state || !input.stateCookie || !constantTimeEqual(state, input.stateCookie))
    throw ssoRefused("state missing or not this browser's");
  const [attempt] = await db.delete(ssoSignInAttempts).where(eq(ssoSignInAttempts.state, state)).returning();
  if (!attempt || attempt.expiresAt <= now) throw ssoRefused("no such attempt, spent or expired");
  const [connection] = await db.select().from(orgSsoConnections).where(eq(orgSsoConnections.orgId, attempt.orgId));
  const oidcSettings = connection && oidcConnection(connection);
  if (!oidcSettings || !attempt.codeVerifier || !attempt.nonce)
    throw ssoRefused("the organization's OpenID provider was removed or replaced meanwhile");
  const config = await discoverConnectedProvider(deps, oidcSettings);
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
    throw ssoRefused(
      `the provider's answer failed its checks: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const email = typeof claims?.email === "string" ? claims.email : "";
  if (claims?.email_verified === false) throw ssoRefused("the provider did not verify the email");
  return signInSsoPerson(db, now, {
    orgId: attempt.orgId,
    email,
    identity: { issuer: oidcSettings.issuer, subject: typeof claims?.sub === "string" ? claims.sub : "" },
    defaultRole: connection.defaultRole,
    redirectTo: attempt.callbackUrl,
  });
}
