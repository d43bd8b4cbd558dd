import { z } from "zod";
import { staffReasonCategories } from "./choices";

export { staffReasonCategories, staffReasonLabels, type StaffReasonCategory } from "./choices";

/**
 * Every staff write carries a reason in two parts (DESIGN.md §4): `reason`, the internal note
 * (staff only: the audit event's `reason` column, never shown to the customer), with its category
 * (`data.reasonCategory`); and an optional `customerMessage` (`data.customerMessage`), the only
 * words of support's the customer sees, in their Activity, audit export, emails and webhooks.
 */
export const staffReasonSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(5, "Explain the reason in at least 5 characters.")
    .max(500, "Keep the reason under 500 characters."),
  reasonCategory: z.enum(staffReasonCategories, { message: "Choose a reason category." }),
  // A blank box is no message: the customer then reads a neutral sentence.
  customerMessage: z.preprocess(
    (message) => (typeof message === "string" && message.trim() === "" ? undefined : message),
    z.string().trim().max(500, "Keep the message to the customer under 500 characters.").optional(),
  ),
});
export type StaffReason = z.infer<typeof staffReasonSchema>;
