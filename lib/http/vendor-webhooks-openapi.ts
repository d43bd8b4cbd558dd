/**
 * The OpenAPI 3.1 top-level `webhooks` (OpenAPI 3.1 §4.8.1): the events Rekey POSTs to the vendor's
 * own endpoints (Admin → Vendor webhooks), one entry per event type, from the same list the admin
 * page subscribes to, so the document cannot miss a type.
 */
import { VENDOR_EVENT_LABELS, VENDOR_EVENT_TYPES, type VendorEventType } from "@/lib/validations/vendor-webhooks";

const id = { type: "string", format: "uuid" };
const dateTime = { type: "string", format: "date-time" };
const nullableDateTime = { type: ["string", "null"], format: "date-time" };
const change = {
  type: "object",
  description: "What changed: field name → { from, to }.",
  additionalProperties: { type: "object", properties: { from: {}, to: {} } },
};

const licenseData = {
  type: "object",
  required: ["licenseId", "customerId", "productId", "editionId", "status", "seats", "startsAt", "expiresAt"],
  properties: {
    licenseId: id,
    customerId: { ...id, description: "The customer organisation." },
    productId: id,
    editionId: id,
    status: {
      type: "string",
      enum: ["active", "suspended", "revoking", "expired", "revoked"],
      description: "The stored status; a license past `expiresAt` is expired whatever it says.",
    },
    seats: { type: "integer" },
    startsAt: dateTime,
    expiresAt: nullableDateTime,
    change,
  },
};
const rotationData = {
  type: "object",
  required: ["rotationId", "licenseId", "customerId", "kind", "scheduledFor"],
  properties: {
    rotationId: id,
    licenseId: id,
    customerId: id,
    kind: { type: "string", enum: ["scheduled", "customer", "emergency", "reissue"] },
    scheduledFor: dateTime,
  },
};
const deviceData = {
  type: "object",
  required: ["deviceId", "licenseId", "customerId", "name", "platform", "status", "activationMethod"],
  properties: {
    deviceId: id,
    licenseId: id,
    customerId: id,
    name: { type: "string" },
    platform: { type: "string" },
    status: {
      type: "string",
      enum: ["active", "inactive", "deactivated"],
      description: "`inactive`: missed heartbeats past the policy, seat freed.",
    },
    activationMethod: { type: "string", enum: ["online", "offline"] },
    isReactivated: { type: "boolean", description: "device.activated only: a known device took a seat again." },
  },
};

const DATA_OF: Record<VendorEventType, object> = {
  "license.created": licenseData,
  "license.updated": licenseData,
  "license.expired": licenseData,
  "license.revoked": licenseData,
  "rotation.issued": rotationData,
  "rotation.completed": rotationData,
  "device.activated": deviceData,
  "device.deactivated": deviceData,
};

const header = (name: string, description: string) => ({
  name,
  in: "header",
  required: true,
  description,
  schema: { type: "string" },
});

/** Standard Webhooks headers (standardwebhooks.com, "Webhook headers"); the body is `{ type, timestamp, data }`. */
export function vendorWebhooksOpenApi() {
  return Object.fromEntries(
    VENDOR_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: `vendorWebhook_${type.replace(".", "_")}`,
          summary: VENDOR_EVENT_LABELS[type],
          description:
            "Sent to each enabled vendor endpoint subscribed to this type, at least once (retried with back-off for about three days). Verify `webhook-signature` with the endpoint's `whsec_` secret as Standard Webhooks specifies; during a secret roll it carries two space-separated signatures. Drop repeats by `webhook-id`. No key material is ever sent.",
          parameters: [
            header("webhook-id", "Message id, the same on every retry and resend."),
            header("webhook-timestamp", "Unix seconds of this attempt; reject ones far from your clock."),
            header(
              "webhook-signature",
              "`v1,<base64 HMAC-SHA256 of id.timestamp.body>`, space-separated when there are several.",
            ),
          ],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["type", "timestamp", "data"],
                  properties: { type: { const: type }, timestamp: dateTime, data: DATA_OF[type] },
                },
              },
            },
          },
          responses: { "2XX": { description: "Received. Anything else (or no answer within 10 s) is retried." } },
        },
      },
    ]),
  );
}
