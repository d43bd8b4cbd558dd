import { z } from "zod";
import { emailSchema } from "./members";

/** Named-user seats (issue 18): an owner assigns a seat to a member by email, or takes one back. */
const licenseId = z.uuid({ error: "That is not a license id." });

export const assignSeatSchema = z.object({ licenseId, email: emailSchema });
export type AssignSeatInput = z.infer<typeof assignSeatSchema>;

export const unassignSeatSchema = z.object({
  licenseId,
  userId: z.string({ error: "Choose whose seat to take back." }).min(1, "Choose whose seat to take back.").max(100),
});
