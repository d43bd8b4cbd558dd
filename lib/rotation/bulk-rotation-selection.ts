/**
 * Which licenses a bulk rotation reaches, as SQL conditions: the run's filter, licenses that have
 * a key to replace, and (for planning) not already in the run and not in the middle of another
 * rotation. A scheduled rotation that is only planned does not block: the reissue replaces it.
 */
import { and, eq, exists, gt, inArray, lte, not, notExists, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { licenseKeys, licenses, rotations } from "@/lib/db/schema";
import type { BulkRotationFilter } from "@/lib/validations/ops";
import { OPEN_ROTATION_STATES } from "./rotation-transitions";

const DAY_MS = 86_400_000;

export function matchesBulkFilter(db: Executor, filter: BulkRotationFilter, now: Date): SQL {
  return and(
    eq(licenses.productId, filter.productId),
    filter.editionId ? eq(licenses.editionId, filter.editionId) : undefined,
    filter.orgId ? eq(licenses.orgId, filter.orgId) : undefined,
    eq(licenses.status, filter.status),
    filter.expiringWithinDays
      ? and(
          gt(licenses.expiresAt, now),
          lte(licenses.expiresAt, new Date(now.getTime() + filter.expiringWithinDays * DAY_MS)),
        )
      : undefined,
    exists(
      db
        .select({ id: licenseKeys.id })
        .from(licenseKeys)
        .where(and(eq(licenseKeys.licenseId, licenses.id), eq(licenseKeys.state, "active"))),
    ),
  )!;
}

export function isEligibleForBulkRun(db: Executor, filter: BulkRotationFilter, runId: string, now: Date): SQL {
  return and(
    matchesBulkFilter(db, filter, now),
    notExists(
      db
        .select({ id: rotations.id })
        .from(rotations)
        .where(and(eq(rotations.licenseId, licenses.id), eq(rotations.bulkRunId, runId))),
    ),
    notExists(
      db
        .select({ id: rotations.id })
        .from(rotations)
        .where(
          and(
            eq(rotations.licenseId, licenses.id),
            inArray(rotations.state, OPEN_ROTATION_STATES),
            not(and(eq(rotations.kind, "scheduled"), eq(rotations.state, "planned"))!),
          ),
        ),
    ),
  )!;
}
