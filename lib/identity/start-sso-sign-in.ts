import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import * as oidc from "openid-client";
import type { Db } from "@/lib/db";
import { orgSsoConnections, ssoSignInAttempts } from "@/lib/db/schema";
import { InvalidInput, PolicyViolation } from "@/lib/errors";
import type { SsoDeps } from "./connect-oidc-provider";
import { emailDomainOf, findSsoOrganization } from "./find-sso-organization";
import { discoverConnectedProvider, oidcConnection } from "./oidc-discovery";
import { samlClient, type SamlServiceProvider } from "./saml-service-provider";
import { SSO_ATTEMPT_MINUTES } from "./sso-attempt-policy";

export interface SsoRedirectDeps extends SsoDeps {
  /** REKEY_PUBLIC_URL + the callback path: never built from a request's Host. */
  redirectUri: string;
  /** Rekey as a SAML service provider (entity ID and ACS), from REKEY_PUBLIC_URL too. */
  serviceProvider: SamlServiceProvider;
}

type Connection = typeof orgSsoConnections.$inferSelect;

/**
 * Sends a person to their organization's provider. OpenID Connect (Core §3.1.2.1): PKCE (RFC 7636,
 * S256), a fresh `state` and `nonce`; the verifier and nonce stay here, keyed by state. SAML 2.0: an
 * AuthnRequest over the HTTP-Redirect binding (Bindings §3.4) whose ID is the attempt's key, so the
 * response's InResponseTo must name a request this browser started. Either way the key goes back as
 * `state` for the caller to put in the browser's cookie.
 */
export async function startSsoSignIn(
  db: Db,
  now: Date,
  input: { email: string; callbackUrl: string },
  deps: SsoRedirectDeps,
): Promise<{ authorizationUrl: string; state: string; protocol: Connection["protocol"] }> {
  const organization = await findSsoOrganization(db, input.email);
  if (!organization)
    throw new InvalidInput("Single sign-on is not set up for this address.", {
      email: [`No organization signs in ${emailDomainOf(input.email)} through its own provider. Use an email link.`],
    });
  const [connection] = await db.select().from(orgSsoConnections).where(eq(orgSsoConnections.orgId, organization.orgId));
  const attempt = {
    orgId: organization.orgId,
    callbackUrl: input.callbackUrl,
    expiresAt: new Date(now.getTime() + SSO_ATTEMPT_MINUTES * 60_000),
    createdAt: now,
  };
  if (connection!.protocol === "saml") {
    const state = `_${randomUUID()}`;
    const authorizationUrl = await samlClient(connection!, deps.serviceProvider, {
      id: state,
      createdAt: now,
    }).getAuthorizeUrlAsync("", undefined, {});
    await db.insert(ssoSignInAttempts).values({ state, ...attempt });
    return { authorizationUrl, state, protocol: "saml" };
  }
  const settings = oidcConnection(connection!);
  if (!settings)
    throw new PolicyViolation("Your organization's identity provider is not fully set up. Ask your administrator.");
  const config = await discoverConnectedProvider(deps, settings);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  await db.insert(ssoSignInAttempts).values({ state, codeVerifier, nonce, ...attempt });
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: deps.redirectUri,
    scope: "openid email profile",
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    login_hint: input.email,
  });
  return { authorizationUrl: authorizationUrl.toString(), state, protocol: "oidc" };
}
