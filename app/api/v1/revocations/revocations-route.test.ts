/**
 * The revocation feed's poll (issue 21): the rate limit and the page read go to the database side
 * by side; a poll within the limit gets its signed page, one past it only its 429.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createApiLimiter } from "@/lib/http/api-limits";
import { createRevocationFeedHead } from "@/lib/licensing/revocation-feed-head";
import { harness } from "@/testing/app-harness";
import { makeSigner, testSecrets } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import { GET as poll } from "./route";

const PER_IP_PER_MINUTE = 2;

const observed = vi.hoisted(() => ({
  limiter: null as null | ((caller: { ip: string }) => Promise<void>),
  feedHead: null as null | ReturnType<typeof createRevocationFeedHead>,
}));

vi.mock("@/lib/config/server", async (original) => {
  const mocked = (await import("@/testing/app-harness")).configModule(
    await original<typeof import("@/lib/config/server")>(),
  );
  const services = mocked.appServices();
  const limited = {
    ...services,
    consumeApiCall: (caller: { ip: string }) => observed.limiter!(caller),
    revocationFeedHead: () => observed.feedHead!,
  };
  return { ...mocked, appServices: () => limited };
});

const database = useTestDatabase();
const secrets = testSecrets();

describe("GET /api/v1/revocations", () => {
  beforeAll(async () => {
    const { signer } = await makeSigner(database.db, secrets, () => new Date());
    Object.assign(harness, { db: database.db, secrets, signer });
    observed.limiter = createApiLimiter(database.db, { perIpPerMinute: PER_IP_PER_MINUTE, perKeyPerMinute: 1_000 });
    observed.feedHead = createRevocationFeedHead(database.db, async () => {});
  });

  const get = () =>
    poll(
      new Request("http://localhost:3000/api/v1/revocations?since=0", {
        headers: { "x-forwarded-for": "203.0.113.9" },
      }),
    );

  it("answers polls within the limit with the signed page, and one past it with 429 and no page", async () => {
    for (let call = 0; call < PER_IP_PER_MINUTE; call++) {
      const answered = await get();
      expect(answered.status).toBe(200);
      expect(answered.headers.get("content-type")).toBe("application/json");
      expect(await answered.json()).toMatchObject({ since: 0, items: expect.any(Array), token: expect.any(String) });
    }
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const problem = await refused.json();
    expect(problem).toMatchObject({ code: "RATE_LIMITED" });
    expect(problem).not.toHaveProperty("items");
  });
});
