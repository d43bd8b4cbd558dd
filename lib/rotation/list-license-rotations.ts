import { desc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rotationPolicies, rotations, users } from "@/lib/db/schema";

/** A license's rotation timeline, newest first, with who asked and the policy version it ran under. */
export function listLicenseRotations(db: Executor, licenseId: string, { limit = 50 }: { limit?: number } = {}) {
  return db
    .select({
      id: rotations.id,
      kind: rotations.kind,
      state: rotations.state,
      scheduledFor: rotations.scheduledFor,
      overlapMinutes: rotations.overlapMinutes,
      overlapEndsAt: rotations.overlapEndsAt,
      completedAt: rotations.completedAt,
      reason: rotations.reason,
      lastError: rotations.lastError,
      requestedBy: users.email,
      policyVersion: rotationPolicies.version,
      createdAt: rotations.createdAt,
    })
    .from(rotations)
    .leftJoin(users, eq(users.id, rotations.requestedBy))
    .leftJoin(rotationPolicies, eq(rotationPolicies.id, rotations.policyId))
    .where(eq(rotations.licenseId, licenseId))
    .orderBy(desc(rotations.createdAt))
    .limit(limit);
}
