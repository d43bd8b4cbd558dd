import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { appServices } from "@/lib/config/server";
import { DomainError } from "@/lib/errors";
import { completeSsoSignIn } from "@/lib/identity";
import { isSecurePortal, SSO_CALLBACK_PATH, SSO_STATE_COOKIE, ssoDeps } from "../sso-services";

/** Auth.js's database-session cookie: the SSO session is a row it reads like its own. */
const sessionCookieName = () => (isSecurePortal() ? "__Secure-authjs.session-token" : "authjs.session-token");

/**
 * The provider sends the browser back here (OpenID Connect Core §3.1.2.5). Only the query string
 * is taken from the request; every URL this answer names comes from REKEY_PUBLIC_URL.
 */
export async function GET(request: Request) {
  const services = appServices();
  const jar = await cookies();
  const stateCookie = jar.get(SSO_STATE_COOKIE)?.value;
  jar.delete({ name: SSO_STATE_COOKIE, path: SSO_CALLBACK_PATH });
  const callbackUrl = new URL(services.publicUrl(SSO_CALLBACK_PATH));
  callbackUrl.search = new URL(request.url).search;
  try {
    const session = await completeSsoSignIn(await services.db(), new Date(), { callbackUrl, stateCookie }, ssoDeps());
    jar.set(sessionCookieName(), session.sessionToken, {
      httpOnly: true,
      sameSite: "lax",
      secure: isSecurePortal(),
      path: "/",
      expires: session.expires,
    });
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
