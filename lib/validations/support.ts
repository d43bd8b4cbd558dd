import { z } from "zod";
import { REVOCATION_REASON_CODES } from "@rekey/sdk";
import { staffReasonSchema } from "./staff";

/** Staff support actions: every one carries the staff reason contract (reason + category). */
const licenseId = z.uuid({ error: "That is not a license id." });
export const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());
export const wholeNumber = (field: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter the ${field} as a number.` })
    .int(`The ${field} must be a whole number.`)
    .min(min, `The ${field} must be at least ${min}.`)
    .max(max, `The ${field} must be at most ${max}.`);

/** A limit a policy may leave off: an empty field is "no limit" (null), anything else must be a valid number. */
const noLimitWhenEmpty = (limit: z.ZodType<number>) =>
  z.preprocess((value) => (value === "" || value === undefined || value === null ? null : value), limit.nullable());

export const staffLicenseActionSchema = staffReasonSchema.extend({ licenseId });

/** `reasonCode` is what the public revocation feed publishes (codes only, DESIGN.md §4). */
export const staffRevokeLicenseSchema = staffLicenseActionSchema.extend({
  isEmergency: checkbox,
  reasonCode: z.enum(REVOCATION_REASON_CODES, { message: "Choose a revocation code." }).default("unspecified"),
});

export const reissueKeySchema = staffLicenseActionSchema.extend({
  overlapMinutes: wholeNumber("overlap in minutes", 0, 90 * 24 * 60),
});

export const extendExpirySchema = staffLicenseActionSchema.extend({
  expiresAt: z.iso
    .date({ error: "Enter the new expiry as a date, like 2027-06-30." })
    .transform((day) => new Date(`${day}T23:59:59Z`)),
});

export const changeSeatsSchema = staffLicenseActionSchema.extend({ seats: wholeNumber("number of seats", 1, 100_000) });

export const staffDeactivateDeviceSchema = staffLicenseActionSchema.extend({
  deviceId: z.uuid({ error: "That is not a device id." }),
});

export const deliveryActionSchema = staffReasonSchema.extend({
  outboxId: z.uuid({ error: "That is not a delivery id." }),
});

/** The customer's own revocation request (owners): a reason for the audit trail, no category. */
export const customerRevokeLicenseSchema = z.object({
  licenseId,
  reason: z
    .string({ error: "Say why, for the audit trail." })
    .trim()
    .min(3, "Say why in a few words, for the audit trail.")
    .max(500, "Keep the reason under 500 characters."),
});

/** Repeated fields, or one comma-separated field ("30, 90, 180"). */
export const asArray = (value: unknown) => {
  if (value === undefined || value === "") return [];
  if (Array.isArray(value)) return value;
  return typeof value === "string"
    ? value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)
    : [value];
};

export const rotationPolicySchema = staffReasonSchema
  .extend({
    productId: z.uuid({ error: "Choose a product." }),
    /** Empty: the product-wide policy that editions without their own inherit. */
    editionId: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.uuid({ error: "Choose an edition." }).optional(),
    ),
    allowedCadenceDays: z.preprocess(
      asArray,
      z.array(wholeNumber("cadence in days", 1, 3650)).min(1, "Allow at least one cadence."),
    ),
    allowManualCadence: checkbox,
    minOverlapMinutes: wholeNumber("minimum overlap", 0, 90 * 24 * 60),
    maxOverlapMinutes: wholeNumber("maximum overlap", 0, 90 * 24 * 60),
    minNoticeDays: wholeNumber("minimum notice", 0, 60),
    maxPostponeDays: wholeNumber("allowed postponement", 0, 365),
    allowTokenBridging: checkbox,
    expiryGraceDays: wholeNumber("grace after expiry", 0, 365),
    maxKeyAgeDays: noLimitWhenEmpty(wholeNumber("maximum key age", 1, 3650)),
    retireUnusedKeysAfterDays: noLimitWhenEmpty(wholeNumber("days before an unused key is retired", 1, 3650)),
    revocationUndoHours: wholeNumber("revocation undo window", 0, 720),
  })
  .refine((policy) => policy.maxOverlapMinutes >= policy.minOverlapMinutes, {
    path: ["maxOverlapMinutes"],
    message: "The maximum overlap cannot be below the minimum.",
  });
export type RotationPolicyInput = z.infer<typeof rotationPolicySchema>;

export const restoreRotationPolicySchema = staffReasonSchema.extend({
  policyId: z.uuid({ error: "That is not a policy version." }),
});

export const addFreezePeriodSchema = staffReasonSchema
  .extend({
    productId: z.uuid({ error: "Choose a product." }),
    label: z.string().trim().min(3, "Name the freeze, like “Year-end release”.").max(200),
    startsAt: z.iso
      .date({ error: "Enter the first day, like 2026-12-20." })
      .transform((day) => new Date(`${day}T00:00:00Z`)),
    endsAt: z.iso
      .date({ error: "Enter the last day, like 2027-01-05." })
      .transform((day) => new Date(`${day}T23:59:59Z`)),
  })
  .refine((freeze) => freeze.endsAt > freeze.startsAt, {
    path: ["endsAt"],
    message: "The freeze must end after it starts.",
  });

export const removeFreezePeriodSchema = staffReasonSchema.extend({
  freezeId: z.uuid({ error: "That is not a freeze period." }),
});

/** Suspending every active license of one customer (issue 22: more than the policy's N waits for approval). */
export const suspendCustomerLicensesSchema = staffReasonSchema.extend({
  orgId: z.uuid({ error: "That is not a customer id." }),
});
