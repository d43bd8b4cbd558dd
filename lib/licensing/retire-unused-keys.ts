import { and, eq, inArray, isNotNull, min, sql } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import { licenseKeys, licenses, rotationPolicies, rotations } from "@/lib/db/schema";
import { findRotationPolicy } from "@/lib/rotation/find-rotation-policy";
import { transitionLicenseKey } from "./license-key-transitions";
import { lockLicense } from "./lock-license";

const DAY_MS = 86_400_000;

/**
 * When a key was last known to be in use: the last minute the validation telemetry counted a valid
 * answer for it, else when it became active. Reading the telemetry keeps validation free of writes.
 */
// Written out with its table names: Drizzle leaves columns unqualified in single-table selects,
// which inside this subquery would resolve to validation_counts' own columns.
const lastUseOf = sql<Date>`coalesce(
  (select max(vc.bucket_start) from validation_counts vc
    where vc.license_id = "license_keys"."license_id" and vc.license_key_id = "license_keys"."id" and vc.code in ('VALID', 'VALID_ROTATING')),
  "license_keys"."activated_at", "license_keys"."created_at")`;

/**
 * Retires active keys no client has validated for the policy's idle period: a forgotten key is a
 * leak waiting to happen. The key is archived (state `retired`, kept for the audit trail, never
 * deleted) and the audit event says why; the owner gets a fresh key with "Rotate now". Keys in the
 * middle of a rotation are left to it.
 */
export async function retireUnusedKeys(ctx: Ctx, { limit = 100 }: { limit?: number } = {}): Promise<number> {
  const now = ctx.now();
  const [shortest] = await ctx.db
    .select({ days: min(rotationPolicies.retireUnusedKeysAfterDays) })
    .from(rotationPolicies)
    .where(isNotNull(rotationPolicies.retireUnusedKeysAfterDays));
  if (!shortest?.days) return 0;
  const candidates = await ctx.db
    .select({ keyId: licenseKeys.id, licenseId: licenseKeys.licenseId })
    .from(licenseKeys)
    .innerJoin(licenses, eq(licenses.id, licenseKeys.licenseId))
    .where(
      and(
        eq(licenseKeys.state, "active"),
        eq(licenses.status, "active"),
        sql`${lastUseOf} < ${new Date(now.getTime() - shortest.days * DAY_MS).toISOString()}::timestamptz`,
      ),
    )
    .limit(limit);
  let retired = 0;
  for (const candidate of candidates) {
    const isRetired = await ctx.db.transaction(async (tx) => {
      const license = await lockLicense(tx, candidate.licenseId);
      const [key] = await tx
        .select({ key: licenseKeys, lastUse: lastUseOf })
        .from(licenseKeys)
        .where(and(eq(licenseKeys.id, candidate.keyId), eq(licenseKeys.state, "active")));
      if (!key) return false;
      const { retireUnusedKeysAfterDays: idleDays } = await findRotationPolicy(tx, license);
      if (!idleDays || new Date(key.lastUse).getTime() > now.getTime() - idleDays * DAY_MS) return false;
      const [inFlight] = await tx
        .select({ id: rotations.id })
        .from(rotations)
        .where(and(eq(rotations.licenseId, license.id), inArray(rotations.state, ["issued", "overlapping"])));
      if (inFlight) return false;
      await transitionLicenseKey(tx, ctx, key.key, "retired", {
        orgId: license.orgId,
        reason: `unused for ${idleDays} days (vendor policy)`,
        stamp: { retiredAt: now },
      });
      return true;
    });
    if (isRetired) retired += 1;
  }
  return retired;
}
