/**
 * OpenAPI 3.1 description of the client API, generated from the same zod schemas that validate
 * requests, so the document cannot drift from what the server accepts.
 */
import { z } from "zod";
import { problemSchema, validateRequestSchema, validateResponseSchema } from "@/lib/validations/api";

const registry = z.registry<{ id: string }>();
registry.add(validateRequestSchema, { id: "ValidateRequest" });
registry.add(validateResponseSchema, { id: "ValidateResponse" });
registry.add(problemSchema, { id: "Problem" });

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const problem = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/problem+json": { schema: ref("Problem") } },
});

export function buildOpenApiDocument({ serverUrl }: { serverUrl: string }) {
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: "input" });
  const retryAfter = { "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } } };
  return {
    openapi: "3.1.0",
    info: {
      title: "Rekey client API",
      version: "1",
      description: "Validate license keys online. Every answer is signed: verify `token` with the keys at /.well-known/jwks.json.",
    },
    servers: [{ url: serverUrl }],
    paths: {
      "/api/v1/licenses/validate": {
        post: {
          operationId: "validateLicense",
          summary: "Validate a license key",
          description: "Always 200 with a `code` for any well-formed request; the `code` says what the user should do.",
          requestBody: { required: true, content: { "application/json": { schema: ref("ValidateRequest") } } },
          responses: {
            "200": { description: "The verdict, signed.", content: { "application/json": { schema: ref("ValidateResponse") } } },
            "400": problem("The body is not valid JSON or a field is wrong; `errors` names each field."),
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
            "200": { description: "The JWK Set.", content: { "application/jwk-set+json": { schema: { type: "object", properties: { keys: { type: "array", items: { type: "object" } } } } } } },
            "304": { description: "Unchanged since the ETag you sent." },
          },
        },
      },
    },
    components: { schemas },
  };
}
