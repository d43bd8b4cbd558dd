import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { useTestDatabase } from "@/testing/test-database";
import { rateLimits } from "@/lib/db/schema";
import { RateLimited } from "@/lib/errors";
import { createRateLimitGroup } from "./rate-limiter";

const START = Date.parse("2026-03-01T12:00:00Z");

function fixedClock() {
  let now = START;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function refusal(call: Promise<void>): Promise<RateLimited> {
  const error = await call.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(RateLimited);
  return error as RateLimited;
}

describe("rate limit groups", () => {
  const database = useTestDatabase();
  const pointsOf = async (bucket: string) =>
    (await database.db.select({ points: rateLimits.points }).from(rateLimits).where(eq(rateLimits.key, bucket)))[0]
      ?.points;

  it("counts every rule of a call and refuses the one over its limit with the rest of its window", async () => {
    const clock = fixedClock();
    const consume = createRateLimitGroup(
      database.db,
      [
        { keyPrefix: "g1-ip", points: 10, durationSeconds: 60 },
        { keyPrefix: "g1-key", points: 2, durationSeconds: 60 },
      ],
      { clock: clock.now },
    );
    await consume(["10.0.0.1", "k"]);
    clock.advance(15_000);
    await consume(["10.0.0.2", "k"]);

    const refused = await refusal(consume(["10.0.0.3", "k"]));
    expect(refused.retryAfterSeconds).toBe(45);
    expect(await pointsOf("g1-ip:10.0.0.1")).toBe(1);
    expect(await pointsOf("g1-key:k")).toBe(3);
  });

  it("skips a rule without a key", async () => {
    const consume = createRateLimitGroup(database.db, [
      { keyPrefix: "g2-ip", points: 1, durationSeconds: 60 },
      { keyPrefix: "g2-key", points: 1, durationSeconds: 60 },
    ]);
    await consume(["10.0.0.1", undefined]);
    await refusal(consume(["10.0.0.1", undefined]));
    expect(await database.db.select().from(rateLimits).where(eq(rateLimits.key, "g2-key:undefined"))).toEqual([]);
  });

  it("refuses a caller already over a limit from memory until its window ends, then starts a new window", async () => {
    const clock = fixedClock();
    const consume = createRateLimitGroup(database.db, [{ keyPrefix: "g3-ip", points: 1, durationSeconds: 60 }], {
      clock: clock.now,
    });
    await consume(["10.0.0.1"]);
    await refusal(consume(["10.0.0.1"]));
    clock.advance(30_000);
    expect((await refusal(consume(["10.0.0.1"]))).retryAfterSeconds).toBe(30);
    // Refused before the statement: a flood of refused calls writes nothing.
    expect(await pointsOf("g3-ip:10.0.0.1")).toBe(2);

    clock.advance(30_000);
    await consume(["10.0.0.1"]);
    expect(await pointsOf("g3-ip:10.0.0.1")).toBe(1);
  });

  it("counts calls that arrive together as if one by one: the first within the limit pass, in arrival order", async () => {
    const clock = fixedClock();
    const consume = createRateLimitGroup(
      database.db,
      [
        { keyPrefix: "g5-ip", points: 100, durationSeconds: 60 },
        { keyPrefix: "g5-key", points: 3, durationSeconds: 60 },
      ],
      { clock: clock.now },
    );
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        consume([`10.0.0.${n % 2}`, "k"]).then(
          () => "allowed",
          (error: unknown) => (error instanceof RateLimited ? error.retryAfterSeconds : error),
        ),
      ),
    );
    expect(outcomes).toEqual(["allowed", "allowed", "allowed", 60, 60, 60]);
    expect(await pointsOf("g5-key:k")).toBe(6);
    expect(await pointsOf("g5-ip:10.0.0.0")).toBe(3);
    expect(await pointsOf("g5-ip:10.0.0.1")).toBe(3);
  });

  const failingInsert = () => {
    throw new Error("connection refused");
  };

  it("falls back to an in-process limit with the same rule when the database does not answer", async () => {
    const unreachable = new Proxy(database.db, {
      get: (target, property) => (property === "insert" ? failingInsert : Reflect.get(target, property)),
    }) as Db;
    const consume = createRateLimitGroup(unreachable, [{ keyPrefix: "g4-ip", points: 2, durationSeconds: 60 }]);
    await consume(["10.0.0.1"]);
    await consume(["10.0.0.1"]);
    await refusal(consume(["10.0.0.1"]));
  });
});
