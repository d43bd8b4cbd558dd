import { z } from "zod";

export { CADENCE_CHOICES, LEAD_DAY_CHOICES, OVERLAP_CHOICES, WINDOW_DURATION_CHOICES } from "./choices";

const asArray = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const overlapMinutes = z.coerce
  .number({ error: "Choose how long the old and new keys overlap." })
  .int("Whole minutes only.")
  .min(0, "The overlap cannot be negative.")
  .max(90 * 24 * 60, "The overlap is at most 90 days.");

export const rotationPreferencesSchema = z.object({
  licenseId: z.uuid(),
  cadence: z.union([z.literal("manual"), z.coerce.number().int().positive()], {
    error: "Choose how often the key rotates.",
  }),
  weekdays: z.preprocess(
    asArray,
    z.array(z.coerce.number().int().min(1).max(7)).min(1, "Pick at least one day for the window."),
  ),
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter a start time like 22:00."),
  durationMinutes: z.coerce
    .number()
    .int()
    .min(15, "The window is at least 15 minutes.")
    .max(1440, "The window is at most 24 hours."),
  timeZone: z.string().trim().min(1, "Choose a time zone.").max(64),
  leadDays: z.preprocess(
    asArray,
    z.array(z.coerce.number().int().min(0).max(60)).max(6, "Choose at most six notice times."),
  ),
  overlapMinutes,
  /** A checkbox: present (`on`) when ticked; anything else is refused rather than read as "no". */
  alignWithRenewal: z
    .literal("on", { error: "Tick the box or leave it empty." })
    .optional()
    .transform((value) => value === "on"),
});
export type RotationPreferencesInput = z.infer<typeof rotationPreferencesSchema>;

export const rotateNowSchema = z.object({
  licenseId: z.uuid(),
  overlapMinutes,
  reason: z.string().trim().max(500, "Keep the reason under 500 characters.").optional(),
});

export const licenseActionSchema = z.object({ licenseId: z.uuid() });

export const reasonedLicenseActionSchema = z.object({
  licenseId: z.uuid(),
  reason: z
    .string({ error: "Say why, for the audit trail." })
    .trim()
    .min(3, "Say why in a few words, for the audit trail.")
    .max(500, "Keep the reason under 500 characters."),
});

/** The query of a one-click link in a rotation email (see lib/rotation/rotation-links.ts). */
export const rotationLinkSchema = z.object({
  rotation: z.uuid({ error: "The link names no rotation." }),
  at: z.iso.datetime({ error: "The link names no rotation date." }).transform((value) => new Date(value)),
});
