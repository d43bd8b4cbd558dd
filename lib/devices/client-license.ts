import type { KeyedHasher } from "@/lib/crypto";
import type { Tx } from "@/lib/db";
import { explainValidationCode } from "@/lib/licensing/validate-license-key";
import { findExpiryGraceEnd } from "@/lib/licensing/find-expiry-grace-end";
import { accessAfterExpiry } from "@/lib/licensing/expiry-strategy";
import { findLicenseByKey, keyStanding, type KeyedLicense } from "@/lib/licensing/resolve-license-key";
import type { Mailer } from "@/lib/notify";
import type { SigningService } from "@/lib/signing";
import { DeviceRefused, type DeviceRefusalCode } from "./device-refused";
import type { Device } from "./device-transitions";
import type { SeatClaim } from "./claim-seat";
import { lockLicenseSeats, seatsFullCode, type SeatLicense } from "./seats";

/** What the device API's use cases need besides the context: configuration, passed in. */
export interface DeviceApiDeps {
  hasher: KeyedHasher;
  signer: SigningService;
  /** `iss` of every token. */
  issuer: string;
  /** Where refusals tell the user to go; also the base of links in notices. */
  portalUrl: string;
  mailer: Mailer;
}

export type ClientLicense = Omit<KeyedLicense, "license"> & {
  license: SeatLicense;
  /** Set while the license is past its date but inside the policy's expiry grace, as validation says. */
  graceEndsAt: Date | null;
  /**
   * Set past the grace when the edition's expiry strategy keeps access (issue 18), where
   * validation answers `valid: true` with `keptAccess`: the device API then keeps working for
   * what the license already has (heartbeats, usage records), as during the grace.
   */
  keptAccess: ReturnType<typeof accessAfterExpiry>;
};

/**
 * Past its date, yet still working (the expiry grace, or access the expiry strategy keeps): the
 * machines already using the license keep going, and a new one waits for the renewal.
 */
export function isPastEndButWorking(client: ClientLicense): boolean {
  return client.graceEndsAt !== null || client.keptAccess !== null;
}

/** How long a lease may last: to the license's end or its grace's; kept access has no end. */
export function usableUntil(client: ClientLicense): Date | null {
  return client.keptAccess ? null : (client.graceEndsAt ?? client.license.expiresAt);
}

export function refuse(
  code: DeviceRefusalCode,
  client: ClientLicense | null,
  portalUrl: string,
  facts: { date?: Date; isNewDevice?: boolean; transferLimit?: { limit: number; periodDays: number } } = {},
  extensions: Record<string, unknown> = {},
): DeviceRefused {
  if (!client) return new DeviceRefused(code, explainValidationCode(code, { portalUrl }), null);
  const { license } = client;
  const detail = explainValidationCode(code, {
    portalUrl,
    licenseId: license.id,
    product: client.productCode,
    seats: license.seats,
    graceEndsAt: client.graceEndsAt ?? undefined,
    ...facts,
  });
  return new DeviceRefused(
    code,
    detail,
    { id: license.id, productId: license.productId, editionId: license.editionId },
    extensions,
  );
}

/**
 * Why a device got no seat: moving a free seat would pass the edition's transfer limit (the
 * problem names the limit and when the next move is possible), or every seat is taken.
 */
export function refuseSeatClaim(
  claim: Extract<SeatClaim, { isGranted: false }>,
  client: ClientLicense,
  portalUrl: string,
): DeviceRefused {
  const allowance = claim.transferLimit;
  if (!allowance) return refuse(seatsFullCode(client.license.seats), client, portalUrl);
  return refuse(
    "TRANSFER_LIMIT_REACHED",
    client,
    portalUrl,
    { date: allowance.nextTransferAt ?? undefined, transferLimit: allowance },
    {
      transferLimit: {
        limit: allowance.limit,
        periodDays: allowance.periodDays,
        used: allowance.used,
        ...(allowance.nextTransferAt ? { nextTransferAt: allowance.nextTransferAt.toISOString() } : {}),
      },
    },
  );
}

/**
 * The license a client's key belongs to, its row locked for seat decisions. Refuses an unknown key
 * and a key or license that may not be used now, with validation's codes and sentences; an expired
 * license inside its expiry grace passes (validation calls it valid), with `graceEndsAt` set so
 * activation can keep new devices out, and so does one past the grace whose edition keeps access
 * (`keptAccess`, issue 18), exactly where validation says `valid: true`. Releasing a seat is allowed whatever the license's standing
 * (a suspended customer may still free a machine), but never across products.
 */
export async function lockLicenseForClient(
  tx: Tx,
  { key, product }: { key: string; product?: string },
  {
    hasher,
    now,
    portalUrl,
    isReleasing = false,
  }: { hasher: KeyedHasher; now: Date; portalUrl: string; isReleasing?: boolean },
): Promise<ClientLicense> {
  const row = await findLicenseByKey(tx, key, hasher);
  if (!row) throw refuse("UNKNOWN_KEY", null, portalUrl);
  const license = await lockLicenseSeats(tx, row.license.id);
  const standing = keyStanding({ ...row, license }, { now, product });
  const graceEndsAt = standing?.code === "EXPIRED" ? await findExpiryGraceEnd(tx, license, now) : null;
  const keptAccess =
    standing?.code === "EXPIRED" && !graceEndsAt
      ? accessAfterExpiry(row.model, { entitlements: row.entitlementCodes, expiresAt: license.expiresAt })
      : null;
  const client = { ...row, license, graceEndsAt, keptAccess };
  const isWorking = graceEndsAt !== null || keptAccess !== null;
  if (standing && !isWorking && (!isReleasing || standing.code === "PRODUCT_MISMATCH"))
    throw refuse(standing.code, client, portalUrl, { date: standing.date });
  return client;
}

/** How the device API describes a device: never its fingerprint digest. */
export function describeDevice(device: Device) {
  return { id: device.id, name: device.name, platform: device.platform, status: device.status };
}
