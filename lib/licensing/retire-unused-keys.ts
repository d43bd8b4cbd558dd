import { and, eq, inArray, isNotNull, min, sql } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import { licenseKeys, licenses, rotationPolicies, rotations, validationCounts } from "@/lib/db/schema";
import { findRotationPolicy } from "@/lib/rotation/find-rotation-policy";
import { transitionLicenseKey } from "./license-key-transitions";
import { lockLicense } from "./lock-license";

const DAY_MS = 86_400_000;

/**
 * When a key was last known to be in use: the last minute the validation telemetry counted a valid
 * answer for it, else when it became active. Reading the telemetry keeps validation free of writes.
 */
const lastUseOf = sql<Date>`coalesce(
  (select max(${validationCounts.bucketStart}) from ${validationCounts}
    where ${validationCounts.licenseId} = ${licenseKeys.licenseId} and ${validationCounts.licenseKeyId} = ${licenseKeys.id} and ${validationCounts.code} in ('VALID', 'VALID_ROTATING')),
  ${licenseKeys.activatedAt}, ${licenseKeys.createdAt})`;

/**
 * Retires active keys no client has validated for the policy's idle period: a forgotten key is a
 * leak waiting to happen. The key is archived (state `retired`, kept for the audit trail, never
 * deleted) and the audit event says why; the owner gets a fresh key with "Rotate now". Keys in the
 * middle of a rotation are left to it.
 */
export async function retireUnusedKeys(ctx: Ctx, { limit = 100 }: { limit?: number } = {}): Promise<number> {
  const now = ctx.now();
  const [shortest] = await ctx.db.select({ days: min(rotationPolicies.retireUnusedKeysAfterDays) }).from(rotationPolicies).where(isNotNull(rotationPolicies.retireUnusedKeysAfterDays));
  if (!shortest?.days) return 0;
  const candidates = await ctx.db
    .select({ keyId: licenseKeys.id, licenseId: licenseKeys.licenseId })
    .from(licenseKeys)
    .innerJoin(licenses, eq(licenses.id, licenseKeys.licenseId))
    .where(and(eq(licenseKeys.state, "active"), eq(licenses.status, "active"), sql`${lastUseOf} < ${new Date(now.getTime() - shortest.days * DAY_MS).toISOString()}::timestamptz`))
    .limit(limit);
  let retired = 0;
  for (const candidate of candidates) {
    const isRetired = await ctx.db.transaction(async (tx) => {
      const license = await lockLicense(tx, candidate.licenseId);
      const [key] = await tx.select({ key: licenseKeys, lastUse: lastUseOf }).from(licenseKeys).where(and(eq(licenseKeys.id, candidate.keyId), eq(licenseKeys.state, "active")));
      if (!key) return false;
      const { retireUnusedKeysAfterDays: idleDays } = await findRotationPolicy(tx, license);
      if (!idleDays || new Date(key.lastUse).getTime() > now.getTime() - idleDays * DAY_MS) return false;
      const [inFlight] = await tx
        .select({ id: rotations.id })
        .from(rotations)
        .where(and(eq(rotations.licenseId, license.id), inArray(rotations.state, ["issued", "overlapping"])));
      if (inFlight) return false;
      await transitionLicenseKey(tx, ctx, key.key, "retired", { orgId: license.orgId, reason: `unused for ${idleDays} days (vendor policy)`, stamp: { retiredAt: now } });
      return true;
    });
    if (isRetired) retired += 1;
  }
  return retired;
}
