import type { Executor } from "@/lib/db";
import { findLicenseNames } from "@/lib/licensing/license-notices";
import { findEffectivePreference } from "./get-rotation-preference";

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

/** What every notice about a license needs: names, the customer's zone and lead times. */
export async function findNoticeFacts(db: Executor, licenseId: string): Promise<NoticeFacts | null> {
  const license = await findLicenseNames(db, licenseId);
  if (!license) return null;
  const preference = await findEffectivePreference(db, { orgId: license.orgId, licenseId });
  return { ...license, timeZone: preference?.timeZone ?? "UTC", noticeLeadDays: preference?.noticeLeadDays ?? DEFAULT_NOTICE_LEAD_DAYS };
}
