/**
 * OpenAPI 3.1 description of the client API, generated from the same zod schemas that validate
 * requests, so the document cannot drift from what the server accepts.
 */
import { z } from "zod";
import {
  activateDeviceRequestSchema,
  activationPinProblemSchema,
  deviceDeactivationResponseSchema,
  deviceLeaseResponseSchema,
  deviceRefusalSchema,
  deviceRequestSchema,
  exchangeKeyRequestSchema,
  exchangeKeyResponseSchema,
  checkoutLeaseRequestSchema,
  floatingLeaseReleaseResponseSchema,
  floatingLeaseResponseSchema,
  heartbeatRequestSchema,
  problemSchema,
  recordUsageRequestSchema,
  usageResponseSchema,
  validateRequestSchema,
  validateResponseSchema,
} from "@/lib/validations/api";
import { REVOCATION_KINDS, REVOCATION_REASON_CODES } from "@rekey/sdk";
import { IDEMPOTENCY_KEY_PARAMETER, managementPaths, managementSecuritySchemes } from "./management-openapi";
import { releasesPaths, releasesSecuritySchemes } from "./releases-openapi";
import { vendorWebhooksOpenApi } from "./vendor-webhooks-openapi";
import { customerApiPaths, customerApiSecuritySchemes } from "./customer-api-openapi";
import { scimPaths, scimSecuritySchemes } from "./scim-openapi";

const registry = z.registry<{ id: string }>();
registry.add(validateRequestSchema, { id: "ValidateRequest" });
registry.add(validateResponseSchema, { id: "ValidateResponse" });
registry.add(problemSchema, { id: "Problem" });
registry.add(activateDeviceRequestSchema, { id: "ActivateDeviceRequest" });
registry.add(deviceRequestSchema, { id: "DeviceRequest" });
registry.add(deviceLeaseResponseSchema, { id: "DeviceLeaseResponse" });
registry.add(deviceDeactivationResponseSchema, { id: "DeviceDeactivationResponse" });
registry.add(deviceRefusalSchema, { id: "DeviceRefusal" });
registry.add(activationPinProblemSchema, { id: "ActivationPinProblem" });
registry.add(exchangeKeyRequestSchema, { id: "ExchangeKeyRequest" });
registry.add(exchangeKeyResponseSchema, { id: "ExchangeKeyResponse" });
registry.add(checkoutLeaseRequestSchema, { id: "CheckoutLeaseRequest" });
registry.add(floatingLeaseResponseSchema, { id: "FloatingLeaseResponse" });
registry.add(floatingLeaseReleaseResponseSchema, { id: "FloatingLeaseReleaseResponse" });
registry.add(recordUsageRequestSchema, { id: "RecordUsageRequest" });
registry.add(usageResponseSchema, { id: "UsageResponse" });
registry.add(heartbeatRequestSchema, { id: "HeartbeatRequest" });

/** The feed page as served; `reason` lists the codes the SDK knows (it still parses newer ones). */
const revocationPageSchema = {
  type: "object",
  required: ["since", "next", "hasMore", "items", "token"],
  properties: {
    since: { type: "integer" },
    next: { type: "integer" },
    hasMore: { type: "boolean" },
    token: { type: "string", description: "JWS over the page." },
    items: {
      type: "array",
      items: {
        type: "object",
        required: ["seq", "kind", "subject", "licenseId", "reason", "revokedAt"],
        properties: {
          seq: { type: "integer" },
          kind: { type: "string", enum: [...REVOCATION_KINDS] },
          subject: {
            type: "string",
            description:
              "`license_key`: the key's public prefix; `license`: the license id; `device`: the device id; `signing_key`: the kid.",
          },
          licenseId: { type: ["string", "null"] },
          reason: { type: "string", enum: [...REVOCATION_REASON_CODES] },
          revokedAt: { type: "string", format: "date-time" },
        },
      },
    },
  },
};

const healthSchema = {
  type: "object",
  required: ["status", "database"],
  properties: {
    status: { type: "string", enum: ["ok", "degraded"] },
    database: { type: "string", enum: ["ok", "unreachable"] },
  },
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const problem = (description: string, headers?: Record<string, unknown>, schema = "Problem") => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/problem+json": { schema: ref(schema) } },
});

/**
 * The device endpoints share their refusals: validation's codes as signed problem+json. Activation
 * can also ask for the license PIN (`isPinAsked`): an unsigned 403 with PIN_REQUIRED or PIN_INVALID.
 */
function deviceOperation(
  {
    operationId,
    summary,
    description,
    request,
    ok,
    isPinAsked = false,
    conflicts = "TOO_MANY_DEVICES or FINGERPRINT_MISMATCH (every seat taken; `detail` says where to free one), or NOT_ACTIVATED",
  }: {
    operationId: string;
    summary: string;
    description: string;
    request: string;
    ok: Record<string, unknown>;
    isPinAsked?: boolean;
    /** The signed 409 codes, when the endpoint has others than the device ones. */
    conflicts?: string;
  },
  retryAfter: Record<string, unknown>,
) {
  const refusal = (description: string) =>
    problem(`${description} \`token\` signs the refusal with your nonce.`, undefined, "DeviceRefusal");
  const forbidden = refusal(
    "PRODUCT_MISMATCH, or the key or license may not be used now: REVOKED, KEY_RETIRED, SUSPENDED, EXPIRED, NOT_YET_VALID.",
  );
  const pinAsked = {
    description: `${forbidden.description} Or, unsigned (no \`token\`), ActivationPinProblem: PIN_REQUIRED (send the license PIN as \`pin\`; \`unusualActivation\` says whether only a new device on a new network made it necessary) or PIN_INVALID (the PIN sent is wrong). Neither takes a seat nor ends a lease.`,
    content: { "application/problem+json": { schema: { oneOf: [ref("DeviceRefusal"), ref("ActivationPinProblem")] } } },
  };
  return {
    post: {
      operationId,
      summary,
      description,
      parameters: [IDEMPOTENCY_KEY_PARAMETER],
      requestBody: { required: true, content: { "application/json": { schema: ref(request) } } },
      responses: {
        ...ok,
        "400": problem("The body is not valid JSON or a field is wrong; `errors` names each field."),
        "403": isPinAsked ? pinAsked : forbidden,
        "404": refusal("UNKNOWN_KEY."),
        "409": {
          description: `${conflicts}, signed (\`token\` with your nonce). Or, unsigned, IDEMPOTENCY_IN_FLIGHT: the first request with this Idempotency-Key is still running.`,
          content: { "application/problem+json": { schema: { anyOf: [ref("DeviceRefusal"), ref("Problem")] } } },
        },
        "422": problem("IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was used with another body in the last 24 h."),
        "429": problem("Too many requests from this address or for this key.", retryAfter),
      },
    },
  };
}

export function buildOpenApiDocument({ serverUrl }: { serverUrl: string }) {
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: "input" });
  const retryAfter = {
    "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Rekey API",
      version: "1",
      description:
        "Client API: validate license keys online and bind devices to them. Every answer is signed: verify `token` with the keys at /.well-known/jwks.json. Management API (/api/v1/manage): the vendor's own systems manage the catalogue, customers and licenses with an API token.",
    },
    servers: [{ url: serverUrl }],
    // The client API takes no credential: the license key in the body is what it checks. The
    // management operations name their token scheme themselves (management-openapi.ts).
    security: [],
    paths: {
      "/api/v1/licenses/validate": {
        post: {
          operationId: "validateLicense",
          summary: "Validate a license key",
          description:
            "Always 200 with a `code` for any well-formed request; the `code` says what the user should do. An `EXPIRED` license inside the vendor's expiry grace answers `valid: true` with `graceEndsAt`: keep running, ask for renewal.",
          requestBody: { required: true, content: { "application/json": { schema: ref("ValidateRequest") } } },
          responses: {
            "200": {
              description: "The verdict, signed.",
              content: { "application/json": { schema: ref("ValidateResponse") } },
            },
            "400": problem("The body is not valid JSON or a field is wrong; `errors` names each field."),
            "429": problem("Too many requests from this address or for this key.", retryAfter),
          },
        },
      },
      "/api/v1/devices/activate": deviceOperation(
        {
          operationId: "activateDevice",
          summary: "Bind this machine to the license",
          description:
            "Takes a free seat (or keeps the one this fingerprint holds) and returns a signed lease. Only a keyed hash of the fingerprint is stored.",
          request: "ActivateDeviceRequest",
          isPinAsked: true,
          conflicts:
            "TOO_MANY_DEVICES or FINGERPRINT_MISMATCH (every seat taken; `detail` says where to free one), or TRANSFER_LIMIT_REACHED (a seat is free but moving it here would pass the edition's device transfer limit; `transferLimit` names the limit and `nextTransferAt`)",
          ok: {
            "200": {
              description: "Already activated: a fresh lease.",
              content: { "application/json": { schema: ref("DeviceLeaseResponse") } },
            },
            "201": {
              description: "Activated: a new device and its lease.",
              content: { "application/json": { schema: ref("DeviceLeaseResponse") } },
            },
          },
        },
        retryAfter,
      ),
      "/api/v1/devices/heartbeat": deviceOperation(
        {
          operationId: "heartbeatDevice",
          summary: "Renew this machine's lease",
          description:
            "Send before the lease expires (the SDK renews at half its lifetime). A device that missed heartbeats past the license's policy takes a seat back if one is free.",
          request: "HeartbeatRequest",
          ok: {
            "200": {
              description: "A fresh lease.",
              content: { "application/json": { schema: ref("DeviceLeaseResponse") } },
            },
          },
        },
        retryAfter,
      ),
      "/api/v1/devices/deactivate": deviceOperation(
        {
          // Not deactivateDevice: that is the management API's staff operation (operationIds are unique per document).
          operationId: "deactivateThisDevice",
          summary: "Release this machine's seat",
          description: "Idempotent: asking again returns the same receipt. Allowed whatever the license's standing.",
          request: "DeviceRequest",
          ok: {
            "200": {
              description: "Deactivated, with a signed receipt.",
              content: { "application/json": { schema: ref("DeviceDeactivationResponse") } },
            },
          },
        },
        retryAfter,
      ),
      "/api/v1/leases/checkout": deviceOperation(
        {
          operationId: "checkoutFloatingLease",
          summary: "Take one of a floating license's concurrent seats (or borrow it offline)",
          description:
            "Floating licenses only (issue 18). Takes a free seat, or keeps the one this fingerprint holds, until the edition's lease length; renew it with /api/v1/leases/heartbeat. With `borrowDays` (up to the edition's maximum) the seat is borrowed for offline use and `licenseFile` is a signed license file (claims `lease`, `borrowed: true`, `fph`, `exp` = end of the borrowing) that any JOSE library verifies with the JWKS. An unrenewed lease frees its seat when it expires.",
          request: "CheckoutLeaseRequest",
          conflicts:
            "NO_FLOATING_SEAT (every concurrent seat is leased), or SEAT_MODEL_MISMATCH (the license counts seats per device: use /api/v1/devices/activate)",
          ok: {
            "200": {
              description: "This machine already held a lease: renewed (a borrowing is never shortened).",
              content: { "application/json": { schema: ref("FloatingLeaseResponse") } },
            },
            "201": {
              description: "A seat taken: the new lease.",
              content: { "application/json": { schema: ref("FloatingLeaseResponse") } },
            },
          },
        },
        retryAfter,
      ),
      "/api/v1/leases/heartbeat": deviceOperation(
        {
          operationId: "heartbeatFloatingLease",
          summary: "Renew this machine's floating lease",
          description:
            "Send before `expiresAt` (the SDK renews at half the lease). Never takes a new seat: a machine whose lease expired or was released by an owner is answered NOT_ACTIVATED and checks out again.",
          request: "DeviceRequest",
          conflicts: "NOT_ACTIVATED (this machine holds no current lease), or SEAT_MODEL_MISMATCH",
          ok: {
            "200": {
              description: "The renewed lease.",
              content: { "application/json": { schema: ref("FloatingLeaseResponse") } },
            },
          },
        },
        retryAfter,
      ),
      "/api/v1/leases/release": deviceOperation(
        {
          operationId: "releaseFloatingLease",
          summary: "Give this machine's floating seat back",
          description:
            "On exit, or to return a borrowed seat early: the seat is free at once. Allowed whatever the license's standing. Asking again answers NOT_ACTIVATED.",
          request: "DeviceRequest",
          conflicts: "NOT_ACTIVATED (this machine holds no lease)",
          ok: {
            "200": {
              description: "Released.",
              content: { "application/json": { schema: ref("FloatingLeaseReleaseResponse") } },
            },
          },
        },
        retryAfter,
      ),
      "/api/v1/usage": deviceOperation(
        {
          operationId: "recordUsage",
          summary: "Record metered usage against a license's quota",
          description:
            "Usage quotas (issue 18): the edition meters `meter` with an amount per UTC calendar period (day, month or year). Send a new `id` per record (e.g. a UUID): sending the same `id` again counts nothing twice and answers the first record (200, `replayed: true`); the same `id` with another meter or quantity is a 400 naming `id`. The answer says what is used and left this period; `code` QUOTA_EXHAUSTED means nothing is left. Past the quota the edition's `overageStrategy` decides: `none` refuses the record that would pass it, `up_to_125_percent` accepts up to 1.25× the quota, `always_allow` accepts every record and reports `overage`. A meter the edition does not meter is a 400 naming `meter`.",
          request: "RecordUsageRequest",
          conflicts:
            "QUOTA_EXHAUSTED (the record would pass what the overage strategy allows this period; nothing was counted)",
          ok: {
            "200": {
              description: "This `id` was recorded before: nothing counted again.",
              content: { "application/json": { schema: ref("UsageResponse") } },
            },
            "201": {
              description: "Counted.",
              content: { "application/json": { schema: ref("UsageResponse") } },
            },
          },
        },
        retryAfter,
      ),
      "/api/v1/revocations": {
        get: {
          operationId: "listRevocations",
          summary: "Revocation feed (incremental, signed)",
          description:
            "Entries after `since`, oldest first; pass `next` as `since` next time. The feed is public, so `reason` is a code (RFC 5280 §5.3.1 style), never text anyone typed. Verify `token` with the JWKS (audience `rekey:revocations`). Revalidate with If-None-Match. A push variant streams the same pages as Server-Sent Events at /api/v1/revocations/stream.",
          parameters: [
            { name: "since", in: "query", required: false, schema: { type: "integer", minimum: 0, default: 0 } },
          ],
          responses: {
            "200": {
              description: "One page of the feed, signed.",
              content: { "application/json": { schema: revocationPageSchema } },
            },
            "304": { description: "Nothing new since the ETag you sent." },
            "400": problem("`since` is not a whole number; `errors` names it."),
            "429": problem("Too many requests from this address.", retryAfter),
          },
        },
      },
      "/api/v1/revocations/stream": {
        get: {
          operationId: "streamRevocations",
          summary: "Revocation feed pushed as Server-Sent Events",
          description:
            "The pages of GET /api/v1/revocations, pushed as they appear (HTML Living Standard §9.2). Each `revocations` event's `data` is one signed page; its `id` is the page's `next`, so EventSource resumes with Last-Event-ID where it stopped. Comment lines keep idle connections open; the server ends a connection after 10 minutes and the client reconnects.",
          parameters: [
            {
              name: "since",
              in: "query",
              required: false,
              description: "Start after this sequence (ignored when Last-Event-ID is sent).",
              schema: { type: "integer", minimum: 0, default: 0 },
            },
            {
              name: "Last-Event-ID",
              in: "header",
              required: false,
              description: "Sent by EventSource on reconnect: resume after this sequence.",
              schema: { type: "integer", minimum: 0 },
            },
          ],
          responses: {
            "200": {
              // OpenAPI 3.1 cannot describe an event's payload (3.2's itemSchema can): the description names it.
              description:
                "An event stream: `event: revocations`, `id: <next>`, `data:` one page exactly as GET /api/v1/revocations answers it (200), signed.",
              content: { "text/event-stream": { schema: { type: "string" } } },
            },
            "400": problem("`since` or Last-Event-ID is not a whole number; `errors` names it."),
            "429": problem("Too many requests from this address.", retryAfter),
          },
        },
      },
      "/api/v1/keys/exchange": {
        post: {
          operationId: "exchangeKey",
          summary: "Trade the old key for the new one during a rotation",
          description:
            "Token bridging: while a rotation's new key is issued or both keys overlap, software holding the old key receives the new key without a person copying it, where the vendor allows it. Asking again returns the same new key. Not under Idempotency-Key: the answer carries key material, which is never stored.",
          requestBody: { required: true, content: { "application/json": { schema: ref("ExchangeKeyRequest") } } },
          responses: {
            "200": {
              description: "The new key, signed.",
              content: { "application/json": { schema: ref("ExchangeKeyResponse") } },
            },
            "400": problem("The body is not valid JSON or a field is wrong; `errors` names each field."),
            "403": problem(
              "BRIDGING_DISABLED: the vendor does not allow automatic exchange for this product; the new key is in the portal.",
            ),
            "404": problem("UNKNOWN_KEY."),
            "409": problem("NO_ROTATION_IN_PROGRESS: there is no new key to exchange this key for right now."),
            "429": problem("Too many requests from this address or for this key.", retryAfter),
          },
        },
      },
      "/.well-known/jwks.json": {
        get: {
          operationId: "getJwks",
          summary: "Public signing keys (RFC 7517 JWK Set)",
          description: "Pending, active and retiring keys. Cache for max-age; revalidate with If-None-Match.",
          responses: {
            "200": {
              description: "The JWK Set.",
              content: {
                "application/jwk-set+json": {
                  schema: { type: "object", properties: { keys: { type: "array", items: { type: "object" } } } },
                },
              },
            },
            "304": { description: "Unchanged since the ETag you sent." },
            "503": {
              description: "The signing keys cannot be read right now; keep using your cached JWKS.",
              headers: retryAfter,
            },
          },
        },
      },
      "/api/health": {
        get: {
          operationId: "getHealth",
          summary: "Liveness and database reachability",
          description: "For load balancers and monitors.",
          responses: {
            "200": {
              description: "Serving, database reachable.",
              content: { "application/json": { schema: healthSchema } },
            },
            "503": {
              description: "The database is unreachable.",
              headers: retryAfter,
              content: { "application/json": { schema: healthSchema } },
            },
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          responses: {
            "200": {
              description: "The OpenAPI 3.1 document of the client and management APIs.",
              content: { "application/json": { schema: { type: "object" } } },
            },
          },
        },
      },
      ...managementPaths((description) => problem(description)),
      ...releasesPaths(problem, retryAfter),
      ...customerApiPaths((description) => problem(description)),
      ...scimPaths(),
      "/api/webhooks/stripe": {
        post: {
          operationId: "receiveStripeEvent",
          summary: "Stripe events (purchases, renewals, cancellations, refunds)",
          description:
            "For Stripe only: configure it in Stripe as a webhook endpoint (README, Selling through Stripe). The `Stripe-Signature` header must verify over the raw body against the signing secret; each event is applied once per event id.",
          parameters: [{ name: "Stripe-Signature", in: "header", required: true, schema: { type: "string" } }],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["id", "type", "data"],
                  properties: { id: { type: "string" }, type: { type: "string" }, data: { type: "object" } },
                },
              },
            },
          },
          responses: {
            "200": {
              description: "Applied, ignored (`code` says why) or seen before (`duplicate`).",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      received: { type: "boolean" },
                      outcome: { type: "string", enum: ["processed", "ignored", "duplicate"] },
                      code: { type: ["string", "null"] },
                    },
                  },
                },
              },
            },
            "400": problem(
              "STRIPE_SIGNATURE_INVALID: the signature is missing, wrong or too old; nothing was read or changed. INVALID_INPUT: the body is too large.",
            ),
            "404": problem(
              "STRIPE_NOT_CONFIGURED: no signing secret is set (REKEY_STRIPE_WEBHOOK_SECRET or Admin → Billing).",
            ),
            "422": problem(
              "The event was recorded but not applied: STRIPE_PRICE_UNMAPPED (map the price in Admin → Billing), STRIPE_PRICE_MISSING, STRIPE_EMAIL_MISSING, STRIPE_EVENT_UNREADABLE, or a refusal of the license change. Stripe redelivers it; it is applied then.",
            ),
          },
        },
      },
    },
    webhooks: vendorWebhooksOpenApi(),
    components: {
      schemas,
      securitySchemes: {
        ...managementSecuritySchemes,
        ...releasesSecuritySchemes,
        ...customerApiSecuritySchemes,
        ...scimSecuritySchemes,
      },
    },
  };
}

export interface DocumentedOperation {
  method: string;
  path: string;
  summary: string;
  operationId: string;
}

/** Every operation of the document in its order, for the docs page's list. */
export function documentedOperations(document: ReturnType<typeof buildOpenApiDocument>): DocumentedOperation[] {
  return Object.entries(
    document.paths as Record<string, Record<string, { summary?: string; operationId?: string }>>,
  ).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      summary: operation.summary ?? "",
      operationId: operation.operationId ?? "",
    })),
  );
}
