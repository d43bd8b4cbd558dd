/**
 * A trial is a license on the product's `trial` edition: a short term and few seats, converted to
 * a paid edition in place (same license, devices kept) by `convertTrialLicense`.
 */
export const TRIAL_EDITION_CODE = "trial";

/** How many days before a trial ends the portal starts saying so prominently. */
export const TRIAL_ENDING_SOON_DAYS = 7;

export function isTrialEdition(editionCode: string): boolean {
  return editionCode === TRIAL_EDITION_CODE;
}
