import { and, eq } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { licenses } from "@/lib/db/schema";
import { findLicensingModel } from "@/lib/devices/floating-seats";
import { NotFound } from "@/lib/errors";
import { listSeatHolders, NAMED_USER_SEAT_MODEL } from "./named-user-seats";

/** A named-user license's seats and who holds them (null for other seat models): the portal's and support's view. */
export async function listLicenseSeats(ctx: Pick<OrgCtx, "db" | "orgId">, licenseId: string) {
  const [license] = await ctx.db
    .select({ id: licenses.id, orgId: licenses.orgId, seats: licenses.seats, editionId: licenses.editionId })
    .from(licenses)
    .where(and(eq(licenses.id, licenseId), eq(licenses.orgId, ctx.orgId)));
  if (!license) throw new NotFound("License not found.");
  if ((await findLicensingModel(ctx.db, license.editionId)).seatModel !== NAMED_USER_SEAT_MODEL) return null;
  return { seats: license.seats, holders: await listSeatHolders(ctx.db, license) };
}

export type LicenseSeats = NonNullable<Awaited<ReturnType<typeof listLicenseSeats>>>;
