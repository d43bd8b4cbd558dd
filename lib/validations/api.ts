import { z } from "zod";

/** Bodies of the public client API (/api/v1); the OpenAPI document is generated from these. */
export const validateRequestSchema = z
  .object({
    key: z.string({ error: "key is required: the license key as the customer entered it." }).min(1, "key must not be empty.").max(200, "key is at most 200 characters."),
    fingerprint: z.string().min(8, "fingerprint must be at least 8 characters.").max(512, "fingerprint is at most 512 characters.").optional(),
    product: z.string().min(1).max(100, "product is at most 100 characters.").optional(),
    nonce: z.string().min(8, "nonce must be at least 8 characters.").max(128, "nonce is at most 128 characters.").optional(),
  });
export type ValidateRequest = z.infer<typeof validateRequestSchema>;

export const VALIDATION_CODES = [
  "VALID",
  "VALID_ROTATING",
  "EXPIRED",
  "SUSPENDED",
  "REVOKED",
  "KEY_RETIRED",
  "UNKNOWN_KEY",
  "NOT_ACTIVATED",
  "TOO_MANY_DEVICES",
  "FINGERPRINT_MISMATCH",
  "PRODUCT_MISMATCH",
  "NOT_YET_VALID",
] as const;
export type ValidationCode = (typeof VALIDATION_CODES)[number];

export const validateResponseSchema = z
  .object({
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
        entitlements: z.array(z.string()),
      })
      .nullable(),
    key: z
      .object({
        state: z.enum(["pending", "active", "retiring", "retired", "revoked"]),
        rotatesAt: z.iso.datetime().optional().describe("When this key stops validating (during a rotation's overlap)."),
        newKeyReady: z.boolean().optional().describe("A replacement key is ready to copy in the portal."),
      })
      .nullable(),
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
  key: z.string({ error: "key is required: the key being replaced." }).min(1, "key must not be empty.").max(200, "key is at most 200 characters."),
  nonce: z.string().min(8, "nonce must be at least 8 characters.").max(128, "nonce is at most 128 characters.").optional(),
});
