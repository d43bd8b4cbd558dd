import "server-only";
import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { appServices } from "@/lib/config/server";
import { DomainError } from "@/lib/errors";
import type { SamlServiceProvider, SsoRedirectDeps, SsoSession } from "@/lib/identity";

/** Set when SSO starts, checked at the callback: the answer must come back to the browser that asked (login CSRF). */
export const SSO_STATE_COOKIE = "rekey-sso-state";
export const SSO_CALLBACK_PATH = "/signin/sso/callback";
/** SAML 2.0: our entity ID is the URL of our SP metadata; the identity provider posts to the ACS. */
export const SAML_METADATA_PATH = "/signin/sso/saml/metadata";
export const SAML_ACS_PATH = "/signin/sso/saml/acs";
/** Covers both the OIDC callback and the SAML ACS, the two places the cookie is read. */
export const SSO_COOKIE_PATH = "/signin/sso";

/** What the SSO use cases need; the callback URL comes from REKEY_PUBLIC_URL, never from a request's Host. */
export function ssoDeps(): SsoRedirectDeps {
  const services = appServices();
  return {
    outgoingHttp: services.outgoingHttp,
    ring: services.keySecrets().ring,
    redirectUri: services.publicUrl(SSO_CALLBACK_PATH),
    serviceProvider: samlServiceProvider(),
  };
}

export function samlServiceProvider(): SamlServiceProvider {
  const services = appServices();
  return { entityId: services.publicUrl(SAML_METADATA_PATH), acsUrl: services.publicUrl(SAML_ACS_PATH) };
}

/** Cookies are `Secure` when the portal is served over https, as Auth.js decides for its own. */
export const isSecurePortal = () => appServices().portalUrl.startsWith("https:");

/** Auth.js's database-session cookie: the SSO session is a row it reads like its own. */
const sessionCookieName = () => (isSecurePortal() ? "__Secure-authjs.session-token" : "authjs.session-token");

/**
 * Hands the browser a session made outside Auth.js (SSO; sign-in by license key, issue 20) in
 * Auth.js's own cookie, so everything after treats it like a magic-link session.
 */
export function setSessionCookie(
  jar: Awaited<ReturnType<typeof cookies>>,
  session: { sessionToken: string; expires: Date },
) {
  jar.set(sessionCookieName(), session.sessionToken, {
    httpOnly: true,
    sameSite: "lax",
    secure: isSecurePortal(),
    path: "/",
    expires: session.expires,
  });
}

/**
 * The end of the OIDC callback and the SAML ACS alike: the cookie of the browser that started the
 * sign-in is read once and cleared, `complete` checks the provider's answer against it, and the
 * person gets Auth.js's session cookie and the second-factor step. A refusal says nothing of which
 * check failed (that goes to the log). Every URL named comes from REKEY_PUBLIC_URL.
 */
export async function finishSsoSignIn(complete: (startedCookie: string | undefined) => Promise<SsoSession>) {
  const services = appServices();
  const jar = await cookies();
  const startedCookie = jar.get(SSO_STATE_COOKIE)?.value;
  jar.delete({ name: SSO_STATE_COOKIE, path: SSO_COOKIE_PATH });
  try {
    const session = await complete(startedCookie);
    setSessionCookie(jar, session);
    // Like the magic link: every sign-in passes the second-factor step.
    return NextResponse.redirect(
      services.publicUrl(`/signin/mfa?callbackUrl=${encodeURIComponent(session.redirectTo)}`),
      303,
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    services.logger.warn({ code: error.code, detail: error.message }, "SSO sign-in refused");
    return NextResponse.redirect(services.publicUrl("/signin/error?error=Sso"), 303);
  }
}
