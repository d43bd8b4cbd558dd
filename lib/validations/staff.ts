import { z } from "zod";
import { staffReasonCategories } from "./choices";

export { staffReasonCategories, staffReasonLabels, type StaffReasonCategory } from "./choices";

/**
 * Every staff write carries a reason (free text + category); both land in the audit event
 * (`reason` column, `data.reasonCategory`). Forms send the fields `reason` and `reasonCategory`.
 */
export const staffReasonSchema = z.object({
  reason: z.string().trim().min(5, "Explain the reason in at least 5 characters.").max(500, "Keep the reason under 500 characters."),
  reasonCategory: z.enum(staffReasonCategories, { message: "Choose a reason category." }),
});
export type StaffReason = z.infer<typeof staffReasonSchema>;
