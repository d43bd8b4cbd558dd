import { and, count, eq, gt, ne } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { editions, floatingLeases } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { FloatingLease } from "./floating-lease-transitions";

export type LicensingModel = Pick<typeof editions.$inferSelect, "seatModel" | "floatingLeaseMinutes" | "maxBorrowDays">;

/** The edition's licensing model: how its licenses count seats, and the floating lease rules. */
export async function findLicensingModel(db: Executor, editionId: string): Promise<LicensingModel> {
  const [model] = await db
    .select({
      seatModel: editions.seatModel,
      floatingLeaseMinutes: editions.floatingLeaseMinutes,
      maxBorrowDays: editions.maxBorrowDays,
    })
    .from(editions)
    .where(eq(editions.id, editionId));
  if (!model) throw new NotFound("Edition not found.");
  return model;
}

/** This machine's held lease, expired or not: checking out again reuses its row (one held per machine). */
export function findHeldLease(db: Executor, licenseId: string, fingerprintDigest: string) {
  return db
    .select()
    .from(floatingLeases)
    .where(
      and(
        eq(floatingLeases.licenseId, licenseId),
        eq(floatingLeases.fingerprintDigest, fingerprintDigest),
        eq(floatingLeases.status, "held"),
      ),
    )
    .then((rows): FloatingLease | undefined => rows[0]);
}

/**
 * Seats taken at `now` by other machines: held leases not yet expired. Called behind the license
 * row lock (`lockLicenseForClient`), so twenty racing checkouts for five seats count one by one.
 */
export async function countTakenFloatingSeats(
  db: Executor,
  { licenseId, now, exceptLeaseId }: { licenseId: string; now: Date; exceptLeaseId?: string },
): Promise<number> {
  const [taken] = await db
    .select({ n: count() })
    .from(floatingLeases)
    .where(
      and(
        eq(floatingLeases.licenseId, licenseId),
        eq(floatingLeases.status, "held"),
        gt(floatingLeases.expiresAt, now),
        exceptLeaseId ? ne(floatingLeases.id, exceptLeaseId) : undefined,
      ),
    );
  return taken?.n ?? 0;
}
