/**
 * Where a person sees a license they hold a seat of (issue 18), member of its organization or not:
 * the seat email links here, and the holder view's pages live under it.
 */
export const HELD_LICENSES_PATH = "/held";

/**
 * The holder's own sign-in settings (authenticator app, passkeys): a person outside every
 * organization has no portal settings page, yet an organization may require a second factor
 * before showing keys.
 */
export const HELD_SECURITY_PATH = `${HELD_LICENSES_PATH}/security`;

export const heldLicensePath = (licenseId: string) => `${HELD_LICENSES_PATH}/${licenseId}`;
