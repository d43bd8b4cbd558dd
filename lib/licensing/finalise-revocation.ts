import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { licenseKeys, rotations } from "@/lib/db/schema";
import { abandonedStateOf, OPEN_ROTATION_STATES, transitionRotation } from "@/lib/rotation/rotation-transitions";
import type { StaffReasonCategory } from "@/lib/validations/staff";
import type { RevocationReasonCode } from "@rekey/sdk";
import { transitionLicenseKey, VALIDATING_KEY_STATES } from "./license-key-transitions";
import { transitionLicense, type License } from "./license-transitions";
import { recordRevocation } from "./record-revocation";

/**
 * Makes a revocation permanent, inside the caller's transaction (license row locked): the license
 * is `revoked`, every usable key is revoked and published in the feed, and any rotation in flight
 * ends. Used by the worker when the undo window closes and by an emergency revocation.
 */
export async function finaliseRevocation(
  tx: Tx,
  ctx: Ctx,
  license: License,
  {
    reason,
    reasonCategory,
    customerMessage,
    reasonCode,
  }: {
    reason: string;
    reasonCategory?: StaffReasonCategory;
    customerMessage?: string;
    reasonCode: RevocationReasonCode;
  },
): Promise<License> {
  const now = ctx.now();
  const open = await tx
    .select()
    .from(rotations)
    .where(and(eq(rotations.licenseId, license.id), inArray(rotations.state, OPEN_ROTATION_STATES)));
  for (const rotation of open) {
    await transitionRotation(tx, ctx, rotation, abandonedStateOf(rotation), {
      orgId: license.orgId,
      reason: `license revoked: ${reason}`,
    });
  }
  const usableKeys = await tx
    .select()
    .from(licenseKeys)
    .where(and(eq(licenseKeys.licenseId, license.id), inArray(licenseKeys.state, [...VALIDATING_KEY_STATES])));
  for (const key of usableKeys) {
    await transitionLicenseKey(tx, ctx, key, "revoked", {
      orgId: license.orgId,
      reason,
      revocationCode: reasonCode,
      stamp: { revokedAt: now },
    });
  }
  await recordRevocation(tx, {
    kind: "license",
    subjectId: license.id,
    licenseId: license.id,
    reasonCode,
    revokedAt: now,
  });
  return transitionLicense(tx, ctx, license, "revoked", {
    reason,
    reasonCategory,
    customerMessage,
    stamp: { revokedAt: now },
    data: { revokedKeys: usableKeys.map((key) => key.prefix) },
  });
}
