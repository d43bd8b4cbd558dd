"use server";

import QRCode from "qrcode";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { personAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import {
  confirmTotpEnrolment,
  disableTotp,
  finishPasskeyRegistration,
  regenerateRecoveryCodes,
  relyingPartyFor,
  removePasskey,
  startPasskeyRegistration,
  startPasskeyVerification,
  startTotpEnrolment,
  verifyPasskey,
  verifySecondFactor,
} from "@/lib/mfa";
import {
  confirmTotpEnrolmentSchema,
  passkeyRegistrationSchema,
  passkeyVerificationSchema,
  removePasskeySchema,
  secondFactorCodeSchema,
  verifySecondFactorSchema,
} from "@/lib/validations/mfa";

// Every second-factor action lives here, beside the verification step: the customer and staff
// security pages render the same settings component against these.

/** Guesses count per person and per address (lib/mfa/second-factor-limits.ts). */
const requestAddress = async () => appServices().clientIp(await headers());

export const verifySecondFactorAction = personAction(
  verifySecondFactorSchema,
  async (ctx, { code, callbackUrl }, session) => {
    await verifySecondFactor(
      ctx,
      { sessionToken: session.token, code, address: await requestAddress() },
      await appServices().secondFactorSecrets(),
    );
    redirect(callbackUrl);
  },
);

export const startTotpEnrolmentAction = personAction(z.object({}), async (ctx) => {
  const { secret, uri } = await startTotpEnrolment(ctx, await appServices().secondFactorSecrets());
  return { secret, uri, qrSvg: await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" }) };
});

// Revalidating lifts the staff banner at once; the settings component keeps the codes on screen.
export const confirmTotpEnrolmentAction = personAction(confirmTotpEnrolmentSchema, async (ctx, { code }, session) => {
  const result = await confirmTotpEnrolment(
    ctx,
    { sessionToken: session.token, code, address: await requestAddress() },
    await appServices().secondFactorSecrets(),
  );
  revalidatePath("/", "layout");
  return result;
});

export const regenerateRecoveryCodesAction = personAction(secondFactorCodeSchema, async (ctx, { code }) =>
  regenerateRecoveryCodes(ctx, { code, address: await requestAddress() }, await appServices().secondFactorSecrets()),
);

export const disableTotpAction = personAction(secondFactorCodeSchema, async (ctx, { code }) => {
  await disableTotp(ctx, { code, address: await requestAddress() }, await appServices().secondFactorSecrets());
  revalidatePath("/", "layout");
  return { disabled: true };
});

/** Passkeys are bound to REKEY_PUBLIC_URL's host and origin, never to a request's Host header. */
const relyingParty = () => relyingPartyFor(appServices().publicUrl("/"));

export const startPasskeyRegistrationAction = personAction(z.object({}), async (ctx, _input, session) =>
  startPasskeyRegistration(ctx, { sessionToken: session.token }, relyingParty()),
);

export const finishPasskeyRegistrationAction = personAction(
  passkeyRegistrationSchema,
  async (ctx, { name, response }, session) => {
    const passkey = await finishPasskeyRegistration(
      ctx,
      // The schema checked the shape; the library checks every field against the challenge.
      { sessionToken: session.token, response: response as RegistrationResponseJSON, name },
      relyingParty(),
    );
    revalidatePath("/", "layout");
    return passkey;
  },
);

export const removePasskeyAction = personAction(removePasskeySchema, async (ctx, { passkeyId }, session) => {
  await removePasskey(ctx, { sessionToken: session.token, passkeyId });
  revalidatePath("/", "layout");
  return { removed: true };
});

export const startPasskeyVerificationAction = personAction(z.object({}), async (ctx, _input, session) =>
  startPasskeyVerification(ctx, { sessionToken: session.token }, relyingParty()),
);

export const verifyPasskeyAction = personAction(
  passkeyVerificationSchema,
  async (ctx, { response, callbackUrl }, session) => {
    await verifyPasskey(
      ctx,
      { sessionToken: session.token, response: response as AuthenticationResponseJSON },
      relyingParty(),
    );
    redirect(callbackUrl);
  },
);
