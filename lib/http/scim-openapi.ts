/**
 * SCIM 2.0 Users (RFC 7643/7644, issue 20) in the OpenAPI document: an organization's directory
 * adds and removes its people with the SCIM token an owner made under Settings → Security.
 */
export const SCIM_SECURITY_SCHEME = "scimToken";

export const scimSecuritySchemes = {
  [SCIM_SECURITY_SCHEME]: {
    type: "http",
    scheme: "bearer",
    description:
      "The organization's SCIM token (`rk_scim_…`), made or replaced by an owner under Settings → Security. It names the organization; another organization's Users answer 404.",
  },
} as const;

const scimJson = (description: string) => ({
  description,
  content: { "application/scim+json": { schema: { type: "object" } } },
});
/** RFC 7644 §3.12: `schemas`, `status` (a string), `scimType` where one fits, `detail`. */
const scimError = (description: string) => ({
  description,
  content: {
    "application/scim+json": {
      schema: {
        type: "object",
        required: ["schemas", "status"],
        properties: {
          schemas: { type: "array", items: { type: "string" } },
          status: { type: "string" },
          scimType: { type: "string" },
          detail: { type: "string" },
        },
      },
    },
  },
});
const unauthorized = scimError("No SCIM token, or one that was replaced.");
const notFound = scimError("No such User in this organization (another organization's User is not found either).");
const badRequest = scimError(
  "A field is invalid (`invalidValue`, `invalidSyntax`, `invalidFilter`); `detail` names it.",
);
const idParameter = { name: "id", in: "path", required: true, schema: { type: "string" } };
const security = [{ [SCIM_SECURITY_SCHEME]: [] }];
const body = (description: string) => ({
  required: true,
  description,
  content: { "application/scim+json": { schema: { type: "object" } } },
});

export function scimPaths() {
  return {
    "/scim/v2/Users": {
      get: {
        operationId: "scimListUsers",
        summary: "SCIM: list Users, or find one by userName",
        security,
        parameters: [
          { name: "filter", in: "query", schema: { type: "string" }, description: 'Only `userName eq "<email>"`.' },
          { name: "startIndex", in: "query", schema: { type: "integer", minimum: 1 } },
          { name: "count", in: "query", schema: { type: "integer", minimum: 0, maximum: 200 } },
        ],
        responses: {
          "200": scimJson("A ListResponse (RFC 7644 §3.4.2)."),
          "400": badRequest,
          "401": unauthorized,
        },
      },
      post: {
        operationId: "scimCreateUser",
        summary: "SCIM: add a person to the organization",
        security,
        requestBody: body("A User: `schemas`, `userName` (the email), optional `externalId` and `active`."),
        responses: {
          "201": scimJson("The User created, with `meta.location`."),
          "400": badRequest,
          "401": unauthorized,
          "409": scimError("The person is a User of this organization already (`uniqueness`)."),
        },
      },
    },
    "/scim/v2/Users/{id}": {
      get: {
        operationId: "scimGetUser",
        summary: "SCIM: one User",
        security,
        parameters: [idParameter],
        responses: { "200": scimJson("The User."), "401": unauthorized, "404": notFound },
      },
      patch: {
        operationId: "scimPatchUser",
        summary: "SCIM: deactivate or reactivate a User (PatchOp on active, externalId)",
        description:
          "`active: false` removes the person from the organization at once: their sessions end and the API tokens they made for it are revoked.",
        security,
        parameters: [idParameter],
        requestBody: body("A PatchOp (RFC 7644 §3.5.2) on `active` or `externalId`."),
        responses: {
          "200": scimJson("The User after the change."),
          "400": badRequest,
          "401": unauthorized,
          "404": notFound,
          "409": scimError("The organization's last owner cannot be removed."),
        },
      },
      delete: {
        operationId: "scimDeleteUser",
        summary: "SCIM: remove a User",
        security,
        parameters: [idParameter],
        responses: {
          "204": { description: "Removed; their sessions ended and their tokens are revoked." },
          "401": unauthorized,
          "404": notFound,
          "409": scimError("The organization's last owner cannot be removed."),
        },
      },
    },
  };
}
