import { z } from "zod";

/**
 * Every staff write carries a reason (free text + category); both land in the audit event
 * (`reason` column, `data.reasonCategory`). Forms send the fields `reason` and `reasonCategory`.
 */
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

export const staffReasonSchema = z.object({
  reason: z.string().trim().min(5, "Explain the reason in at least 5 characters.").max(500, "Keep the reason under 500 characters."),
  reasonCategory: z.enum(staffReasonCategories, { message: "Choose a reason category." }),
});
export type StaffReason = z.infer<typeof staffReasonSchema>;
