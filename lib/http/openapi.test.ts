import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";

describe("OpenAPI document", () => {
  it("describes the validate endpoint with schemas generated from the request validators", () => {
    const document = buildOpenApiDocument({ serverUrl: "https://portal.example" });
    expect(document.openapi).toBe("3.1.0");
    const request = document.components.schemas.ValidateRequest as unknown as {
      required: string[];
      properties: Record<string, { maxLength?: number }>;
    };
    expect(request.required).toEqual(["key"]);
    expect(request.properties.key?.maxLength).toBe(200);
    const response = document.components.schemas.ValidateResponse as unknown as {
      properties: { code: { enum: string[] } };
    };
    expect(response.properties.code.enum).toContain("VALID_ROTATING");
    const refs = JSON.stringify(document.paths).match(/#\/components\/schemas\/(\w+)/g) ?? [];
    for (const ref of refs) expect(document.components.schemas).toHaveProperty(ref.split("/").pop()!);
  });

  it("describes the device endpoints, their required fingerprint and their signed refusals", () => {
    const document = buildOpenApiDocument({ serverUrl: "https://portal.example" });
    const activate = document.components.schemas.ActivateDeviceRequest as unknown as { required: string[] };
    expect(activate.required).toEqual(["key", "fingerprint"]);
    for (const path of [
      "/api/v1/devices/activate",
      "/api/v1/devices/heartbeat",
      "/api/v1/devices/deactivate",
    ] as const) {
      expect(JSON.stringify(document.paths[path].post.responses["409"])).toContain("DeviceRefusal");
    }
    const refusal = document.components.schemas.DeviceRefusal as unknown as { properties: Record<string, unknown> };
    expect(refusal.properties).toHaveProperty("token");
  });

  it("documents the license PIN on activation: the `pin` field and the PIN_REQUIRED / PIN_INVALID problems", () => {
    const document = buildOpenApiDocument({ serverUrl: "https://portal.example" });
    const activate = document.components.schemas.ActivateDeviceRequest as unknown as {
      properties: Record<string, unknown>;
    };
    expect(activate.properties).toHaveProperty("pin");
    const pinProblem = document.components.schemas.ActivationPinProblem as unknown as {
      properties: { code: { enum: string[] }; unusualActivation: unknown };
    };
    expect(pinProblem.properties.code.enum).toEqual(["PIN_REQUIRED", "PIN_INVALID"]);
    const forbidden = JSON.stringify(document.paths["/api/v1/devices/activate"].post.responses["403"]);
    expect(forbidden).toContain("ActivationPinProblem");
    expect(forbidden).toContain("PIN_REQUIRED");
    expect(JSON.stringify(document.paths["/api/v1/devices/heartbeat"].post.responses["403"])).not.toContain(
      "ActivationPinProblem",
    );
  });

  it("documents the optional client version on validate, activate and heartbeat, bounded as the server checks it", () => {
    const document = buildOpenApiDocument({ serverUrl: "https://portal.example" });
    for (const name of ["ValidateRequest", "ActivateDeviceRequest", "HeartbeatRequest"] as const) {
      const request = document.components.schemas[name] as unknown as {
        required: string[];
        properties: Record<string, { maxLength?: number; pattern?: string }>;
      };
      expect(request.properties.clientVersion, name).toMatchObject({ maxLength: 64 });
      expect(request.required, name).not.toContain("clientVersion");
    }
    expect(JSON.stringify(document.paths["/api/v1/devices/heartbeat"].post.requestBody)).toContain("HeartbeatRequest");
  });

  it("documents the revocation feed's reason as one of the published codes, not free text", () => {
    const document = buildOpenApiDocument({ serverUrl: "https://portal.example" });
    const page = document.paths["/api/v1/revocations"].get.responses["200"].content["application/json"].schema;
    expect(page.properties.items.items.properties.reason).toEqual({
      type: "string",
      enum: [
        "unspecified",
        "key_compromise",
        "superseded",
        "cessation_of_operation",
        "affiliation_changed",
        "privilege_withdrawn",
      ],
    });
  });
});

describe("OpenAPI document: Idempotency-Key", () => {
  it("documents the header on every changing operation of both APIs but those a retry cannot double", () => {
    const document = buildOpenApiDocument({ serverUrl: "https://portal.example" });
    // app/api/v1/client-idempotency.ts says why: validate only counts; key exchange answers with key material, never stored.
    // Stripe sends no Idempotency-Key: its events are applied once by their event id (lib/billing).
    // The artifact upload is a PUT of a stream: a retry for the same platform and arch is a 409, never a second file.
    // SCIM clients send no Idempotency-Key (RFC 7644 has none): a repeated create is 409 uniqueness, a
    // repeated deactivation changes nothing, a repeated delete is 404.
    const notWrapped = [
      "validateLicense",
      "exchangeKey",
      "receiveStripeEvent",
      "uploadArtifact",
      "scimCreateUser",
      "scimPatchUser",
      "scimDeleteUser",
    ];
    const operations = Object.values(
      document.paths as Record<string, Record<string, { operationId: string; parameters?: { name: string }[] }>>,
    ).flatMap((item) =>
      Object.entries(item)
        .filter(([method]) => method !== "get")
        .map(([, operation]) => operation),
    );
    const withoutHeader = operations
      .filter((operation) => !operation.parameters?.some((parameter) => parameter.name === "Idempotency-Key"))
      .map((operation) => operation.operationId);
    expect(withoutHeader.sort()).toEqual(notWrapped.sort());
  });
});

describe("OpenAPI document: management API", () => {
  const document = buildOpenApiDocument({ serverUrl: "https://portal.example" });
  const paths = document.paths as unknown as Record<
    string,
    Record<
      string,
      {
        security?: unknown;
        parameters: { name: string; in: string }[];
        requestBody?: {
          content: { "application/json": { schema: { properties: Record<string, unknown>; required?: string[] } } };
        };
      }
    >
  >;

  it("describes every management operation with the token security scheme", async () => {
    const { MANAGEMENT_OPERATIONS, MANAGEMENT_BASE_PATH } = await import("@/lib/management/operations");
    expect(document.components.securitySchemes.managementToken).toMatchObject({ type: "http", scheme: "bearer" });
    for (const operation of MANAGEMENT_OPERATIONS) {
      const described = paths[`${MANAGEMENT_BASE_PATH}${operation.path}`]?.[operation.method.toLowerCase()];
      expect(described, operation.operationId).toBeDefined();
      expect(described!.security).toEqual([{ managementToken: [] }]);
    }
  });

  it("takes bodies from the same schemas as the router, without the ids the path carries", () => {
    const createLicense = paths["/api/v1/manage/licenses"]!.post!.requestBody!.content["application/json"].schema;
    expect(createLicense.required).toEqual(expect.arrayContaining(["orgId", "editionId", "reason", "reasonCategory"]));
    const suspend = paths["/api/v1/manage/licenses/{licenseId}/suspend"]!.post!;
    expect(suspend.requestBody!.content["application/json"].schema.properties).not.toHaveProperty("licenseId");
    expect(suspend.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "licenseId", in: "path" }),
        expect.objectContaining({ name: "Idempotency-Key", in: "header" }),
      ]),
    );
    const list = paths["/api/v1/manage/licenses"]!.get!;
    expect(list.parameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(["limit", "cursor", "customer", "product", "status", "expiringBefore", "expiringAfter"]),
    );
  });
});
