import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/testing/test-database";
import { idempotencyKeys } from "@/lib/db/schema";
import { InvalidInput } from "@/lib/errors";
import {
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_TTL_MS,
  IdempotencyInFlight,
  IdempotencyKeyReused,
  removeExpiredIdempotencyKeys,
  withIdempotency,
} from "./idempotency";

const database = useTestDatabase();
const now = new Date("2026-11-23T12:00:00Z");
let scopeCounter = 0;
const newScope = (at = now) => ({ db: database.db, now: at, callerScope: `test:${++scopeCounter}` });

const post = (body: string, key = "key-1", path = "/api/v1/manage/licenses") =>
  new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body,
  });

/** A request handler that counts its runs and answers 201 with the run number. */
function counted(status = 201) {
  const handler = {
    runs: 0,
    run: async () => Response.json({ run: ++handler.runs }, { status, headers: { etag: `"r${handler.runs}"` } }),
  };
  return handler;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/**
 * Claims the key for `body` and runs until `finish()` answers 201 — or never, as a process that
 * died mid-request.
 */
async function claimAndHang(scope: ReturnType<typeof newScope>, body: string) {
  const started = deferred();
  const gate = deferred();
  const outcome = withIdempotency(post(body), body, scope, async () => {
    started.resolve();
    await gate.promise;
    return Response.json({ late: true }, { status: 201 });
  });
  await started.promise;
  return {
    finish: () => {
      gate.resolve();
      return outcome;
    },
  };
}

describe("Idempotency-Key", () => {
  it("runs without a key as if it were not there", async () => {
    const handler = counted();
    const request = new Request("http://localhost:3000/x", { method: "POST", body: "{}" });
    await withIdempotency(request, "{}", newScope(), handler.run);
    await withIdempotency(request, "{}", newScope(), handler.run);
    expect(handler.runs).toBe(2);
  });

  it("replays the stored answer for the same key and body, marked Idempotent-Replayed", async () => {
    const scope = newScope();
    const handler = counted();
    const first = await withIdempotency(post('{"a":1}'), '{"a":1}', scope, handler.run);
    const again = await withIdempotency(post('{"a":1}'), '{"a":1}', scope, handler.run);
    expect(handler.runs).toBe(1);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("etag")).toBe('"r1"');
  });

  it("refuses the same key with another body or path with 422, running nothing", async () => {
    const scope = newScope();
    const handler = counted();
    await withIdempotency(post('{"a":1}'), '{"a":1}', scope, handler.run);
    await expect(withIdempotency(post('{"a":2}'), '{"a":2}', scope, handler.run)).rejects.toBeInstanceOf(
      IdempotencyKeyReused,
    );
    await expect(
      withIdempotency(post('{"a":1}', "key-1", "/api/v1/manage/products"), '{"a":1}', scope, handler.run),
    ).rejects.toMatchObject({ status: 422, code: "IDEMPOTENCY_KEY_REUSED" });
    expect(handler.runs).toBe(1);
  });

  it("answers 409 while the first request with the key is still running", async () => {
    const scope = newScope();
    const slow = await claimAndHang(scope, "{}");
    await expect(withIdempotency(post("{}"), "{}", scope, counted().run)).rejects.toBeInstanceOf(IdempotencyInFlight);
    expect((await slow.finish()).status).toBe(201);
    expect((await withIdempotency(post("{}"), "{}", scope, counted().run)).headers.get("idempotent-replayed")).toBe(
      "true",
    );
  });

  it("runs once when two calls with one key race to claim it", async () => {
    const scope = newScope();
    const handler = counted();
    const outcomes = await Promise.allSettled(
      [1, 2, 3].map(() => withIdempotency(post("{}"), "{}", scope, handler.run)),
    );
    expect(handler.runs).toBe(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toBeInstanceOf(IdempotencyInFlight);
      else expect(outcome.value.status).toBe(201);
    }
  });

  it("forgets a refused or failed request, so a retry with the key runs again", async () => {
    const scope = newScope();
    const refused = counted(409);
    expect((await withIdempotency(post("{}"), "{}", scope, refused.run)).status).toBe(409);
    await expect(
      withIdempotency(post("{}"), "{}", scope, async () => Promise.reject(new Error("database went away"))),
    ).rejects.toThrow("database went away");
    const handler = counted();
    expect((await withIdempotency(post("{}"), "{}", scope, handler.run)).status).toBe(201);
    expect(handler.runs).toBe(1);
  });

  it("frees a key after 24 hours", async () => {
    const scope = newScope();
    const handler = counted();
    await withIdempotency(post('{"a":1}'), '{"a":1}', scope, handler.run);
    const dayLater = { ...scope, now: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) };
    expect(
      (await withIdempotency(post('{"a":2}'), '{"a":2}', dayLater, handler.run)).headers.get("idempotent-replayed"),
    ).toBeNull();
    expect(handler.runs).toBe(2);
  });

  it("lets a retry take over the key of a request whose process died, once the claim's lease has passed", async () => {
    const scope = newScope();
    const presumedDead = await claimAndHang(scope, "{}");
    const retry = counted();
    const justBefore = { ...scope, now: new Date(now.getTime() + IDEMPOTENCY_LEASE_MS - 1) };
    await expect(withIdempotency(post("{}"), "{}", justBefore, retry.run)).rejects.toBeInstanceOf(IdempotencyInFlight);
    const leaseOver = { ...scope, now: new Date(now.getTime() + IDEMPOTENCY_LEASE_MS) };
    expect((await withIdempotency(post("{}"), "{}", leaseOver, retry.run)).status).toBe(201);
    expect(retry.runs).toBe(1);
    // The presumed-dead claimant finishing after all does not overwrite its successor's answer.
    await presumedDead.finish();
    const replay = await withIdempotency(post("{}"), "{}", leaseOver, retry.run);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual({ run: 1 });
  });

  it("gives a dead claim's key to one of several racing retries only", async () => {
    const scope = newScope();
    await claimAndHang(scope, "{}");
    const handler = counted();
    const leaseOver = { ...scope, now: new Date(now.getTime() + IDEMPOTENCY_LEASE_MS) };
    const outcomes = await Promise.allSettled(
      [1, 2, 3].map(() => withIdempotency(post("{}"), "{}", leaseOver, handler.run)),
    );
    expect(handler.runs).toBe(1);
    for (const outcome of outcomes)
      if (outcome.status === "rejected") expect(outcome.reason).toBeInstanceOf(IdempotencyInFlight);
  });

  it("does not let another request take over a dead claim's key: 422 as for any other body", async () => {
    const scope = newScope();
    await claimAndHang(scope, '{"a":1}');
    const leaseOver = { ...scope, now: new Date(now.getTime() + IDEMPOTENCY_LEASE_MS) };
    await expect(withIdempotency(post('{"a":2}'), '{"a":2}', leaseOver, counted().run)).rejects.toBeInstanceOf(
      IdempotencyKeyReused,
    );
  });

  it("removes keys past their 24 hours without waiting for the key to be used again", async () => {
    const scope = newScope();
    await withIdempotency(post("{}", "old"), "{}", scope, counted().run);
    await withIdempotency(post("{}", "new"), "{}", { ...scope, now: new Date(now.getTime() + 60_000) }, counted().run);
    await removeExpiredIdempotencyKeys(database.db, { now: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) });
    const left = await database.db
      .select({ key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.callerScope, scope.callerScope));
    expect(left).toEqual([{ key: "new" }]);
  });

  it("keeps one caller's keys apart from another's", async () => {
    const handler = counted();
    await withIdempotency(post("{}"), "{}", newScope(), handler.run);
    await withIdempotency(post('{"other":true}'), '{"other":true}', newScope(), handler.run);
    expect(handler.runs).toBe(2);
  });

  it("refuses a malformed key with a 400 naming the header, storing nothing", async () => {
    const scope = newScope();
    const error = await withIdempotency(post("{}", "bad key with spaces"), "{}", scope, counted().run).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fieldErrors).toHaveProperty("Idempotency-Key");
    expect(
      await database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.callerScope, scope.callerScope)),
    ).toEqual([]);
  });
});
