/**
 * Where a person sees a license they hold a seat of (issue 18), member of its organization or not:
 * the seat email links here, and the holder view's pages live under it.
 */
export const HELD_LICENSES_PATH = "/held";

export const heldLicensePath = (licenseId: string) => `${HELD_LICENSES_PATH}/${licenseId}`;
