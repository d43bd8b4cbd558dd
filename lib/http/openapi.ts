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
  problemSchema,
  validateRequestSchema,
  validateResponseSchema,
} from "@/lib/validations/api";
import { REVOCATION_KINDS, REVOCATION_REASON_CODES } from "@rekey/sdk";
import { managementPaths, managementSecuritySchemes } from "./management-openapi";

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
          subject: { type: "string", description: "`license_key`: the key's public prefix; `license`: the license id; `device`: the device id; `signing_key`: the kid." },
          licenseId: { type: ["string", "null"] },
          reason: { type: "string", enum: [...REVOCATION_REASON_CODES] },
          revokedAt: { type: "string", format: "date-time" },
        },
      },
    },
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
  { operationId, summary, description, request, ok, isPinAsked = false }: { operationId: string; summary: string; description: string; request: string; ok: Record<string, unknown>; isPinAsked?: boolean },
  retryAfter: Record<string, unknown>,
) {
  const refusal = (description: string) => problem(`${description} \`token\` signs the refusal with your nonce.`, undefined, "DeviceRefusal");
  const forbidden = refusal("PRODUCT_MISMATCH, or the key or license may not be used now: REVOKED, KEY_RETIRED, SUSPENDED, EXPIRED, NOT_YET_VALID.");
  const pinAsked = {
    description: `${forbidden.description} Or, unsigned (no \`token\`), ActivationPinProblem: PIN_REQUIRED (send the license PIN as \`pin\`; \`unusualActivation\` says whether only a new device on a new network made it necessary) or PIN_INVALID (the PIN sent is wrong). Neither takes a seat nor ends a lease.`,
    content: { "application/problem+json": { schema: { oneOf: [ref("DeviceRefusal"), ref("ActivationPinProblem")] } } },
  };
  return {
    post: {
      operationId,
      summary,
      description,
      requestBody: { required: true, content: { "application/json": { schema: ref(request) } } },
      responses: {
        ...ok,
        "400": problem("The body is not valid JSON or a field is wrong; `errors` names each field."),
        "403": isPinAsked ? pinAsked : forbidden,
        "404": refusal("UNKNOWN_KEY."),
        "409": refusal("TOO_MANY_DEVICES or FINGERPRINT_MISMATCH (every seat taken; `detail` says where to free one), or NOT_ACTIVATED."),
        "429": problem("Too many requests from this address or for this key.", retryAfter),
      },
    },
  };
}

export function buildOpenApiDocument({ serverUrl }: { serverUrl: string }) {
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: "input" });
  const retryAfter = { "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } } };
  return {
    openapi: "3.1.0",
    info: {
      title: "Rekey API",
      version: "1",
      description:
        "Client API: validate license keys online and bind devices to them. Every answer is signed: verify `token` with the keys at /.well-known/jwks.json. Management API (/api/v1/manage): the vendor's own systems manage the catalogue, customers and licenses with an API token.",
    },
    servers: [{ url: serverUrl }],
    paths: {
      "/api/v1/licenses/validate": {
        post: {
          operationId: "validateLicense",
          summary: "Validate a license key",
          description: "Always 200 with a `code` for any well-formed request; the `code` says what the user should do. An `EXPIRED` license inside the vendor's expiry grace answers `valid: true` with `graceEndsAt`: keep running, ask for renewal.",
          requestBody: { required: true, content: { "application/json": { schema: ref("ValidateRequest") } } },
          responses: {
            "200": { description: "The verdict, signed.", content: { "application/json": { schema: ref("ValidateResponse") } } },
            "400": problem("The body is not valid JSON or a field is wrong; `errors` names each field."),
            "429": problem("Too many requests from this address or for this key.", retryAfter),
          },
        },
      },
      "/api/v1/devices/activate": deviceOperation(
        {
          operationId: "activateDevice",
          summary: "Bind this machine to the license",
          description: "Takes a free seat (or keeps the one this fingerprint holds) and returns a signed lease. Only a keyed hash of the fingerprint is stored.",
          request: "ActivateDeviceRequest",
          isPinAsked: true,
          ok: {
            "200": { description: "Already activated: a fresh lease.", content: { "application/json": { schema: ref("DeviceLeaseResponse") } } },
            "201": { description: "Activated: a new device and its lease.", content: { "application/json": { schema: ref("DeviceLeaseResponse") } } },
          },
        },
        retryAfter,
      ),
      "/api/v1/devices/heartbeat": deviceOperation(
        {
          operationId: "heartbeatDevice",
          summary: "Renew this machine's lease",
          description: "Send before the lease expires (the SDK renews at half its lifetime). A device that missed heartbeats past the license's policy takes a seat back if one is free.",
          request: "DeviceRequest",
          ok: { "200": { description: "A fresh lease.", content: { "application/json": { schema: ref("DeviceLeaseResponse") } } } },
        },
        retryAfter,
      ),
      "/api/v1/devices/deactivate": deviceOperation(
        {
          operationId: "deactivateDevice",
          summary: "Release this machine's seat",
          description: "Idempotent: asking again returns the same receipt. Allowed whatever the license's standing.",
          request: "DeviceRequest",
          ok: { "200": { description: "Deactivated, with a signed receipt.", content: { "application/json": { schema: ref("DeviceDeactivationResponse") } } } },
        },
        retryAfter,
      ),
      "/api/v1/revocations": {
        get: {
          operationId: "listRevocations",
          summary: "Revocation feed (incremental, signed)",
          description:
            "Entries after `since`, oldest first; pass `next` as `since` next time. The feed is public, so `reason` is a code (RFC 5280 §5.3.1 style), never text anyone typed. Verify `token` with the JWKS (audience `rekey:revocations`). Revalidate with If-None-Match. A push variant streams the same pages as Server-Sent Events at /api/v1/revocations/stream.",
          parameters: [{ name: "since", in: "query", required: false, schema: { type: "integer", minimum: 0, default: 0 } }],
          responses: {
            "200": { description: "One page of the feed, signed.", content: { "application/json": { schema: revocationPageSchema } } },
            "304": { description: "Nothing new since the ETag you sent." },
            "400": problem("`since` is not a whole number; `errors` names it."),
            "429": problem("Too many requests from this address.", retryAfter),
          },
        },
      },
      "/.well-known/jwks.json": {
        get: {
          operationId: "getJwks",
          summary: "Public signing keys (RFC 7517 JWK Set)",
          description: "Pending, active and retiring keys. Cache for max-age; revalidate with If-None-Match.",
          responses: {
            "200": { description: "The JWK Set.", content: { "application/jwk-set+json": { schema: { type: "object", properties: { keys: { type: "array", items: { type: "object" } } } } } } },
            "304": { description: "Unchanged since the ETag you sent." },
          },
        },
      },
      ...managementPaths((description) => problem(description)),
    },
    components: { schemas, securitySchemes: managementSecuritySchemes },
  };
}
