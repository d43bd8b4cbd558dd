import { z } from "zod";
import { asArray, wholeNumber } from "./support";
import { staffReasonSchema } from "./staff";

/**
 * What the vendor's own systems (CRM, billing) can subscribe to (issue 15). Payloads carry ids and
 * facts only, never key material: a key is named by its public prefix at most.
 */
export const VENDOR_EVENT_TYPES = [
  "license.created",
  "license.updated",
  "license.expired",
  "license.revoked",
  "rotation.issued",
  "rotation.completed",
  "device.activated",
  "device.deactivated",
] as const;
export type VendorEventType = (typeof VENDOR_EVENT_TYPES)[number];

export const VENDOR_EVENT_LABELS: Record<VendorEventType, string> = {
  "license.created": "License created",
  "license.updated": "License updated (seats, expiry, edition, suspended, reinstated, revocation scheduled or undone)",
  "license.expired": "License expired",
  "license.revoked": "License revoked",
  "rotation.issued": "Rotation issued (new key ready)",
  "rotation.completed": "Rotation completed (old key retired)",
  "device.activated": "Device activated or reactivated",
  "device.deactivated": "Device deactivated or inactive (seat freed)",
};

/** Rolling a secret keeps the old one signing as well for up to a week, like API tokens. */
export const MAX_SECRET_OVERLAP_MINUTES = 7 * 24 * 60;

const endpointId = z.uuid({ error: "That is not a webhook endpoint id." });
const eventTypes = z.preprocess(
  asArray,
  z
    .array(z.enum(VENDOR_EVENT_TYPES, { message: "Choose event types from the list." }))
    .min(1, "Subscribe to at least one event type."),
);

export const vendorEndpointUrlSchema = z
  .string({ error: "Enter the URL that should receive events." })
  .trim()
  .max(2000, "URLs are at most 2000 characters.")
  .pipe(z.url({ protocol: /^https?$/, error: "Enter a full URL starting with https://." }));

export const createVendorEndpointSchema = staffReasonSchema.extend({
  url: vendorEndpointUrlSchema,
  description: z.string().trim().max(200, "Keep the description under 200 characters.").default(""),
  eventTypes,
});
export type CreateVendorEndpointInput = z.infer<typeof createVendorEndpointSchema>;

export const updateVendorEndpointEventsSchema = staffReasonSchema.extend({ endpointId, eventTypes });
export type UpdateVendorEndpointEventsInput = z.infer<typeof updateVendorEndpointEventsSchema>;

export const vendorEndpointActionSchema = staffReasonSchema.extend({ endpointId });

/** A test send changes nothing but the audit trail, so it asks for no reason. */
export const vendorEndpointIdSchema = z.object({ endpointId });
export type VendorEndpointActionInput = z.infer<typeof vendorEndpointActionSchema>;

export const setVendorEndpointEnabledSchema = staffReasonSchema.extend({
  endpointId,
  isEnabled: z.enum(["true", "false"], { message: "Choose enable or disable." }).transform((value) => value === "true"),
});
export type SetVendorEndpointEnabledInput = z.infer<typeof setVendorEndpointEnabledSchema>;

export const rollVendorEndpointSecretSchema = staffReasonSchema.extend({
  endpointId,
  overlapMinutes: wholeNumber("overlap in minutes", 0, MAX_SECRET_OVERLAP_MINUTES),
});
export type RollVendorEndpointSecretInput = z.infer<typeof rollVendorEndpointSecretSchema>;

export const resendVendorDeliverySchema = staffReasonSchema.extend({
  outboxId: z.uuid({ error: "That is not a delivery id." }),
});
export type ResendVendorDeliveryInput = z.infer<typeof resendVendorDeliverySchema>;
