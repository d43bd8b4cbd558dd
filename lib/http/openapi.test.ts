import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";

describe("OpenAPI document", () => {
  it("describes the validate endpoint with schemas generated from the request validators", () => {
    const document = buildOpenApiDocument({ serverUrl: "https://portal.example" });
    expect(document.openapi).toBe("3.1.0");
    const request = document.components.schemas.ValidateRequest as unknown as { required: string[]; properties: Record<string, { maxLength?: number }> };
    expect(request.required).toEqual(["key"]);
    expect(request.properties.key?.maxLength).toBe(200);
    const response = document.components.schemas.ValidateResponse as unknown as { properties: { code: { enum: string[] } } };
    expect(response.properties.code.enum).toContain("VALID_ROTATING");
    const refs = JSON.stringify(document.paths).match(/#\/components\/schemas\/(\w+)/g) ?? [];
    for (const ref of refs) expect(document.components.schemas).toHaveProperty(ref.split("/").pop()!);
  });

  it("describes the device endpoints, their required fingerprint and their signed refusals", () => {
    const document = buildOpenApiDocument({ serverUrl: "https://portal.example" });
    const activate = document.components.schemas.ActivateDeviceRequest as unknown as { required: string[] };
    expect(activate.required).toEqual(["key", "fingerprint"]);
    for (const path of ["/api/v1/devices/activate", "/api/v1/devices/heartbeat", "/api/v1/devices/deactivate"] as const) {
      expect(JSON.stringify(document.paths[path].post.responses["409"])).toContain("DeviceRefusal");
    }
    const refusal = document.components.schemas.DeviceRefusal as unknown as { properties: Record<string, unknown> };
    expect(refusal.properties).toHaveProperty("token");
  });

  it("documents the license PIN on activation: the `pin` field and the PIN_REQUIRED / PIN_INVALID problems", () => {
    const document = buildOpenApiDocument({ serverUrl: "https://portal.example" });
    const activate = document.components.schemas.ActivateDeviceRequest as unknown as { properties: Record<string, unknown> };
    expect(activate.properties).toHaveProperty("pin");
    const pinProblem = document.components.schemas.ActivationPinProblem as unknown as { properties: { code: { enum: string[] }; unusualActivation: unknown } };
    expect(pinProblem.properties.code.enum).toEqual(["PIN_REQUIRED", "PIN_INVALID"]);
    const forbidden = JSON.stringify(document.paths["/api/v1/devices/activate"].post.responses["403"]);
    expect(forbidden).toContain("ActivationPinProblem");
    expect(forbidden).toContain("PIN_REQUIRED");
    expect(JSON.stringify(document.paths["/api/v1/devices/heartbeat"].post.responses["403"])).not.toContain("ActivationPinProblem");
  });

  it("documents the revocation feed's reason as one of the published codes, not free text", () => {
    const document = buildOpenApiDocument({ serverUrl: "https://portal.example" });
    const page = document.paths["/api/v1/revocations"].get.responses["200"].content["application/json"].schema;
    expect(page.properties.items.items.properties.reason).toEqual({ type: "string", enum: ["unspecified", "key_compromise", "superseded", "cessation_of_operation", "affiliation_changed", "privilege_withdrawn"] });
  });
});
