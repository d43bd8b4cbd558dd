import { z } from "zod";
import { asArray } from "./support";

/**
 * Customer API tokens (issue 17, DESIGN.md §5): made by an organization's owner for its own
 * automation (CI, secret managers, the `rekey` CLI). Every token may list the organization's
 * licenses; each further scope is granted on its own.
 */
export const CUSTOMER_API_TOKEN_SCOPES = ["licenses:read", "keys:read", "devices:write", "rotations:write"] as const;
export type CustomerApiTokenScope = (typeof CUSTOMER_API_TOKEN_SCOPES)[number];

export const CUSTOMER_API_TOKEN_SCOPE_LABELS: Record<CustomerApiTokenScope, string> = {
  "licenses:read": "Read licenses and devices",
  "keys:read": "Download keys and license files",
  "devices:write": "Manage devices",
  "rotations:write": "Rotate keys (rotate now, postpone)",
};

/**
 * A customer token always expires: it can pull keys, so a forgotten one must stop by itself. The
 * longest choice is a year, the usual credential-review interval.
 */
export const CUSTOMER_API_TOKEN_LIFETIME_DAYS = [7, 30, 90, 365] as const;

const tokenId = z.uuid({ error: "That is not an API token id." });

export const createCustomerApiTokenSchema = z.object({
  name: z
    .string({ error: "Name the token." })
    .trim()
    .min(1, "Name the token (what uses it, e.g. the deploy pipeline).")
    .max(100, "Keep the name under 100 characters."),
  scopes: z.preprocess(
    asArray,
    z
      .array(z.enum(CUSTOMER_API_TOKEN_SCOPES, { message: "Choose what the token may do." }))
      .min(1, "Choose at least one thing the token may do.")
      .max(CUSTOMER_API_TOKEN_SCOPES.length),
  ),
  lifetimeDays: z.coerce.number({ error: "Choose when the token expires." }).pipe(
    z.union(
      CUSTOMER_API_TOKEN_LIFETIME_DAYS.map((days) => z.literal(days)),
      { error: "Choose when the token expires." },
    ),
  ),
});
export type CreateCustomerApiTokenInput = z.infer<typeof createCustomerApiTokenSchema>;

export const revokeCustomerApiTokenSchema = z.object({ tokenId });
export type RevokeCustomerApiTokenInput = z.infer<typeof revokeCustomerApiTokenSchema>;

/** `GET …/key?which=`: the key in use now, or the one issued ahead of a rotation. */
export const customerKeyQuerySchema = z.object({
  which: z.enum(["current", "pending"], { error: "Ask for which=current or which=pending." }).default("current"),
});

/**
 * `POST …/rotate`: the overlap is optional; without it the license's rotation preference applies.
 * With `at` the rotation happens at that time instead of now.
 */
export const customerRotateSchema = z.object({
  overlapMinutes: z
    .number({ error: "Give the overlap in whole minutes." })
    .int("Give the overlap in whole minutes.")
    .min(0, "The overlap cannot be negative.")
    .max(90 * 24 * 60, "The overlap is at most 90 days.")
    .optional(),
  reason: z.string().trim().max(500, "Keep the reason under 500 characters.").optional(),
  /** `rekey rotate --at`: rotate then instead of now (RFC 3339 with a zone, so the moment is unambiguous). */
  at: z.iso
    .datetime({ offset: true, error: "Give the time as RFC 3339 with a zone, e.g. 2026-12-15T02:00:00+01:00." })
    .optional(),
});
