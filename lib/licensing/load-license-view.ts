import { listOrgAuditEvents } from "@/lib/audit";
import { viewerOf } from "@/lib/auth/viewer";
import { resolveAll } from "@/lib/concurrency";
import type { OrgCtx } from "@/lib/context";
import { holdsSeat, listDevices } from "@/lib/devices";
import {
  findRotationFeedbackPrompt,
  findRotationPolicy,
  getRotationOverview,
  getRotationProgress,
  keyActionsFor,
  OWNER_ONLY_KEY_ACTIONS_RULE,
} from "@/lib/rotation";
import { availableActions, refusalOf } from "@/lib/state-machine";
import { expiryGraceEndsAt } from "./expiry";
import { describeAccessAfterExpiry } from "./expiry-strategy";
import type { LicenseDetail } from "./get-license";
import { keyMaterialRefusal, type KeyMaterialSession } from "./key-material-gate";
import { isActiveKey } from "./license-key-transitions";
import { findLicenseStanding } from "./license-standing";
import { licenseMachine } from "./license-transitions";
import { describeLicenseRevocation } from "./preview-license-revocation";

/** How many of the license's latest events the customer's page lists. */
const RECENT_ACTIVITY = 10;

/**
 * Everything the customer's license page shows besides the license itself, and what its viewer
 * may do there, asked of the machines (issue 16, item 5): the page renders this and decides
 * nothing. `license` is the one the page already loaded for the caller's organization.
 */
export async function loadLicenseView(
  ctx: OrgCtx,
  license: LicenseDetail,
  { session }: { session: KeyMaterialSession },
) {
  const { devices, keyActions, ...loaded } = await resolveAll({
    devices: listDevices(ctx, license),
    rotation: getRotationOverview(ctx, license.id),
    audit: listOrgAuditEvents(ctx, { subjectType: "license", subjectId: license.id, limit: RECENT_ACTIVITY }),
    policy: findRotationPolicy(ctx.db, { productId: license.product.id, editionId: license.edition.id }),
    feedbackPrompt: findRotationFeedbackPrompt(ctx, { licenseId: license.id }),
    /** Why key material (reveal, license file) is refused to this session right now, or null. */
    keyBlock: keyMaterialRefusal(ctx, session),
    keyActions: keyActionsFor(ctx),
    /** Suspended, expired or revoked: why, and the way back, instead of rotation settings. */
    standing: findLicenseStanding(ctx, license),
    progress: getRotationProgress(ctx, license),
  });
  const viewer = viewerOf(ctx);
  const actions = availableActions(licenseMachine, license, viewer);
  const activeKey = license.keys.find(isActiveKey) ?? null;
  /** Devices holding a seat: what the seat meter, the rotation preview and the revocation preview count. */
  const activeDevices = devices.filter(holdsSeat).length;
  return {
    ...loaded,
    devices,
    activeDevices,
    /** From what is loaded above: reading the license, its policy, keys and devices again cost four statements. */
    revocation: describeLicenseRevocation(
      { status: license.status, keys: license.keys, activeDevices, undoHours: loaded.policy.revocationUndoHours },
      ctx.now(),
    ),
    activeKey,
    graceEndsAt: license.expiresAt ? expiryGraceEndsAt(license.expiresAt, loaded.policy.expiryGraceDays) : null,
    /** What the edition's expiry strategy keeps working past the grace (issue 18), or null when nothing does. */
    accessAfterExpiry: describeAccessAfterExpiry(license.edition, license),
    /** The license machine's actions for this viewer: exactly the buttons the page offers. */
    actions,
    rotationControls: {
      rotate: actions.has("rotateKey"),
      postpone: actions.has("postponeRotation"),
      settingsRefusal: refusalOf(licenseMachine, "changeRotationSettings", license, viewer),
      stopKeyRefusal: keyActions.mayStopWorkingKeys ? null : OWNER_ONLY_KEY_ACTIONS_RULE,
    },
  };
}

export type LicenseView = Awaited<ReturnType<typeof loadLicenseView>>;
