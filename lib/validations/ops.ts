import { z } from "zod";
import { SIGNING_ALGORITHMS } from "@/lib/signing/algorithms";
import { staffReasonSchema } from "./staff";
import { checkbox, wholeNumber } from "./support";

const kid = z
  .string({ error: "Choose a signing key." })
  .trim()
  .regex(/^[A-Za-z0-9_-]{20,100}$/, "That is not a signing key id.");
const optionalUuid = (message: string) =>
  z.preprocess(
    (value) => (value === "" || value === undefined ? undefined : value),
    z.uuid({ error: message }).optional(),
  );

/** `global`, `product:<uuid>` or `product:<uuid>/edition:<uuid>` (lib/signing/scope.ts). */
export const signingScopeSchema = z
  .string({ error: "Choose a scope." })
  .regex(/^(global|product:[0-9a-f-]{36}(\/edition:[0-9a-f-]{36})?)$/, "That is not a signing scope.");

export const generateSigningKeySchema = staffReasonSchema.extend({
  scope: signingScopeSchema,
  algorithm: z.enum(SIGNING_ALGORITHMS, { error: "Choose EdDSA, ES256 or RS256." }),
});

export const signingKeyActionSchema = staffReasonSchema.extend({ kid });

export const decideApprovalSchema = staffReasonSchema.extend({
  approvalId: z.uuid({ error: "That is not an approval request." }),
});

export const bulkRotationIdSchema = z.object({ bulkRunId: z.uuid({ error: "That is not a bulk rotation." }) });
export const controlBulkRotationSchema = staffReasonSchema.extend(bulkRotationIdSchema.shape);

/** "1, 10, 100": cumulative shares of the selection, strictly ascending, ending at 100. */
const wavePercentsSchema = z.string({ error: "Enter the wave sizes." }).transform((text, ctx) => {
  const parts = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  const isValid =
    parts.length >= 1 &&
    parts.length <= 10 &&
    parts.every((p) => Number.isInteger(p) && p >= 1 && p <= 100) &&
    parts.every((p, i) => i === 0 || p > parts[i - 1]!) &&
    parts.at(-1) === 100;
  if (!isValid) {
    ctx.addIssue({
      code: "custom",
      message: "Enter up to 10 whole percentages, ascending, ending at 100 (e.g. 1, 10, 100).",
    });
    return z.NEVER;
  }
  return parts;
});

export const bulkRotationFilterSchema = z.object({
  productId: z.uuid({ error: "Choose a product." }),
  editionId: optionalUuid("Choose an edition or all editions."),
  orgId: optionalUuid("Choose a customer or all customers."),
  status: z.enum(["active", "suspended"], { error: "Choose active or suspended licenses." }).default("active"),
  expiringWithinDays: z.preprocess(
    (value) => (value === "" || value === undefined ? undefined : value),
    z.coerce
      .number({ error: "Enter a number of days." })
      .int("Enter whole days.")
      .min(1, "At least 1 day.")
      .max(3650, "At most 3650 days.")
      .optional(),
  ),
});
export type BulkRotationFilter = z.infer<typeof bulkRotationFilterSchema>;

export const requestBulkRotationSchema = staffReasonSchema.extend({
  ...bulkRotationFilterSchema.shape,
  wavePercents: wavePercentsSchema.default([1, 10, 100]),
  overlapMinutes: z.coerce
    .number({ error: "Enter the overlap in minutes." })
    .int("Enter whole minutes.")
    .min(0, "The overlap cannot be negative.")
    .max(43_200, "At most 30 days (43200 minutes)."),
  soakMinutes: z.coerce
    .number({ error: "Enter the soak time in minutes." })
    .int("Enter whole minutes.")
    .min(0, "Cannot be negative.")
    .max(10_080, "At most 7 days (10080 minutes)."),
  haltFailurePercent: z.coerce
    .number({ error: "Enter a percentage." })
    .int("Enter a whole percentage.")
    .min(1, "At least 1 %.")
    .max(100, "At most 100 %."),
  haltMinFailures: z.coerce
    .number({ error: "Enter a number." })
    .int("Enter a whole number.")
    .min(1, "At least 1.")
    .max(1_000_000, "At most 1000000."),
});
export type RequestBulkRotationInput = z.infer<typeof requestBulkRotationSchema>;

/** The four-eyes policy form (lib/approvals/save-four-eyes-policy.ts): a blank limit is no limit. */
export const fourEyesPolicySchema = staffReasonSchema.extend({
  licenseRevoke: checkbox,
  extendBeyondDays: z.preprocess(
    (value) => (value === "" || value === null ? undefined : value),
    wholeNumber("extension limit in days", 1, 3650).optional(),
  ),
  suspendBeyondCount: z.preprocess(
    (value) => (value === "" || value === null ? undefined : value),
    wholeNumber("suspension limit in licenses", 1, 100_000).optional(),
  ),
  signingKeyActions: checkbox,
  apiTokenCreate: checkbox,
});
export type FourEyesPolicyInput = z.infer<typeof fourEyesPolicySchema>;
