import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InvalidInput } from "@/lib/errors";
import { parseJsonBody } from "./json-route";

const post = (body: string) => new Request("http://localhost/api/v1/x", { method: "POST", headers: { "content-type": "application/json" }, body });

describe("parseJsonBody", () => {
  it("refuses a NUL character anywhere in the body as a 400 naming the field, whatever the schema allows", async () => {
    const refusal = await parseJsonBody(post(JSON.stringify({ device: { name: "nul\u0000byte" } })), z.object({ device: z.object({ name: z.string() }) })).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(InvalidInput);
    expect((refusal as InvalidInput).fieldErrors).toEqual({ "device.name": [expect.stringContaining("NUL character")] });
  });

  it("passes other unicode through untouched", async () => {
    expect(await parseJsonBody(post(JSON.stringify({ name: "𝕽𝖊𝖐𝖊𝖞 🔑 \u202e" })), z.object({ name: z.string() }))).toEqual({ name: "𝕽𝖊𝖐𝖊𝖞 🔑 \u202e" });
  });
});
