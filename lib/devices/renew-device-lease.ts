import type { Ctx } from "@/lib/context";
import type { DeviceLeaseResponse, HeartbeatRequest } from "@/lib/validations/api";
import { leaseFor, type ApiCaller } from "./activate-device";
import { claimSeat } from "./claim-seat";
import { lockLicenseForClient, refuse, refuseSeatClaim, type DeviceApiDeps } from "./client-license";
import { onlineFingerprintDigest } from "./fingerprint-digest";
import { networkDigest } from "./network";
import { findDeviceByDigest } from "./seats";
import { isDeactivated } from "./device-transitions";

/**
 * The heartbeat: an active device gets a fresh lease and is marked seen. A device that missed
 * heartbeats past the policy (inactive, seat freed) takes a seat back if one is free. A device the
 * customer deactivated is refused with NOT_ACTIVATED: only an explicit activation undoes that.
 */
export async function renewDeviceLease(
  ctx: Ctx,
  input: HeartbeatRequest,
  { caller, ...deps }: DeviceApiDeps & { caller: ApiCaller },
): Promise<DeviceLeaseResponse> {
  const now = ctx.now();
  const fingerprintDigest = onlineFingerprintDigest(deps.hasher, input.fingerprint);
  const { client, claim } = await ctx.db.transaction(async (tx) => {
    const client = await lockLicenseForClient(tx, input, { hasher: deps.hasher, now, portalUrl: deps.portalUrl });
    const device = await findDeviceByDigest(tx, client.license.id, fingerprintDigest);
    if (!device || isDeactivated(device)) return { client, claim: null };
    const claim = await claimSeat(tx, ctx, client.license, {
      device,
      seen: {
        networkDigest: networkDigest(deps.hasher, caller.ip),
        licenseKeyId: client.key.id,
        clientVersion: input.clientVersion,
      },
      reason: "heartbeat after missed heartbeats",
    });
    return { client, claim };
  });
  if (!claim) throw refuse("NOT_ACTIVATED", client, deps.portalUrl);
  if (!claim.isGranted) throw refuseSeatClaim(claim, client, deps.portalUrl);
  return leaseFor(client, claim.device, input, { ...deps, now });
}
