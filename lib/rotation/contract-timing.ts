/**
 * Rotations in step with the contract (issue 22). A rotation in the last days of a term makes the
 * customer install a key they may never need, and one right after a renewal lands while they are
 * still busy with the renewal's paperwork and new invoice; so the planner keeps out of both.
 * These are the policy values: change them here.
 */
const DAY_MS = 86_400_000;

/** No scheduled rotation this close to the license's expiry: after a renewal it is planned again. */
export const NO_ROTATION_DAYS_BEFORE_EXPIRY = 30;
/** No scheduled rotation this soon after a renewal (the expiry moved later). */
export const NO_ROTATION_DAYS_AFTER_RENEWAL = 14;

export interface ContractDates {
  expiresAt: Date | null;
  renewedAt: Date | null;
  /** When the current term began: the license's start, or the previous expiry once renewed. */
  termStartsAt: Date;
}

/** When the current term began (licenses.termStartsAt is set by a renewal; the first term begins at the start). */
export function termStartOf(license: { startsAt: Date; termStartsAt: Date | null }): Date {
  return license.termStartsAt ?? license.startsAt;
}

/**
 * A customer who rotates with the renewal (rotation preference `alignWithRenewal`) gets one
 * rotation per term, at its start: due at the term start while the active key is older than the
 * term, otherwise not until the next renewal. The quiet days after a renewal do not apply to it,
 * since the customer asked for exactly that moment; the minimum notice and the last days of the
 * term still do.
 */
export function rotationDueAtRenewal(
  { termStartsAt }: Pick<ContractDates, "termStartsAt">,
  lastRotatedAt: Date,
): Date | null {
  return lastRotatedAt < termStartsAt ? termStartsAt : null;
}

/** The earliest start the contract allows, given the planner's own earliest (minimum notice). */
export function earliestRotationInContract({ renewedAt }: Pick<ContractDates, "renewedAt">, earliest: Date): Date {
  const afterRenewal = renewedAt ? new Date(renewedAt.getTime() + NO_ROTATION_DAYS_AFTER_RENEWAL * DAY_MS) : null;
  return afterRenewal && afterRenewal > earliest ? afterRenewal : earliest;
}

/** Whether a rotation at `scheduledFor` keeps out of the last days of the term (a perpetual license has none). */
export function isRotationInContract({ expiresAt }: Pick<ContractDates, "expiresAt">, scheduledFor: Date): boolean {
  return expiresAt === null || scheduledFor.getTime() <= expiresAt.getTime() - NO_ROTATION_DAYS_BEFORE_EXPIRY * DAY_MS;
}
