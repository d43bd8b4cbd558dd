import { reasonForCustomer } from "@/lib/audit";
import { viewerOf } from "@/lib/auth/viewer";
import type { VendorCtx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { InvalidInput } from "@/lib/errors";
import { assertAction } from "@/lib/state-machine";
import type { ReasonedLicenseInput } from "./change-license-status";
import { describeExpiry, sendLicenseNotice, type NoticeDeps } from "./license-notices";
import { type License, licenseMachine } from "./license-transitions";
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
  const extension = await ctx.db.transaction((tx) => extendLicenseExpiryInTransaction(tx, ctx, input));
  await sendExtensionNotice(ctx, extension, input, deps);
  return extension.license;
}

export type LicenseExtension = Awaited<ReturnType<typeof extendLicenseExpiryInTransaction>>;

/** The state change of `extendLicenseExpiry` in the caller's transaction: what an approved request runs. */
export async function extendLicenseExpiryInTransaction(
  tx: Tx,
  ctx: VendorCtx,
  input: ReasonedLicenseInput & { expiresAt: Date },
) {
  const now = ctx.now();
  const license = await lockLicense(tx, input.licenseId);
  assertAction(licenseMachine, "extendExpiry", license, viewerOf(ctx));
  const floor = extensionFloor(license, now);
  if (input.expiresAt <= floor) {
    throw new InvalidInput("Choose a later expiry.", {
      expiresAt: [`The new expiry must be after ${floor.toISOString().slice(0, 10)} (the current expiry, or today).`],
    });
  }
  return {
    ...(await moveLicenseExpiry(tx, ctx, license, input.expiresAt, input)),
    previousExpiry: license.expiresAt,
  };
}

/** An extension counts from the current expiry, or from now for a license already expired or open-ended. */
export function extensionFloor(license: Pick<License, "expiresAt">, now: Date): Date {
  return license.expiresAt && license.expiresAt > now ? license.expiresAt : now;
}

/** Tells the customer, after the extension committed. */
export async function sendExtensionNotice(
  ctx: VendorCtx,
  { license, isReinstated, previousExpiry }: LicenseExtension,
  input: ReasonedLicenseInput,
  deps: NoticeDeps,
) {
  const change = { from: describeExpiry(previousExpiry), to: describeExpiry(license.expiresAt) };
  await sendLicenseNotice(
    ctx.db,
    {
      licenseId: license.id,
      kind: isReinstated ? "reinstated" : "expiry_extended",
      reason: reasonForCustomer(ctx.actor, input),
      change,
      now: ctx.now(),
    },
    deps,
  );
}
