import type { RevocationReasonCode } from "@rekey/sdk";

/**
 * The fixed choices forms offer, apart from the zod schemas that validate them: client components
 * import these, and importing them from a schema module would ship zod to every browser (~33 kB
 * gzip on the license page).
 */
export const OVERLAP_CHOICES = [
  { minutes: 0, label: "No overlap" },
  { minutes: 60, label: "1 hour" },
  { minutes: 24 * 60, label: "24 hours" },
  { minutes: 7 * 24 * 60, label: "7 days" },
] as const;

/**
 * The overlap when nobody chose one: a week, so a customer who reads their email weekly still
 * installs the new key before the old one stops. The one place "how long the overlap may be" starts.
 */
export const DEFAULT_OVERLAP_MINUTES = 7 * 24 * 60;

/** A trial's key was often shared while evaluating: support lets it live a day to two weeks after conversion. */
export const TRIAL_CONVERSION_OVERLAP_CHOICES = [
  { minutes: 24 * 60, label: "1 day" },
  { minutes: DEFAULT_OVERLAP_MINUTES, label: "7 days" },
  { minutes: 14 * 24 * 60, label: "14 days" },
] as const;

type OverlapBounds = { minOverlapMinutes: number; maxOverlapMinutes: number };

/** The usual overlap choices a product's policy allows. */
export function overlapMinutesWithin(policy: OverlapBounds): number[] {
  return OVERLAP_CHOICES.map((choice) => choice.minutes).filter(
    (minutes) => minutes >= policy.minOverlapMinutes && minutes <= policy.maxOverlapMinutes,
  );
}

/** A wanted overlap moved inside the policy's bounds (the policy wins over a saved preference). */
export function clampOverlapMinutes(minutes: number, policy: OverlapBounds): number {
  return Math.min(Math.max(minutes, policy.minOverlapMinutes), policy.maxOverlapMinutes);
}

export const LEAD_DAY_CHOICES = [14, 7, 3, 1] as const;
export const CADENCE_CHOICES = [30, 90, 180, 365] as const;
export const WINDOW_DURATION_CHOICES = [60, 120, 240, 480] as const;

export const staffReasonCategories = [
  "customer_request",
  "security",
  "billing",
  "incident",
  "maintenance",
  "other",
] as const;
export type StaffReasonCategory = (typeof staffReasonCategories)[number];

export const staffReasonLabels: Record<StaffReasonCategory, string> = {
  customer_request: "Customer request",
  security: "Security",
  billing: "Billing or contract",
  incident: "Incident response",
  maintenance: "Maintenance",
  other: "Other",
};

/** The codes the public revocation feed may carry (RFC 5280 §5.3.1 style), as staff choose them. */
export const revocationReasonCodeLabels: Record<RevocationReasonCode, string> = {
  unspecified: "Unspecified",
  key_compromise: "Key compromise",
  superseded: "Superseded",
  cessation_of_operation: "Cessation of operation",
  affiliation_changed: "Affiliation changed",
  privilege_withdrawn: "Privilege withdrawn",
};

export const ACTIVATION_PIN_MODES = ["unusual_only", "every_new_device"] as const;
export const activationPinModeLabels: Record<(typeof ACTIVATION_PIN_MODES)[number], string> = {
  unusual_only: "Only when a new device activates from a network this license has not been used from",
  every_new_device: "For every new device",
};

export const PIN_MIN_LENGTH = 6;
