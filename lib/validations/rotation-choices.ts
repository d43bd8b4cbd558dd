/**
 * The choices the rotation preferences form offers. Apart from the schemas in rotation.ts because
 * the form is a client component: importing them from there would ship zod to every browser.
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
