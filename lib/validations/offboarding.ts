import { z } from "zod";
import { staffReasonSchema } from "./staff";

const orgId = z.uuid({ error: "That is not a customer id." });

/** Ending a customer by a date (lib/offboarding): the whole last day counts, as for license expiries. */
export const scheduleOffboardingSchema = staffReasonSchema.extend({
  orgId,
  endsAt: z.iso
    .date({ error: "Enter the end date, like 2027-06-30." })
    .transform((day) => new Date(`${day}T23:59:59Z`)),
  licenseEnding: z.enum(["revoke", "expire"], { error: "Choose whether the licenses are revoked or expire." }),
});
export type ScheduleOffboardingInput = z.infer<typeof scheduleOffboardingSchema>;

export const cancelOffboardingSchema = staffReasonSchema.extend({
  orgId,
  offboardingId: z.uuid({ error: "That is not an offboarding." }),
});
