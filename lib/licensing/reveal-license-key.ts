import { and, eq, inArray } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { licenseKeys, licenses } from "@/lib/db/schema";
import { Forbidden, NotFound } from "@/lib/errors";
import type { MasterKeyRing } from "@/lib/crypto";
import { openLicenseKey } from "./license-key-secrets";

/** DESIGN.md §4: seeing a key needs a sign-in this recent. */
export const RECENT_SIGN_IN_MINUTES = 15;

export class ReauthenticationRequired extends Forbidden {
  override readonly code: string = "REAUTH_REQUIRED";
}

/**
 * Opens a license key for its owner. Requires a recent sign-in (a stolen, long-lived session is
 * not enough to walk off with keys) and records every reveal or copy in the audit trail.
 */
export async function revealLicenseKey(
  ctx: OrgCtx,
  { licenseId, keyId, purpose }: { licenseId: string; keyId: string; purpose: "reveal" | "copy" },
  { ring, signedInAt }: { ring: MasterKeyRing; signedInAt: Date | null },
): Promise<{ key: string }> {
  const now = ctx.now();
  if (!signedInAt || now.getTime() - signedInAt.getTime() > RECENT_SIGN_IN_MINUTES * 60_000) {
    throw new ReauthenticationRequired(`For your security, sign in again to see license keys (needed every ${RECENT_SIGN_IN_MINUTES} minutes).`);
  }
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
