import { and, asc, eq, sql } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { devices, licenses } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";

/** Devices bound to one of the caller's licenses: active first, then most recently seen. */
export async function listDevices(ctx: OrgCtx, licenseId: string) {
  const [license] = await ctx.db
    .select({ id: licenses.id })
    .from(licenses)
    .where(and(eq(licenses.id, licenseId), eq(licenses.orgId, ctx.orgId)));
  if (!license) throw new NotFound("License not found.");
  return ctx.db
    .select({
      id: devices.id,
      name: devices.name,
      platform: devices.platform,
      status: devices.status,
      activatedAt: devices.activatedAt,
      deactivatedAt: devices.deactivatedAt,
      lastSeenAt: devices.lastSeenAt,
    })
    .from(devices)
    .where(eq(devices.licenseId, licenseId))
    .orderBy(sql`case ${devices.status} when 'active' then 0 when 'inactive' then 1 else 2 end`, asc(devices.name));
}
