import { viewerOf } from "@/lib/auth/viewer";
import type { OrgCtx } from "@/lib/context";
// Deep paths, as the rest of lib/seats: lib/licensing's index reaches lib/seats's (a cycle otherwise).
import { describeAccessAfterExpiry } from "@/lib/licensing/expiry-strategy";
import { getLicense } from "@/lib/licensing/get-license";
import { keyMaterialRefusal, type KeyMaterialSession } from "@/lib/licensing/key-material-gate";
import { licenseMachine } from "@/lib/licensing/license-transitions";
import { availableActions } from "@/lib/state-machine";
import { listSeatHolders } from "./named-user-seats";

/**
 * What the holder view's license page shows (issue 18): the license in plain words, what its
 * expiry strategy keeps working, and what this person may take away from it (their seat token, the
 * key and license file, behind the key-material gate). Nothing of the organization: no members,
 * audit, rotation settings or other people's devices. `ctx` comes from openHeldLicense.
 */
export async function loadHeldLicenseView(
  ctx: OrgCtx,
  licenseId: string,
  { session }: { session: KeyMaterialSession },
) {
  const license = await getLicense(ctx, licenseId);
  const [holders, keyBlock] = await Promise.all([
    listSeatHolders(ctx.db, license),
    keyMaterialRefusal(ctx, session, { licenseId }),
  ]);
  const { orgName, product, edition, status, expiresAt, seats, entitlements, keys } = license;
  return {
    license: { id: license.id, orgName, product, edition, status, expiresAt, seats, entitlements, keys },
    holdsSeat: holders.some((holder) => holder.userId === ctx.actor.userId),
    /** What still works once expired past the grace, in words, or null when nothing does. */
    accessAfterExpiry: describeAccessAfterExpiry(license.edition, license),
    /** Why the key and the license file are refused to this session right now, or null. */
    keyBlock,
    mayDownloadLicenseFile: availableActions(licenseMachine, license, viewerOf(ctx)).has("issueLicenseFile"),
  };
}

export type HeldLicenseView = Awaited<ReturnType<typeof loadHeldLicenseView>>;
