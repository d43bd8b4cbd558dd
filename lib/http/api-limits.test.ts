import { count, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/testing/test-database";
import { rateLimits } from "@/lib/db/schema";
import { RateLimited } from "@/lib/errors";
import { createApiLimiter } from "./api-limits";

describe("public API limits", () => {
  const database = useTestDatabase();

  it("limits one key across many addresses, and one address across many keys", async () => {
    const limit = createApiLimiter(database.db, { perIpPerMinute: 5, perKeyPerMinute: 3 });
    for (let i = 0; i < 3; i += 1) await limit({ ip: `10.0.0.${i}`, keyDigest: "k1" });
    const refusal = await limit({ ip: "10.0.0.9", keyDigest: "k1" }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimited);
    expect((refusal as RateLimited).retryAfterSeconds).toBeGreaterThan(0);

    for (let i = 0; i < 5; i += 1) await limit({ ip: "10.9.9.9", keyDigest: `other-${i}` });
    await expect(limit({ ip: "10.9.9.9", keyDigest: "fresh" })).rejects.toBeInstanceOf(RateLimited);
  });

  it("shares one budget between app processes: simultaneous calls through two limiters never exceed it", async () => {
    const processes = [0, 1].map(() => createApiLimiter(database.db, { perIpPerMinute: 1000, perKeyPerMinute: 10 }));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => processes[i % 2]!({ ip: `10.5.0.${i}`, keyDigest: "shared-key" })),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(10);
    expect(
      outcomes
        .filter((outcome) => outcome.status === "rejected")
        .every((outcome) => (outcome as PromiseRejectedResult).reason instanceof RateLimited),
    ).toBe(true);
  });

  it("keeps its counters in the rate_limits table every process reads", async () => {
    await createApiLimiter(database.db, { perIpPerMinute: 10, perKeyPerMinute: 10 })({
      ip: "10.6.0.1",
      keyDigest: "digest-abc",
    });
    const [stored] = await database.db
      .select({ n: count() })
      .from(rateLimits)
      .where(like(rateLimits.key, "api-key%digest-abc"));
    expect(stored?.n).toBe(1);
  });
});
