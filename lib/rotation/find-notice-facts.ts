import type { Executor } from "@/lib/db";
import { findLicensesNames } from "@/lib/licensing/license-notices";
import { findEffectivePreferences } from "./get-rotation-preference";

/** Lead times for a license nobody chose any for (the portal's suggested default). */
export const DEFAULT_NOTICE_LEAD_DAYS = [14, 3, 1];

export interface NoticeFacts {
  orgId: string;
  productName: string;
  editionName: string;
  /** The zone the customer chose for rotation windows: notices speak their wall-clock time. */
  timeZone: string;
  noticeLeadDays: number[];
}

/** What every notice about a license needs: names, the customer's zone and lead times (licenses that no longer exist are left out). */
export async function findNoticeFactsForLicenses(
  db: Executor,
  licenseIds: readonly string[],
): Promise<Map<string, NoticeFacts>> {
  const names = await findLicensesNames(db, licenseIds);
  const preferences = await findEffectivePreferences(
    db,
    [...names].map(([licenseId, { orgId }]) => ({ orgId, licenseId })),
  );
  return new Map(
    [...names].map(([licenseId, license]) => {
      const preference = preferences.get(licenseId);
      return [
        licenseId,
        {
          ...license,
          timeZone: preference?.timeZone ?? "UTC",
          noticeLeadDays: preference?.noticeLeadDays ?? DEFAULT_NOTICE_LEAD_DAYS,
        },
      ];
    }),
  );
}

export async function findNoticeFacts(db: Executor, licenseId: string): Promise<NoticeFacts | null> {
  return (await findNoticeFactsForLicenses(db, [licenseId])).get(licenseId) ?? null;
}
