/**
 * The management API's part of the OpenAPI 3.1 document, built from the operation table
 * (lib/management/operations.ts) and its zod schemas, so the description is what the router checks.
 */
import { z } from "zod";
import {
  MANAGEMENT_BASE_PATH,
  MANAGEMENT_OPERATIONS,
  pathParamsOf,
  type ManagementOperation,
} from "@/lib/management/operations";

export const MANAGEMENT_SECURITY_SCHEME = "managementToken";

export const managementSecuritySchemes = {
  [MANAGEMENT_SECURITY_SCHEME]: {
    type: "http",
    scheme: "bearer",
    description:
      "A management API token (`rk_live_…`) made by an admin under Admin → API tokens. Scopes: read, licenses:write, catalogue:write, full.",
  },
} as const;

// Form-friendly preprocessing (checkboxes, empty strings) cannot be expressed in JSON Schema; its input is then unconstrained.
const jsonSchemaOf = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" });

/** The Idempotency-Key header of every changing POST, in both APIs (lib/http/idempotency.ts). */
export const IDEMPOTENCY_KEY_PARAMETER = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Replays the first answer for 24 h (same body); another body: 422; still running: 409.",
  schema: { type: "string", maxLength: 255 },
} as const;

/** lib/management/operations.ts `PendingApprovalAnswer`. */
const PENDING_APPROVAL_RESPONSE = {
  description:
    "The approval policy holds this action for a second staff member: nothing changed yet; it runs when an admin other than the token's owner approves it under Admin → Approvals.",
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["status", "approvalId", "expiresAt", "detail"],
        properties: {
          status: { const: "awaiting_approval" },
          approvalId: { type: "string", format: "uuid" },
          expiresAt: { type: "string", format: "date-time" },
          detail: { type: "string" },
        },
      },
    },
  },
} as const;

type ProblemRef = (description: string) => Record<string, unknown>;

function operationObject(operation: ManagementOperation, problem: ProblemRef) {
  const pathParams = pathParamsOf(operation.path);
  const queryProperties = operation.query
    ? ((jsonSchemaOf(operation.query) as { properties?: Record<string, object> }).properties ?? {})
    : {};
  const isWrite = operation.method !== "GET";
  const body = operation.body
    ? jsonSchemaOf(
        operation.body.omit(
          Object.fromEntries(pathParams.map((name) => [name, true] as const)) as Record<string, true> &
            Record<number, never>,
        ),
      )
    : undefined;
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: `Needs a token with the \`${operation.scope}\` scope (or \`full\`${operation.scope === "read" ? "; every token may read" : ""}).`,
    security: [{ [MANAGEMENT_SECURITY_SCHEME]: [] }],
    parameters: [
      ...pathParams.map((name) => ({ name, in: "path", required: true, schema: { type: "string", format: "uuid" } })),
      ...Object.entries(queryProperties).map(([name, schema]) => ({ name, in: "query", required: false, schema })),
      ...(isWrite
        ? [IDEMPOTENCY_KEY_PARAMETER]
        : [{ name: "If-None-Match", in: "header", required: false, schema: { type: "string" } }]),
    ],
    ...(body ? { requestBody: { required: true, content: { "application/json": { schema: body } } } } : {}),
    responses: {
      [String(operation.successStatus ?? 200)]: {
        description: isWrite
          ? "Done: the resource as it now stands. A replay carries `Idempotent-Replayed: true`."
          : "The resource, or a page `{ data, nextCursor }`; `ETag` for revalidation.",
        content: { "application/json": { schema: { type: "object" } } },
      },
      ...(operation.mayAwaitApproval ? { "202": PENDING_APPROVAL_RESPONSE } : {}),
      ...(isWrite ? {} : { "304": { description: "Unchanged since the ETag you sent." } }),
      "400": problem("A field, query parameter or the cursor is wrong; `errors` names each."),
      "401": problem("No token, or an unknown, revoked or expired one (UNAUTHENTICATED)."),
      "403": problem("The token's scope does not allow this (FORBIDDEN)."),
      "404": problem("No such object (NOT_FOUND)."),
      ...(isWrite
        ? {
            "409": problem("The object's state does not allow this now, or IDEMPOTENCY_IN_FLIGHT."),
            "422": problem("Not allowed by policy, or IDEMPOTENCY_KEY_REUSED."),
          }
        : {}),
    },
  };
}

/** `paths` entries for every management operation, grouped by path. */
export function managementPaths(problem: ProblemRef): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of MANAGEMENT_OPERATIONS) {
    (paths[`${MANAGEMENT_BASE_PATH}${operation.path}`] ??= {})[operation.method.toLowerCase()] = operationObject(
      operation,
      problem,
    );
  }
  return paths;
}
