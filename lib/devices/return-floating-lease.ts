import type { Ctx } from "@/lib/context";
import type { DeviceRequest, FloatingLeaseReleaseResponse } from "@/lib/validations/api";
import { lockLicenseForClient, refuse, type DeviceApiDeps } from "./client-license";
import { describeFloatingLease } from "./describe-floating-lease";
import { releaseLease } from "./floating-lease-transitions";
import { findHeldLease } from "./floating-seats";
import { onlineFingerprintDigest } from "./fingerprint-digest";

/**
 * The client gives its floating seat back (on exit, or a borrowed seat returned early): the seat
 * is free at once. Allowed whatever the license's standing, like releasing a device. A machine
 * holding no lease is answered NOT_ACTIVATED, so a retry after a lost answer reads as done.
 */
export async function returnFloatingLease(
  ctx: Ctx,
  input: DeviceRequest,
  deps: Pick<DeviceApiDeps, "hasher" | "portalUrl">,
): Promise<FloatingLeaseReleaseResponse> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const client = await lockLicenseForClient(tx, input, {
      hasher: deps.hasher,
      now,
      portalUrl: deps.portalUrl,
      isReleasing: true,
    });
    const held = await findHeldLease(tx, client.license.id, onlineFingerprintDigest(deps.hasher, input.fingerprint));
    if (!held) throw refuse("NOT_ACTIVATED", client, deps.portalUrl);
    const released = await releaseLease(tx, ctx, held, {
      orgId: client.license.orgId,
      reason: held.kind === "borrowed" ? "borrowed seat returned" : "released by the client",
    });
    return { lease: describeFloatingLease(released) };
  });
}
