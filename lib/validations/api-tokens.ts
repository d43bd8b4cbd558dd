import { z } from "zod";
import { staffReasonSchema } from "./staff";
import { wholeNumber } from "./support";

/**
 * Management API tokens (issue 15). Scopes: `read` sees everything; `licenses:write` also changes
 * customers, licenses, devices and rotations; `catalogue:write` also changes products and
 * editions; `full` is both.
 */
export const API_TOKEN_SCOPES = ["read", "licenses:write", "catalogue:write", "full"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export const API_TOKEN_SCOPE_LABELS: Record<ApiTokenScope, string> = {
  read: "Read only",
  "licenses:write": "Licenses: customers, licenses, devices, rotations",
  "catalogue:write": "Catalogue: products and editions",
  full: "Full access",
};

/** What a caller needs for one operation; `full` grants every one, a write scope also grants `read`. */
export type RequiredScope = Exclude<ApiTokenScope, "full">;

/** Rolling keeps the old value working up to a week (Stripe offers up to 7 days too). */
export const MAX_ROLL_OVERLAP_MINUTES = 7 * 24 * 60;

const tokenId = z.uuid({ error: "That is not an API token id." });

export const createApiTokenSchema = staffReasonSchema.extend({
  name: z
    .string({ error: "Name the token." })
    .trim()
    .min(1, "Name the token (what system uses it).")
    .max(100, "Keep the name under 100 characters."),
  scope: z.enum(API_TOKEN_SCOPES, { message: "Choose what the token may do." }),
  /** Empty: never expires (until revoked). */
  expiresOn: z.preprocess(
    (value) => (value === "" || value === undefined ? null : value),
    z.iso
      .date({ error: "Enter the expiry as a date, like 2027-06-30." })
      .transform((day) => new Date(`${day}T23:59:59Z`))
      .nullable(),
  ),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

export const rollApiTokenSchema = staffReasonSchema.extend({
  tokenId,
  overlapMinutes: wholeNumber("overlap in minutes", 0, MAX_ROLL_OVERLAP_MINUTES),
});
export type RollApiTokenInput = z.infer<typeof rollApiTokenSchema>;

export const revokeApiTokenSchema = staffReasonSchema.extend({ tokenId });
export type RevokeApiTokenInput = z.infer<typeof revokeApiTokenSchema>;

/** The requester collects a token a second admin approved (issue 22). */
export const collectApiTokenSchema = z.object({
  approvalId: z.uuid({ error: "That is not an approval request." }),
});
