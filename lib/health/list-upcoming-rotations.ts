import { and, asc, count, eq, gte, inArray, lte } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { licenses, rotations } from "@/lib/db/schema";
import { joinLicenseNames, licenseNames } from "@/lib/licensing/license-names";

/** Rotations that have not issued their new key yet; past that they are running, not upcoming. */
const NOT_YET_ISSUED = ["planned", "notified"] as const;

export interface UpcomingRotation {
  id: string;
  licenseId: string;
  orgName: string;
  productName: string;
  kind: "scheduled" | "customer" | "emergency" | "reissue";
  state: (typeof NOT_YET_ISSUED)[number];
  scheduledFor: Date;
}

/** Rotations due within the next `days`, soonest first: what support should expect questions about. */
export async function listUpcomingRotations(
  db: Executor,
  { now, days = 7, limit = 20 }: { now: Date; days?: number; limit?: number },
): Promise<{ rows: UpcomingRotation[]; total: number }> {
  const horizon = new Date(now.getTime() + days * 86_400_000);
  const isUpcoming = and(
    inArray(rotations.state, [...NOT_YET_ISSUED]),
    gte(rotations.scheduledFor, now),
    lte(rotations.scheduledFor, horizon),
  );
  const [rows, [totals]] = await Promise.all([
    joinLicenseNames(
      db
        .select({
          id: rotations.id,
          licenseId: rotations.licenseId,
          ...licenseNames,
          kind: rotations.kind,
          state: rotations.state,
          scheduledFor: rotations.scheduledFor,
        })
        .from(rotations)
        .innerJoin(licenses, eq(licenses.id, rotations.licenseId))
        .$dynamic(),
    )
      .where(isUpcoming)
      .orderBy(asc(rotations.scheduledFor))
      .limit(limit),
    db.select({ total: count() }).from(rotations).where(isUpcoming),
  ]);
  return { rows: rows as UpcomingRotation[], total: totals?.total ?? 0 };
}
