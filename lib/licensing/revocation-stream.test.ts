import { desc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalJWKSet, jwtVerify } from "jose";
import type { Db, OpenDatabase } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { createTestDb } from "@/testing/test-database";
import { createSigningService, ensureSigningKeys, type SigningService } from "@/lib/signing";
import { getRevocationPropagation } from "@/lib/health";
import { emergencyRotate } from "@/lib/rotation";
import { makeLicenseWithKey, systemActor, testSecrets } from "@/testing/factories";
import { createRevocationFanOut, createRevocationStream, REVOCATIONS_AUDIENCE } from "./index";
import { recordRevocation } from "./record-revocation";

const ISSUER = "https://portal.example";
const decoder = new TextDecoder();

/** Reads a stream until its text so far matches, and returns that text. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, pattern: RegExp): Promise<string> {
  let text = "";
  while (!pattern.test(text)) text += decoder.decode((await reader.read()).value);
  return text;
}

const revocationEvent = /id: \d+\nevent: revocations\ndata: .*\n\n/;

interface StatementHooks {
  onStarted: () => void;
  onSettled: () => void;
}

/**
 * Follows a query builder's chain to the statement it runs: awaiting a builder starts one, and so
 * does each `execute` of a prepared query (built once, run many times), so both are seen to start
 * and to end.
 */
function settling<T extends object>(builder: T, hooks: StatementHooks, { isStarted = false } = {}): T {
  return new Proxy(builder, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== "function") return value;
      if (property === "then") {
        return (onFulfilled?: (result: unknown) => unknown, onRejected?: (error: unknown) => unknown) => {
          if (!isStarted) hooks.onStarted();
          return value.call(
            target,
            (result: unknown) => {
              hooks.onSettled();
              return onFulfilled ? onFulfilled(result) : result;
            },
            (error: unknown) => {
              hooks.onSettled();
              if (onRejected) return onRejected(error);
              throw error;
            },
          );
        };
      }
      return (...args: unknown[]) => {
        const result = value.apply(target, args) as unknown;
        if (property === "execute" && result instanceof Promise) {
          hooks.onStarted();
          return settling(result, hooks, { isStarted: true });
        }
        return result !== null && typeof result === "object" ? settling(result, hooks, { isStarted }) : result;
      };
    },
  });
}

/** The database as the fan-out sees it, counting every statement it starts and every one that has ended. */
function countingStatements(db: Db) {
  const counter = { statements: 0, settled: 0 };
  const hooks: StatementHooks = {
    onStarted: () => {
      counter.statements += 1;
    },
    onSettled: () => {
      counter.settled += 1;
    },
  };
  const counted = new Proxy(db, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== "function") return value;
      if (!["select", "insert", "update", "delete", "execute"].includes(String(property))) return value.bind(target);
      return (...args: unknown[]) => settling(value.apply(target, args) as object, hooks);
    },
  });
  return { db: counted, counter };
}

describe("revocation push stream", () => {
  // The fan-out LISTENs, so the test needs the opened database, not only its handle.
  let database: OpenDatabase;
  let signer: SigningService;
  // One ring for the file: signing keys made by the first test must open in the second.
  const secrets = testSecrets();

  beforeAll(async () => {
    database = await createTestDb();
    await ensureSigningKeys({ db: database.db, now: () => new Date(), actor: systemActor }, { ring: secrets.ring });
    signer = createSigningService({ db: database.db, ring: secrets.ring });
  });
  afterAll(async () => {
    await database?.close();
  });

  const fanOutOver = (db: Db) => createRevocationFanOut({ db, signer, issuer: ISSUER, listen: database.listen });
  const latestSeq = async () =>
    (
      await database.db.select({ seq: t.revocations.seq }).from(t.revocations).orderBy(desc(t.revocations.seq)).limit(1)
    )[0]?.seq ?? 0;
  const revoke = (subjectId: string) =>
    database.db.transaction((tx) =>
      recordRevocation(tx, { kind: "license_key", subjectId, reasonCode: "key_compromise", revokedAt: new Date() }),
    );

  it("pushes new revocations as signed SSE events whose id resumes the feed", async () => {
    const since = await latestSeq();
    await database.db
      .insert(t.revocations)
      .values({ kind: "license_key", subjectId: "RK-AAAA", reasonCode: "key_compromise", revokedAt: new Date() });
    const fanOut = await fanOutOver(database.db);
    const reader = createRevocationStream({ fanOut, since }).getReader();
    const text = await readUntil(reader, revocationEvent);
    await reader.cancel();
    fanOut.close();
    const event = text.slice(text.indexOf("id: "));
    const data = JSON.parse(/data: (.*)\n/.exec(event)![1]!);
    expect(data.items).toEqual([expect.objectContaining({ kind: "license_key", subject: "RK-AAAA" })]);
    const { payload } = await jwtVerify(data.token, createLocalJWKSet({ keys: await signer.publicKeys() }), {
      audience: REVOCATIONS_AUDIENCE,
    });
    expect(payload.next).toBe(data.next);
    expect(event.startsWith(`id: ${data.next}\n`)).toBe(true);
  });

  it("delivers a revocation to an open stream within a second of its notice and records how long it took", async () => {
    const { db } = database;
    const { license, ctx } = await makeLicenseWithKey(db, secrets, { now: () => new Date() });
    // The default safety poll (30 s) is far too slow for this: only the NOTIFY can deliver in time.
    const fanOut = await fanOutOver(db);
    const reader = createRevocationStream({ fanOut, since: await latestSeq() }).getReader();
    await reader.read();

    const startedAt = Date.now();
    await emergencyRotate(ctx, { licenseId: license.id, reason: "key leaked in a public repository" }, { secrets });
    // From the commit, when the pull feed already shows it, to the push reaching this client.
    const committedAt = Date.now();
    const text = await readUntil(reader, revocationEvent);
    const seenAfterMs = Date.now() - committedAt;
    await reader.cancel();
    fanOut.close();

    expect(seenAfterMs).toBeLessThan(1000);
    const data = JSON.parse(/data: (.*)\n/.exec(text)![1]!);
    expect(data.items).toEqual([expect.objectContaining({ kind: "license_key", licenseId: license.id })]);
    // The fan-out stamps the entry just after pushing it, so the figure may land a moment later.
    const since = new Date(startedAt - 60_000);
    await expect.poll(async () => (await getRevocationPropagation(db, { since })).measured).toBe(1);
    const propagation = await getRevocationPropagation(db, { since });
    expect(propagation.p99Seconds).toBeLessThan(1);
  });

  it("feeds many open streams from one read per revocation, and idle streams read nothing", async () => {
    const { db, counter } = countingStatements(database.db);
    const fanOut = await fanOutOver(db);
    const since = await latestSeq();
    const open = (count: number) =>
      Array.from({ length: count }, () => createRevocationStream({ fanOut, since, keepAliveMs: 20 }).getReader());
    const first = open(1);
    await readUntil(first[0]!, /: keep-alive\n\n/);
    // The first stream had the fan-out learn where the feed ends; streams opened there after it read
    // nothing. A stream opened while that read is still on its way asks for one more (a loaded machine
    // may send the keep-alive first), so the read is waited for.
    await expect.poll(() => counter.settled).toBe(counter.statements);
    const learnedHead = counter.statements;
    const readers = [...first, ...open(199)];
    await Promise.all(readers.map((reader) => readUntil(reader, /: keep-alive\n\n/)));
    expect(counter.statements).toBe(learnedHead);
    const beforeRevocation = counter.statements;

    await revoke("RK-FANOUT");
    const events = await Promise.all(readers.map((reader) => readUntil(reader, revocationEvent)));
    for (const text of events) expect(text).toContain('"subject":"RK-FANOUT"');
    // One read of the feed and one stamp of the propagation time, whatever the number of streams.
    expect(counter.statements - beforeRevocation).toBe(2);

    await Promise.all(readers.map((reader) => reader.cancel()));
    expect(fanOut.subscriberCount).toBe(0);
    fanOut.close();
  });

  it("tells open streams when the feed cannot be read, and delivers once it can again", async () => {
    let isDatabaseDown = true;
    const flaky = new Proxy(database.db, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        // The page is read with `execute` (raw rows); the other reads go through `select`.
        if ((property === "select" || property === "execute") && isDatabaseDown) throw new Error("connection refused");
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const since = await latestSeq();
    await revoke("RK-AFTER-OUTAGE");
    const fanOut = await createRevocationFanOut({
      db: flaky,
      signer,
      issuer: ISSUER,
      listen: database.listen,
      retryMs: 10,
    });
    const reader = createRevocationStream({ fanOut, since }).getReader();
    await readUntil(reader, /: temporarily unavailable\n\n/);
    isDatabaseDown = false;
    expect(await readUntil(reader, revocationEvent)).toContain('"subject":"RK-AFTER-OUTAGE"');
    await reader.cancel();
    fanOut.close();
  });

  it("lets go of a stream when its client disconnects or its time is up", async () => {
    const fanOut = await fanOutOver(database.db);
    const since = await latestSeq();
    const disconnecting = createRevocationStream({ fanOut, since }).getReader();
    const expiring = createRevocationStream({ fanOut, since, maxMs: 50 }).getReader();
    expect(fanOut.subscriberCount).toBe(2);
    await disconnecting.cancel();
    expect(fanOut.subscriberCount).toBe(1);
    while (!(await expiring.read()).done);
    expect(fanOut.subscriberCount).toBe(0);
    fanOut.close();
  });
});
