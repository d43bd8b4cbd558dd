import { and, eq, isNull, or } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import type { Executor } from "@/lib/db";
import { rotationPreferences } from "@/lib/db/schema";

export type RotationPreference = typeof rotationPreferences.$inferSelect & { isOrgDefault: boolean };

/** The preference that applies to a license: its own if set, otherwise the organisation default. */
export async function findEffectivePreference(db: Executor, { orgId, licenseId }: { orgId: string; licenseId: string }): Promise<RotationPreference | null> {
  const rows = await db
    .select()
    .from(rotationPreferences)
    .where(and(eq(rotationPreferences.orgId, orgId), or(eq(rotationPreferences.licenseId, licenseId), isNull(rotationPreferences.licenseId))));
  const own = rows.find((row) => row.licenseId === licenseId);
  const preference = own ?? rows.find((row) => row.licenseId === null);
  return preference ? { ...preference, isOrgDefault: !own } : null;
}

export function getEffectiveRotationPreference(ctx: OrgCtx, licenseId: string) {
  return findEffectivePreference(ctx.db, { orgId: ctx.orgId, licenseId });
}
