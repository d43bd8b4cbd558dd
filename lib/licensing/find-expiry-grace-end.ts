import type { Executor } from "@/lib/db";
import type { licenses } from "@/lib/db/schema";
import { findRotationPolicy } from "@/lib/rotation/find-rotation-policy";
import { expiryGraceEndsAt } from "./expiry";
import { isLive } from "./license-transitions";

/**
 * The end of the policy's expiry grace when a license ran past its date and the grace is still
 * ahead; null otherwise. A license staff marked expired (status, not date) has none. Validation
 * and the device API both ask this, so a client hears the same answer from either.
 */
export async function findExpiryGraceEnd(
  db: Executor,
  license: Pick<typeof licenses.$inferSelect, "status" | "expiresAt" | "productId" | "editionId">,
  now: Date,
): Promise<Date | null> {
  if (!isLive(license) || !license.expiresAt) return null;
  const { expiryGraceDays } = await findRotationPolicy(db, license);
  const endsAt = expiryGraceEndsAt(license.expiresAt, expiryGraceDays);
  return endsAt && endsAt > now ? endsAt : null;
}
