"use server";

import { holderAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { requireKeyMaterialPass } from "@/lib/auth/key-material-pass";
import { revealLicenseKey } from "@/lib/licensing";
import { openHeldLicense, revealOwnSeatToken } from "@/lib/seats";
import { revealLicenseKeySchema } from "@/lib/validations/licenses";
import { revealSeatTokenSchema } from "@/lib/validations/seats";

/** The license key, for a holder the key-material gate admits (recent sign-in, the organization's second-factor rule). */
export const revealHeldKeyAction = holderAction(revealLicenseKeySchema, async (holder, input) => {
  const ctx = await openHeldLicense(holder, input.licenseId);
  const pass = await requireKeyMaterialPass(ctx, input.licenseId);
  return revealLicenseKey(ctx, pass, input, { ring: appServices().keySecrets().ring });
});

export const revealHeldSeatTokenAction = holderAction(revealSeatTokenSchema, async (holder, input) =>
  revealOwnSeatToken(await openHeldLicense(holder, input.licenseId), input, appServices().keySecrets().hasher),
);
