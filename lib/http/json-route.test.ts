import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InvalidInput } from "@/lib/errors";
import { handleJsonRoute, parseJsonBody } from "./json-route";

const post = (body: string) =>
  new Request("http://localhost/api/v1/x", { method: "POST", headers: { "content-type": "application/json" }, body });

describe("parseJsonBody", () => {
  it("refuses a NUL character anywhere in the body as a 400 naming the field, whatever the schema allows", async () => {
    const refusal = await parseJsonBody(
      post(JSON.stringify({ device: { name: "nul\u0000byte" } })),
      z.object({ device: z.object({ name: z.string() }) }),
    ).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(InvalidInput);
    expect((refusal as InvalidInput).fieldErrors).toEqual({
      "device.name": [expect.stringContaining("NUL character")],
    });
  });

  it("passes other unicode through untouched", async () => {
    expect(
      await parseJsonBody(post(JSON.stringify({ name: "𝕽𝖊𝖐𝖊𝖞 🔑 \u202e" })), z.object({ name: z.string() })),
    ).toEqual({ name: "𝕽𝖊𝖐𝖊𝖞 🔑 \u202e" });
  });
});

describe("handleJsonRoute", () => {
  const failingWith = (error: unknown) =>
    handleJsonRoute(
      async () => Promise.reject(error),
      () => undefined,
    );
  const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

  it("answers 503 problem+json with Retry-After when the database cannot be reached, wrapped or not", async () => {
    for (const error of [
      refused,
      new Error("Failed query: select 1", { cause: refused }),
      new AggregateError([refused], ""),
    ]) {
      const response = await failingWith(error)(post("{}"));
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("10");
      const problem = await response.json();
      expect(problem).toMatchObject({ status: 503, code: "UNAVAILABLE" });
      expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|5432|Failed query/);
    }
  });

  it("answers 500 without internals for any other failure", async () => {
    const response = await failingWith(new Error('column "secret" does not exist'))(post("{}"));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("secret");
  });
});
