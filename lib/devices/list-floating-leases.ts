import { and, asc, eq, gt } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { editions, floatingLeases, licenses } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";

/**
 * A floating license's seats for its customer (issue 18): who holds each current lease, what
 * kind, until when, and the edition's rules. Expired leases are not shown: they hold no seat.
 * Null for a license whose edition counts devices.
 */
export async function listFloatingLeases(ctx: Pick<OrgCtx, "db" | "orgId" | "now">, licenseId: string) {
  const [license] = await ctx.db
    .select({
      seats: licenses.seats,
      seatModel: editions.seatModel,
      floatingLeaseMinutes: editions.floatingLeaseMinutes,
      maxBorrowDays: editions.maxBorrowDays,
    })
    .from(licenses)
    .innerJoin(editions, eq(editions.id, licenses.editionId))
    .where(and(eq(licenses.id, licenseId), eq(licenses.orgId, ctx.orgId)));
  if (!license) throw new NotFound("License not found.");
  if (license.seatModel !== "floating") return null;
  const leases = await ctx.db
    .select({
      id: floatingLeases.id,
      holderName: floatingLeases.holderName,
      kind: floatingLeases.kind,
      status: floatingLeases.status,
      checkedOutAt: floatingLeases.checkedOutAt,
      expiresAt: floatingLeases.expiresAt,
    })
    .from(floatingLeases)
    .where(
      and(
        eq(floatingLeases.licenseId, licenseId),
        eq(floatingLeases.status, "held"),
        gt(floatingLeases.expiresAt, ctx.now()),
      ),
    )
    .orderBy(asc(floatingLeases.checkedOutAt));
  return { ...license, leases };
}

export type FloatingSeatsOverview = NonNullable<Awaited<ReturnType<typeof listFloatingLeases>>>;
