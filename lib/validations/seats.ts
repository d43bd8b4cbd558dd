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

/** A seat holder asks for their own seat token (lib/seats/seat-token.ts) of this license. */
export const revealSeatTokenSchema = z.object({ licenseId });

/** What a seat token looks like: its version prefix, the holder's user id and a 64-hex keyed digest. */
export const SEAT_TOKEN_PATTERN = /^rks1\.[A-Za-z0-9_-]{1,100}\.[0-9a-f]{64}$/;
