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

export const LEAD_DAY_CHOICES = [14, 7, 3, 1] as const;
export const CADENCE_CHOICES = [30, 90, 180, 365] as const;
export const WINDOW_DURATION_CHOICES = [60, 120, 240, 480] as const;

export const staffReasonCategories = ["customer_request", "security", "billing", "incident", "maintenance", "other"] as const;
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
