import { eq } from "drizzle-orm";
import * as oidc from "openid-client";
import type { Db } from "@/lib/db";
import { orgSsoConnections, ssoSignInAttempts } from "@/lib/db/schema";
import { InvalidInput } from "@/lib/errors";
import type { SsoDeps } from "./connect-oidc-provider";
import { emailDomainOf, findSsoOrganization } from "./find-sso-organization";
import { discoverConnectedProvider } from "./oidc-discovery";

/** Long enough to type a password and pass the provider's own second factor; a stale state is refused. */
export const SSO_ATTEMPT_MINUTES = 10;

export interface SsoRedirectDeps extends SsoDeps {
  /** REKEY_PUBLIC_URL + the callback path: never built from a request's Host. */
  redirectUri: string;
}

/**
 * Sends a person to their organization's provider (OpenID Connect Core §3.1.2.1) with PKCE
 * (RFC 7636, S256), a fresh `state` and `nonce`; the verifier and nonce stay here, keyed by state.
 */
export async function startSsoSignIn(
  db: Db,
  now: Date,
  input: { email: string; callbackUrl: string },
  deps: SsoRedirectDeps,
): Promise<{ authorizationUrl: string; state: string }> {
  const organization = await findSsoOrganization(db, input.email);
  if (!organization)
    throw new InvalidInput("Single sign-on is not set up for this address.", {
      email: [`No organization signs in ${emailDomainOf(input.email)} through its own provider. Use an email link.`],
    });
  const [connection] = await db.select().from(orgSsoConnections).where(eq(orgSsoConnections.orgId, organization.orgId));
  const config = await discoverConnectedProvider(deps, connection!);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  await db.insert(ssoSignInAttempts).values({
    state,
    orgId: organization.orgId,
    codeVerifier,
    nonce,
    callbackUrl: input.callbackUrl,
    expiresAt: new Date(now.getTime() + SSO_ATTEMPT_MINUTES * 60_000),
    createdAt: now,
  });
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: deps.redirectUri,
    scope: "openid email profile",
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    login_hint: input.email,
  });
  return { authorizationUrl: authorizationUrl.toString(), state };
}
