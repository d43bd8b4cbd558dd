import { z } from "zod";
import { EXPIRY_STRATEGIES, OVERAGE_STRATEGIES, USAGE_PERIODS, VALIDATION_CODES } from "@rekey/sdk";
import { SEAT_TOKEN_PATTERN } from "./seats";

/** Bodies of the public client API (/api/v1); the OpenAPI document is generated from these. */
const licenseKeyField = z
  .string({ error: "key is required: the license key as the customer entered it." })
  .min(1, "key must not be empty.")
  .max(200, "key is at most 200 characters.");
const fingerprintField = z
  .string({
    error: "fingerprint is required: a stable identifier of this machine (only a keyed hash of it is stored).",
  })
  .min(8, "fingerprint must be at least 8 characters.")
  .max(512, "fingerprint is at most 512 characters.");
const productField = z.string().min(1).max(100, "product is at most 100 characters.");
const nonceField = z
  .string()
  .min(8, "nonce must be at least 8 characters.")
  .max(128, "nonce is at most 128 characters.");

/**
 * The client's own version (issue 16, item 9: "version if reported"), shown to the customer beside
 * the device on the adoption view. Printable ASCII only: it is stored and shown, never interpreted.
 */
const clientVersionField = z
  .string()
  .trim()
  .min(1, "clientVersion must not be empty.")
  .max(64, "clientVersion is at most 64 characters.")
  .regex(/^[\x20-\x7e]+$/, "clientVersion may contain only printable ASCII characters, e.g. 4.2.1.")
  .optional()
  .describe("Your software's version, e.g. 4.2.1; the customer sees it beside the device while a key rotates.");

export const validateRequestSchema = z.object({
  key: licenseKeyField,
  fingerprint: fingerprintField.optional(),
  product: productField.optional(),
  nonce: nonceField.optional(),
  user: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "user is at most 254 characters.")
    .pipe(z.email({ error: "user must be the signed-in user's email address." }))
    .optional()
    .describe(
      "Named-user licenses (seatModel `user`): the email your software signed its user in with; without a seat it answers SEAT_NOT_ASSIGNED or TOO_MANY_USERS. Ignored by other seat models, and by editions that require `userToken`.",
    ),
  userToken: z
    .string()
    .trim()
    .regex(SEAT_TOKEN_PATTERN, "userToken must be a seat token as copied from the license's Seats page (rks1.…).")
    .optional()
    .describe(
      "Named-user licenses: the seat holder's token, copied from the license's Seats page once signed in. It names the user instead of `user`, and stops working when the seat is unassigned or reassigned; a token that holds no seat answers SEAT_NOT_ASSIGNED or TOO_MANY_USERS.",
    ),
  clientVersion: clientVersionField,
});
export type ValidateRequest = z.infer<typeof validateRequestSchema>;

/** Heartbeat and deactivate: the key and this machine's fingerprint identify the device. */
export const deviceRequestSchema = z.object({
  key: licenseKeyField,
  fingerprint: fingerprintField,
  product: productField.optional().describe("The product code this software is; a key for another product is refused."),
  nonce: nonceField
    .optional()
    .describe("Echoed inside the signed token, so the answer cannot be replayed to another request."),
});
export type DeviceRequest = z.infer<typeof deviceRequestSchema>;

/** The heartbeat also carries the client's version, when it reports one. */
export const heartbeatRequestSchema = deviceRequestSchema.extend({ clientVersion: clientVersionField });
export type HeartbeatRequest = z.infer<typeof heartbeatRequestSchema>;

const machineNameField = z
  .string()
  .trim()
  .min(1, "name must not be empty.")
  .max(100, "name is at most 100 characters.")
  .optional();

export const activateDeviceRequestSchema = heartbeatRequestSchema.extend({
  name: machineNameField.describe("Shown to the customer in the portal, e.g. the host name."),
  platform: z
    .string()
    .trim()
    .min(1, "platform must not be empty.")
    .max(100, "platform is at most 100 characters.")
    .optional()
    .describe("e.g. macOS 15, Windows 11."),
  pin: z
    .string()
    .min(1, "pin must not be empty.")
    .max(128, "pin is at most 128 characters.")
    .optional()
    .describe(
      "The license PIN, for enterprise licenses that set one. Send it after a PIN_REQUIRED answer (or always, if the user entered it); it is never stored.",
    ),
});
export type ActivateDeviceRequest = z.infer<typeof activateDeviceRequestSchema>;

const deviceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  platform: z.string(),
  status: z.enum(["active", "inactive", "deactivated"]),
});

export const deviceLeaseResponseSchema = z.object({
  device: deviceSchema,
  lease: z.object({
    token: z
      .string()
      .describe(
        "Compact JWS (aud rekey:device-lease): license `sub`, `device`, hashed fingerprint `fph`, `exp`, `grace_days`, your `nonce`.",
      ),
    expiresAt: z.iso.datetime().describe("Heartbeat before this; the SDK renews at half the lease."),
    graceEndsAt: z.iso
      .datetime()
      .describe("How long a client that cannot reach the portal may keep trusting this lease."),
  }),
});
export type DeviceLeaseResponse = z.infer<typeof deviceLeaseResponseSchema>;

export const deviceDeactivationResponseSchema = z.object({
  device: deviceSchema,
  receipt: z
    .string()
    .describe("Compact JWS (aud rekey:device-deactivation): signed proof the device released its seat."),
});
export type DeviceDeactivationResponse = z.infer<typeof deviceDeactivationResponseSchema>;

/** Floating licenses (issue 18): check out one of N concurrent seats from any machine, or borrow it offline. */
export const MAX_BORROW_DAYS = 90;
export const checkoutLeaseRequestSchema = deviceRequestSchema.extend({
  name: machineNameField.describe("Who holds the lease, as the portal shows it: the host or user name."),
  borrowDays: z
    .int("borrowDays must be a whole number of days.")
    .min(1, "borrowDays must be at least 1.")
    .max(MAX_BORROW_DAYS, `borrowDays is at most ${MAX_BORROW_DAYS}.`)
    .optional()
    .describe(
      "Borrow the seat for offline use for this many days (up to the edition's maximum): the answer carries a signed license file valid until then.",
    ),
});
export type CheckoutLeaseRequest = z.infer<typeof checkoutLeaseRequestSchema>;

const floatingLeaseSchema = z.object({
  id: z.uuid(),
  kind: z.enum(["online", "borrowed"]),
  status: z.enum(["held", "released"]),
  holderName: z.string(),
  expiresAt: z.iso.datetime().describe("The seat is held until then; heartbeat before it (the SDK renews at half)."),
});

export const floatingLeaseResponseSchema = z.object({
  lease: floatingLeaseSchema.extend({
    token: z
      .string()
      .describe(
        "Compact JWS (aud rekey:floating-lease): license `sub`, `lease` id, hashed fingerprint `fph`, `kind`, `exp`, your `nonce`.",
      ),
  }),
  seats: z.object({ total: z.int(), taken: z.int() }).describe("The license's concurrent seats, this lease included."),
  licenseFile: z
    .string()
    .optional()
    .describe(
      "Borrowed leases only: a signed license file (JWT, aud = product code) bound to this machine (`fph`), with `lease` and `borrowed: true`, whose `exp` is the end of the borrowing.",
    ),
});
export type FloatingLeaseResponse = z.infer<typeof floatingLeaseResponseSchema>;

export const floatingLeaseReleaseResponseSchema = z.object({ lease: floatingLeaseSchema });
export type FloatingLeaseReleaseResponse = z.infer<typeof floatingLeaseReleaseResponseSchema>;

// The codes are the SDK's protocol module's (issue 17): one list for the server, the SDK and its clients.
export { VALIDATION_CODES };
export type ValidationCode = (typeof VALIDATION_CODES)[number];

export const validateResponseSchema = z.object({
  valid: z.boolean(),
  code: z.enum(VALIDATION_CODES),
  detail: z.string().describe("What the person at the keyboard should do, in one or two sentences."),
  license: z
    .object({
      id: z.uuid(),
      product: z.string(),
      edition: z.string(),
      status: z.enum(["active", "suspended", "expired", "revoked"]),
      expiresAt: z.iso.datetime().nullable(),
      seats: z.int(),
      entitlements: z
        .array(z.string())
        .describe("Under keptAccess `restrict`: only the features that keep working after expiry."),
      seatModel: z
        .enum(["device", "floating", "user"])
        .describe(
          "Licensing model (issue 18): seats bound to devices, concurrent leases (/api/v1/leases/*), or named users (send `user`).",
        ),
      overageStrategy: z.enum(OVERAGE_STRATEGIES).describe("What a usage record past a quota gets (/api/v1/usage)."),
      expiryStrategy: z
        .enum(EXPIRY_STRATEGIES)
        .describe("What the license does once expired past its grace: stop, restrict, or maintain older versions."),
      floatingSeats: z
        .object({
          total: z.int().describe("The license's concurrent seats."),
          inUse: z.int().describe("Seats leased now (held leases not yet expired)."),
        })
        .optional()
        .describe("Floating licenses only: the concurrent seats in use when this answer was made."),
    })
    .nullable(),
  key: z
    .object({
      state: z.enum(["pending", "active", "retiring", "retired", "revoked"]),
      rotatesAt: z.iso.datetime().optional().describe("When this key stops validating (during a rotation's overlap)."),
      newKeyReady: z.boolean().optional().describe("A replacement key is ready to copy in the portal."),
    })
    .nullable(),
  graceEndsAt: z.iso
    .datetime()
    .optional()
    .describe(
      "Only with code EXPIRED during the vendor's expiry grace: the license keeps working (valid is true) until this moment; renew before it.",
    ),
  keptAccess: z
    .object({
      strategy: z.enum(["restrict", "maintain_access"]),
      releasedBefore: z.iso
        .datetime()
        .optional()
        .describe("maintain_access: versions released before this moment keep working; newer ones do not."),
    })
    .optional()
    .describe(
      "Only with code EXPIRED past the grace, when the edition's expiry strategy keeps access (valid is true): `restrict` keeps `license.entitlements` only, `maintain_access` keeps the versions released before `releasedBefore`.",
    ),
  meta: z.object({ nonce: z.string().nullable(), ts: z.iso.datetime() }),
  token: z.string().describe("Compact JWS over the same fields (aud rekey:validation); verify it with the JWKS."),
});
export type ValidateResponse = z.infer<typeof validateResponseSchema>;

export const problemSchema = z.object({
  type: z.string().describe("A URI identifying the problem type (RFC 9457 §3.1.1)."),
  title: z.string(),
  status: z.int(),
  code: z.string().describe("Stable machine-readable code, e.g. INVALID_INPUT or RATE_LIMITED."),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), messages: z.array(z.string()) })).optional(),
});

export const exchangeKeyRequestSchema = z.object({
  key: z
    .string({ error: "key is required: the key being replaced." })
    .min(1, "key must not be empty.")
    .max(200, "key is at most 200 characters."),
  nonce: z
    .string()
    .min(8, "nonce must be at least 8 characters.")
    .max(128, "nonce is at most 128 characters.")
    .optional(),
});

export const exchangeKeyResponseSchema = z.object({
  licenseId: z.uuid(),
  newKey: z.string().describe("The new license key: store it in place of the old one."),
  oldKeyRetiresAt: z.iso
    .datetime()
    .nullable()
    .describe(
      "When the old key stops validating (the rotation's overlap end); null while the new key is issued and the overlap has not started.",
    ),
  meta: z.object({ nonce: z.string().nullable(), ts: z.iso.datetime() }),
  token: z
    .string()
    .describe(
      "Compact JWS (aud rekey:key-exchange) over licenseId, newKeyPrefix, newKeySha256 (base64url SHA-256 of newKey), oldKeyRetiresAt and meta: check newKey against it before storing.",
    ),
});
export type ExchangeKeyResponse = z.infer<typeof exchangeKeyResponseSchema>;

/** A device API refusal: the problem, plus a JWS over its code (aud rekey:device-refusal) with your nonce. */
/** Activation of a new device on a license with a PIN: unsigned, because it is a question, not a verdict. */
export const ACTIVATION_PIN_CODES = ["PIN_REQUIRED", "PIN_INVALID"] as const;
export const activationPinProblemSchema = problemSchema.extend({
  code: z
    .enum(ACTIVATION_PIN_CODES)
    .describe(
      "PIN_REQUIRED: ask the user for the license PIN and send it as `pin`. PIN_INVALID: the `pin` sent is wrong.",
    ),
  unusualActivation: z
    .boolean()
    .describe(
      "True when the PIN is asked only because a new device activates from a network this license has not been used from.",
    ),
});

export const deviceRefusalSchema = problemSchema.extend({
  token: z
    .string()
    .describe("Compact JWS over `code` and `detail` with your nonce: only a signed refusal should end a lease."),
  transferLimit: z
    .object({
      limit: z.int().describe("Moves of a seat to another device the edition allows per period."),
      periodDays: z.int().describe("The rolling period, in days."),
      used: z.int().describe("Moves counted in the period now."),
      nextTransferAt: z.iso
        .datetime()
        .optional()
        .describe("When the next move is possible; absent when the edition allows none."),
    })
    .optional()
    .describe("Only with code TRANSFER_LIMIT_REACHED (device activation, issue 18)."),
});

/** Usage quotas (issue 18): client software records metered usage under a client-generated id. */
export const MAX_USAGE_QUANTITY = 1_000_000;
/** Meter codes are written like feature codes: they end up in client code and license files. */
export const meterCodeField = z
  .string({ error: "meter is required: the code of the metered entitlement, e.g. exports." })
  .trim()
  .toLowerCase()
  .min(2, "meter has at least 2 characters.")
  .max(40, "meter is at most 40 characters.")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "meter uses lower-case letters, digits, dots, dashes and underscores.");

export const recordUsageRequestSchema = z.object({
  key: licenseKeyField,
  product: productField.optional().describe("The product code this software is; a key for another product is refused."),
  nonce: nonceField.optional().describe("Echoed inside the signed token of a refusal."),
  meter: meterCodeField,
  quantity: z
    .int("quantity must be a whole number.")
    .min(1, "quantity must be at least 1.")
    .max(MAX_USAGE_QUANTITY, `quantity is at most ${MAX_USAGE_QUANTITY}.`)
    .default(1),
  id: z
    .string({ error: "id is required: a unique id your software generates for this record (e.g. a UUID)." })
    .min(8, "id must be at least 8 characters.")
    .max(128, "id is at most 128 characters.")
    .regex(/^[A-Za-z0-9._:-]+$/, "id uses letters, digits, dots, colons, dashes and underscores.")
    .describe("Generated by the client once per record: sending the same id again counts nothing twice."),
});
export type RecordUsageRequest = z.infer<typeof recordUsageRequestSchema>;

export const usageResponseSchema = z.object({
  code: z
    .enum(["VALID", "QUOTA_EXHAUSTED"])
    .describe("QUOTA_EXHAUSTED: this record counted and nothing of the quota is left this period."),
  record: z.object({
    id: z.string().describe("Your id."),
    meter: z.string(),
    quantity: z.int(),
    recordedAt: z.iso.datetime(),
    replayed: z.boolean().describe("True when this id was recorded before: nothing was counted again."),
  }),
  usage: z.object({
    meter: z.string(),
    period: z.enum(USAGE_PERIODS),
    periodStartsAt: z.iso.datetime(),
    periodEndsAt: z.iso.datetime().describe("The quota starts afresh then (UTC calendar periods)."),
    limit: z.int(),
    used: z.int().describe("Counted this period, this record included."),
    remaining: z.int().describe("Left of the quota this period; 0 once it is used up."),
    overage: z.int().describe("Used beyond the quota this period (only with an overage strategy that allows it)."),
    overageStrategy: z.enum(OVERAGE_STRATEGIES),
  }),
});
export type UsageResponse = z.infer<typeof usageResponseSchema>;
