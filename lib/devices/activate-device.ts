import type { Ctx } from "@/lib/context";
import type { ActivateDeviceRequest, DeviceLeaseResponse } from "@/lib/validations/api";
import { fingerprintHash } from "@rekey/sdk";
import { appendAuditEvent } from "@/lib/audit";
import { ActivationPinRefused, isActivationPinCorrect, isPinRequired } from "./activation-pin";
import { claimSeat } from "./claim-seat";
import {
  describeDevice,
  isPastEndButWorking,
  lockLicenseForClient,
  refuse,
  refuseSeatClaim,
  type ClientLicense,
  type DeviceApiDeps,
  usableUntil,
} from "./client-license";
import type { Device } from "./device-transitions";
import { signDeviceLease } from "./device-tokens";
import { onlineFingerprintDigest } from "./fingerprint-digest";
import { networkDigest } from "./network";
import { recordActivationAttempt } from "./record-activation-attempt";
import { findDeviceByDigest, type SeatLicense } from "./seats";
import type { Tx } from "@/lib/db";
import { findLicensingModel } from "./floating-seats";
import { sendAnomalyNotices } from "./send-anomaly-notices";
import { isDeactivated } from "./device-transitions";

/** Where the call came from: only a keyed hash of its network is ever kept. */
export interface ApiCaller {
  ip: string;
}

export const UNNAMED_DEVICE = "Unnamed device";

/**
 * Client software binds this machine to the license: a new device takes a free seat, a known one
 * keeps (or, when it had lost it, takes back) its seat, and either way gets a fresh lease. Full
 * seats are refused with TOO_MANY_DEVICES and how to free one. All of it runs behind the license
 * row lock, so the last free seat goes to exactly one of many simultaneous callers. Every attempt
 * counts toward anomaly flags, which are raised and sent but never refuse anything. A license with
 * a PIN asks new devices for it (see `isPinRequired`); a missing or wrong PIN takes no seat. An
 * expired license inside its grace re-leases the devices it has and refuses new ones (EXPIRED).
 */
export async function activateDevice(
  ctx: Ctx,
  input: ActivateDeviceRequest,
  { caller, ...deps }: DeviceApiDeps & { caller: ApiCaller },
): Promise<DeviceLeaseResponse & { isNew: boolean }> {
  const now = ctx.now();
  const fingerprintDigest = onlineFingerprintDigest(deps.hasher, input.fingerprint);
  const seenFrom = networkDigest(deps.hasher, caller.ip);
  const outcome = await ctx.db.transaction(async (tx) => {
    const client = await lockLicenseForClient(tx, input, { hasher: deps.hasher, now, portalUrl: deps.portalUrl });
    // Floating licenses lend seats by lease (checkout-floating-lease.ts); binding a device would take one for good.
    if ((await findLicensingModel(tx, client.license.editionId)).seatModel !== "device")
      throw refuse("SEAT_MODEL_MISMATCH", client, deps.portalUrl);
    const device = (await findDeviceByDigest(tx, client.license.id, fingerprintDigest)) ?? null;
    // Inside the expiry grace the machines already bound keep working while the customer renews;
    // binding another one (or one the customer let go) waits for the renewal.
    if (isPastEndButWorking(client) && (!device || isDeactivated(device)))
      throw refuse("EXPIRED", client, deps.portalUrl, {
        date: client.license.expiresAt ?? undefined,
        isNewDevice: true,
      });
    const pinRefusal = await checkPin(tx, ctx, client.license, {
      isKnownDevice: device !== null,
      fingerprintDigest,
      networkDigest: seenFrom,
      pin: input.pin,
    });
    if (pinRefusal) {
      const raised = await recordActivationAttempt(tx, ctx, client.license, {
        fingerprintDigest,
        networkDigest: seenFrom,
        isGranted: false,
      });
      return { pinRefusal, raised } as const;
    }
    const claim = await claimSeat(tx, ctx, client.license, {
      device,
      newDevice: {
        fingerprintDigest,
        name: input.name ?? UNNAMED_DEVICE,
        platform: input.platform ?? "unknown",
        activationMethod: "online",
      },
      seen: { networkDigest: seenFrom, licenseKeyId: client.key.id, clientVersion: input.clientVersion },
      reason: "activated from the device",
    });
    const raised = await recordActivationAttempt(tx, ctx, client.license, {
      fingerprintDigest,
      networkDigest: seenFrom,
      isGranted: claim.isGranted,
    });
    return { client, claim, raised };
  });
  await sendAnomalyNotices(ctx.db, outcome.raised, { mailer: deps.mailer, portalUrl: deps.portalUrl, now });
  if ("pinRefusal" in outcome) throw outcome.pinRefusal;
  const { client, claim } = outcome;
  if (!claim.isGranted) throw refuseSeatClaim(claim, client, deps.portalUrl);
  return { ...(await leaseFor(client, claim.device, input, { ...deps, now })), isNew: claim.isNew };
}

/** The refusal to send when this activation needs the license PIN and did not bring the right one. */
async function checkPin(
  tx: Tx,
  ctx: Ctx,
  license: SeatLicense,
  {
    pin,
    ...facts
  }: { isKnownDevice: boolean; fingerprintDigest: string; networkDigest: string | null; pin: string | undefined },
): Promise<ActivationPinRefused | null> {
  const { isRequired, isUnusual } = await isPinRequired(tx, license, facts, ctx.now());
  if (!isRequired || !license.activationPinHash) return null;
  if (pin === undefined) return new ActivationPinRefused("PIN_REQUIRED", isUnusual);
  if (await isActivationPinCorrect(pin, license.activationPinHash)) return null;
  // A wrong PIN is someone guessing or a mistyped passphrase: worth a line in the license's history.
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: ctx.now(),
    orgId: license.orgId,
    action: "device.activation_pin_refused",
    subjectType: "license",
    subjectId: license.id,
    data: { isUnusualActivation: isUnusual },
  });
  return new ActivationPinRefused("PIN_INVALID", isUnusual);
}

/** The answer to a granted activation or heartbeat: the device and its signed lease. */
export async function leaseFor(
  client: ClientLicense,
  device: Device,
  { fingerprint, nonce }: { fingerprint: string; nonce?: string },
  { signer, issuer, now }: Pick<DeviceApiDeps, "signer" | "issuer"> & { now: Date },
): Promise<DeviceLeaseResponse> {
  const lease = await signDeviceLease(
    { signer, issuer, now },
    {
      license: client.license,
      usableUntil: usableUntil(client),
      productCode: client.productCode,
      deviceId: device.id,
      fingerprintHash: await fingerprintHash(client.license.id, fingerprint),
      nonce: nonce ?? null,
    },
  );
  return {
    device: describeDevice(device),
    lease: {
      token: lease.token,
      expiresAt: lease.expiresAt.toISOString(),
      graceEndsAt: lease.graceEndsAt.toISOString(),
    },
  };
}
