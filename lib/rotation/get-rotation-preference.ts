import { and, inArray, isNull, or } from "drizzle-orm";
import { isAnyOf } from "@/lib/db/json-rows";
import type { OrgCtx } from "@/lib/context";
import type { Executor } from "@/lib/db";
import { rotationPreferences } from "@/lib/db/schema";

export type RotationPreference = typeof rotationPreferences.$inferSelect & { isOrgDefault: boolean };

/** The preference that applies to each license: its own if set, otherwise its organisation's default. */
export async function findEffectivePreferences(
  db: Executor,
  licenses: readonly { orgId: string; licenseId: string }[],
): Promise<Map<string, RotationPreference | null>> {
  if (licenses.length === 0) return new Map();
  const rows = await db
    .select()
    .from(rotationPreferences)
    .where(
      and(
        inArray(rotationPreferences.orgId, [...new Set(licenses.map(({ orgId }) => orgId))]),
        or(
          isAnyOf(
            rotationPreferences.licenseId,
            licenses.map(({ licenseId }) => licenseId),
          ),
          isNull(rotationPreferences.licenseId),
        ),
      ),
    );
  return new Map(
    licenses.map(({ orgId, licenseId }) => {
      const own = rows.find((row) => row.licenseId === licenseId);
      const preference = own ?? rows.find((row) => row.licenseId === null && row.orgId === orgId);
      return [licenseId, preference ? { ...preference, isOrgDefault: !own } : null];
    }),
  );
}

export async function findEffectivePreference(
  db: Executor,
  license: { orgId: string; licenseId: string },
): Promise<RotationPreference | null> {
  return (await findEffectivePreferences(db, [license])).get(license.licenseId) ?? null;
}

export function getEffectiveRotationPreference(ctx: OrgCtx, licenseId: string) {
  return findEffectivePreference(ctx.db, { orgId: ctx.orgId, licenseId });
}
