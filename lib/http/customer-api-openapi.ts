/**
 * The customer API's part of the OpenAPI 3.1 document (issue 17): an organization's own automation
 * (the `rekey` CLI, CI pipelines) with a token an owner made under Settings → API tokens.
 */
import { z } from "zod";
import { customerRotateSchema } from "@/lib/validations/customer-api-tokens";
import { IDEMPOTENCY_KEY_PARAMETER } from "./management-openapi";

export const CUSTOMER_SECURITY_SCHEME = "customerToken";

export const customerApiSecuritySchemes = {
  [CUSTOMER_SECURITY_SCHEME]: {
    type: "http",
    scheme: "bearer",
    description:
      "An organization API token (`rk_org_…`) made by an owner under Settings → API tokens. Scopes: licenses:read (every token), keys:read, devices:write, rotations:write.",
  },
} as const;

type ProblemRef = (description: string) => Record<string, unknown>;

const LICENSES = "/api/v1/customer/licenses";
const LICENSE = `${LICENSES}/{licenseId}`;
const licenseIdParameter = {
  name: "licenseId",
  in: "path",
  required: true,
  schema: { type: "string", format: "uuid" },
};
const json = (description: string) => ({
  description,
  content: { "application/json": { schema: { type: "object" } } },
});

function operation(
  problem: ProblemRef,
  {
    operationId,
    summary,
    scope,
    hasLicense = true,
    parameters = [],
    requestBody,
    ok,
    refusals = {},
  }: {
    operationId: string;
    summary: string;
    scope: string;
    hasLicense?: boolean;
    parameters?: object[];
    requestBody?: object;
    ok: object;
    refusals?: Record<string, string>;
  },
) {
  return {
    operationId,
    summary,
    description: `Needs a token with the \`${scope}\` scope. Another organization's license answers 404, as an unknown one does.`,
    security: [{ [CUSTOMER_SECURITY_SCHEME]: [] }],
    parameters: [...(hasLicense ? [licenseIdParameter] : []), ...parameters],
    ...(requestBody ? { requestBody } : {}),
    responses: {
      "200": ok,
      "400": problem("A query parameter or body field is wrong; `errors` names each (INVALID_INPUT)."),
      "401": problem(
        "No token, or an unknown, revoked or expired one, or its owner is no longer an owner (UNAUTHENTICATED).",
      ),
      "403": problem("The token's scopes do not allow this (FORBIDDEN)."),
      "404": problem("No such license in the token's organization (NOT_FOUND)."),
      "429": problem("Too many requests from this address (RATE_LIMITED)."),
      ...Object.fromEntries(Object.entries(refusals).map(([status, description]) => [status, problem(description)])),
    },
  };
}

/** Why the key-material gate refuses a token (lib/licensing/key-material-gate.ts). */
const KEY_MATERIAL_REFUSALS =
  "The token lacks the `keys:read` scope (FORBIDDEN), or the organization requires a second factor for keys and the token was made without one (SECOND_FACTOR_REQUIRED: an owner makes a new token after confirming their second factor).";

/** `paths` entries of the customer API. */
export function customerApiPaths(problem: ProblemRef): Record<string, Record<string, unknown>> {
  return {
    [LICENSES]: {
      get: operation(problem, {
        operationId: "customerListLicenses",
        summary: "The organization's licenses",
        scope: "licenses:read",
        hasLicense: false,
        ok: json("`{ data: [{ id, product, productName, edition, status, seats, seatsUsed, startsAt, expiresAt }] }`"),
      }),
    },
    [`${LICENSE}/key`]: {
      get: operation(problem, {
        operationId: "customerGetLicenseKey",
        summary: "A license's current or pending key",
        scope: "keys:read",
        parameters: [
          { name: "which", in: "query", required: false, schema: { type: "string", enum: ["current", "pending"] } },
        ],
        ok: json("`{ licenseId, which, prefix, key }`; audited as a reveal by the token."),
        refusals: { "403": KEY_MATERIAL_REFUSALS },
      }),
    },
    [`${LICENSE}/license-file`]: {
      get: operation(problem, {
        operationId: "customerGetLicenseFile",
        summary: "A signed license file (JWT) for offline verification",
        scope: "keys:read",
        ok: { description: "The file.", content: { "application/jwt": { schema: { type: "string" } } } },
        refusals: { "403": KEY_MATERIAL_REFUSALS },
      }),
    },
    [`${LICENSE}/rotate`]: {
      post: operation(problem, {
        operationId: "customerRotateNow",
        summary: "Rotate the key now, or at a chosen time (`at`)",
        scope: "rotations:write",
        parameters: [IDEMPOTENCY_KEY_PARAMETER],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: z.toJSONSchema(customerRotateSchema, { io: "input", target: "draft-2020-12" }),
            },
          },
        },
        ok: json(
          "`{ licenseId, rotationId, state, scheduledFor, oldKeyValidUntil }`; with `at`, state `planned` (or the moved rotation's) and `oldKeyValidUntil` null.",
        ),
        refusals: {
          "400":
            "A body field is wrong, e.g. `at` malformed or not in the future; `errors` names each (INVALID_INPUT).",
          "409":
            "The license's state does not allow a rotation now, or one is already under way (CONFLICT), or IDEMPOTENCY_IN_FLIGHT.",
          "422":
            "The overlap is outside the product's policy, or `at` is past the postponement limit, in a freeze or too close to expiry (POLICY_VIOLATION), or IDEMPOTENCY_KEY_REUSED.",
        },
      }),
    },
    [`${LICENSE}/postpone`]: {
      post: operation(problem, {
        operationId: "customerPostponeRotation",
        summary: "Postpone the next planned rotation by one window",
        scope: "rotations:write",
        parameters: [IDEMPOTENCY_KEY_PARAMETER],
        ok: json("`{ licenseId, scheduledFor }`"),
        refusals: {
          "409": "No planned rotation to postpone (CONFLICT).",
          "422": "Past the policy's postponement limit (POLICY_VIOLATION).",
        },
      }),
    },
    [`${LICENSE}/devices`]: {
      get: operation(problem, {
        operationId: "customerListDevices",
        summary: "The devices bound to a license",
        scope: "licenses:read",
        ok: json("`{ data: [{ id, name, platform, status, activatedAt, lastSeenAt, … }] }`"),
      }),
    },
  };
}
