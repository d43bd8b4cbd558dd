"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { publicAction } from "@/lib/auth/action";
import { signIn } from "@/lib/auth/auth";
import { appServices } from "@/lib/config/server";
import { assertMagicLinkAllowed, SSO_ATTEMPT_MINUTES, startSsoSignIn } from "@/lib/identity";
import { signInSchema } from "@/lib/validations/auth";
import { startSsoSignInSchema } from "@/lib/validations/identity";
import { isSecurePortal, SSO_COOKIE_PATH, SSO_STATE_COOKIE, ssoDeps } from "./sso/sso-services";

export const requestSignInLink = publicAction(signInSchema, async (_ctx, { email, callbackUrl }) => {
  await appServices().consumeSignInAttempt({ email, ip: appServices().clientIp(await headers()) });
  await assertMagicLinkAllowed(await appServices().db(), email);
  // Every sign-in passes the second-factor step; it waves through people who have none to give.
  await signIn("resend", {
    email,
    redirectTo: `/signin/mfa?callbackUrl=${encodeURIComponent(callbackUrl)}`,
    redirect: false,
  });
  redirect(`/signin/check-email?email=${encodeURIComponent(email)}`);
});

/** Sends the person to the provider of the organization that verified their email's domain. */
export const startSsoSignInAction = publicAction(startSsoSignInSchema, async (_ctx, { email, callbackUrl }) => {
  await appServices().consumeSignInAttempt({ email, ip: appServices().clientIp(await headers()) });
  const { authorizationUrl, state, protocol } = await startSsoSignIn(
    await appServices().db(),
    new Date(),
    { email, callbackUrl },
    ssoDeps(),
  );
  (await cookies()).set(SSO_STATE_COOKIE, state, {
    httpOnly: true,
    // OIDC: the provider's answer is a top-level GET navigation back to us, which Lax sends. SAML:
    // the identity provider's page POSTs to our ACS from its own site (Bindings §3.5), which only a
    // SameSite=None cookie survives; browsers take None only with Secure, and on plain http (local
    // development) Lax still reaches an identity provider on the same site.
    sameSite: protocol === "saml" && isSecurePortal() ? "none" : "lax",
    secure: isSecurePortal(),
    path: SSO_COOKIE_PATH,
    maxAge: SSO_ATTEMPT_MINUTES * 60,
  });
  redirect(authorizationUrl);
});
