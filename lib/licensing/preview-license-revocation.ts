import { and, count, eq, inArray } from "drizzle-orm";
import { orgScope, type OrgCtx, type StaffCtx } from "@/lib/context";
import { devices, licenseKeys, licenses } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { findRotationPolicy } from "@/lib/rotation/find-rotation-policy";
import { holdsSeatSql } from "@/lib/devices";
import { isValidatingKey, type LicenseKeyState, VALIDATING_KEY_STATES } from "./license-key-transitions";
import type { LicenseStatus } from "./license-transitions";

const HOUR_MS = 3_600_000;

/**
 * What a revocation would do, before anyone confirms it: which keys stop validating, how many
 * active devices lose their license, and when (suspended now, permanent after the undo window).
 */
export async function previewLicenseRevocation(ctx: StaffCtx | OrgCtx, licenseId: string) {
  const scope = orgScope(ctx);
  const [license] = await ctx.db
    .select()
    .from(licenses)
    .where(and(eq(licenses.id, licenseId), scope ? eq(licenses.orgId, scope) : undefined));
  if (!license) throw new NotFound("License not found.");
  const [policy, keys, [active]] = await Promise.all([
    findRotationPolicy(ctx.db, license),
    ctx.db
      .select({ prefix: licenseKeys.prefix, state: licenseKeys.state })
      .from(licenseKeys)
      .where(and(eq(licenseKeys.licenseId, licenseId), inArray(licenseKeys.state, [...VALIDATING_KEY_STATES]))),
    ctx.db
      .select({ n: count() })
      .from(devices)
      .where(and(eq(devices.licenseId, licenseId), holdsSeatSql())),
  ]);
  return describeLicenseRevocation(
    { status: license.status, keys, activeDevices: active?.n ?? 0, undoHours: policy.revocationUndoHours },
    ctx.now(),
  );
}

/**
 * The same preview from facts a caller has loaded already (the customer's license page has the
 * license's keys, its devices and its policy): no statements of its own (issue 21).
 */
export function describeLicenseRevocation(
  facts: {
    status: LicenseStatus;
    keys: { prefix: string; state: LicenseKeyState }[];
    activeDevices: number;
    undoHours: number;
  },
  now: Date,
) {
  return {
    status: facts.status,
    keys: facts.keys.filter(isValidatingKey).map(({ prefix, state }) => ({ prefix, state })),
    activeDevices: facts.activeDevices,
    undoHours: facts.undoHours,
    /** Clients get SUSPENDED from this moment; the revocation is permanent at `permanentAt`. */
    clientsStopAt: now,
    permanentAt: new Date(now.getTime() + facts.undoHours * HOUR_MS),
  };
}

export type RevocationPreview = ReturnType<typeof describeLicenseRevocation>;
