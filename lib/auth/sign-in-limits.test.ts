import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/testing/test-database";
import { RateLimited } from "@/lib/errors";
import { createSignInLimiter } from "./sign-in-limits";

describe("sign-in rate limits", () => {
  const database = useTestDatabase();

  it("allows five links per address in 15 minutes, then says when to retry", async () => {
    const consumeSignInAttempt = createSignInLimiter(database.db);
    const email = `limited-${Math.random()}@x.example`;
    for (let i = 0; i < 5; i += 1) await consumeSignInAttempt({ email, ip: `10.1.0.${i}` });
    const refusal = await consumeSignInAttempt({ email, ip: "10.1.0.99" }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimited);
    expect((refusal as RateLimited).retryAfterSeconds).toBeGreaterThan(800);
  });

  it("limits sign-in by one license key across many addresses and clients (issue 20)", async () => {
    const consumeSignInAttempt = createSignInLimiter(database.db);
    const licenseKeyDigest = `digest-${Math.random()}`;
    for (let i = 0; i < 5; i += 1)
      await consumeSignInAttempt({ email: `try-${i}-${Math.random()}@x.example`, ip: `10.4.0.${i}`, licenseKeyDigest });
    await expect(
      consumeSignInAttempt({ email: "another@x.example", ip: "10.4.0.99", licenseKeyDigest }),
    ).rejects.toBeInstanceOf(RateLimited);
  });

  it("limits one client address across many emails", async () => {
    const consumeSignInAttempt = createSignInLimiter(database.db);
    const ip = `10.2.${Math.floor(Math.random() * 250)}.1`;
    for (let i = 0; i < 30; i += 1) await consumeSignInAttempt({ email: `spray-${i}-${Math.random()}@x.example`, ip });
    await expect(consumeSignInAttempt({ email: "one-more@x.example", ip })).rejects.toBeInstanceOf(RateLimited);
  });

  it("counts attempts made through another app process against the same address", async () => {
    const email = `shared-${Math.random()}@x.example`;
    const [first, second] = [createSignInLimiter(database.db), createSignInLimiter(database.db)];
    for (let i = 0; i < 5; i += 1) await (i % 2 ? first : second)({ email, ip: `10.3.0.${i}` });
    await expect(first({ email, ip: "10.3.0.99" })).rejects.toBeInstanceOf(RateLimited);
  });
});
