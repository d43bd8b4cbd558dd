import type { Db } from "@/lib/db";
import type { KeyedHasher } from "@/lib/crypto";
import { checkDeviceSeat } from "@/lib/devices/check-device-seat";
import { onlineFingerprintDigest } from "@/lib/devices/fingerprint-digest";
import { describeTransferLimitReached } from "@/lib/devices/transfer-policy";
import { countTakenFloatingSeats } from "@/lib/devices/floating-seats";
import { checkUserSeat, NAMED_USER_SEAT_MODEL } from "@/lib/seats/named-user-seats";
import type { ValidateRequest, ValidateResponse, ValidationCode } from "@/lib/validations/api";
import { findExpiryGraceEnd } from "./find-expiry-grace-end";
import { findLicenseByKey, type KeyedLicense, keyStanding } from "./resolve-license-key";
import { isRetiringKey } from "./license-key-transitions";
import { clientStatusOf } from "./license-transitions";
import { accessAfterExpiry } from "./expiry-strategy";

/** The public answer plus what the server needs about it (which scopes sign it, which key was presented). */
export type ValidationResult = Omit<ValidateResponse, "meta" | "token"> & {
  signingScopes: { productId: string; editionId: string } | null;
  /**
   * What was validated, for telemetry; `deviceToNote` names a device holding a seat that presented
   * a key, or reported a client version, other than the one on record (the route notes it with
   * recordDevicePresentation: validation itself is read-only and may run on a replica).
   */
  subject: { licenseId: string; licenseKeyId: string; deviceToNote?: string } | null;
};

type LicenseFacts = NonNullable<ValidateResponse["license"]>;

const VALID_CODES: ValidationCode[] = ["VALID", "VALID_ROTATING"];

/** One sentence per code that tells the person at the keyboard what to do next. */
export function explainValidationCode(
  code: ValidationCode,
  facts: {
    portalUrl: string;
    licenseId?: string;
    product?: string;
    date?: Date;
    seats?: number;
    graceEndsAt?: Date;
    isNewDevice?: boolean;
    keptAccess?: "restrict" | "maintain_access";
    transferLimit?: { limit: number; periodDays: number };
  },
): string {
  const where = facts.licenseId ? `${facts.portalUrl}/licenses/${facts.licenseId}` : facts.portalUrl;
  const day = facts.date?.toISOString().slice(0, 10);
  switch (code) {
    case "VALID":
      return "The license is valid.";
    case "VALID_ROTATING":
      return `This key is being replaced and stops working at ${facts.date?.toISOString()}. Copy the new key from ${where}#key and enter it before then.`;
    case "EXPIRED":
      if (facts.keptAccess === "restrict")
        return `This license expired on ${day}. Some features keep working; renew at ${where}#renewal to use all of them again.`;
      if (facts.keptAccess === "maintain_access")
        return `This license expired on ${day}. Versions released before then keep working; renew at ${where}#renewal for newer ones.`;
      if (!facts.graceEndsAt)
        return `This license expired on ${day}. Renew it with your vendor, or ask your administrator.`;
      return facts.isNewDevice
        ? `This license expired on ${day}. Devices already activated keep working until ${facts.graceEndsAt.toISOString().slice(0, 10)}, but no new device can be activated until it is renewed. Renew at ${where}#renewal.`
        : `This license expired on ${day}. It keeps working until ${facts.graceEndsAt.toISOString().slice(0, 10)} while you renew; after that its features stop. Renew at ${where}#renewal.`;
    case "SUSPENDED":
      return `This license is suspended. Your administrator can see why at ${where}; contact support to resume it.`;
    case "REVOKED":
      return `This license key was revoked and will not work again. Get a current key at ${where}#key or contact support.`;
    case "KEY_RETIRED":
      return `This key was replaced by a newer one and no longer works. Copy the current key from ${where}#key and enter it.`;
    case "UNKNOWN_KEY":
      return `This key is not recognised. Check it for typos, or copy it again from ${facts.portalUrl}.`;
    case "NOT_ACTIVATED":
      return `This device is not activated for this license. Activate it from the software, or reactivate it at ${where}/devices.`;
    case "TOO_MANY_DEVICES":
      return `All ${facts.seats} seats of this license are in use. Deactivate a device you no longer use at ${where}/devices, then try again.`;
    case "FINGERPRINT_MISMATCH":
      return `This license is locked to another device. Deactivate that device at ${where}/devices to move the license here.`;
    case "PRODUCT_MISMATCH":
      return `This key is for a different product (${facts.product}). Check that you entered the key for this software.`;
    case "NOT_YET_VALID":
      return `This license starts on ${day}. Try again then.`;
    case "NO_FLOATING_SEAT":
      return `All ${facts.seats} concurrent seats of this license are in use. Try again when someone closes the software, or ask an owner to release a lease at ${where}/devices.`;
    case "SEAT_MODEL_MISMATCH":
      return "This software asked for a kind of seat this license does not have. Update the software, or contact your vendor.";
    case "SEAT_NOT_ASSIGNED":
      return `This license is for named users, and you hold no seat of it. Ask an owner of your organization to assign you one at ${where}/seats.`;
    case "TOO_MANY_USERS":
      return `All ${facts.seats} seats of this license are assigned to other people. An owner can unassign someone at ${where}/seats.`;
    case "TRANSFER_LIMIT_REACHED":
      return `${describeTransferLimitReached({ limit: facts.transferLimit?.limit ?? 0, periodDays: facts.transferLimit?.periodDays ?? 0, nextTransferAt: facts.date })}; until then keep using an activated device (see ${where}/devices) or ask support for an exception.`;
    case "QUOTA_EXHAUSTED":
      return `This license has used up its quota for the current period. It renews at the start of the next period; see the usage at ${where}/usage, or ask your vendor for more.`;
  }
}

/**
 * Online validation for client software. Answers with a code, never an exception: every outcome
 * is a normal answer to the client. A mistyped or unknown key is `UNKNOWN_KEY` either way, so the
 * answer says nothing about which keys exist.
 */
export async function validateLicenseKey(
  db: Db,
  input: ValidateRequest,
  deps: { hasher: KeyedHasher; now: Date; portalUrl: string },
): Promise<ValidationResult> {
  return answerValidation(db, input, await findLicenseByKey(db, input.key, deps.hasher), deps);
}

/**
 * `validateLicenseKey` for a key already looked up (`findLicenseByPresentedKey`): the endpoint
 * looks the key up side by side with its rate limit, from one parse and one digest (issue 21).
 */
export async function answerValidation(
  db: Db,
  input: ValidateRequest,
  row: KeyedLicense | null,
  { hasher, now, portalUrl }: { hasher: KeyedHasher; now: Date; portalUrl: string },
): Promise<ValidationResult> {
  if (!row)
    return {
      valid: false,
      code: "UNKNOWN_KEY",
      detail: explainValidationCode("UNKNOWN_KEY", { portalUrl }),
      license: null,
      key: null,
      signingScopes: null,
      subject: null,
    };

  const { license } = row;
  const facts: LicenseFacts = {
    id: license.id,
    product: row.productCode,
    edition: row.editionCode,
    // The public contract knows four statuses; a still-reversible revocation reads as suspended.
    status: clientStatusOf(license.status),
    expiresAt: license.expiresAt?.toISOString() ?? null,
    seats: license.seats,
    entitlements: row.entitlementCodes,
    seatModel: row.model.seatModel,
    overageStrategy: row.model.overageStrategy,
    expiryStrategy: row.model.expiryStrategy,
    // Floating editions (issue 18): how busy the pool is, so the client can say so before a checkout.
    ...(row.model.seatModel === "floating"
      ? {
          floatingSeats: {
            total: license.seats,
            inUse: await countTakenFloatingSeats(db, { licenseId: license.id, now }),
          },
        }
      : {}),
  };
  const successorReady = isRetiringKey(row.key);
  const answer = (
    code: ValidationCode,
    date?: Date,
    graceEndsAt?: Date,
    kept?: NonNullable<ReturnType<typeof accessAfterExpiry>>,
  ): ValidationResult => ({
    // Inside the expiry grace the license still works: EXPIRED says "renew now", graceEndsAt says until when.
    // Past it, the edition's expiry strategy may keep some access (issue 18), which `keptAccess` names.
    valid: VALID_CODES.includes(code) || graceEndsAt !== undefined || kept !== undefined,
    code,
    detail: explainValidationCode(code, {
      portalUrl,
      licenseId: license.id,
      product: row.productCode,
      date,
      seats: license.seats,
      graceEndsAt,
      keptAccess: kept?.strategy,
    }),
    ...(graceEndsAt ? { graceEndsAt: graceEndsAt.toISOString() } : {}),
    ...(kept ? { keptAccess: describeKeptAccess(kept) } : {}),
    license: kept?.strategy === "restrict" ? { ...facts, entitlements: kept.entitlements } : facts,
    key: {
      state: row.key.state,
      ...(isRetiringKey(row.key) && row.key.retiresAt
        ? { rotatesAt: row.key.retiresAt.toISOString(), newKeyReady: successorReady }
        : {}),
    },
    signingScopes: { productId: license.productId, editionId: license.editionId },
    subject: { licenseId: license.id, licenseKeyId: row.key.id },
  });

  const standing = keyStanding(row, { now, product: input.product });
  const graceEndsAt = standing?.code === "EXPIRED" ? await findExpiryGraceEnd(db, license, now) : null;
  if (standing && !graceEndsAt) {
    const kept =
      standing.code === "EXPIRED"
        ? accessAfterExpiry(row.model, { entitlements: row.entitlementCodes, expiresAt: license.expiresAt })
        : null;
    return answer(standing.code, standing.date, undefined, kept ?? undefined);
  }
  if (row.model.seatModel === NAMED_USER_SEAT_MODEL) {
    const userRefusal = await checkUserSeat(db, {
      license,
      user: { email: input.user, token: input.userToken },
      requireSeatToken: row.model.requireSeatToken,
      hasher,
    });
    if (userRefusal) return answer(userRefusal);
  }
  let deviceToNote: string | undefined;
  if (input.fingerprint) {
    const seat = await checkDeviceSeat(db, {
      licenseId: license.id,
      seats: license.seats,
      fingerprintDigest: onlineFingerprintDigest(hasher, input.fingerprint),
    });
    if (seat.refusal) return answer(seat.refusal);
    const isNewClientVersion = input.clientVersion !== undefined && input.clientVersion !== seat.device.clientVersion;
    if (seat.device.lastKeyId !== row.key.id || isNewClientVersion) deviceToNote = seat.device.id;
  }
  const result =
    standing && graceEndsAt
      ? answer(standing.code, standing.date, graceEndsAt)
      : isRetiringKey(row.key)
        ? answer("VALID_ROTATING", row.key.retiresAt ?? undefined)
        : answer("VALID");
  return deviceToNote ? { ...result, subject: { ...result.subject!, deviceToNote } } : result;
}

/** How kept access reads in the answer: the strategy, and for `maintain_access` the release cut-off. */
function describeKeptAccess(kept: NonNullable<ReturnType<typeof accessAfterExpiry>>) {
  return kept.strategy === "restrict"
    ? { strategy: kept.strategy }
    : { strategy: kept.strategy, releasedBefore: kept.releasedBefore.toISOString() };
}
