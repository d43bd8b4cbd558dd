import { and, eq, inArray } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { licenseKeys, licenses } from "@/lib/db/schema";
import { Forbidden, NotFound } from "@/lib/errors";
import type { MasterKeyRing } from "@/lib/crypto";
import type { SecondFactorState } from "@/lib/mfa";
import { openLicenseKey } from "./license-key-secrets";
import { assertKeyAccess } from "./second-factor-for-keys";

/** DESIGN.md §4: seeing a key needs a sign-in this recent. */
export const RECENT_SIGN_IN_MINUTES = 15;

export class ReauthenticationRequired extends Forbidden {
  override readonly code: string = "REAUTH_REQUIRED";
}

/**
 * Opens a license key for its owner. Requires a recent sign-in (a stolen, long-lived session is
 * not enough to walk off with keys), a verified second factor where the organisation demands
 * one, and records every reveal or copy in the audit trail.
 */
export async function revealLicenseKey(
  ctx: OrgCtx,
  { licenseId, keyId, purpose }: { licenseId: string; keyId: string; purpose: "reveal" | "copy" },
  { ring, signedInAt, secondFactor }: { ring: MasterKeyRing; signedInAt: Date | null; secondFactor: SecondFactorState },
): Promise<{ key: string }> {
  const now = ctx.now();
  if (!signedInAt || now.getTime() - signedInAt.getTime() > RECENT_SIGN_IN_MINUTES * 60_000) {
    throw new ReauthenticationRequired(`For your security, sign in again to see license keys (needed every ${RECENT_SIGN_IN_MINUTES} minutes).`);
  }
  await assertKeyAccess(ctx, secondFactor);
  return ctx.db.transaction(async (tx) => {
    const [key] = await tx
      .select({ id: licenseKeys.id, ciphertext: licenseKeys.ciphertext, prefix: licenseKeys.prefix })
      .from(licenseKeys)
      .innerJoin(licenses, eq(licenses.id, licenseKeys.licenseId))
      .where(
        and(
          eq(licenseKeys.id, keyId),
          eq(licenseKeys.licenseId, licenseId),
          eq(licenses.orgId, ctx.orgId),
          inArray(licenseKeys.state, ["pending", "active", "retiring"]),
        ),
      );
    if (!key) throw new NotFound("License key not found.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: purpose === "copy" ? "license_key.copied" : "license_key.revealed",
      subjectType: "license",
      subjectId: licenseId,
      data: { keyId, prefix: key.prefix },
    });
    return { key: openLicenseKey(ring, key) };
  });
}
