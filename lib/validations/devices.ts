import { z } from "zod";
import { staffReasonSchema } from "./staff";
import {
  OFFLINE_ACTIVATION_REQUEST_FORMAT,
  OFFLINE_DEACTIVATION_REQUEST_FORMAT,
  OFFLINE_REQUEST_VERSION,
} from "@rekey/sdk";

const asArray = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** What the device policy form offers: free a seat after N days without a heartbeat, or keep it. */
export const INACTIVE_AFTER_DAY_CHOICES = [7, 14, 30, 90] as const;

const licenseId = z.uuid({ error: "That is not a license id." });
const deviceId = z.uuid({ error: "Choose a device." });

export const deactivateDevicesSchema = z.object({
  licenseId,
  deviceIds: z.preprocess(
    asArray,
    z
      .array(deviceId)
      .min(1, "Choose at least one device to deactivate.")
      .max(500, "Deactivate at most 500 devices at a time."),
  ),
});

export const deviceActionSchema = z.object({ licenseId, deviceId });

export const deviceListSchema = z.object({ licenseId });

export const renameDeviceSchema = deviceActionSchema.extend({
  name: z
    .string({ error: "Enter a name." })
    .trim()
    .min(1, "Enter a name.")
    .max(100, "Device names are at most 100 characters."),
});

export const devicePolicySchema = z.object({
  licenseId,
  inactiveAfter: z.union(
    [z.literal("keep"), z.coerce.number().int().min(1, "At least one day.").max(365, "At most 365 days.")],
    {
      error: "Choose how long a device may go without checking in.",
    },
  ),
  anomalyNotice: z.preprocess((value) => value === "on" || value === "true", z.boolean()),
});

const fingerprintHash = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "the fingerprintHash is not a SHA-256 hash");
const nonce = z.string().min(16, "the nonce is too short").max(128, "the nonce is too long");
const offlineRequestHeader = (format: string) => ({
  format: z.literal(format, { error: "it is not the right kind of request file" }),
  version: z.literal(OFFLINE_REQUEST_VERSION, { error: "it was made by a newer version of the software" }),
  createdAt: z.iso.datetime({ error: "the createdAt time is missing" }),
});

export const offlineActivationRequestSchema = z.object({
  ...offlineRequestHeader(OFFLINE_ACTIVATION_REQUEST_FORMAT),
  product: z.string().min(1, "the product is missing").max(100),
  keyPrefix: z.string().regex(/^RK-[0-9A-HJKMNP-TV-Z]{4}$/, "the keyPrefix is not the start of a license key"),
  fingerprintHash,
  nonce,
  name: z.string().trim().min(1).max(100, "the device name is longer than 100 characters").optional(),
  platform: z.string().trim().min(1).max(100, "the platform is longer than 100 characters").optional(),
});

export const offlineDeactivationRequestSchema = z.object({
  ...offlineRequestHeader(OFFLINE_DEACTIVATION_REQUEST_FORMAT),
  license: z.uuid({ error: "the license id is missing" }),
  device: z.uuid({ error: "the device id is missing" }),
  fingerprintHash,
  nonce,
});

/**
 * A request file's text (uploaded or pasted), parsed and checked in one step so every problem is
 * reported on the one form field, as a sentence that says what is wrong with the file.
 */
function requestFile<S extends z.ZodType>(schema: S, kind: string) {
  return z.string({ error: `Choose the ${kind} request file.` }).transform((text, ctx): z.output<S> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({
        code: "custom",
        message: `This is not a ${kind} request file: it is not JSON. Choose the file the software saved.`,
      });
      return z.NEVER;
    }
    const checked = schema.safeParse(parsed);
    if (checked.success) return checked.data;
    ctx.addIssue({
      code: "custom",
      message: `This is not a valid ${kind} request file: ${checked.error.issues[0]?.message ?? "it could not be read"}.`,
    });
    return z.NEVER;
  });
}

export const offlineActivationSchema = z.object({
  licenseId,
  request: requestFile(offlineActivationRequestSchema, "activation"),
});
export const offlineDeactivationSchema = z.object({
  licenseId,
  request: requestFile(offlineDeactivationRequestSchema, "deactivation"),
});

export type OfflineActivationRequestInput = z.output<typeof offlineActivationRequestSchema>;
export type OfflineDeactivationRequestInput = z.output<typeof offlineDeactivationRequestSchema>;

/** The finding is the staff reason (`staffReasonSchema`): it becomes the flag's resolution and the audit reason. */
export const resolveAnomalySchema = staffReasonSchema.extend({
  flagId: z.uuid({ error: "Choose a flag." }),
});

/** The owner frees one floating seat (issue 18). */
export const releaseFloatingLeaseSchema = z.object({
  licenseId,
  leaseId: z.uuid({ error: "That is not a lease id." }),
});
