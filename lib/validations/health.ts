import { z } from "zod";

/** Time ranges of the health dashboard's validation chart. */
export const HEALTH_RANGES = ["1h", "24h", "7d"] as const;
export type HealthRange = (typeof HEALTH_RANGES)[number];

export const healthRangeSchema = z.enum(HEALTH_RANGES, { message: "range must be one of 1h, 24h or 7d." });

/** "Did this rotation go smoothly?" — yes / no with an optional comment, or dismissed. */
export const rotationFeedbackSchema = z
  .object({
    rotationId: z.uuid("rotationId must be a rotation id."),
    answer: z.enum(["smooth", "not_smooth", "dismissed"], { message: "Choose yes or no." }),
    comment: z
      .string()
      .trim()
      .max(1000, "Keep the comment under 1000 characters.")
      .optional()
      .transform((value) => value || null),
  })
  .refine((input) => input.answer !== "dismissed" || !input.comment, {
    path: ["comment"],
    message: "A dismissed prompt carries no comment.",
  });
export type RotationFeedbackInput = z.infer<typeof rotationFeedbackSchema>;
