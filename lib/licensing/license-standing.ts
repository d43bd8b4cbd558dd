import { listOrgAuditEvents } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { isExpired, isRevoked, isSuspended, type LicenseStatus } from "./license-transitions";

/**
 * Why a license that is not active does not work, for the page that shows this instead of rotation
 * settings (issue 16 item 5): a suspension with the vendor's message to the customer (never the
 * internal note) and when it happened, an expiry with its date, a final revocation. Active licenses
 * and revocations still in their undo window (which have their own banner) have none.
 */
export type LicenseStanding =
  | { kind: "suspended"; message: string | null; since: Date | null }
  | { kind: "expired"; expiredAt: Date | null }
  | { kind: "revoked"; revokedAt: Date | null };

export async function findLicenseStanding(
  ctx: Pick<OrgCtx, "db" | "orgId">,
  license: { id: string; status: LicenseStatus; expiresAt: Date | null; revokedAt: Date | null },
): Promise<LicenseStanding | null> {
  if (isExpired(license.status)) return { kind: "expired", expiredAt: license.expiresAt };
  if (isRevoked(license.status)) return { kind: "revoked", revokedAt: license.revokedAt };
  if (!isSuspended(license.status)) return null;
  const { events } = await listOrgAuditEvents(ctx, {
    subjectType: "license",
    subjectId: license.id,
    actionPrefix: "license.suspended",
    limit: 1,
  });
  const [suspension] = events;
  return { kind: "suspended", message: suspension?.reason ?? null, since: suspension?.occurredAt ?? null };
}
