import { listOrgAuditEvents } from "@/lib/audit";
import { viewerOf } from "@/lib/auth/viewer";
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
import type { LicenseDetail } from "./get-license";
import { keyMaterialRefusal, type KeyMaterialSession } from "./key-material-gate";
import { isActiveKey } from "./license-key-transitions";
import { findLicenseStanding } from "./license-standing";
import { licenseMachine } from "./license-transitions";
import { previewLicenseRevocation } from "./preview-license-revocation";

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
  const [devices, rotation, audit, policy, revocation, feedbackPrompt, keyBlock, keyActions, standing, progress] =
    await Promise.all([
      listDevices(ctx, license.id),
      getRotationOverview(ctx, license.id),
      listOrgAuditEvents(ctx, { subjectType: "license", subjectId: license.id, limit: RECENT_ACTIVITY }),
      findRotationPolicy(ctx.db, { productId: license.product.id, editionId: license.edition.id }),
      previewLicenseRevocation(ctx, license.id),
      findRotationFeedbackPrompt(ctx, { licenseId: license.id }),
      keyMaterialRefusal(ctx, session),
      keyActionsFor(ctx),
      findLicenseStanding(ctx, license),
      getRotationProgress(ctx, license.id),
    ]);
  const viewer = viewerOf(ctx);
  const actions = availableActions(licenseMachine, license, viewer);
  const activeKey = license.keys.find(isActiveKey) ?? null;
  return {
    devices,
    /** Devices holding a seat: what the seat meter and the rotation preview count. */
    activeDevices: devices.filter(holdsSeat).length,
    activeKey,
    rotation,
    policy,
    graceEndsAt: license.expiresAt ? expiryGraceEndsAt(license.expiresAt, policy.expiryGraceDays) : null,
    audit,
    revocation,
    feedbackPrompt,
    /** Why key material (reveal, license file) is refused to this session right now, or null. */
    keyBlock,
    /** Suspended, expired or revoked: why, and the way back, instead of rotation settings. */
    standing,
    progress,
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
