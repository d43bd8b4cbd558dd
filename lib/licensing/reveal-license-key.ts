import { and, eq, inArray } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { licenseKeys, licenses } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { MasterKeyRing } from "@/lib/crypto";
import { assertAdmitted, type KeyMaterialPass } from "./key-material-gate";
import { openLicenseKey } from "./license-key-secrets";
import { VALIDATING_KEY_STATES } from "./license-key-transitions";

/**
 * Opens a license key for someone the key-material gate admitted, and records every reveal or
 * copy in the audit trail.
 */
export async function revealLicenseKey(
  ctx: OrgCtx,
  pass: KeyMaterialPass,
  { licenseId, keyId, purpose }: { licenseId: string; keyId: string; purpose: "reveal" | "copy" },
  { ring }: { ring: MasterKeyRing },
): Promise<{ key: string }> {
  assertAdmitted(pass, ctx, licenseId);
  const now = ctx.now();
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
          inArray(licenseKeys.state, [...VALIDATING_KEY_STATES]),
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
