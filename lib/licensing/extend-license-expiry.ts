import { reasonForCustomer } from "@/lib/audit";
import { viewerOf } from "@/lib/auth/viewer";
import type { VendorCtx } from "@/lib/context";
import { InvalidInput } from "@/lib/errors";
import { assertAction } from "@/lib/state-machine";
import type { ReasonedLicenseInput } from "./change-license-status";
import { describeExpiry, sendLicenseNotice, type NoticeDeps } from "./license-notices";
import { licenseMachine } from "./license-transitions";
import { lockLicense } from "./lock-license";
import { moveLicenseExpiry } from "./move-license-expiry";

/**
 * Support moves a license's expiry later. An expired license comes back to active with its
 * existing key; a revoked or revoking one cannot be extended (undo the revocation first).
 */
export async function extendLicenseExpiry(
  ctx: VendorCtx,
  input: ReasonedLicenseInput & { expiresAt: Date },
  deps: NoticeDeps,
) {
  const now = ctx.now();
  const { license, isReinstated, previousExpiry } = await ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, input.licenseId);
    assertAction(licenseMachine, "extendExpiry", license, viewerOf(ctx));
    const floor = license.expiresAt && license.expiresAt > now ? license.expiresAt : now;
    if (input.expiresAt <= floor) {
      throw new InvalidInput("Choose a later expiry.", {
        expiresAt: [`The new expiry must be after ${floor.toISOString().slice(0, 10)} (the current expiry, or today).`],
      });
    }
    return {
      ...(await moveLicenseExpiry(tx, ctx, license, input.expiresAt, input)),
      previousExpiry: license.expiresAt,
    };
  });
  const change = { from: describeExpiry(previousExpiry), to: describeExpiry(license.expiresAt) };
  await sendLicenseNotice(
    ctx.db,
    {
      licenseId: license.id,
      kind: isReinstated ? "reinstated" : "expiry_extended",
      reason: reasonForCustomer(ctx.actor, input),
      change,
      now,
    },
    deps,
  );
  return license;
}
