import { findFourEyesPolicy } from "@/lib/approvals";
import { listStaffAuditEvents } from "@/lib/audit";
import { viewerOf } from "@/lib/auth/viewer";
import { listEditions } from "@/lib/catalog";
import type { StaffCtx } from "@/lib/context";
import { deviceMachine, findLicenseTransferAllowance, holdsSeat, listDevices, listFloatingLeases } from "@/lib/devices";
import { listDeliveries } from "@/lib/notify";
import { listLicenseSeats } from "@/lib/seats";
import { findRotationPolicy, getKeyAdoption, listLicenseRotations } from "@/lib/rotation";
import { availableActions, canAct } from "@/lib/state-machine";
import { listLicenseUsage } from "@/lib/usage";
import { resolveAll } from "@/lib/concurrency";
import { getLicense } from "./get-license";
import { isActiveKey } from "./license-key-transitions";
import { licenseMachine } from "./license-transitions";
import { previewLicenseRevocation } from "./preview-license-revocation";
import { isTermRunning, previewTermEnd } from "./end-license-term";

/** How much history support sees at once on a license's page. */
const RECENT = { rotations: 20, deliveries: 10, auditEvents: 25 } as const;

/**
 * Everything support's license page shows, and what this staff member may do there, asked of the
 * machines: the page renders this and decides nothing. A license that does not exist is a
 * NotFound, which the page turns into a 404.
 */
export async function loadStaffLicenseView(ctx: StaffCtx, licenseId: string) {
  const license = await getLicense(ctx, licenseId);
  const scope = { db: ctx.db, orgId: license.orgId };
  const loaded = await resolveAll({
    rotations: listLicenseRotations(ctx.db, licenseId, { limit: RECENT.rotations }),
    devices: listDevices(scope, licenseId),
    floatingSeats: listFloatingLeases({ ...scope, now: ctx.now }, licenseId),
    usage: listLicenseUsage({ ...scope, now: ctx.now }, licenseId),
    deliveries: listDeliveries(ctx.db, { orgId: license.orgId, limit: RECENT.deliveries }),
    audit: listStaffAuditEvents(ctx, {
      orgId: license.orgId,
      subjectType: "license",
      subjectId: licenseId,
      limit: RECENT.auditEvents,
    }),
    policy: findRotationPolicy(ctx.db, { productId: license.product.id, editionId: license.edition.id }),
    /** What a revocation would stop, for the confirmation. */
    preview: previewLicenseRevocation(ctx, licenseId),
    editions: listEditions(ctx.db, { productId: license.product.id }),
    // Support answers "which of our machines still has the old key?" from the same view as the customer.
    adoption: getKeyAdoption({ ...scope, now: ctx.now }, licenseId),
    fourEyes: findFourEyesPolicy(ctx.db),
    /** The edition's device-transfer allowance, or null when transfers are unlimited. */
    transfers: findLicenseTransferAllowance(ctx.db, { licenseId, editionId: license.edition.id, now: ctx.now() }),
    /** Who holds a seat of a named-user license, or null for other seat models. */
    namedSeats: listLicenseSeats(scope, licenseId),
  });
  const viewer = viewerOf(ctx);
  const { devices, editions, ...shown } = loaded;
  return {
    ...shown,
    license,
    devices: devices.map((device) => ({
      ...device,
      mayDeactivate: canAct(deviceMachine, "deactivate", device, viewer),
    })),
    activeDevices: devices.filter(holdsSeat).length,
    activeKey: license.keys.find(isActiveKey) ?? null,
    otherEditions: editions.filter((edition) => edition.id !== license.edition.id),
    /** The license machine's actions for this staff member: exactly the buttons the page offers. */
    actions: availableActions(licenseMachine, license, viewer),
    /** What ending the term now would leave working (issue 18); null when no term is running to end. */
    termEnd: isTermRunning(license, ctx.now())
      ? previewTermEnd(license, { endsAt: ctx.now(), graceDays: loaded.policy.expiryGraceDays })
      : null,
  };
}

export type StaffLicenseView = Awaited<ReturnType<typeof loadStaffLicenseView>>;
