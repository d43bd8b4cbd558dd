import { and, eq, isNull, or } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { rotationPreferences } from "@/lib/db/schema";

/** The preference that applies to a license: its own if set, otherwise the organisation default. */
export async function getEffectiveRotationPreference(ctx: OrgCtx, licenseId: string) {
  const rows = await ctx.db
    .select()
    .from(rotationPreferences)
    .where(and(eq(rotationPreferences.orgId, ctx.orgId), or(eq(rotationPreferences.licenseId, licenseId), isNull(rotationPreferences.licenseId))));
  const own = rows.find((row) => row.licenseId === licenseId);
  const preference = own ?? rows.find((row) => row.licenseId === null);
  return preference ? { ...preference, isOrgDefault: !own } : null;
}
