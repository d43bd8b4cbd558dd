import { describe, expect, it } from "vitest";
import { RateLimited } from "@/lib/errors";
import { createApiLimiter } from "./api-limits";

describe("public API limits", () => {
  it("limits one key across many addresses, and one address across many keys", async () => {
    const limit = createApiLimiter({ perIpPerMinute: 5, perKeyPerMinute: 3 });
    for (let i = 0; i < 3; i += 1) await limit({ ip: `10.0.0.${i}`, keyDigest: "k1" });
    const refusal = await limit({ ip: "10.0.0.9", keyDigest: "k1" }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimited);
    expect((refusal as RateLimited).retryAfterSeconds).toBeGreaterThan(0);

    for (let i = 0; i < 5; i += 1) await limit({ ip: "10.9.9.9", keyDigest: `other-${i}` });
    await expect(limit({ ip: "10.9.9.9", keyDigest: "fresh" })).rejects.toBeInstanceOf(RateLimited);
  });
});
