"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { publicAction } from "@/lib/auth/action";
import { secondFactorHref } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import { completeLicenseKeySignIn, LICENSE_KEY_SIGN_IN_PATH, requestLicenseKeySignIn } from "@/lib/key-sign-in";
import { presentLicenseKey } from "@/lib/licensing";
import { heldLicensePath } from "@/lib/seats";
import { completeLicenseKeySignInSchema, requestLicenseKeySignInSchema } from "@/lib/validations/license-key-sign-in";
import { setSessionCookie } from "../sso/sso-services";

/** Step one: whatever the key and address, the same answer (the code step), so nobody learns if the key exists. */
export const requestLicenseKeySignInAction = publicAction(requestLicenseKeySignInSchema, async (_ctx, input) => {
  const services = appServices();
  const { hasher } = services.keySecrets();
  await services.consumeSignInAttempt({
    email: input.email,
    ip: services.clientIp(await headers()),
    licenseKeyDigest: presentLicenseKey(hasher, input.key).digest,
  });
  await requestLicenseKeySignIn(await services.db(), new Date(), input, {
    hasher,
    mailer: services.mailer,
    signInPageUrl: services.publicUrl(LICENSE_KEY_SIGN_IN_PATH),
  });
  redirect(`${LICENSE_KEY_SIGN_IN_PATH}?step=code&email=${encodeURIComponent(input.email)}`);
});

/** Step two: the code opens a session scoped to that one license, then the second-factor step as every sign-in. */
export const completeLicenseKeySignInAction = publicAction(completeLicenseKeySignInSchema, async (_ctx, input) => {
  const services = appServices();
  const session = await completeLicenseKeySignIn(await services.db(), new Date(), input, {
    hasher: services.keySecrets().hasher,
  });
  setSessionCookie(await cookies(), session);
  redirect(secondFactorHref(heldLicensePath(session.licenseId)));
});
