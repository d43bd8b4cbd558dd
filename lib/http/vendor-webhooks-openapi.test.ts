import { describe, expect, it } from "vitest";
import { VENDOR_EVENT_TYPES } from "@/lib/validations/vendor-webhooks";
import { buildOpenApiDocument } from "./openapi";

describe("OpenAPI webhooks", () => {
  it("describes every vendor event type with the Standard Webhooks headers and a `{ type, timestamp, data }` body", () => {
    const { webhooks } = buildOpenApiDocument({ serverUrl: "https://portal.example" });
    expect(Object.keys(webhooks).sort()).toEqual([...VENDOR_EVENT_TYPES].sort());
    for (const type of VENDOR_EVENT_TYPES) {
      const { post } = webhooks[type] as {
        post: {
          parameters: { name: string }[];
          requestBody: {
            content: {
              "application/json": { schema: { required: string[]; properties: { type: { const: string } } } };
            };
          };
        };
      };
      expect(post.parameters.map((parameter) => parameter.name)).toEqual([
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
      ]);
      const body = post.requestBody.content["application/json"].schema;
      expect(body.required).toEqual(["type", "timestamp", "data"]);
      expect(body.properties.type.const).toBe(type);
    }
  });
});
