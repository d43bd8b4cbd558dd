import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { licenses } from "@/lib/db/schema";
import { candidateScopes, type SigningService } from "@/lib/signing";
// One function for server and client: the SDK checks this binding offline.
import { fingerprintHash } from "@rekey/sdk";
// The claim set's format version (`ver`) is the SDK's: one number for writer and reader, and the
// SDK still reads the previous format, so files issued before an upgrade keep verifying.
import { LICENSE_FILE_VERSION } from "@rekey/sdk";
import { getLicense } from "./get-license";
import { assertAdmitted, type KeyMaterialPass } from "./key-material-gate";
import { isTrialEdition } from "./trial";
import { keptEntitlements } from "./expiry-strategy";
import { viewerOf } from "@/lib/auth/viewer";
import { assertAction } from "@/lib/state-machine";
import { licenseMachine } from "./license-transitions";

export const LICENSE_FILE_FORMAT_VERSION = LICENSE_FILE_VERSION;
/** A file without a license expiry still expires, so an offline client checks in now and then. */
export const LICENSE_FILE_REFRESH_DAYS = 30;

const DAY_SECONDS = 86_400;

/**
 * A file for an air-gapped device, from its offline activation request: the portal never sees the
 * fingerprint, only the SDK's hash of it salted with `fingerprintSalt` (named in the file so the
 * SDK can check it), and the request's nonce comes back so the SDK can match answer to request.
 */
export interface OfflineDeviceBinding {
  deviceId: string;
  fingerprintHash: string;
  fingerprintSalt: string;
  nonce: string;
}

/**
 * A signed license file: a standard JWT that any JOSE library verifies with the published JWKS.
 * `exp` is the license's expiry or the refresh horizon, whichever is sooner; `grace_days` says
 * how long past `exp` an offline client may keep running. A file unlocks the software like a key
 * does, so only someone the key-material gate admitted gets one.
 */
export async function issueLicenseFile(
  ctx: OrgCtx,
  pass: KeyMaterialPass,
  {
    licenseId,
    fingerprint,
    offlineDevice,
  }: { licenseId: string; fingerprint?: string; offlineDevice?: OfflineDeviceBinding },
  { signer, issuer }: { signer: SigningService; issuer: string },
): Promise<{ token: string; kid: string; fileName: string }> {
  assertAdmitted(pass, ctx, licenseId);
  const license = await getLicense(ctx, licenseId);
  assertAction(licenseMachine, "issueLicenseFile", license, viewerOf(ctx));
  const now = ctx.now();
  const iat = Math.floor(now.getTime() / 1000);
  const horizon = iat + LICENSE_FILE_REFRESH_DAYS * DAY_SECONDS;
  const licenseExpiry = license.expiresAt ? Math.floor(license.expiresAt.getTime() / 1000) : null;
  const claims = {
    iss: issuer,
    sub: license.id,
    aud: license.product.code,
    iat,
    nbf: Math.min(iat, Math.floor(license.startsAt.getTime() / 1000)),
    exp: licenseExpiry === null ? horizon : Math.min(licenseExpiry, horizon),
    ver: LICENSE_FILE_FORMAT_VERSION,
    edition: license.edition.code,
    trial: isTrialEdition(license.edition.code),
    seats: license.seats,
    entitlements: license.entitlements.map((feature) => feature.code).sort(),
    grace_days: license.offlineGraceDays,
    license_expires_at: licenseExpiry,
    // Issue 18: what the license does once expired past its grace, so offline clients can follow it.
    expiry_strategy: license.edition.expiryStrategy,
    ...(license.edition.expiryStrategy === "restrict"
      ? {
          entitlements_after_expiry: keptEntitlements(
            license.entitlements.map((feature) => feature.code),
            license.edition,
          ),
        }
      : {}),
    ...(fingerprint ? { fph: await fingerprintHash(license.id, fingerprint) } : {}),
    ...(offlineDevice
      ? {
          fph: offlineDevice.fingerprintHash,
          fph_salt: offlineDevice.fingerprintSalt,
          device: offlineDevice.deviceId,
          nonce: offlineDevice.nonce,
        }
      : {}),
  };
  const { token, kid } = await signer.sign(claims, { scopes: candidateScopes(license.product.id, license.edition.id) });
  await ctx.db.transaction(async (tx) => {
    // Locks the license row so a concurrent suspension cannot slip between the check and the audit.
    await tx
      .select({ id: licenses.id })
      .from(licenses)
      .where(and(eq(licenses.id, license.id), eq(licenses.orgId, ctx.orgId)))
      .for("share");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "license_file.downloaded",
      subjectType: "license",
      subjectId: license.id,
      data: {
        kid,
        deviceBound: Boolean(fingerprint ?? offlineDevice),
        ...(offlineDevice ? { deviceId: offlineDevice.deviceId } : {}),
        exp: claims.exp,
      },
    });
  });
  return { token, kid, fileName: `${license.product.code}-${license.edition.code}-${license.id.slice(0, 8)}.lic` };
}
